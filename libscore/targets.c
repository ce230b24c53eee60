/*
 * Target aggregation (docs/rulesets.md, "Verdicts"): per target and
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
#include "parallel.h"
#include "result.h"

typedef sc_target_acc acc;

/* ---- scope groups ---- */

typedef struct grouping {
    uint32_t *group_of_row;
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

typedef struct text_group {
    const char *s;
    uint32_t code;
} text_group;

static int by_text(const void *pa, const void *pb)
{
    const text_group *a = pa, *b = pb;
    return strcmp(a->s, b->s);
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

/* The groups of a text column: its distinct codes, ordered by their text
 * (byte order), then one group for the rows where it is missing. Rows are
 * read twice, the few distinct values sorted once. */
static int group_text(const score_allocator *a, const score_table *t, size_t scope, grouping *g)
{
    size_t n = t->nrows, ncodes = t->dict.count;
    const char *field = t->schema->cols[scope].name;
    const double *v = t->cols[scope].values;
    uint32_t *group_of_code = sc_calloc(a, ncodes + 1, sizeof *group_of_code);
    if (!group_of_code)
        return -1;
    size_t distinct = 0;
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] != v[i])
            missing = 1;
        else if (!group_of_code[(size_t)v[i]]) {
            group_of_code[(size_t)v[i]] = 1;
            distinct++;
        }
    }
    text_group *order = sc_calloc(a, distinct + 1, sizeof *order);
    g->labels = sc_calloc(a, distinct + 2, sizeof *g->labels);
    int rc = order && g->labels ? 0 : -1;
    for (size_t c = 0, k = 0; !rc && c < ncodes; c++)
        if (group_of_code[c]) {
            order[k].s = sc_dict_str(&t->dict, (uint32_t)c);
            order[k].code = (uint32_t)c;
            k++;
        }
    if (!rc)
        qsort(order, distinct, sizeof *order, by_text);
    for (size_t k = 0; !rc && k < distinct; k++) {
        group_of_code[order[k].code] = (uint32_t)k;
        if (!(g->labels[g->ngroups++] = label_of(a, field, order[k].s)))
            rc = -1;
    }
    if (!rc && missing && !(g->labels[g->ngroups++] = label_of(a, field, "")))
        rc = -1;
    for (size_t i = 0; !rc && i < n; i++)
        g->group_of_row[i] = v[i] != v[i] ? (uint32_t)distinct : group_of_code[(size_t)v[i]];
    sc_free(a, order);
    sc_free(a, group_of_code);
    return rc;
}

/* Groups of a scope come from all rows, ordered by value (text in byte
 * order, numbers ascending), a missing value last as "FIELD=". */
static int group_rows(const score_allocator *a, const score_table *t, size_t scope, grouping *g)
{
    size_t n = t->nrows;
    memset(g, 0, sizeof *g);
    if (scope == SIZE_MAX) {
        g->group_of_row = sc_calloc(a, n ? n : 1, sizeof *g->group_of_row);
        g->labels = sc_calloc(a, 1, sizeof *g->labels);
        if (!g->group_of_row || !g->labels || !(g->labels[0] = sc_strdup(a, "all")))
            return -1;
        g->ngroups = 1;
        return 0;
    }
    /* every row's group is written below */
    g->group_of_row = sc_malloc(a, (n ? n : 1) * sizeof *g->group_of_row);
    if (!g->group_of_row)
        return -1;
    const sc_colspec *col = &t->schema->cols[scope];
    if (col->type == SCORE_TYPE_TEXT)
        return group_text(a, t, scope, g);
    g->labels = sc_calloc(a, n + 1, sizeof *g->labels);
    if (!g->labels)
        return -1;
    const double *v = t->cols[scope].values;
    keyed *sorted = sc_calloc(a, n ? n : 1, sizeof *sorted);
    if (!sorted)
        return -1;
    for (size_t i = 0; i < n; i++) {
        sorted[i].v = v[i];
        sorted[i].row = i;
    }
    qsort(sorted, n, sizeof *sorted, by_value);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const keyed *k = &sorted[i];
        int same = i > 0 && (k->v == k[-1].v || (k->v != k->v && k[-1].v != k[-1].v));
        if (!same) {
            char buf[40];
            if (col->type == SCORE_TYPE_BOOL && k->v == k->v)
                snprintf(buf, sizeof buf, "%s", k->v != 0 ? "true" : "false");
            else
                sc_decimal_format(k->v, buf, sizeof buf);
            g->labels[g->ngroups] = label_of(a, col->name, buf);
            if (!g->labels[g->ngroups])
                rc = -1;
            g->ngroups++;
        }
        g->group_of_row[k->row] = (uint32_t)(g->ngroups - 1);
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

/* ---- aggregation: one pass over the rows per target, all its scopes
 * at once; targets are shared out among the result's threads ---- */

static int uses_values(sc_agg agg)
{
    return agg == SC_AGG_SUM || agg == SC_AGG_AVG || agg == SC_AGG_MIN || agg == SC_AGG_MAX;
}

typedef struct agg_job {
    score_result *r;
    const sc_target_rows *rows; /* per target */
    const grouping *groupings;
    size_t *grouping_of;        /* per target and scope: its grouping */
    size_t *first;              /* per target and scope: its first outcome */
    size_t *scope_at;           /* per target: its first entry in the two above */
    acc *accs;                  /* per outcome */
    ledger_kind *kinds;         /* per outcome */
    size_t *filled;             /* per outcome: ledger rows written */
    size_t **lists;             /* per target: its ledger rows, or NULL */
    size_t *list_scope;         /* per target: the scope whose ledger the list
                                   is (scope all), or SIZE_MAX: scratch */
} agg_job;

/* The rows of target k, into the aggregates of each of its scopes'
 * groups, in row order (so that a sum is the same on any thread). Rows of
 * one group tend to come together (villages by town): a run of them is
 * counted in locals, with the same operations in the same order. */
static void accumulate_target(const agg_job *job, size_t k)
{
    const score_result *r = job->r;
    const sc_target *tg = &r->rs->targets[k];
    const sc_target_rows *tr = &job->rows[k];
    size_t n = r->nrows;
    for (size_t s = 0; s < tg->nscopes; s++) {
        const uint32_t *group = job->groupings[job->grouping_of[job->scope_at[k] + s]].group_of_row;
        acc *a = job->accs + job->first[job->scope_at[k] + s];
        if (uses_values(tg->agg)) {
            for (size_t row = 0; row < n; row++) {
                if (tr->pop && tr->pop[row] != SCORE_TRUE)
                    continue;
                acc *g = &a[group[row]];
                double v = tr->val[row];
                g->n++;
                if (v != v) {
                    g->unknown++;
                    continue;
                }
                g->known++;
                g->sum += v;
                if (g->known == 1 || v < g->min)
                    g->min = v;
                if (g->known == 1 || v > g->max)
                    g->max = v;
            }
            continue;
        }
        size_t row = 0;
        while (row < n) {
            uint32_t cur = group[row];
            size_t cn = 0, yes = 0, unknown = 0;
            for (; row < n && group[row] == cur; row++) {
                int in = !tr->pop || tr->pop[row] == SCORE_TRUE;
                unsigned char c = tr->cond ? tr->cond[row] : SCORE_TRUE; /* count() */
                cn += in;
                yes += in & (c == SCORE_TRUE);
                unknown += in & (c == SCORE_UNKNOWN);
            }
            a[cur].n += cn;
            a[cur].yes += yes;
            a[cur].unknown += unknown;
        }
    }
}

static void accumulate_part(void *ctx, size_t part, size_t nparts)
{
    const agg_job *job = ctx;
    for (size_t k = part; k < job->r->rs->ntargets; k += nparts)
        accumulate_target(job, k);
}

/* Whether a row stands in its group's way (see ledger_kind). */
static int falls_short(ledger_kind kind, const sc_target_rows *tr, size_t row)
{
    if (kind == LEDGER_NONE || tr->val)
        return 0;
    unsigned char c = tr->cond ? tr->cond[row] : SCORE_TRUE; /* count() */
    return kind == LEDGER_FAILS ? c == SCORE_FALSE : c == SCORE_TRUE;
}

/* The rows of a ledger kind in a group whose aggregates are s. */
static size_t ledger_rows(ledger_kind kind, const acc *s)
{
    return kind == LEDGER_FAILS ? s->n - s->yes - s->unknown : kind == LEDGER_HOLDS ? s->yes : 0;
}

/* The ledgers of target k, filled in row order: the rows that fall short
 * are listed once, then dealt out to the groups of each scope (unless the
 * kind of ledger differs from group to group). */
static void fill_target(const agg_job *job, size_t k)
{
    const score_result *r = job->r;
    const sc_target *tg = &r->rs->targets[k];
    const sc_target_rows *tr = &job->rows[k];
    size_t *list = job->lists[k], m = 0;
    if (list) {
        ledger_kind kind = job->kinds[job->first[job->scope_at[k]]];
        for (size_t row = 0; row < r->nrows; row++)
            if ((!tr->pop || tr->pop[row] == SCORE_TRUE) && falls_short(kind, tr, row))
                list[m++] = row;
    }
    for (size_t s = 0; s < tg->nscopes; s++) {
        const grouping *gp = &job->groupings[job->grouping_of[job->scope_at[k] + s]];
        size_t first = job->first[job->scope_at[k] + s];
        if (s == job->list_scope[k]) { /* the list is this ledger */
            job->filled[first] = m;
            continue;
        }
        for (size_t i = 0; list && i < m; i++) {
            size_t o = first + gp->group_of_row[list[i]];
            r->outcomes[o].failing[job->filled[o]++] = list[i];
        }
        int any = 0;
        for (size_t g = 0; !list && g < gp->ngroups; g++)
            any |= r->outcomes[first + g].failing != NULL;
        for (size_t row = 0; any && row < r->nrows; row++) {
            if (tr->pop && tr->pop[row] != SCORE_TRUE)
                continue;
            size_t o = first + gp->group_of_row[row];
            if (falls_short(job->kinds[o], tr, row))
                r->outcomes[o].failing[job->filled[o]++] = row;
        }
    }
}

/* Whether target k's ledger rows are the same in every group (all but a
 * count or share compared with ==), and how many they are. */
static int ledger_is_shared(const agg_job *job, size_t k, size_t *rows)
{
    const sc_target *tg = &job->r->rs->targets[k];
    if (tg->nscopes == 0 || ((tg->agg == SC_AGG_COUNT || tg->agg == SC_AGG_SHARE) &&
                             tg->op == SC_CMP_EQ))
        return 0;
    size_t at = job->scope_at[k], first = job->first[at];
    const grouping *gp = &job->groupings[job->grouping_of[at]];
    *rows = 0;
    for (size_t g = 0; g < gp->ngroups; g++)
        *rows += job->r->outcomes[first + g].pub.nfailing;
    return *rows > 0;
}

static void fill_part(void *ctx, size_t part, size_t nparts)
{
    const agg_job *job = ctx;
    for (size_t k = part; k < job->r->rs->ntargets; k += nparts)
        fill_target(job, k);
}

/* The outcome's scope, "all" or "FIELD=VALUE", kept as "FIELD=VALUE\0FIELD"
 * so that the field and the value can be handed over apart. */
static int set_scope(const score_allocator *a, sc_outcome *out, const char *label)
{
    size_t len = strlen(label);
    const char *eq = strchr(label, '=');
    size_t lf = eq ? (size_t)(eq - label) : 0;
    char *s = sc_malloc(a, len + 1 + (eq ? lf + 1 : 0));
    if (!s)
        return -1;
    memcpy(s, label, len + 1);
    if (eq) {
        memcpy(s + len + 1, label, lf);
        s[len + 1 + lf] = '\0';
        out->scope_field = s + len + 1;
        out->scope_value = s + lf + 1;
    }
    out->scope = s;
    out->pub.scope = s;
    return 0;
}

/* Outcome o of target k in group g of its grouping: decided, with its
 * scope and an empty ledger of the right size. */
static int make_outcome(score_result *r, agg_job *job, size_t k, const grouping *gp, size_t g,
                        size_t o)
{
    const score_allocator *a = sc_result_alloc(r);
    const sc_target *tg = &r->rs->targets[k];
    sc_outcome *out = &r->outcomes[o];
    out->pub.target = k;
    out->acc = job->accs[o];
    sc_target_decide(tg, &job->accs[o], &out->pub);
    if (set_scope(a, out, gp->labels[g]) != 0)
        return SCORE_ENOMEM;
    job->kinds[o] = ledger_of(tg, &job->accs[o]);
    out->pub.nfailing = ledger_rows(job->kinds[o], &job->accs[o]);
    return 0;
}

/* Every ledger in one block (one allocation, written once), in outcome
 * order. */
static int make_ledgers(score_result *r)
{
    size_t total = 0;
    for (size_t o = 0; o < r->noutcomes; o++)
        total += r->outcomes[o].pub.nfailing;
    if (!total)
        return 0;
    if (total > SIZE_MAX / sizeof(size_t) ||
        !(r->ledgers = sc_malloc(sc_result_alloc(r), total * sizeof(size_t))))
        return SCORE_ENOMEM;
    size_t *next = r->ledgers;
    for (size_t o = 0; o < r->noutcomes; o++) {
        sc_outcome *out = &r->outcomes[o];
        out->failing = out->pub.nfailing ? next : NULL;
        out->pub.failing = out->failing;
        next += out->pub.nfailing;
    }
    return 0;
}

int sc_aggregate_targets(score_result *r, const score_table *t, const sc_target_rows *rows)
{
    const score_ruleset *rs = r->rs;
    const score_allocator *a = sc_result_alloc(r);
    size_t nscopes = 0;
    for (size_t k = 0; k < rs->ntargets; k++)
        nscopes += rs->targets[k].nscopes;
    agg_job job;
    memset(&job, 0, sizeof job);
    job.r = r;
    job.rows = rows;
    size_t *scope_col = sc_calloc(a, nscopes + 1, sizeof *scope_col);
    grouping *groups = sc_calloc(a, nscopes + 1, sizeof *groups);
    job.grouping_of = sc_calloc(a, nscopes + 1, sizeof *job.grouping_of);
    job.first = sc_calloc(a, nscopes + 1, sizeof *job.first);
    job.scope_at = sc_calloc(a, rs->ntargets + 1, sizeof *job.scope_at);
    size_t ngroupings = 0, noutcomes = 0;
    int rc = scope_col && groups && job.grouping_of && job.first && job.scope_at ? 0 : SCORE_ENOMEM;
    /* The groups of a scope do not depend on the target: rows are grouped
     * once per scope column, however many targets use it. */
    for (size_t k = 0, at = 0; !rc && k < rs->ntargets; k++) {
        job.scope_at[k] = at;
        for (size_t s = 0; !rc && s < rs->targets[k].nscopes; s++, at++) {
            size_t col = rs->targets[k].scopes[s], g = 0;
            while (g < ngroupings && scope_col[g] != col)
                g++;
            if (g == ngroupings) {
                scope_col[ngroupings++] = col;
                if (group_rows(a, t, col, &groups[g]))
                    rc = SCORE_ENOMEM;
            }
            job.grouping_of[at] = g;
            job.first[at] = noutcomes;
            noutcomes += groups[g].ngroups;
        }
    }
    job.groupings = groups;
    if (!rc) {
        r->outcomes = sc_calloc(a, noutcomes + 1, sizeof *r->outcomes);
        job.accs = sc_calloc(a, noutcomes + 1, sizeof *job.accs);
        job.kinds = sc_calloc(a, noutcomes + 1, sizeof *job.kinds);
        job.filled = sc_calloc(a, noutcomes + 1, sizeof *job.filled);
        rc = r->outcomes && job.accs && job.kinds && job.filled ? 0 : SCORE_ENOMEM;
    }
    size_t parts = r->threads < rs->ntargets ? r->threads : rs->ntargets;
    if (!rc)
        sc_parallel(parts, accumulate_part, &job);
    for (size_t k = 0; !rc && k < rs->ntargets; k++) {
        for (size_t s = 0; !rc && s < rs->targets[k].nscopes; s++) {
            size_t at = job.scope_at[k] + s;
            const grouping *gp = &groups[job.grouping_of[at]];
            for (size_t g = 0; !rc && g < gp->ngroups; g++) {
                rc = make_outcome(r, &job, k, gp, g, job.first[at] + g);
                r->noutcomes++; /* freed with the result, whatever it holds */
            }
        }
    }
    if (!rc)
        rc = make_ledgers(r);
    if (!rc && (!(job.lists = sc_calloc(a, rs->ntargets + 1, sizeof *job.lists)) ||
                !(job.list_scope = sc_calloc(a, rs->ntargets + 1, sizeof *job.list_scope))))
        rc = SCORE_ENOMEM;
    for (size_t k = 0, m; !rc && k < rs->ntargets; k++) {
        job.list_scope[k] = SIZE_MAX;
        if (!ledger_is_shared(&job, k, &m))
            continue;
        /* with scope all, the list is written straight into its ledger */
        for (size_t s = 0; s < rs->targets[k].nscopes && job.list_scope[k] == SIZE_MAX; s++)
            if (rs->targets[k].scopes[s] == SIZE_MAX) {
                job.list_scope[k] = s;
                job.lists[k] = r->outcomes[job.first[job.scope_at[k] + s]].failing;
            }
        if (!job.lists[k] && !(job.lists[k] = sc_malloc(a, m * sizeof(size_t))))
            rc = SCORE_ENOMEM;
    }
    if (!rc)
        sc_parallel(parts, fill_part, &job);
    for (size_t k = 0; job.lists && k < rs->ntargets; k++)
        if (job.list_scope && job.list_scope[k] == SIZE_MAX)
            sc_free(a, job.lists[k]);
    sc_free(a, job.lists);
    sc_free(a, job.list_scope);
    for (size_t g = 0; groups && g < ngroupings; g++)
        grouping_free(a, &groups[g]);
    sc_free(a, groups);
    sc_free(a, scope_col);
    sc_free(a, job.grouping_of);
    sc_free(a, job.first);
    sc_free(a, job.scope_at);
    sc_free(a, job.accs);
    sc_free(a, job.kinds);
    sc_free(a, job.filled);
    return rc;
}
