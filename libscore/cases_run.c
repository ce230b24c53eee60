/*
 * Running the cases of a checked plan: each case loads the ruleset with
 * its params, turns its rows into CSV (so that cells read exactly as a
 * data file would), evaluates and compares with what it expects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "decimal.h"
#include "ruleset.h"

typedef struct runner {
    const score_allocator *alloc;
    const char *path;       /* of the cases file, for errors */
    const char *ruleset;    /* built-in id or path */
    const score_load_options *opts;
    const sc_node *file_params;
    score_error *err;
    score_case_fn report;
    void *ud;
    size_t failed;
} runner;

typedef struct case_column {
    size_t field;
    int year; /* 0 for a plain field */
} case_column;

/* What one case needs while it runs; released by case_free(). */
typedef struct case_run {
    score_param *params;
    case_column *columns;    /* of the CSV header, one per field (and year) */
    size_t ncolumns, cap_columns;
    size_t *row_line;        /* CSV line where each row starts */
    sc_buf csv;
    sc_buf detail;
    score_ruleset *rs;
    score_table *table;
    score_result *result;
    const char **keys_a, **keys_b; /* for comparing ledgers */
} case_run;

/* ---- running one case ---- */

static void case_free(runner *r, case_run *cr)
{
    score_result_free(cr->result);
    score_table_free(cr->table);
    score_ruleset_free(cr->rs);
    sc_free(r->alloc, cr->params);
    sc_free(r->alloc, cr->columns);
    sc_free(r->alloc, cr->row_line);
    sc_free(r->alloc, cr->keys_a);
    sc_free(r->alloc, cr->keys_b);
    sc_buf_free(&cr->csv);
    sc_buf_free(&cr->detail);
}

/* The params in force: the caller's, then the file's, then the case's;
 * the loader applies them in order, so the last for a name wins. */
static int load_case_ruleset(runner *r, case_run *cr, const sc_node *params, score_error *e)
{
    size_t nopts = r->opts ? r->opts->param_count : 0;
    size_t nfile = r->file_params ? r->file_params->count : 0;
    size_t ncase = params ? params->count : 0;
    size_t n = nopts + nfile + ncase;
    cr->params = sc_calloc(r->alloc, n, sizeof *cr->params);
    if (!cr->params)
        return sc_nomem(e);
    for (size_t i = 0; i < nopts; i++)
        cr->params[i] = r->opts->params[i];
    for (size_t i = 0; i < nfile; i++) {
        cr->params[nopts + i].name = r->file_params->keys[i]->text;
        cr->params[nopts + i].value = r->file_params->values[i]->text;
    }
    for (size_t i = 0; i < ncase; i++) {
        cr->params[nopts + nfile + i].name = params->keys[i]->text;
        cr->params[nopts + nfile + i].value = params->values[i]->text;
    }
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.allocator = r->alloc;
    o.params = cr->params;
    o.param_count = n;
    /* o.diagnostic stays NULL: an error here is the case's, not the run's */
    return score_ruleset_load(&cr->rs, r->ruleset, &o, e);
}

static void put_cell(sc_buf *b, const char *s, size_t len)
{
    sc_buf_append(b, "\"", 1);
    for (const char *q; len && (q = memchr(s, '"', len)) != NULL;) {
        sc_buf_append(b, s, (size_t)(q - s) + 1);
        sc_buf_append(b, "\"", 1); /* RFC 4180: a quote is doubled */
        len -= (size_t)(q - s) + 1;
        s = q + 1;
    }
    sc_buf_append(b, s, len);
    sc_buf_append(b, "\"", 1);
}

/* The rows as a CSV file: one column per field in first-seen order, by
 * id (a row may use labels); cells quoted, so that a value reads exactly
 * as its text; missing is empty. */
static int build_csv(runner *r, case_run *cr, const sc_node *rows, score_error *e)
{
    const score_ruleset *rs = cr->rs;
    size_t nrows = rows ? rows->count : 0;
    for (size_t i = 0; i < nrows; i++) {
        const sc_node *row = rows->values[i];
        for (size_t k = 0; k < row->count; k++) {
            case_column col;
            if (sc_case_column(rs, row->keys[k]->text, &col.field, &col.year))
                continue; /* checked before: cannot happen */
            size_t c = 0;
            while (c < cr->ncolumns &&
                   (cr->columns[c].field != col.field || cr->columns[c].year != col.year))
                c++;
            if (c < cr->ncolumns)
                continue;
            void *arr = cr->columns;
            if (sc_grow(r->alloc, &arr, &cr->cap_columns, cr->ncolumns + 1,
                        sizeof *cr->columns))
                return sc_nomem(e);
            cr->columns = arr;
            cr->columns[cr->ncolumns++] = col;
        }
    }
    cr->row_line = sc_calloc(r->alloc, nrows + 1, sizeof *cr->row_line);
    if (!cr->row_line)
        return sc_nomem(e);
    sc_buf_init(&cr->csv, r->alloc);
    if (cr->ncolumns == 0) /* no rows: a header-only file of zero rows */
        put_cell(&cr->csv, score_ruleset_key(rs), strlen(score_ruleset_key(rs)));
    for (size_t c = 0; c < cr->ncolumns; c++) {
        const char *id = score_ruleset_field_id(rs, cr->columns[c].field);
        char year[16] = "";
        if (cr->columns[c].year)
            snprintf(year, sizeof year, "_%d", cr->columns[c].year);
        if (c)
            sc_buf_append(&cr->csv, ",", 1);
        /* the id and the year suffix, quoted as one cell */
        sc_buf name;
        sc_buf_init(&name, r->alloc);
        sc_buf_puts(&name, id);
        sc_buf_puts(&name, year);
        if (name.failed) {
            sc_buf_free(&name);
            cr->csv.failed = 1;
            break;
        }
        put_cell(&cr->csv, name.data, name.len);
        sc_buf_free(&name);
    }
    sc_buf_append(&cr->csv, "\n", 1);
    size_t line = 2;
    for (size_t i = 0; i < nrows; i++) {
        cr->row_line[i] = line;
        for (size_t c = 0; c < cr->ncolumns; c++) {
            const sc_node *v =
                sc_case_row_cell(rs, rows->values[i], cr->columns[c].field, cr->columns[c].year);
            if (c)
                sc_buf_append(&cr->csv, ",", 1);
            if (sc_node_is_null(v))
                continue;
            put_cell(&cr->csv, v->text, v->len);
            for (size_t k = 0; k < v->len; k++)
                line += v->text[k] == '\n';
        }
        sc_buf_append(&cr->csv, "\n", 1);
        line++;
    }
    cr->row_line[nrows] = line;
    return cr->csv.failed ? sc_nomem(e) : 0;
}

/* A data error names a line and cell of the CSV made here, which the
 * author never sees: point at the row or cell of the cases file instead. */
static void locate_data_error(runner *r, case_run *cr, const sc_node *c, const sc_node *rows,
                              score_error *e)
{
    const sc_node *at = rows ? rows : c;
    size_t nrows = rows ? rows->count : 0;
    const case_column *col = e->column > 0 && (size_t)e->column <= cr->ncolumns
                                 ? &cr->columns[e->column - 1]
                                 : NULL;
    for (size_t i = 0; i < nrows; i++) {
        const sc_node *row = rows->values[i], *k = NULL;
        if (e->line == 1) { /* a header error: the first row that names it */
            if (col && (k = sc_case_row_column(cr->rs, row, col->field, col->year)) != NULL) {
                at = k;
                break;
            }
        } else if ((size_t)e->line >= cr->row_line[i] && (size_t)e->line < cr->row_line[i + 1]) {
            const sc_node *cell = col ? sc_case_row_cell(cr->rs, row, col->field, col->year) : NULL;
            at = cell ? cell : row;
            break;
        }
    }
    snprintf(e->source, sizeof e->source, "%s", r->path);
    e->line = at->line;
    e->column = at->column;
}

static const char *verdict_name(score_verdict v)
{
    return v == SCORE_TRUE ? "true" : v == SCORE_FALSE ? "false" : "null";
}

static const char *number_text(double v, char *buf, size_t size)
{
    if (v != v)
        return "null";
    score_format_number(v, buf, size);
    return buf;
}

static int same_number(const sc_node *want, double got)
{
    double w;
    if (sc_node_is_null(want))
        return got != got;
    return sc_case_number(want, &w) == 0 && got == got && sc_num_near(w, got);
}

static void differ(case_run *cr, const char *fmt, ...) SC_PRINTF(2, 3);

static void differ(case_run *cr, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (cr->detail.len)
        sc_buf_append(&cr->detail, "\n", 1);
    sc_buf_puts(&cr->detail, line);
}

static const char *tier_name(const score_ruleset *rs, int tier)
{
    return tier < 0 ? "null" : score_ruleset_tier_id(rs, (size_t)tier);
}

static void compare_row(case_run *cr, const char *key, const sc_node *e)
{
    const score_ruleset *rs = cr->rs;
    size_t row = score_table_find_key(cr->table, key);
    if (row == (size_t)-1) {
        differ(cr, "%s: no row has this key", key);
        return;
    }
    static const char *const tier_keys[] = {"qualified", "tier"};
    for (int k = 0; k < 2; k++) {
        const sc_node *want = sc_map_get(e, tier_keys[k]);
        if (!want)
            continue;
        int got = k == 0 ? score_result_qualified(cr->result, row)
                         : score_result_tier(cr->result, row);
        const char *got_s = tier_name(rs, got);
        const char *want_s = sc_node_is_null(want) ? "null" : want->text;
        if (strcmp(got_s, want_s) != 0)
            differ(cr, "%s: %s: expected %s, got %s", key, tier_keys[k], want_s, got_s);
    }
    const sc_node *m = sc_map_get(e, "criteria");
    for (size_t i = 0; m && i < m->count; i++) {
        size_t ci = score_ruleset_criterion_index(rs, m->keys[i]->text);
        const char *want = sc_node_is_null(m->values[i]) ? "null" : m->values[i]->text;
        const char *got = verdict_name(score_result_verdict(cr->result, ci, row));
        if (strcmp(want, got) != 0)
            differ(cr, "%s: criterion %s: expected %s, got %s", key, m->keys[i]->text, want, got);
    }
    m = sc_map_get(e, "scores");
    for (size_t i = 0; m && i < m->count; i++) {
        size_t si = score_ruleset_scorecard_index(rs, m->keys[i]->text);
        double got = score_result_score(cr->result, si, row);
        char buf[40];
        if (!same_number(m->values[i], got))
            differ(cr, "%s: score %s: expected %s, got %s", key, m->keys[i]->text,
                   sc_node_is_null(m->values[i]) ? "null" : m->values[i]->text,
                   number_text(got, buf, sizeof buf));
    }
    m = sc_map_get(e, "grades");
    for (size_t i = 0; m && i < m->count; i++) {
        size_t si = score_ruleset_scorecard_index(rs, m->keys[i]->text);
        const char *got = score_result_grade(cr->result, si, row);
        const char *want = sc_node_is_null(m->values[i]) ? NULL : m->values[i]->text;
        if (want && got ? strcmp(want, got) != 0 : want != got)
            differ(cr, "%s: grade %s: expected %s, got %s", key, m->keys[i]->text,
                   want ? want : "null", got ? got : "null");
    }
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void append_list(sc_buf *b, const char **keys, size_t n)
{
    sc_buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sc_buf_puts(b, ", ");
        sc_buf_puts(b, keys[i]);
    }
    sc_buf_puts(b, "]");
}

/* The ledger compared as a set of keys, whatever the order. */
static int compare_failing(runner *r, case_run *cr, const char *where, const sc_node *want,
                           const score_target_outcome *o, score_error *e)
{
    sc_free(r->alloc, cr->keys_a);
    sc_free(r->alloc, cr->keys_b);
    cr->keys_a = sc_calloc(r->alloc, want->count, sizeof *cr->keys_a);
    cr->keys_b = sc_calloc(r->alloc, o->nfailing, sizeof *cr->keys_b);
    if (!cr->keys_a || !cr->keys_b)
        return sc_nomem(e);
    for (size_t i = 0; i < want->count; i++)
        cr->keys_a[i] = want->values[i]->text;
    for (size_t i = 0; i < o->nfailing; i++) {
        const char *k = score_table_key(cr->table, o->failing[i]);
        cr->keys_b[i] = k ? k : "";
    }
    qsort(cr->keys_a, want->count, sizeof *cr->keys_a, cmp_text);
    qsort(cr->keys_b, o->nfailing, sizeof *cr->keys_b, cmp_text);
    int same = want->count == o->nfailing;
    for (size_t i = 0; same && i < o->nfailing; i++)
        same = strcmp(cr->keys_a[i], cr->keys_b[i]) == 0;
    if (same)
        return 0;
    sc_buf b;
    sc_buf_init(&b, r->alloc);
    sc_buf_printf(&b, "%s: failing: expected ", where);
    append_list(&b, cr->keys_a, want->count);
    sc_buf_puts(&b, ", got ");
    append_list(&b, cr->keys_b, o->nfailing);
    if (!b.failed) {
        if (cr->detail.len)
            sc_buf_append(&cr->detail, "\n", 1);
        sc_buf_append(&cr->detail, b.data, b.len);
    }
    int failed = b.failed;
    sc_buf_free(&b);
    return failed ? sc_nomem(e) : 0;
}

static const char *target_verdict_name(score_target_verdict v)
{
    return v == SCORE_MET ? "met" : v == SCORE_NOT_MET ? "not_met" : "unknown";
}

static int compare_target(runner *r, case_run *cr, const sc_node *t, score_error *e)
{
    const score_ruleset *rs = cr->rs;
    const char *id = sc_map_get(t, "target")->text;
    const sc_node *scope_n = sc_map_get(t, "scope");
    const char *scope = scope_n ? scope_n->text : "all";
    size_t ti = score_ruleset_target_index(rs, id);
    char where[512];
    snprintf(where, sizeof where, "target %s [%s]", id, scope);
    size_t n = score_result_outcome_count(cr->result);
    score_target_outcome o;
    size_t i;
    for (i = 0; i < n; i++)
        if (score_result_outcome(cr->result, i, &o) == 0 && o.target == ti &&
            strcmp(o.scope, scope) == 0)
            break;
    if (i == n) {
        sc_buf b;
        sc_buf_init(&b, r->alloc);
        sc_buf_printf(&b, "%s: no such outcome (scopes:", where);
        size_t shown = 0;
        for (i = 0; i < n; i++)
            if (score_result_outcome(cr->result, i, &o) == 0 && o.target == ti)
                sc_buf_printf(&b, "%s %s", shown++ ? "," : "", o.scope);
        sc_buf_puts(&b, shown ? ")" : " none)");
        if (!b.failed)
            differ(cr, "%s", b.data);
        int failed = b.failed;
        sc_buf_free(&b);
        return failed ? sc_nomem(e) : 0;
    }
    const sc_node *v;
    if ((v = sc_map_get(t, "verdict")) && strcmp(v->text, target_verdict_name(o.verdict)) != 0)
        differ(cr, "%s: verdict: expected %s, got %s", where, v->text,
               target_verdict_name(o.verdict));
    if ((v = sc_map_get(t, "op")) && strcmp(v->text, o.op) != 0)
        differ(cr, "%s: op: expected %s, got %s", where, v->text, o.op);
    const struct {
        const char *name;
        double value;
    } numbers[] = {{"actual", o.actual}, {"required", o.required}, {"shortfall", o.shortfall}};
    for (size_t k = 0; k < sizeof numbers / sizeof numbers[0]; k++) {
        char buf[40];
        if ((v = sc_map_get(t, numbers[k].name)) && !same_number(v, numbers[k].value))
            differ(cr, "%s: %s: expected %s, got %s", where, numbers[k].name,
                   sc_node_is_null(v) ? "null" : v->text,
                   number_text(numbers[k].value, buf, sizeof buf));
    }
    const struct {
        const char *name;
        size_t value;
    } counts[] = {{"satisfied", o.satisfied}, {"unknown", o.unknown},
                  {"population", o.population}};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        double want;
        if ((v = sc_map_get(t, counts[k].name)) && sc_case_number(v, &want) == 0 &&
            want != (double)counts[k].value)
            differ(cr, "%s: %s: expected %s, got %zu", where, counts[k].name, v->text,
                   counts[k].value);
    }
    if ((v = sc_map_get(t, "failing")) != NULL)
        return compare_failing(r, cr, where, v, &o, e);
    return 0;
}

/* Load, read and evaluate; a non-zero return is the case's own error
 * (in *e), to be compared with `error:` or reported. */
static int prepare_case(runner *r, case_run *cr, const sc_node *c, score_error *e)
{
    const sc_node *rows = sc_map_get(c, "rows");
    int rc = load_case_ruleset(r, cr, sc_map_get(c, "params"), e);
    if (!rc)
        rc = build_csv(r, cr, rows, e);
    if (!rc) {
        rc = score_table_parse_csv(&cr->table, cr->rs, cr->csv.data, cr->csv.len, r->path, e);
        if (rc && rc != SCORE_ENOMEM)
            locate_data_error(r, cr, c, rows, e);
    }
    if (!rc)
        rc = score_evaluate(&cr->result, cr->rs, cr->table, e);
    return rc;
}

static int run_case(runner *r, const sc_node *c)
{
    case_run cr;
    memset(&cr, 0, sizeof cr);
    sc_buf_init(&cr.csv, r->alloc);
    sc_buf_init(&cr.detail, r->alloc);
    const char *name = sc_map_get(c, "name")->text;
    const sc_node *want_error = sc_map_get(c, "error");
    score_error e;
    sc_error_clear(&e);
    int rc = prepare_case(r, &cr, c, &e);
    if (rc == SCORE_ENOMEM) {
        if (r->err)
            *r->err = e;
        case_free(r, &cr);
        return rc;
    }
    char msg[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 32];
    if (rc) {
        score_error_format(&e, msg, sizeof msg);
        if (!want_error)
            differ(&cr, "%s", msg);
        else if (!strstr(msg, want_error->text))
            differ(&cr, "expected an error containing \"%s\", got: %s", want_error->text, msg);
    } else if (want_error) {
        differ(&cr, "expected an error containing \"%s\", but the case loaded and ran",
               want_error->text);
    } else {
        const sc_node *expect = sc_map_get(c, "expect"), *targets = sc_map_get(c, "targets");
        for (size_t i = 0; expect && i < expect->count; i++)
            compare_row(&cr, expect->keys[i]->text, expect->values[i]);
        for (size_t i = 0; targets && i < targets->count && !rc; i++)
            rc = compare_target(r, &cr, targets->values[i], &e);
        if (rc) {
            if (r->err)
                *r->err = e;
            case_free(r, &cr);
            return rc;
        }
    }
    if (cr.detail.failed) {
        case_free(r, &cr);
        return sc_nomem(r->err);
    }
    int passed = cr.detail.len == 0;
    if (!passed)
        r->failed++;
    if (r->report)
        r->report(r->ud, name, passed, passed ? "" : cr.detail.data);
    case_free(r, &cr);
    return 0;
}

/* ---- the entry point ---- */


int score_run_cases(const char *ruleset, const char *cases_path, const score_load_options *opts,
                    score_case_fn report, void *ud, size_t *failed, score_error *err)
{
    if (failed)
        *failed = 0;
    if (!ruleset || !cases_path)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "ruleset or cases_path is NULL");
    if (sc_load_options_check(opts, err))
        return SCORE_EINVAL;
    runner r;
    memset(&r, 0, sizeof r);
    r.alloc = opts && opts->allocator ? opts->allocator : sc_default_allocator();
    r.path = cases_path;
    r.ruleset = ruleset;
    r.opts = opts;
    r.err = err;
    r.report = report;
    r.ud = ud;
    sc_case_plan plan;
    int rc = sc_cases_load(&plan, ruleset, cases_path, opts, r.alloc, err);
    if (rc)
        return rc;
    r.file_params = plan.params;
    for (size_t i = 0; !rc && i < plan.cases->count; i++)
        rc = run_case(&r, plan.cases->values[i]);
    sc_cases_free(&plan);
    if (failed)
        *failed = r.failed;
    return rc;
}
