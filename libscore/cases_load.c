/*
 * Reading a cases file and checking it whole against the ruleset before
 * any case runs: its keys, the params, the rows' columns (named as a
 * data file's header would name them), and every id an expectation
 * names. Stops at the first error.
 */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "decimal.h"
#include "doc_read.h"
#include "ingest.h"

#define CASES_MAX_DEPTH 64

typedef struct checker {
    sc_doc_reader rd;          /* keeps the first error */
    const score_ruleset *base; /* the ids to check against */
} checker;

/* 0 if n is of `kind`; else the error, reported. */
static int need_kind(checker *r, const sc_node *n, sc_node_kind kind, const char *what)
{
    return sc_doc_kind(&r->rd, n, kind, what) ? 0 : r->rd.first;
}

static int only_keys(checker *r, const sc_node *map, const char *what,
                     const char *const *allowed)
{
    return sc_only_keys(&r->rd, map, what, allowed) ? 0 : r->rd.first;
}

static int error_at(checker *r, const sc_node *n, score_code code, const char *fmt, ...)
    SC_PRINTF(4, 5);

static int error_at(checker *r, const sc_node *n, score_code code, const char *fmt, ...)
{
    char msg[SCORE_ERROR_MESSAGE_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sc_report_at(&r->rd, n, code, "%s", msg);
    return r->rd.first;
}

int sc_case_number(const sc_node *n, double *out)
{
    return n->kind == SC_NODE_SCALAR && sc_decimal_parse(n->text, n->len, 1, out) == NULL ? 0
                                                                                         : -1;
}

/* ---- the key field and the columns of the ruleset ---- */

static size_t key_field(const score_ruleset *rs)
{
    const char *key = score_ruleset_key(rs);
    for (size_t i = 0; i < score_ruleset_field_count(rs); i++)
        if (strcmp(score_ruleset_field_id(rs, i), key) == 0)
            return i;
    return (size_t)-1;
}

/* The key of a row (its key field by id or label), or NULL. */
static const sc_node *row_key(const score_ruleset *rs, const sc_node *row)
{
    size_t k = key_field(rs);
    if (k == (size_t)-1)
        return NULL;
    const sc_node *v = sc_map_get(row, score_ruleset_field_id(rs, k));
    const char *label = score_ruleset_field_label(rs, k);
    if (!v && label[0])
        v = sc_map_get(row, label);
    return v && v->kind == SC_NODE_SCALAR && !sc_node_is_null(v) ? v : NULL;
}


int sc_case_column(const score_ruleset *rs, const char *key, size_t *field, int *year)
{
    const sc_schema *schema = sc_ruleset_schema(rs);
    size_t c = sc_ingest_find_column(schema, key, strlen(key));
    if (c == SC_NO_COL)
        return -1;
    *field = schema->cols[c].field;
    *year = schema->cols[c].year;
    return 0;
}

const sc_node *sc_case_row_column(const score_ruleset *rs, const sc_node *row, size_t field,
                                  int year)
{
    for (size_t k = 0; k < row->count; k++) {
        size_t f;
        int y;
        if (sc_case_column(rs, row->keys[k]->text, &f, &y) == 0 && f == field && y == year)
            return row->keys[k];
    }
    return NULL;
}

const sc_node *sc_case_row_cell(const score_ruleset *rs, const sc_node *row, size_t field,
                                int year)
{
    const sc_node *k = sc_case_row_column(rs, row, field, year);
    return k ? sc_map_get(row, k->text) : NULL;
}

/* ---- checking the file before running anything ---- */

static int check_params(checker *r, const sc_node *params)
{
    int rc = need_kind(r, params, SC_NODE_MAP, "params");
    for (size_t i = 0; !rc && i < params->count; i++) {
        const sc_node *v = params->values[i];
        if ((rc = need_kind(r, v, SC_NODE_SCALAR, "a param's value")) == 0 && sc_node_is_null(v))
            rc = error_at(r, v, SCORE_ESYNTAX, "param '%s' needs a value", params->keys[i]->text);
    }
    return rc;
}

static int check_rows(checker *r, const sc_node *rows)
{
    int rc = need_kind(r, rows, SC_NODE_SEQ, "rows");
    for (size_t i = 0; !rc && i < rows->count; i++) {
        const sc_node *row = rows->values[i];
        if ((rc = need_kind(r, row, SC_NODE_MAP, "a row")) != 0)
            break;
        for (size_t k = 0; !rc && k < row->count; k++) {
            const sc_node *col = row->keys[k], *first;
            size_t field;
            int year;
            if (sc_case_column(r->base, col->text, &field, &year))
                rc = error_at(r, col, SCORE_ERULE,
                              "'%s' is not a field of ruleset '%s' (a field id or label; "
                              "NAME_YYYY for a year)",
                              col->text, score_ruleset_id(r->base));
            else if ((first = sc_case_row_column(r->base, row, field, year)) != col)
                rc = error_at(r, col, SCORE_ERULE, "'%s' and '%s' give the same field",
                              first->text, col->text);
            else
                rc = need_kind(r, row->values[k], SC_NODE_SCALAR, "a cell");
        }
    }
    return rc;
}

/* Whether `key` is the key of one of the rows. */
static int has_row(checker *r, const sc_node *rows, const char *key)
{
    for (size_t i = 0; rows && i < rows->count; i++) {
        const sc_node *k = row_key(r->base, rows->values[i]);
        if (k && strcmp(k->text, key) == 0)
            return 1;
    }
    return 0;
}

static int check_tier_id(checker *r, const sc_node *v, const char *what)
{
    int rc = need_kind(r, v, SC_NODE_SCALAR, what);
    if (!rc && !sc_node_is_null(v) && score_ruleset_tier_index(r->base, v->text) == (size_t)-1)
        rc = error_at(r, v, SCORE_ERULE, "unknown tier '%s'", v->text);
    return rc;
}

/* A mapping id -> value whose ids `index` must know and whose values
 * `value_ok` must accept. */
static int check_id_map(checker *r, const sc_node *map, const char *what, const char *kind,
                        size_t (*index)(const score_ruleset *, const char *),
                        int (*value_ok)(const sc_node *), const char *value_what)
{
    int rc = need_kind(r, map, SC_NODE_MAP, what);
    for (size_t i = 0; !rc && i < map->count; i++) {
        const sc_node *k = map->keys[i], *v = map->values[i];
        if (index(r->base, k->text) == (size_t)-1)
            rc = error_at(r, k, SCORE_ERULE, "unknown %s '%s'", kind, k->text);
        else if (v->kind != SC_NODE_SCALAR || !value_ok(v))
            rc = error_at(r, v, SCORE_ESYNTAX, "the %s '%s' expects %s", kind, k->text,
                          value_what);
    }
    return rc;
}

static int verdict_ok(const sc_node *v)
{
    return sc_node_is_null(v) || strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0;
}

static int number_ok(const sc_node *v)
{
    double d;
    return sc_node_is_null(v) || sc_case_number(v, &d) == 0;
}

static int text_ok(const sc_node *v)
{
    (void)v;
    return 1;
}

static int count_ok(const sc_node *v)
{
    double d;
    return v->kind == SC_NODE_SCALAR && sc_case_number(v, &d) == 0 && d >= 0 && d < 1e15 &&
           d == (double)(size_t)d;
}

static int check_expect(checker *r, const sc_node *expect, const sc_node *rows)
{
    static const char *const keys[] = {"qualified", "tier", "criteria", "scores", "grades", NULL};
    int rc = need_kind(r, expect, SC_NODE_MAP, "expect");
    for (size_t i = 0; !rc && i < expect->count; i++) {
        const sc_node *k = expect->keys[i], *e = expect->values[i], *v;
        if (!has_row(r, rows, k->text)) {
            rc = error_at(r, k, SCORE_ERULE, "no row of this case has the key '%s'", k->text);
            break;
        }
        if ((rc = need_kind(r, e, SC_NODE_MAP, "an expected row")) != 0 ||
            (rc = only_keys(r, e, "an expected row", keys)) != 0)
            break;
        if ((v = sc_map_get(e, "qualified")) && (rc = check_tier_id(r, v, "qualified")) != 0)
            break;
        if ((v = sc_map_get(e, "tier")) && (rc = check_tier_id(r, v, "tier")) != 0)
            break;
        if ((v = sc_map_get(e, "criteria")) &&
            (rc = check_id_map(r, v, "criteria", "criterion", score_ruleset_criterion_index,
                               verdict_ok, "true, false or null")) != 0)
            break;
        if ((v = sc_map_get(e, "scores")) &&
            (rc = check_id_map(r, v, "scores", "scorecard", score_ruleset_scorecard_index,
                               number_ok, "a number or null")) != 0)
            break;
        if ((v = sc_map_get(e, "grades")) &&
            (rc = check_id_map(r, v, "grades", "scorecard", score_ruleset_scorecard_index,
                               text_ok, "a grade or null")) != 0)
            break;
    }
    return rc;
}

static int check_target(checker *r, const sc_node *t, const sc_node *rows)
{
    static const char *const keys[] = {"target", "scope", "verdict", "actual", "required",
                                       "shortfall", "op", "satisfied", "unknown",
                                       "population", "failing", NULL};
    static const char *const numbers[] = {"actual", "required", "shortfall", NULL};
    static const char *const counts[] = {"satisfied", "unknown", "population", NULL};
    int rc;
    if ((rc = need_kind(r, t, SC_NODE_MAP, "an expected target")) != 0 ||
        (rc = only_keys(r, t, "an expected target", keys)) != 0)
        return rc;
    const sc_node *v = sc_map_get(t, "target");
    if (!v)
        return error_at(r, t, SCORE_ESYNTAX, "an expected target needs a 'target'");
    if ((rc = need_kind(r, v, SC_NODE_SCALAR, "target")) != 0)
        return rc;
    if (score_ruleset_target_index(r->base, v->text) == (size_t)-1)
        return error_at(r, v, SCORE_ERULE, "unknown target '%s'", v->text);
    if ((v = sc_map_get(t, "scope")) && (rc = need_kind(r, v, SC_NODE_SCALAR, "scope")) != 0)
        return rc;
    if ((v = sc_map_get(t, "op")) && (rc = need_kind(r, v, SC_NODE_SCALAR, "op")) != 0)
        return rc;
    if ((v = sc_map_get(t, "verdict")) &&
        (v->kind != SC_NODE_SCALAR ||
         (strcmp(v->text, "met") && strcmp(v->text, "not_met") && strcmp(v->text, "unknown"))))
        return error_at(r, v, SCORE_ESYNTAX, "verdict must be met, not_met or unknown");
    for (const char *const *k = numbers; *k; k++)
        if ((v = sc_map_get(t, *k)) && (v->kind != SC_NODE_SCALAR || !number_ok(v)))
            return error_at(r, v, SCORE_ESYNTAX, "%s must be a number or null", *k);
    for (const char *const *k = counts; *k; k++)
        if ((v = sc_map_get(t, *k)) && !count_ok(v))
            return error_at(r, v, SCORE_ESYNTAX, "%s must be a whole number of rows", *k);
    if ((v = sc_map_get(t, "failing")) != NULL) {
        if ((rc = need_kind(r, v, SC_NODE_SEQ, "failing")) != 0)
            return rc;
        for (size_t i = 0; i < v->count; i++) {
            const sc_node *k = v->values[i];
            if ((rc = need_kind(r, k, SC_NODE_SCALAR, "a failing row")) != 0)
                return rc;
            if (!has_row(r, rows, k->text))
                return error_at(r, k, SCORE_ERULE, "no row of this case has the key '%s'",
                                k->text);
        }
    }
    return 0;
}

static int check_case(checker *r, const sc_node *c)
{
    static const char *const keys[] = {"name", "params", "rows", "expect", "targets", "error",
                                       NULL};
    int rc;
    if ((rc = need_kind(r, c, SC_NODE_MAP, "a case")) != 0 ||
        (rc = only_keys(r, c, "a case", keys)) != 0)
        return rc;
    const sc_node *name = sc_map_get(c, "name"), *v;
    if (!name)
        return error_at(r, c, SCORE_ESYNTAX, "a case needs a 'name'");
    if ((rc = need_kind(r, name, SC_NODE_SCALAR, "a case's name")) != 0)
        return rc;
    const sc_node *rows = sc_map_get(c, "rows");
    if ((v = sc_map_get(c, "params")) && (rc = check_params(r, v)) != 0)
        return rc;
    if (rows && (rc = check_rows(r, rows)) != 0)
        return rc;
    if ((v = sc_map_get(c, "error")) != NULL) {
        if ((rc = need_kind(r, v, SC_NODE_SCALAR, "error")) != 0)
            return rc;
        /* nothing can be compared once loading or reading has failed */
        const sc_node *other = sc_map_get(c, "expect");
        if (!other)
            other = sc_map_get(c, "targets");
        if (other)
            return error_at(r, other, SCORE_ESYNTAX,
                            "a case that expects an error cannot expect results too");
    }
    if ((v = sc_map_get(c, "expect")) && (rc = check_expect(r, v, rows)) != 0)
        return rc;
    if ((v = sc_map_get(c, "targets")) != NULL) {
        if ((rc = need_kind(r, v, SC_NODE_SEQ, "targets")) != 0)
            return rc;
        for (size_t i = 0; i < v->count; i++)
            if ((rc = check_target(r, v->values[i], rows)) != 0)
                return rc;
    }
    return 0;
}

static int check_file(checker *r, sc_case_plan *plan)
{
    static const char *const keys[] = {"ruleset", "params", "cases", NULL};
    const sc_node *root = plan->doc.root;
    int rc;
    if (!root)
        return error_at(r, NULL, SCORE_ESYNTAX, "the file is empty (expected 'cases')");
    if ((rc = need_kind(r, root, SC_NODE_MAP, "a cases file")) != 0 ||
        (rc = only_keys(r, root, "a cases file", keys)) != 0)
        return rc;
    const sc_node *v = sc_map_get(root, "ruleset");
    if (v && (rc = need_kind(r, v, SC_NODE_SCALAR, "ruleset")) != 0)
        return rc;
    /* cases written for one ruleset are meaningless against another */
    if (v && strcmp(v->text, score_ruleset_id(r->base)) != 0)
        return error_at(r, v, SCORE_ERULE, "these cases are for ruleset '%s', not '%s'", v->text,
                        score_ruleset_id(r->base));
    if ((plan->params = sc_map_get(root, "params")) && (rc = check_params(r, plan->params)))
        return rc;
    const sc_node *cases = sc_map_get(root, "cases");
    if (!cases)
        return error_at(r, root, SCORE_ESYNTAX, "a cases file needs 'cases'");
    if ((rc = need_kind(r, cases, SC_NODE_SEQ, "cases")) != 0)
        return rc;
    for (size_t i = 0; i < cases->count; i++)
        if ((rc = check_case(r, cases->values[i])) != 0)
            return rc;
    plan->cases = cases;
    return 0;
}

/* ---- the plan ---- */

int sc_cases_load(sc_case_plan *plan, const char *ruleset, const char *path,
                  const score_load_options *opts, const score_allocator *alloc,
                  score_error *err)
{
    memset(plan, 0, sizeof *plan);
    char *text;
    size_t len;
    int rc = sc_read_file(alloc, path, &text, &len, err);
    if (rc)
        return rc;
    rc = sc_yaml_parse(&plan->doc, alloc, text ? text : "", len, path, CASES_MAX_DEPTH, err);
    sc_free(alloc, text);
    if (rc)
        return rc;
    /* the ruleset as the caller gives it: to check the ids of the file */
    rc = score_ruleset_load(&plan->base, ruleset, opts, err);
    if (!rc) {
        checker r;
        memset(&r, 0, sizeof r);
        r.rd.source = path;
        r.rd.err = err;
        r.base = plan->base;
        rc = check_file(&r, plan);
    }
    if (rc)
        sc_cases_free(plan);
    return rc;
}

void sc_cases_free(sc_case_plan *plan)
{
    score_ruleset_free(plan->base);
    sc_doc_free(&plan->doc);
    memset(plan, 0, sizeof *plan);
}
