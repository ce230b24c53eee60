/*
 * libscore in SQLite: a loadable extension (.load libscore_sqlite).
 *
 *   SELECT * FROM score_eval(ruleset, query [, params_json])
 *       key, qualified, tier, rank_score, scores (JSON), criteria (JSON)
 *   SELECT * FROM score_targets(ruleset, query [, year [, params_json]])
 *       target, scope, actual, op, required, verdict, shortfall, failing
 *   score_explain(ruleset, query, key)   the explanation of one row (text)
 *   score_check(ruleset)                 'ok', or an error with its position
 *
 * The two tables are eponymous virtual tables whose arguments are hidden
 * columns, as json_each() is. `query` runs on the same connection; its
 * columns name fields by id or label, and each value is read by the
 * field's type as the CSV reader reads a cell. Compiled rulesets are kept
 * per connection (the modules' client data, freed when it closes).
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score_db.h"

/* ---- a query's result as a table ---- */

/* Run `query` on db and gather its columns; on failure *msg is a
 * sqlite3_malloc'd message. */
static int run_query(sqlite3 *db, const score_ruleset *rs, const char *query, sdb_columns *cols,
                     char **msg)
{
    score_error err;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, query, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        *msg = sqlite3_mprintf("score: query: %s", sqlite3_errmsg(db));
        return rc;
    }
    int n = sqlite3_column_count(st);
    const char **names = sqlite3_malloc64((n ? n : 1) * sizeof *names);
    if (!names) {
        sqlite3_finalize(st);
        return SQLITE_NOMEM;
    }
    for (int j = 0; j < n; j++)
        names[j] = sqlite3_column_name(st, j);
    int src = sdb_columns_init(cols, rs, names, (size_t)n, &err);
    sqlite3_free(names);
    while (!src && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int blob = -1;
        src = sdb_columns_add_row(cols, &err);
        for (int j = 0; !src && j < n; j++) {
            char num[32];
            switch (sqlite3_column_type(st, j)) {
            case SQLITE_NULL:
                break;
            case SQLITE_INTEGER:
                snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, j));
                src = sdb_columns_set(cols, (size_t)j, num, strlen(num), &err);
                break;
            case SQLITE_FLOAT:
                /* 17 digits: read back, the same double. */
                snprintf(num, sizeof num, "%.17g", sqlite3_column_double(st, j));
                src = sdb_columns_set(cols, (size_t)j, num, strlen(num), &err);
                break;
            case SQLITE_TEXT:
                src = sdb_columns_set(cols, (size_t)j, (const char *)sqlite3_column_text(st, j),
                                      (size_t)sqlite3_column_bytes(st, j), &err);
                break;
            default:
                if (cols->used[j] && blob < 0)
                    blob = j;
                break;
            }
        }
        if (!src && blob >= 0) {
            *msg = sqlite3_mprintf("score: column \"%s\": row with key \"%s\": a blob, not a "
                                   "number, bool or text",
                                   cols->names[blob], sdb_columns_key(cols, cols->nrows - 1));
            sqlite3_finalize(st);
            return SQLITE_MISMATCH;
        }
    }
    if (src) {
        char buf[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 32];
        *msg = sqlite3_mprintf("score: %s", sdb_error_text(&err, buf, sizeof buf));
        sqlite3_finalize(st);
        return src == SCORE_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
    }
    if (rc != SQLITE_DONE) {
        *msg = sqlite3_mprintf("score: query: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    return SQLITE_OK;
}

static char *score_message(const score_error *err)
{
    char buf[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 32];
    return sqlite3_mprintf("score: %s", sdb_error_text(err, buf, sizeof buf));
}

/* A ruleset, the query's table and its result, made by one call. */
typedef struct scored {
    sdb_cache *cache;
    score_ruleset *rs;
    score_table *t;
    score_result *r;
} scored;

static void scored_free(scored *s)
{
    score_result_free(s->r);
    score_table_free(s->t);
    if (s->cache)
        sdb_cache_release(s->cache, s->rs);
    memset(s, 0, sizeof *s);
}

static int score_query(scored *s, sdb_cache *cache, sqlite3 *db, const char *ruleset,
                       const char *query, const char *params, char **msg)
{
    score_error err;
    sdb_columns cols;
    memset(&cols, 0, sizeof cols);
    memset(s, 0, sizeof *s);
    s->cache = cache;
    if (!ruleset || !query) {
        *msg = sqlite3_mprintf("score: ruleset and query must not be NULL");
        return SQLITE_ERROR;
    }
    if (sdb_cache_get(cache, ruleset, params, &s->rs, &err)) {
        *msg = score_message(&err);
        return err.code == SCORE_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
    }
    int rc = run_query(db, s->rs, query, &cols, msg);
    if (rc == SQLITE_OK && (sdb_table_build(&s->t, &cols, &err) ||
                            score_evaluate(&s->r, s->rs, s->t, &err))) {
        *msg = score_message(&err);
        rc = err.code == SCORE_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
    }
    sdb_columns_free(&cols);
    if (rc != SQLITE_OK)
        scored_free(s);
    return rc;
}

/* ---- the table-valued functions ---- */

typedef struct column_set {
    const char *schema;  /* CREATE TABLE x(...) */
    int nvisible;        /* the columns before the hidden arguments */
    int nargs;           /* hidden arguments */
    int required;        /* of them, the first `required` must be given */
} column_set;

static const column_set EVAL_COLUMNS = {
    "CREATE TABLE x(key TEXT, qualified TEXT, tier TEXT, rank_score REAL, scores TEXT, "
    "criteria TEXT, ruleset HIDDEN, query HIDDEN, params HIDDEN)",
    6, 3, 2
};

static const column_set TARGET_COLUMNS = {
    "CREATE TABLE x(target TEXT, scope TEXT, actual REAL, op TEXT, required REAL, verdict TEXT, "
    "shortfall REAL, failing TEXT, ruleset HIDDEN, query HIDDEN, year HIDDEN, params HIDDEN)",
    8, 4, 2
};

typedef struct score_vtab {
    sqlite3_vtab base;
    sqlite3 *db;
    sdb_cache *cache;
    const column_set *cols;
} score_vtab;

typedef struct score_cursor {
    sqlite3_vtab_cursor base;
    scored s;
    size_t *rows; /* the outcomes shown (score_targets), or NULL */
    size_t nrows, at;
    int targets;
} score_cursor;

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **err, const column_set *cols)
{
    (void)argc;
    (void)argv;
    (void)err;
    int rc = sqlite3_declare_vtab(db, cols->schema);
    if (rc != SQLITE_OK)
        return rc;
    score_vtab *v = sqlite3_malloc(sizeof *v);
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->db = db;
    v->cache = aux;
    v->cols = cols;
    *out = &v->base;
    return SQLITE_OK;
}

static int eval_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                        sqlite3_vtab **out, char **err)
{
    return vt_connect(db, aux, argc, argv, out, err, &EVAL_COLUMNS);
}

static int targets_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                           sqlite3_vtab **out, char **err)
{
    return vt_connect(db, aux, argc, argv, out, err, &TARGET_COLUMNS);
}

static int vt_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* The arguments are equality constraints on the hidden columns: each one
 * given is passed to xFilter in column order, idxNum says which. */
static int vt_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    const column_set *cols = ((score_vtab *)vt)->cols;
    int at[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        int arg = c->iColumn - cols->nvisible;
        if (arg < 0 || arg >= cols->nargs || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            return SQLITE_CONSTRAINT; /* try another plan: this one cannot run */
        at[arg] = i;
    }
    int n = 0, mask = 0;
    for (int arg = 0; arg < cols->nargs; arg++) {
        if (at[arg] < 0)
            continue;
        info->aConstraintUsage[at[arg]].argvIndex = ++n;
        info->aConstraintUsage[at[arg]].omit = 1;
        mask |= 1 << arg;
    }
    for (int arg = 0; arg < cols->required; arg++)
        if (!(mask & (1 << arg))) {
            sqlite3_free(vt->zErrMsg);
            vt->zErrMsg = sqlite3_mprintf("score: %s needs a ruleset and a query",
                                          cols == &EVAL_COLUMNS ? "score_eval" : "score_targets");
            return SQLITE_ERROR;
        }
    info->idxNum = mask;
    info->estimatedCost = 1e6;
    return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    score_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    c->targets = ((score_vtab *)vt)->cols == &TARGET_COLUMNS;
    *out = &c->base;
    return SQLITE_OK;
}

static void cursor_reset(score_cursor *c)
{
    scored_free(&c->s);
    sqlite3_free(c->rows);
    c->rows = NULL;
    c->nrows = c->at = 0;
}

static int vt_close(sqlite3_vtab_cursor *cur)
{
    cursor_reset((score_cursor *)cur);
    sqlite3_free(cur);
    return SQLITE_OK;
}

static const char *text_arg(sqlite3_value *v)
{
    return v && sqlite3_value_type(v) != SQLITE_NULL ? (const char *)sqlite3_value_text(v) : NULL;
}

static int vt_filter(sqlite3_vtab_cursor *cur, int mask, const char *idx, int argc,
                     sqlite3_value **argv)
{
    (void)idx;
    score_cursor *c = (score_cursor *)cur;
    score_vtab *vt = (score_vtab *)cur->pVtab;
    sqlite3_value *arg[4] = { NULL, NULL, NULL, NULL };
    for (int a = 0, k = 0; a < vt->cols->nargs && k < argc; a++)
        if (mask & (1 << a))
            arg[a] = argv[k++];
    cursor_reset(c);
    const char *params = text_arg(arg[c->targets ? 3 : 2]);
    int year = 0;
    if (c->targets && arg[2] && sqlite3_value_type(arg[2]) != SQLITE_NULL)
        year = sqlite3_value_int(arg[2]);
    char *msg = NULL;
    int rc = score_query(&c->s, vt->cache, vt->db, text_arg(arg[0]), text_arg(arg[1]), params,
                         &msg);
    if (rc != SQLITE_OK) {
        sqlite3_free(vt->base.zErrMsg);
        vt->base.zErrMsg = msg;
        return rc;
    }
    if (!c->targets) {
        c->nrows = score_result_row_count(c->s.r);
        return SQLITE_OK;
    }
    size_t n = score_result_outcome_count(c->s.r);
    c->rows = sqlite3_malloc64((n ? n : 1) * sizeof *c->rows);
    if (!c->rows)
        return SQLITE_NOMEM;
    for (size_t i = 0; i < n; i++) {
        score_target_outcome oc;
        if (score_result_outcome(c->s.r, i, &oc) == 0 &&
            sdb_outcome_in_year(c->s.rs, &oc, year))
            c->rows[c->nrows++] = i;
    }
    return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *cur)
{
    ((score_cursor *)cur)->at++;
    return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *cur)
{
    score_cursor *c = (score_cursor *)cur;
    return c->at >= c->nrows;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((score_cursor *)cur)->at + 1;
    return SQLITE_OK;
}

static void result_number(sqlite3_context *ctx, double v)
{
    if (isnan(v))
        sqlite3_result_null(ctx);
    else
        sqlite3_result_double(ctx, v);
}

static void result_text(sqlite3_context *ctx, const char *s)
{
    if (s)
        sqlite3_result_text(ctx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(ctx);
}

/* Hand a built JSON text over to SQLite. */
static void result_json(sqlite3_context *ctx, sdb_buf *b, int rc)
{
    if (rc || b->failed)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, b->data, (int)b->len, free);
}

static void eval_column(score_cursor *c, sqlite3_context *ctx, int col)
{
    const score_ruleset *rs = c->s.rs;
    const score_result *r = c->s.r;
    size_t row = c->at;
    sdb_buf b = { 0 };
    int has_tiers = score_ruleset_tier_count(rs) > 0;
    switch (col) {
    case 0:
        result_text(ctx, score_table_key(c->s.t, row));
        break;
    case 1:
        result_text(ctx, has_tiers ? sdb_tier_id(rs, score_result_qualified(r, row)) : NULL);
        break;
    case 2:
        result_text(ctx, has_tiers ? sdb_tier_id(rs, score_result_tier(r, row)) : NULL);
        break;
    case 3:
        result_number(ctx, score_result_rank_score(r, row));
        break;
    case 4:
        result_json(ctx, &b, sdb_scores_json(&b, rs, r, row));
        break;
    case 5:
        result_json(ctx, &b, sdb_criteria_json(&b, rs, r, row));
        break;
    default:
        sqlite3_result_null(ctx);
    }
}

static void targets_column(score_cursor *c, sqlite3_context *ctx, int col)
{
    score_target_outcome oc;
    sdb_buf b = { 0 };
    if (score_result_outcome(c->s.r, c->rows[c->at], &oc)) {
        sqlite3_result_null(ctx);
        return;
    }
    switch (col) {
    case 0:
        result_text(ctx, score_ruleset_target_id(c->s.rs, oc.target));
        break;
    case 1:
        result_text(ctx, oc.scope);
        break;
    case 2:
        result_number(ctx, oc.actual);
        break;
    case 3:
        result_text(ctx, oc.op);
        break;
    case 4:
        result_number(ctx, oc.required);
        break;
    case 5:
        result_text(ctx, sdb_verdict_name(oc.verdict));
        break;
    case 6:
        result_number(ctx, oc.shortfall);
        break;
    case 7:
        result_json(ctx, &b, sdb_failing_json(&b, c->s.t, &oc));
        break;
    default:
        sqlite3_result_null(ctx);
    }
}

static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    score_cursor *c = (score_cursor *)cur;
    if (c->targets)
        targets_column(c, ctx, col);
    else
        eval_column(c, ctx, col);
    return SQLITE_OK;
}

static sqlite3_module eval_module = {
    .iVersion = 0,
    .xConnect = eval_connect,
    .xBestIndex = vt_best_index,
    .xDisconnect = vt_disconnect,
    .xOpen = vt_open,
    .xClose = vt_close,
    .xFilter = vt_filter,
    .xNext = vt_next,
    .xEof = vt_eof,
    .xColumn = vt_column,
    .xRowid = vt_rowid,
};

static sqlite3_module targets_module = {
    .iVersion = 0,
    .xConnect = targets_connect,
    .xBestIndex = vt_best_index,
    .xDisconnect = vt_disconnect,
    .xOpen = vt_open,
    .xClose = vt_close,
    .xFilter = vt_filter,
    .xNext = vt_next,
    .xEof = vt_eof,
    .xColumn = vt_column,
    .xRowid = vt_rowid,
};

/* ---- the scalar functions ---- */

static void explain_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sdb_cache *cache = sqlite3_user_data(ctx);
    const char *key = text_arg(argv[2]);
    scored s;
    char *msg = NULL;
    int rc = score_query(&s, cache, sqlite3_context_db_handle(ctx), text_arg(argv[0]),
                         text_arg(argv[1]), NULL, &msg);
    if (rc != SQLITE_OK) {
        sqlite3_result_error(ctx, msg ? msg : "score: out of memory", -1);
        sqlite3_free(msg);
        return;
    }
    size_t row = key ? score_table_find_key(s.t, key) : (size_t)-1;
    score_error err;
    char *text = NULL;
    if (row == (size_t)-1) {
        msg = sqlite3_mprintf("score: no row with key \"%s\"", key ? key : "NULL");
        sqlite3_result_error(ctx, msg, -1);
        sqlite3_free(msg);
    } else if (score_explain_row(&text, s.r, s.t, row, SCORE_EXPLAIN_TEXT, &err)) {
        msg = score_message(&err);
        sqlite3_result_error(ctx, msg, -1);
        sqlite3_free(msg);
    } else {
        sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
    }
    score_string_free(s.r, text);
    scored_free(&s);
}

static void check_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sdb_cache *cache = sqlite3_user_data(ctx);
    const char *ruleset = text_arg(argv[0]);
    score_ruleset *rs = NULL;
    score_error err;
    if (!ruleset) {
        sqlite3_result_null(ctx);
        return;
    }
    if (sdb_cache_get(cache, ruleset, NULL, &rs, &err)) {
        char *msg = score_message(&err);
        sqlite3_result_error(ctx, msg, -1);
        sqlite3_free(msg);
        return;
    }
    sdb_cache_release(cache, rs);
    sqlite3_result_text(ctx, "ok", 2, SQLITE_STATIC);
}

static void free_cache(void *cache)
{
    sdb_cache_free(cache);
}

#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
int sqlite3_scoresqlite_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

int sqlite3_scoresqlite_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    (void)err;
    sdb_cache *cache = sdb_cache_new();
    if (!cache)
        return SQLITE_NOMEM;
    /* The cache lives as long as the connection: freed with this module. */
    int rc = sqlite3_create_module_v2(db, "score_eval", &eval_module, cache, free_cache);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_module_v2(db, "score_targets", &targets_module, cache, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "score_explain", 3, SQLITE_UTF8, cache, explain_fn,
                                        NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function_v2(db, "score_check", 1, SQLITE_UTF8, cache, check_fn,
                                        NULL, NULL, NULL);
    return rc;
}
