/*
 * Tier allocation (DESIGN.md, "Tier allocation"): each row qualifies for
 * the highest level whose requirements all hold, within its step limit;
 * then from the highest level down the candidates are ranked (rank_by
 * descending, missing last, ties by key in byte order) and the first
 * min(quota, floor(cap x applicants)) are awarded; the rest drop to the
 * level below and compete there (末位淘汰).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "result.h"

typedef struct candidate {
    double rank;
    const char *key; /* NULL sorts after every key */
    size_t row;
} candidate;

/* A rank value rounded to 15 significant digits once, so that values
 * equal as decimals tie and the order compares exactly (a tolerance in the
 * comparison itself would not be transitive). */
static double canonical(double x)
{
    if (x == 0 || !isfinite(x))
        return x;
    int e = (int)floor(log10(fabs(x)));
    if (e < -280 || e > 280)
        return x;
    double scale = pow(10.0, 14 - e);
    return nearbyint(x * scale) / scale;
}

static int by_rank_then_key(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    int ma = a->rank != a->rank, mb = b->rank != b->rank;
    if (ma != mb)
        return ma - mb; /* missing ranks last */
    if (!ma && a->rank != b->rank)
        return a->rank > b->rank ? -1 : 1; /* descending */
    if (a->key && b->key) {
        int c = strcmp(a->key, b->key); /* byte order of UTF-8 */
        if (c)
            return c;
    } else if (a->key != b->key) {
        return a->key ? -1 : 1;
    }
    return a->row < b->row ? -1 : a->row > b->row;
}

/* floor(x), reading x as a decimal: 30% of 10 applicants is 3, although
 * 0.3 * 10 is 3.0000000000000004 in binary, and 29% of 100 is 29. */
static double decimal_floor(double x)
{
    double r = round(x);
    return sc_num_near(x, r) ? r : floor(x);
}

/* The level a prior value stands for: a level id (text) or a 1-based
 * level number; -1 below the lowest (not a level), -2 when missing. */
static int prior_level(const sc_tiers *t, const score_table *tab, size_t row)
{
    double v = tab->cols[t->prior_col].values[row];
    if (v != v)
        return -2; /* missing: a first rating, no limit */
    if (t->prior_type == SC_TYPE_NUMBER) {
        /* a level number past the top counts as the top level */
        double k = round(v) - 1;
        return k < 0 ? -1 : k >= (double)t->nlevels ? (int)t->nlevels - 1 : (int)k;
    }
    const char *id = sc_table_text(tab, v);
    for (size_t k = 0; k < t->nlevels; k++)
        if (strcmp(t->levels[k].id, id) == 0)
            return (int)k;
    return -1;
}

static void qualify(score_result *r, const score_table *tab)
{
    const sc_tiers *t = &r->rs->tiers;
    size_t n = r->nrows;
    for (size_t row = 0; row < n; row++) {
        int q = -1;
        if (r->eligible[row] == SCORE_TRUE) {
            r->applicants++;
            for (size_t k = t->nlevels; k-- > 0;)
                if (r->level_met[k * n + row] == SCORE_TRUE) {
                    q = (int)k;
                    break;
                }
        }
        r->qualified[row] = (int16_t)q;
        r->awarded[row] = -1;
        r->step_limit[row] = -1;
        if (t->has_prior && t->max_step == t->max_step) {
            int p = prior_level(t, tab, row);
            if (p != -2) {
                double lim = p + t->max_step;
                if (lim > (double)t->nlevels - 1)
                    lim = (double)t->nlevels - 1;
                r->step_limit[row] = (int16_t)(lim < 0 ? -2 : lim); /* -2: no level at all */
            }
        }
    }
}

int sc_allocate_tiers(score_result *r, const score_table *tab, size_t applicants)
{
    const sc_tiers *t = &r->rs->tiers;
    size_t n = r->nrows;
    qualify(r, tab);
    if (applicants) /* this table is one part of the population */
        r->applicants = applicants;
    candidate *c = sc_calloc(&r->alloc, n ? n : 1, sizeof *c);
    if (!c)
        return SCORE_ENOMEM;
    for (size_t k = t->nlevels; k-- > 0;) {
        const sc_level *lv = &t->levels[k];
        size_t m = 0;
        for (size_t row = 0; row < n; row++) {
            int reach = r->qualified[row];
            if (r->step_limit[row] != -1 && r->step_limit[row] < reach)
                reach = r->step_limit[row];
            /* a candidate reaches this level (by criteria and step
             * limit), meets it, and has not been awarded above */
            if (r->awarded[row] < 0 && reach >= (int)k &&
                r->level_met[k * n + row] == SCORE_TRUE) {
                c[m].rank = canonical(r->rank[row]);
                c[m].key = score_table_key(tab, row);
                c[m].row = row;
                m++;
            }
        }
        qsort(c, m, sizeof *c, by_rank_then_key);
        double limit = (double)m;
        if (lv->quota == lv->quota && lv->quota < limit)
            limit = lv->quota;
        if (lv->cap == lv->cap) {
            double cap = decimal_floor(lv->cap * (double)r->applicants);
            if (cap < limit)
                limit = cap;
        }
        r->candidates[k] = m;
        r->limit[k] = (size_t)limit;
        /* the first left out, if it tied with the last awarded, lost on its key */
        r->tie_lost[k] = r->limit[k] > 0 && r->limit[k] < m &&
                         c[r->limit[k]].rank == c[r->limit[k] - 1].rank;
        for (size_t i = 0; i < m; i++) {
            r->tier_rank[k * n + c[i].row] = (uint32_t)(i + 1);
            if (i < r->limit[k]) {
                r->awarded[c[i].row] = (int16_t)k;
                r->nawarded[k]++;
            }
        }
    }
    sc_free(&r->alloc, c);
    return 0;
}
