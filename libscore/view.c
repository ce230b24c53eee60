/* The eval and targets views of a result (see view.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest.h"
#include "result.h"
#include "suggest.h"
#include "view.h"

#define DEFAULT_DIGITS 2

/* ---- numbers for people ---- */

/* Drop the trailing zeros of a fraction, its dot, and a "-0". */
static void trim_fraction(char *buf)
{
    size_t n = strlen(buf);
    if (strchr(buf, '.')) {
        while (n > 0 && buf[n - 1] == '0')
            n--;
        if (n > 0 && buf[n - 1] == '.')
            n--;
    }
    buf[n] = '\0';
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

const char *sc_people_number(double v, int digits, int money, char *buf, size_t size)
{
    if (v != v) {
        buf[0] = '\0';
        return buf;
    }
    if (digits < 0)
        digits = DEFAULT_DIGITS;
    int wan = money && fabs(v) >= 1e4;
    char num[64];
    snprintf(num, sizeof num, "%.*f", digits, wan ? v / 1e4 : v);
    trim_fraction(num);
    snprintf(buf, size, "%s%s", num, wan ? "万" : "");
    return buf;
}

const char *sc_percent(double v, double beside, char buf[32])
{
    if (v != v) {
        buf[0] = '\0';
        return buf;
    }
    for (int decimals = 1; decimals <= 6; decimals++) {
        snprintf(buf, 32, "%.*f", decimals, v * 100.0);
        char other[32];
        snprintf(other, sizeof other, "%.*f", decimals, beside * 100.0);
        if (beside != beside || v == beside || strcmp(buf, other) != 0)
            break;
    }
    trim_fraction(buf);
    strcat(buf, "%");
    return buf;
}

/* ---- kept columns ---- */

static int kept_column(const sc_schema *s, const char *name, size_t *col, score_error *err)
{
    size_t j = sc_ingest_find_named(s, name);
    if (j != SC_NO_COL) {
        *col = j;
        return 0;
    }
    const char *names[512];
    size_t n = 0;
    for (size_t k = 0; k < s->ncols && n + 2 <= 512; k++) {
        names[n++] = s->cols[k].name;
        if (s->cols[k].label)
            names[n++] = s->cols[k].label;
    }
    size_t near = sc_suggest(name, names, n);
    return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0,
                    "no column \"%s\" to keep%s%s%s (a field's id or label)", name,
                    near != (size_t)-1 ? " (did you mean \"" : "",
                    near != (size_t)-1 ? names[near] : "", near != (size_t)-1 ? "\"?)" : "");
}

/* ---- the eval view ---- */

static sc_vcol *add_col(sc_eval_view *v, sc_vcol_kind kind, size_t index, const char *id,
                        const char *label)
{
    sc_vcol *c = &v->cols[v->ncols++];
    c->kind = kind;
    c->index = index;
    c->id = id;
    c->label = label && *label ? label : id;
    return c;
}

/* A grade column's headers in one block the column keeps: "ID_grade"
 * for machines, "LABEL等次" for people. */
static int grade_headers(sc_eval_view *v, sc_vcol *g, const char *id, const char *label)
{
    const char *name = *label ? label : id;
    size_t a = strlen(id) + sizeof "_grade", b = strlen(name) + sizeof "等次";
    g->made = sc_malloc(v->alloc, a + b);
    if (!g->made)
        return -1;
    snprintf(g->made, a, "%s_grade", id);
    snprintf(g->made + a, b, "%s等次", name);
    g->id = g->made;
    g->label = g->made + a;
    return 0;
}

/* Where a column's cells are, so that a cell is an index, not a
 * look-up by name. */
static void fetch_cells(const sc_eval_view *v, sc_vcol *k)
{
    switch (k->kind) {
    case SC_VC_KEY: break;
    case SC_VC_FIELD: {
        const sc_colspec *spec = &sc_ruleset_schema(v->rs)->cols[k->index];
        const double *values = NULL;
        if (score_table_column(v->t, spec->name, &values, NULL, NULL) == 0)
            k->data = values;
        k->type = spec->type;
        k->money = spec->rules.unit && strcmp(spec->rules.unit, "元") == 0;
        break;
    }
    case SC_VC_QUALIFIED: k->data = score_result_qualified_tiers(v->r); break;
    case SC_VC_TIER: k->data = score_result_tiers(v->r); break;
    case SC_VC_RANK: k->data = score_result_rank_scores(v->r); break;
    case SC_VC_SCORE: k->data = score_result_scores(v->r, k->index); break;
    case SC_VC_GRADE: k->data = score_result_grades(v->r, k->index); break;
    case SC_VC_CRITERION: k->data = score_result_verdicts(v->r, k->index); break;
    }
}

int sc_eval_view_init(sc_eval_view *v, const score_result *r, const score_table *t,
                      const score_output_options *opts, int display, score_error *err)
{
    memset(v, 0, sizeof *v);
    const score_ruleset *rs = r->rs;
    const sc_schema *s = sc_ruleset_schema(rs);
    v->rs = rs;
    v->t = t;
    v->r = r;
    v->alloc = sc_result_alloc(r);
    v->labels = opts && opts->labels;
    v->digits = opts ? opts->digits : -1;
    v->nrows = score_result_row_count(r);
    v->tiers = score_ruleset_tier_count(rs) > 0;
    const char *const *keep = opts ? opts->keep : NULL;
    size_t nkeep = opts && keep ? opts->nkeep : 0;
    if (!keep && display) {
        keep = (const char *const *)rs->display;
        nkeep = rs->ndisplay;
    }
    size_t nsc = score_ruleset_scorecard_count(rs), ncrit = score_ruleset_criterion_count(rs);
    size_t cap = 1 + nkeep + 3 + 2 * nsc + ncrit;
    v->cols = sc_calloc(v->alloc, cap, sizeof *v->cols);
    if (!v->cols)
        return sc_nomem(err);
    add_col(v, SC_VC_KEY, s->key_col, score_ruleset_key(rs), s->cols[s->key_col].label);
    for (size_t k = 0; k < nkeep; k++) {
        size_t col;
        int rc = kept_column(s, keep[k], &col, err);
        if (rc) {
            sc_eval_view_free(v);
            return rc;
        }
        add_col(v, SC_VC_FIELD, col, s->cols[col].name, s->cols[col].label);
    }
    v->nkept = nkeep;
    if (v->tiers) {
        add_col(v, SC_VC_QUALIFIED, 0, "qualified", "达标等级");
        add_col(v, SC_VC_TIER, 0, "tier", "评定等级");
        add_col(v, SC_VC_RANK, 0, "rank_score", "排名得分");
    }
    for (size_t i = 0; i < nsc; i++) {
        add_col(v, SC_VC_SCORE, i, score_ruleset_scorecard_id(rs, i),
                score_ruleset_scorecard_label(rs, i));
        if (!score_ruleset_scorecard_has_grades(rs, i))
            continue;
        sc_vcol *g = add_col(v, SC_VC_GRADE, i, NULL, NULL);
        if (grade_headers(v, g, score_ruleset_scorecard_id(rs, i),
                          score_ruleset_scorecard_label(rs, i))) {
            sc_eval_view_free(v);
            return sc_nomem(err);
        }
    }
    for (size_t i = 0; i < ncrit; i++)
        add_col(v, SC_VC_CRITERION, i, score_ruleset_criterion_id(rs, i),
                score_ruleset_criterion_label(rs, i));
    for (size_t c = 0; c < v->ncols; c++)
        fetch_cells(v, &v->cols[c]);
    return 0;
}

void sc_eval_view_free(sc_eval_view *v)
{
    for (size_t i = 0; v->cols && i < v->ncols; i++)
        sc_free(v->alloc, v->cols[i].made);
    sc_free(v->alloc, v->cols);
    v->cols = NULL;
    v->ncols = 0;
}

const char *sc_eval_view_header(const sc_eval_view *v, size_t col)
{
    return v->labels ? v->cols[col].label : v->cols[col].id;
}

static void level_cell(sc_vcell *c, int level)
{
    c->kind = level >= 0 ? SC_V_LEVEL : SC_V_NONE;
    c->code = level;
}

static void number_cell(sc_vcell *c, double x)
{
    c->kind = x == x ? SC_V_NUMBER : SC_V_NONE;
    c->num = x;
}

static void field_cell(const sc_eval_view *v, const sc_vcol *k, size_t row, sc_vcell *c)
{
    const double *values = k->data;
    if (!values || values[row] != values[row])
        return;
    double x = values[row];
    if (k->type == SCORE_TYPE_TEXT) {
        c->kind = SC_V_TEXT;
        c->text = score_table_text(v->t, x);
    } else if (k->type == SCORE_TYPE_BOOL) {
        c->kind = SC_V_VERDICT;
        c->code = x != 0.0;
    } else {
        number_cell(c, x);
        c->money = k->money;
    }
}

void sc_eval_view_cell(const sc_eval_view *v, size_t col, size_t row, sc_vcell *c)
{
    const sc_vcol *k = &v->cols[col];
    memset(c, 0, sizeof *c);
    switch (k->kind) {
    case SC_VC_KEY:
        c->text = score_table_key(v->t, row);
        c->kind = c->text ? SC_V_TEXT : SC_V_NONE;
        break;
    case SC_VC_FIELD: field_cell(v, k, row, c); break;
    case SC_VC_QUALIFIED:
    case SC_VC_TIER: level_cell(c, ((const int *)k->data)[row]); break;
    case SC_VC_RANK:
    case SC_VC_SCORE: number_cell(c, ((const double *)k->data)[row]); break;
    case SC_VC_GRADE: {
        int g = ((const int *)k->data)[row];
        c->text = g >= 0 ? score_ruleset_grade_label(v->rs, k->index, (size_t)g) : NULL;
        c->kind = c->text ? SC_V_TEXT : SC_V_NONE;
        break;
    }
    case SC_VC_CRITERION: {
        unsigned char x = ((const unsigned char *)k->data)[row];
        c->kind = x == SCORE_UNKNOWN ? SC_V_NONE : SC_V_VERDICT;
        c->code = x == SCORE_TRUE;
        break;
    }
    }
}

const char *sc_vcell_text(const sc_eval_view *v, const sc_vcell *c, sc_vstyle style, char *buf,
                          size_t size)
{
    int words = style != SC_FOR_MACHINES;
    switch (c->kind) {
    case SC_V_TEXT: return c->text;
    case SC_V_NUMBER:
        if (style == SC_FOR_PEOPLE)
            return sc_people_number(c->num, v->digits, c->money, buf, size);
        score_format_number(c->num, buf, size);
        return buf;
    case SC_V_VERDICT: return words ? (c->code ? "是" : "否") : (c->code ? "1" : "0");
    case SC_V_LEVEL:
        return words ? score_ruleset_tier_label(v->rs, (size_t)c->code)
                     : score_ruleset_tier_id(v->rs, (size_t)c->code);
    case SC_V_NONE: break;
    }
    return "";
}

/* ---- targets ---- */

int sc_targets_view_init(sc_targets_view *v, const score_result *r, const score_table *t,
                         const score_output_options *opts, score_error *err)
{
    memset(v, 0, sizeof *v);
    v->rs = r->rs;
    v->t = t;
    v->r = r;
    v->alloc = sc_result_alloc(r);
    v->labels = opts && opts->labels;
    size_t n = score_result_outcome_count(r);
    v->outcomes = sc_calloc(v->alloc, n + 1, sizeof *v->outcomes);
    if (!v->outcomes)
        return sc_nomem(err);
    int year = opts ? opts->year : 0;
    for (size_t i = 0; i < n; i++) {
        score_target_outcome o;
        if (score_result_outcome(r, i, &o) == 0 &&
            (!year || score_ruleset_target_year(r->rs, o.target) == year))
            v->outcomes[v->n++] = i;
    }
    return 0;
}

void sc_targets_view_free(sc_targets_view *v)
{
    sc_free(v->alloc, v->outcomes);
    v->outcomes = NULL;
    v->n = 0;
}

const char *sc_scope_text(const score_result *r, const score_ruleset *rs, size_t outcome,
                          int people, char *buf, size_t size)
{
    const char *field = score_result_outcome_scope_field(r, outcome);
    if (!people) {
        score_target_outcome o;
        return score_result_outcome(r, outcome, &o) == 0 ? o.scope : "";
    }
    if (!field)
        return "全部";
    const sc_schema *s = sc_ruleset_schema(rs);
    size_t j = sc_ingest_find_column(s, field, strlen(field));
    const char *label = j != SC_NO_COL && s->cols[j].label ? s->cols[j].label : field;
    const char *value = score_result_outcome_scope_value(r, outcome);
    snprintf(buf, size, "%s=%s", label, value && *value ? value : "（空）");
    return buf;
}

const char *sc_target_verdict_word(score_target_verdict v, int people)
{
    switch (v) {
    case SCORE_MET: return people ? "达标" : "met";
    case SCORE_NOT_MET: return people ? "未达标" : "not_met";
    case SCORE_TARGET_UNKNOWN: break;
    }
    return people ? "数据缺失" : "unknown";
}

int sc_target_is_share(const score_ruleset *rs, size_t target)
{
    return strcmp(score_ruleset_target_aggregate(rs, target), "share") == 0;
}
