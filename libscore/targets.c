/*
 * Target aggregation (DESIGN.md, "Missing data in targets"): per target and
 * scope group, count the rows where the condition holds, fails or is
 * unknown (or sum the known values), decide met / not_met / unknown so that
 * a verdict never depends on how the unknown rows turn out unless it says
 * unknown, and list the rows that fall short.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "result.h"

typedef sc_target_acc acc;

/* ---- scope groups ---- */

typedef struct grouping {
    size_t *group_of_row;
    size_t ngroups;
    char **labels; /* "all" or "FIELD=VALUE" */
} grouping;

typedef struct keyed {
    double v;
    size_t row;
} keyed;

static int by_value(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int ma = a->v != a->v, mb = b->v != b->v;
    if (ma != mb)
        return ma - mb; /* missing last */
    if (!ma && a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

typedef struct text_keyed {
    const char *s; /* NULL: missing */
    size_t row;
} text_keyed;

static int by_text(const void *pa, const void *pb)
{
    const text_keyed *a = pa, *b = pb;
    int c = !a->s || !b->s ? (a->s == NULL) - (b->s == NULL) : strcmp(a->s, b->s);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

static char *label_of(const score_allocator *a, const char *field, const char *value)
{
    size_t lf = strlen(field), lv = strlen(value);
    char *s = sc_malloc(a, lf + lv + 2);
    if (s) {
        memcpy(s, field, lf);
        s[lf] = '=';
        memcpy(s + lf + 1, value, lv + 1);
    }
    return s;
}

static void grouping_free(const score_allocator *a, grouping *g)
{
    for (size_t i = 0; i < g->ngroups; i++)
        sc_free(a, g->labels[i]);
    sc_free(a, g->labels);
    sc_free(a, g->group_of_row);
    memset(g, 0, sizeof *g);
}

/* Groups of a scope come from all rows, ordered by value (text in byte
 * order, numbers ascending), a missing value last as "FIELD=". */
static int group_rows(const score_allocator *a, const score_table *t, size_t scope, grouping *g)
{
    size_t n = t->nrows;
    memset(g, 0, sizeof *g);
    g->group_of_row = sc_calloc(a, n ? n : 1, sizeof *g->group_of_row);
    g->labels = sc_calloc(a, n + 1, sizeof *g->labels);
    if (!g->group_of_row || !g->labels)
        return -1;
    if (scope == SIZE_MAX) {
        g->labels[0] = sc_strdup(a, "all");
        g->ngroups = 1;
        return g->labels[0] ? 0 : -1;
    }
    const sc_colspec *col = &t->schema->cols[scope];
    const double *v = t->cols[scope].values;
    int text = col->type == SCORE_TYPE_TEXT;
    void *sorted = sc_calloc(a, n ? n : 1, text ? sizeof(text_keyed) : sizeof(keyed));
    if (!sorted)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (text) {
            ((text_keyed *)sorted)[i].s = v[i] == v[i] ? sc_table_text(t, v[i]) : NULL;
            ((text_keyed *)sorted)[i].row = i;
        } else {
            ((keyed *)sorted)[i].v = v[i];
            ((keyed *)sorted)[i].row = i;
        }
    }
    qsort(sorted, n, text ? sizeof(text_keyed) : sizeof(keyed), text ? by_text : by_value);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t row;
        int same;
        char buf[40];
        const char *value;
        if (text) {
            const text_keyed *k = &((text_keyed *)sorted)[i];
            row = k->row;
            same = i > 0 && ((k->s == NULL && k[-1].s == NULL) ||
                             (k->s && k[-1].s && strcmp(k->s, k[-1].s) == 0));
            value = k->s ? k->s : "";
        } else {
            const keyed *k = &((keyed *)sorted)[i];
            row = k->row;
            same = i > 0 && (k->v == k[-1].v || (k->v != k->v && k[-1].v != k[-1].v));
            if (col->type == SCORE_TYPE_BOOL && k->v == k->v)
                snprintf(buf, sizeof buf, "%s", k->v != 0 ? "true" : "false");
            else
                sc_decimal_format(k->v, buf, sizeof buf);
            value = buf;
        }
        if (!same) {
            g->labels[g->ngroups] = label_of(a, col->name, value);
            if (!g->labels[g->ngroups])
                rc = -1;
            g->ngroups++;
        }
        g->group_of_row[row] = g->ngroups - 1;
    }
    sc_free(a, sorted);
    return rc;
}

/* ---- verdicts ---- */

static int holds(sc_cmp op, double x, double required)
{
    int c = sc_num_cmp(x, required);
    switch (op) {
    case SC_CMP_GE: return c >= 0;
    case SC_CMP_GT: return c > 0;
    case SC_CMP_LE: return c <= 0;
    case SC_CMP_LT: return c < 0;
    case SC_CMP_EQ: return c == 0;
    case SC_CMP_NE: return c != 0;
    }
    return 0;
}

static const char *op_text(sc_cmp op)
{
    static const char *const text[] = {">=", ">", "<=", "<", "==", "!="};
    return text[op];
}

/* The smallest whole number of rows k with `k op x` true (for >= and >),
 * or the largest (for <= and <), x read as a decimal. */
static double rows_bound(sc_cmp op, double x)
{
    double r = round(x);
    int whole = sc_num_near(x, r);
    switch (op) {
    case SC_CMP_GE: return whole ? r : ceil(x);
    case SC_CMP_GT: return whole ? r + 1 : ceil(x);
    case SC_CMP_LE: return whole ? r : floor(x);
    case SC_CMP_LT: return whole ? r - 1 : floor(x);
    default: return x;
    }
}

/*
 * A count of rows between lo (the unknown rows all failing) and hi (all
 * holding), against `op x`: met if it holds at both ends, not met if at
 * neither, else unknown; for == and != the whole range matters.
 */
static score_target_verdict decide_count(sc_cmp op, double lo, double hi, double x)
{
    if (op == SC_CMP_EQ || op == SC_CMP_NE) {
        double k = round(x);
        int reachable = sc_num_near(k, x) && k >= lo && k <= hi;
        int certain = lo == hi && sc_num_near(lo, x);
        if (op == SC_CMP_EQ)
            return certain ? SCORE_MET : reachable ? SCORE_TARGET_UNKNOWN : SCORE_NOT_MET;
        return certain ? SCORE_NOT_MET : reachable ? SCORE_TARGET_UNKNOWN : SCORE_MET;
    }
    int a = holds(op, lo, x), b = holds(op, hi, x);
    return a && b ? SCORE_MET : !a && !b ? SCORE_NOT_MET : SCORE_TARGET_UNKNOWN;
}

void sc_target_decide(const sc_target *tg, const acc *s, score_target_outcome *o)
{
    double n = (double)s->n, yes = (double)s->yes, unknown = (double)s->unknown;
    o->population = s->n;
    o->satisfied = s->yes;
    o->unknown = s->unknown;
    o->shortfall = NAN;
    o->op = op_text(tg->op);
    o->required = tg->required;
    switch (tg->agg) {
    case SC_AGG_ALL:
    case SC_AGG_NONE: {
        int all = tg->agg == SC_AGG_ALL;
        double failing = all ? n - yes - unknown : yes;
        o->op = all ? "all" : "none";
        o->actual = yes;
        o->required = all ? n : 0;
        o->verdict = failing > 0 ? SCORE_NOT_MET : unknown > 0 ? SCORE_TARGET_UNKNOWN : SCORE_MET;
        if (o->verdict != SCORE_MET)
            o->shortfall = failing;
        return;
    }
    case SC_AGG_COUNT:
    case SC_AGG_SHARE: {
        /* shares compare as counts against the required count: 21 of 70
         * meets 30% exactly */
        double x = tg->agg == SC_AGG_SHARE ? tg->required * n : tg->required;
        if (tg->agg == SC_AGG_SHARE && s->n == 0) {
            o->actual = NAN;
            o->verdict = SCORE_TARGET_UNKNOWN;
            return;
        }
        o->actual = tg->agg == SC_AGG_SHARE ? yes / n : yes;
        o->verdict = decide_count(tg->op, yes, yes + unknown, x);
        if (o->verdict != SCORE_MET) {
            double bound = rows_bound(tg->op, x);
            /* counted on the known rows, like the ledger: further rows
             * that must hold, or rows that must stop holding */
            if (tg->op == SC_CMP_GE || tg->op == SC_CMP_GT)
                o->shortfall = bound - yes;
            else if (tg->op == SC_CMP_LE || tg->op == SC_CMP_LT)
                o->shortfall = yes > bound ? yes - bound : 0;
            else if (tg->op == SC_CMP_EQ && sc_num_near(x, round(x)))
                o->shortfall = fabs(round(x) - yes); /* count(c) == 0: the rows to clear */
        }
        return;
    }
    case SC_AGG_SUM:
    case SC_AGG_AVG:
    case SC_AGG_MIN:
    case SC_AGG_MAX: {
        /* missing values are skipped, as in SQL */
        double v = tg->agg == SC_AGG_SUM ? s->sum
                 : s->known == 0          ? NAN
                 : tg->agg == SC_AGG_AVG  ? s->sum / (double)s->known
                 : tg->agg == SC_AGG_MIN  ? s->min
                                          : s->max;
        if (!isfinite(v)) /* no value, or a sum past the range of numbers */
            v = NAN;
        o->actual = v;
        if (v != v) {
            o->verdict = SCORE_TARGET_UNKNOWN;
            return;
        }
        o->verdict = holds(tg->op, v, tg->required) ? SCORE_MET : SCORE_NOT_MET;
        /* the amount a sum falls short by (or is over a ceiling by) */
        if (o->verdict == SCORE_NOT_MET && tg->agg == SC_AGG_SUM &&
            (tg->op == SC_CMP_GE || tg->op == SC_CMP_GT))
            o->shortfall = tg->required - v;
        else if (o->verdict == SCORE_NOT_MET && tg->agg == SC_AGG_SUM &&
                 (tg->op == SC_CMP_LE || tg->op == SC_CMP_LT))
            o->shortfall = v - tg->required;
        return;
    }
    }
}

static void accumulate(acc *s, sc_agg agg, double v)
{
    s->n++;
    int value = agg == SC_AGG_SUM || agg == SC_AGG_AVG || agg == SC_AGG_MIN || agg == SC_AGG_MAX;
    if (v != v) {
        s->unknown++;
        return;
    }
    if (!value) {
        s->yes += v != 0.0;
        return;
    }
    s->known++;
    s->sum += v;
    if (s->known == 1 || v < s->min)
        s->min = v;
    if (s->known == 1 || v > s->max)
        s->max = v;
}

/* Which rows stand in a group's way: those where the condition fails
 * (all, share >= x), those where it holds (none, share <= x, count == 0
 * with rows counted), or none (sums, and != ). */
typedef enum ledger_kind { LEDGER_NONE, LEDGER_FAILS, LEDGER_HOLDS } ledger_kind;

static ledger_kind ledger_of(const sc_target *tg, const acc *s)
{
    switch (tg->agg) {
    case SC_AGG_ALL:
        return LEDGER_FAILS;
    case SC_AGG_NONE:
        return LEDGER_HOLDS;
    case SC_AGG_COUNT:
    case SC_AGG_SHARE:
        break;
    default:
        return LEDGER_NONE;
    }
    if (tg->op == SC_CMP_GE || tg->op == SC_CMP_GT)
        return LEDGER_FAILS;
    if (tg->op == SC_CMP_LE || tg->op == SC_CMP_LT)
        return LEDGER_HOLDS;
    if (tg->op == SC_CMP_EQ) { /* on the side the count is off */
        double x = tg->agg == SC_AGG_SHARE ? tg->required * (double)s->n : tg->required;
        int c = sc_num_cmp((double)s->yes, x);
        return c > 0 ? LEDGER_HOLDS : c < 0 ? LEDGER_FAILS : LEDGER_NONE;
    }
    return LEDGER_NONE;
}

static int falls_short(ledger_kind kind, double v)
{
    if (v != v)
        return 0;
    return kind == LEDGER_FAILS ? v == 0.0 : kind == LEDGER_HOLDS ? v != 0.0 : 0;
}

/* One outcome per group of a target over one scope's grouping. */
static int add_outcomes(score_result *r, const grouping *gp, size_t target,
                        const unsigned char *pop, const double *val)
{
    const score_allocator *a = &r->alloc;
    const sc_target *tg = &r->rs->targets[target];
    const grouping g = *gp;
    acc *sums = sc_calloc(a, g.ngroups + 1, sizeof *sums);
    if (!sums || sc_grow(a, (void **)&r->outcomes, &r->capoutcomes, r->noutcomes + g.ngroups,
                         sizeof *r->outcomes)) {
        sc_free(a, sums);
        return SCORE_ENOMEM;
    }
    size_t n = r->nrows;
    for (size_t row = 0; row < n; row++)
        if (pop[row] == SCORE_TRUE)
            accumulate(&sums[g.group_of_row[row]], tg->agg, val[row]);
    size_t first = r->noutcomes;
    int rc = 0;
    for (size_t k = 0; k < g.ngroups; k++) {
        sc_outcome *o = &r->outcomes[r->noutcomes++];
        memset(o, 0, sizeof *o);
        o->pub.target = target;
        if (!(o->scope = sc_strdup(a, g.labels[k])))
            rc = SCORE_ENOMEM;
        o->pub.scope = o->scope;
        o->acc = sums[k];
        sc_target_decide(tg, &sums[k], &o->pub);
    }
    /* the ledgers: count, then fill in row order */
    ledger_kind *kind = rc ? NULL : sc_calloc(a, g.ngroups + 1, sizeof *kind);
    if (!kind) {
        sc_free(a, sums);
        return SCORE_ENOMEM;
    }
    for (size_t k = 0; k < g.ngroups; k++)
        kind[k] = ledger_of(tg, &sums[k]);
    for (size_t row = 0; row < n; row++)
        if (pop[row] == SCORE_TRUE && falls_short(kind[g.group_of_row[row]], val[row]))
            r->outcomes[first + g.group_of_row[row]].pub.nfailing++;
    for (size_t k = 0; k < g.ngroups && !rc; k++) {
        sc_outcome *o = &r->outcomes[first + k];
        if (o->pub.nfailing && !(o->failing = sc_calloc(a, o->pub.nfailing, sizeof(size_t))))
            rc = SCORE_ENOMEM;
        o->pub.failing = o->failing;
        o->pub.nfailing = 0;
    }
    for (size_t row = 0; row < n && !rc; row++)
        if (pop[row] == SCORE_TRUE && falls_short(kind[g.group_of_row[row]], val[row])) {
            sc_outcome *o = &r->outcomes[first + g.group_of_row[row]];
            o->failing[o->pub.nfailing++] = row;
        }
    sc_free(a, kind);
    sc_free(a, sums);
    return rc;
}

int sc_aggregate_targets(score_result *r, const score_table *t, const unsigned char *pop,
                         const double *val)
{
    const score_ruleset *rs = r->rs;
    const score_allocator *a = &r->alloc;
    /* The groups of a scope do not depend on the target: rows are sorted
     * once per scope column, however many targets use it. */
    size_t nscopes = 0;
    for (size_t k = 0; k < rs->ntargets; k++)
        nscopes += rs->targets[k].nscopes;
    size_t *scope_col = sc_calloc(a, nscopes + 1, sizeof *scope_col);
    grouping *groups = sc_calloc(a, nscopes + 1, sizeof *groups);
    size_t ngroupings = 0;
    int rc = scope_col && groups ? 0 : SCORE_ENOMEM;
    for (size_t k = 0; !rc && k < rs->ntargets; k++) {
        for (size_t s = 0; !rc && s < rs->targets[k].nscopes; s++) {
            size_t col = rs->targets[k].scopes[s], g = 0;
            while (g < ngroupings && scope_col[g] != col)
                g++;
            if (g == ngroupings) {
                scope_col[ngroupings++] = col;
                if (group_rows(a, t, col, &groups[g])) {
                    rc = SCORE_ENOMEM;
                    break;
                }
            }
            rc = add_outcomes(r, &groups[g], k, pop + k * r->nrows, val + k * r->nrows);
        }
    }
    for (size_t g = 0; groups && g < ngroupings; g++)
        grouping_free(a, &groups[g]);
    sc_free(a, groups);
    sc_free(a, scope_col);
    return rc;
}
