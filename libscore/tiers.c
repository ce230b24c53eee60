/*
 * Tier allocation (docs/rulesets.md, "Allocation"): each row qualifies for
 * the highest level whose requirements all hold, within its step limit;
 * then from the highest level down the candidates are ranked (rank_by
 * descending, missing last, ties by key in byte order) and the first
 * min(quota, floor(cap x applicants)) are awarded; the rest drop to the
 * level below and compete there (末位淘汰).
 *
 * The order of rows is the same at every level, so the rows that can be a
 * candidate anywhere are sorted once (in parts on the result's threads,
 * then merged); each level then walks that order and picks its own
 * candidates. The order is total (the row index breaks the last ties), so
 * the outcome does not depend on the number of threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "parallel.h"
#include "result.h"

/* A row in the ranking order, with the sort keys at hand. */
typedef struct candidate {
    uint64_t order;     /* the rank, descending, missing last (see rank_order) */
    uint64_t prefix[2]; /* the key's first 16 bytes, big-endian, zero-padded;
                           UINT64_MAX missing */
    size_t row;
} candidate;

#define MISSING_ORDER UINT64_MAX
#define MISSING_KEY UINT64_MAX /* no byte of UTF-8 text is 0xFF */

static const double pow10_small[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

/* A rank value rounded to 15 significant digits once, so that values
 * equal as decimals tie and the order compares exactly (a tolerance in the
 * comparison itself would not be transitive). */
double sc_rank_canonical(double x)
{
    if (x == 0 || !isfinite(x))
        return x;
    /* The common case costs no logarithm: x is the double nearest a
     * decimal m / 10^k of at most 14 digits, which the rounding below
     * gives back unchanged (x * 10^(14-e) is then within a tenth of the
     * whole number m * 10^(14-e-k) < 2^53, and dividing that exact
     * number by the exact power is x again). */
    for (size_t k = 0; k < sizeof pow10_small / sizeof pow10_small[0]; k++) {
        double m = nearbyint(x * pow10_small[k]);
        if (fabs(m) < 1e14 && m / pow10_small[k] == x)
            return x;
    }
    int e = (int)floor(log10(fabs(x)));
    if (e < -280 || e > 280)
        return x;
    double scale = pow(10.0, 14 - e);
    return nearbyint(x * scale) / scale;
}

/* Doubles as unsigned integers in descending order, missing (NaN) last;
 * -0 is 0. */
static uint64_t rank_order(double x)
{
    if (x != x)
        return MISSING_ORDER;
    if (x == 0)
        x = 0.0;
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    u = u >> 63 ? ~u : u | UINT64_C(0x8000000000000000); /* ascending */
    u = ~u;                                              /* descending */
    return u == MISSING_ORDER ? MISSING_ORDER - 1 : u;   /* -inf is never a rank */
}

/* Bytes [from, from + 8) of a key as a big-endian number, zero-padded;
 * *end is set at the key's end. */
static uint64_t key_bytes(const char *key, size_t from, int *end)
{
    uint64_t p = 0;
    size_t i = 0;
    for (; i < 8 && !*end; i++) {
        unsigned char ch = (unsigned char)key[from + i];
        if (!ch) {
            *end = 1;
            break;
        }
        p = p << 8 | ch;
    }
    return i == 0 ? 0 : i == 8 ? p : p << (8 * (8 - i));
}

/* The sort keys of a key: its first 16 bytes. Most keys (village codes,
 * member numbers) are no longer, so ties of rank rarely read the text. */
static void key_prefix(const char *key, uint64_t prefix[2])
{
    if (!key) {
        prefix[0] = prefix[1] = MISSING_KEY;
        return;
    }
    int end = 0;
    prefix[0] = key_bytes(key, 0, &end);
    prefix[1] = end ? 0 : key_bytes(key, 8, &end);
}

/* a before b: rank descending (missing last), key in byte order (missing
 * last), row. */
static inline int before(const candidate *a, const candidate *b, const score_table *t)
{
    if (a->order != b->order)
        return a->order < b->order;
    if (a->prefix[0] != b->prefix[0])
        return a->prefix[0] < b->prefix[0];
    if (a->prefix[1] != b->prefix[1])
        return a->prefix[1] < b->prefix[1];
    if (a->prefix[0] != MISSING_KEY) {
        int c = strcmp(score_table_key(t, a->row), score_table_key(t, b->row));
        if (c)
            return c < 0;
    }
    return a->row < b->row;
}

/* ---- sorting ---- */

static void merge(const candidate *a, size_t na, const candidate *b, size_t nb, candidate *out,
                  const score_table *t)
{
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb)
        out[k++] = before(&b[j], &a[i], t) ? b[j++] : a[i++];
    while (i < na)
        out[k++] = a[i++];
    while (j < nb)
        out[k++] = b[j++];
}

#define RUN 16

/* Sort c[0..n) (merge sort: stable, and no recursion), tmp as scratch. */
static void sort_candidates(candidate *c, candidate *tmp, size_t n, const score_table *t)
{
    for (size_t lo = 0; lo < n; lo += RUN) {
        size_t hi = lo + RUN < n ? lo + RUN : n;
        for (size_t i = lo + 1; i < hi; i++) {
            candidate x = c[i];
            size_t j = i;
            while (j > lo && before(&x, &c[j - 1], t)) {
                c[j] = c[j - 1];
                j--;
            }
            c[j] = x;
        }
    }
    candidate *src = c, *dst = tmp;
    for (size_t width = RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge(src + lo, mid - lo, src + mid, hi - mid, dst + lo, t);
        }
        candidate *swap = src;
        src = dst;
        dst = swap;
    }
    if (src != c)
        memcpy(c, src, n * sizeof *c);
}

/* ---- the work shared by the threads ---- */

typedef struct tier_job {
    score_result *r;
    const score_table *t;
    size_t *count;      /* per part: applicants, then candidates */
    size_t *applicants; /* per part */
    candidate *c, *tmp;
    size_t *run_lo;     /* per part: where its sorted run starts in c */
    size_t nruns;
} tier_job;

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

/* The highest level a row can be a candidate for: qualified and step limit. */
static int reach_of(const score_result *r, size_t row)
{
    int reach = r->qualified[row];
    if (r->step_limit[row] != -1 && r->step_limit[row] < reach)
        reach = r->step_limit[row];
    return reach;
}

/* Qualified level and step limit of the part's rows; counts applicants
 * and the rows that can be a candidate. */
static void qualify_part(void *ctx, size_t part, size_t nparts)
{
    tier_job *job = ctx;
    score_result *r = job->r;
    const sc_tiers *t = &r->rs->tiers;
    size_t n = r->nrows, lo, hi, applicants = 0, candidates = 0;
    sc_part_range(n, part, nparts, &lo, &hi);
    for (size_t row = lo; row < hi; row++) {
        int q = -1;
        if (r->eligible[row] == SCORE_TRUE) {
            applicants++;
            for (size_t k = t->nlevels; k-- > 0;)
                if (r->level_met[k * n + row] == SCORE_TRUE) {
                    q = (int)k;
                    break;
                }
        }
        r->qualified[row] = q;
        r->awarded[row] = -1;
        r->step_limit[row] = -1;
        if (t->has_prior && t->max_step == t->max_step) {
            int p = prior_level(t, job->t, row);
            if (p != -2) {
                double lim = p + t->max_step;
                if (lim > (double)t->nlevels - 1)
                    lim = (double)t->nlevels - 1;
                r->step_limit[row] = (int)(lim < 0 ? -2 : lim); /* -2: no level at all */
            }
        }
        candidates += reach_of(r, row) >= 0;
    }
    job->applicants[part] = applicants;
    job->count[part] = candidates;
}

/* The part's candidates with their sort keys, sorted. */
static void sort_part(void *ctx, size_t part, size_t nparts)
{
    tier_job *job = ctx;
    const score_result *r = job->r;
    size_t lo, hi, at = job->run_lo[part];
    sc_part_range(r->nrows, part, nparts, &lo, &hi);
    candidate *c = job->c + at;
    size_t m = 0;
    for (size_t row = lo; row < hi; row++) {
        if (reach_of(r, row) < 0)
            continue;
        c[m].order = rank_order(sc_rank_canonical(r->rank[row]));
        key_prefix(score_table_key(job->t, row), c[m].prefix);
        c[m].row = row;
        m++;
    }
    sort_candidates(c, job->tmp + at, m, job->t);
}

/* One round of merging sorted runs two by two, from c into tmp. */
static void merge_part(void *ctx, size_t part, size_t nparts)
{
    (void)nparts;
    tier_job *job = ctx;
    size_t a = 2 * part, b = a + 1, lo = job->run_lo[a];
    if (b >= job->nruns) { /* an odd run out: copied as it is */
        memcpy(job->tmp + lo, job->c + lo, (job->run_lo[job->nruns] - lo) * sizeof *job->c);
        return;
    }
    size_t mid = job->run_lo[b], hi = job->run_lo[b + 1];
    merge(job->c + lo, mid - lo, job->c + mid, hi - mid, job->tmp + lo, job->t);
}

/* Merge the sorted runs into one, in c. */
static void merge_runs(tier_job *job)
{
    while (job->nruns > 1) {
        size_t pairs = (job->nruns + 1) / 2;
        sc_parallel(pairs, merge_part, job);
        candidate *swap = job->c;
        job->c = job->tmp;
        job->tmp = swap;
        for (size_t i = 0; i < pairs; i++)
            job->run_lo[i] = job->run_lo[2 * i];
        job->run_lo[pairs] = job->run_lo[job->nruns];
        job->nruns = pairs;
    }
}

/* floor(x), reading x as a decimal: 30% of 10 applicants is 3, although
 * 0.3 * 10 is 3.0000000000000004 in binary, and 29% of 100 is 29. */
static double decimal_floor(double x)
{
    double r = round(x);
    return sc_num_near(x, r) ? r : floor(x);
}

/* Level k's candidates, in the sorted order: ranked, and the first
 * `limit` awarded. */
static void award_level(score_result *r, const candidate *c, size_t m, size_t k)
{
    const sc_level *lv = &r->rs->tiers.levels[k];
    size_t n = r->nrows;
    double bound = INFINITY;
    if (lv->quota == lv->quota)
        bound = lv->quota;
    if (lv->cap == lv->cap) {
        double cap = decimal_floor(lv->cap * (double)r->applicants);
        if (cap < bound)
            bound = cap;
    }
    size_t most = !(bound > 0) ? 0 : bound >= (double)SIZE_MAX ? SIZE_MAX : (size_t)bound;
    size_t place = 0;
    uint64_t last_in = MISSING_ORDER, first_out = MISSING_ORDER;
    for (size_t i = 0; i < m; i++) {
        size_t row = c[i].row;
        /* a candidate reaches this level (by criteria and step limit),
         * meets it, and has not been awarded above */
        if (r->awarded[row] >= 0 || reach_of(r, row) < (int)k ||
            r->level_met[k * n + row] != SCORE_TRUE)
            continue;
        r->tier_rank[k * n + row] = (unsigned)(place + 1);
        if (place < most) {
            r->awarded[row] = (int)k;
            r->nawarded[k]++;
            last_in = c[i].order;
        } else if (place == most) {
            first_out = c[i].order;
        }
        place++;
    }
    r->candidates[k] = place;
    r->limit[k] = place < most ? place : most;
    /* the first left out, if it tied with the last awarded, lost on its key */
    r->tie_lost[k] = r->limit[k] > 0 && r->limit[k] < place && last_in == first_out &&
                     last_in != MISSING_ORDER;
}

int sc_allocate_tiers(score_result *r, const score_table *tab, size_t applicants)
{
    const sc_tiers *t = &r->rs->tiers;
    const score_allocator *a = sc_result_alloc(r);
    size_t parts = r->threads ? r->threads : 1;
    tier_job job;
    memset(&job, 0, sizeof job);
    job.r = r;
    job.t = tab;
    job.count = sc_calloc(a, parts, sizeof *job.count);
    job.applicants = sc_calloc(a, parts, sizeof *job.applicants);
    job.run_lo = sc_calloc(a, parts + 1, sizeof *job.run_lo);
    if (!job.count || !job.applicants || !job.run_lo)
        goto nomem;
    sc_parallel(parts, qualify_part, &job);
    size_t m = 0;
    for (size_t i = 0; i < parts; i++) {
        r->applicants += job.applicants[i];
        job.run_lo[i] = m;
        m += job.count[i];
    }
    job.run_lo[parts] = m;
    job.nruns = parts;
    if (applicants) /* this table is one part of the population */
        r->applicants = applicants;
    /* written before they are read */
    job.c = sc_malloc(a, (m ? m : 1) * sizeof *job.c);
    job.tmp = sc_malloc(a, (m ? m : 1) * sizeof *job.tmp);
    if (!job.c || !job.tmp)
        goto nomem;
    sc_parallel(parts, sort_part, &job);
    merge_runs(&job);
    for (size_t k = t->nlevels; k-- > 0;)
        award_level(r, job.c, m, k);
    sc_free(a, job.c);
    sc_free(a, job.tmp);
    sc_free(a, job.count);
    sc_free(a, job.applicants);
    sc_free(a, job.run_lo);
    return 0;
nomem:
    sc_free(a, job.c);
    sc_free(a, job.tmp);
    sc_free(a, job.count);
    sc_free(a, job.applicants);
    sc_free(a, job.run_lo);
    return SCORE_ENOMEM;
}
