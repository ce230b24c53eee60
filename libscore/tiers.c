/*
 * Tier allocation (docs/rulesets.md, "Allocation"): each row qualifies for
 * the highest level whose requirements all hold, within its step limit;
 * then from the highest level down the candidates are ranked (rank_by
 * descending, missing last, ties by key in byte order) and the first
 * min(quota, floor(cap x applicants)) are awarded; the rest drop to the
 * level below and compete there (末位淘汰).
 *
 * Only a level with a limit (a quota or a cap) needs a ranking: at a level
 * without one every candidate is awarded, in any order. The order of rows
 * is the same at every level, so the rows that can be a candidate at a
 * limited level are sorted once (in parts on the result's threads, then
 * merged); each limited level then walks that order and picks its own
 * candidates, and its candidates get their place (tier_rank). A level
 * without a limit walks the rows as they come and ranks no one (tier_rank
 * 0); when no level has a limit the whole cascade is decided row by row
 * while qualifying, and nothing is sorted. The order is total (the row
 * index breaks the last ties), so the outcome does not depend on the
 * number of threads.
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

/* 10^0 .. 10^22, every one exact as a double. */
static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* 10^e for e in [-8, 15], as decade bounds (the negative ones rounded,
 * which the margin in sc_rank_canonical() absorbs). */
static const double decade[] = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0,
                                1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,
                                1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
#define DECADE_MIN (-8)
#define DECADE_MAX 14

/* The rounding to 15 significant digits, with the libm calls. */
static double canonical_slow(double x)
{
    int e = (int)floor(log10(fabs(x)));
    if (e < -280 || e > 280)
        return x;
    double scale = pow(10.0, 14 - e);
    return nearbyint(x * scale) / scale;
}

/* A rank value rounded to 15 significant digits once, so that values
 * equal as decimals tie and the order compares exactly (a tolerance in the
 * comparison itself would not be transitive).
 *
 * The same as canonical_slow(), bit for bit, without a logarithm or a
 * power per row: for |x| in [1e-8, 1e15) the decade e is found from the
 * binary exponent and a table, and 10^(14-e) is a power up to 10^22,
 * exact in the table (pow() returns an exact power exactly). Near a decade's
 * bounds, where log10() may round up to the next whole number, and
 * outside that range, it asks libm as before. */
double sc_rank_canonical(double x)
{
    if (x == 0 || !isfinite(x))
        return x;
    double ax = fabs(x);
    if (!(ax >= 1e-8 && ax < 1e15))
        return canonical_slow(x);
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    int b = (int)(bits >> 52) - 1023; /* ax in [2^b, 2^(b+1)): normal here */
    /* floor(b * log10(2)) is the decade or the one below */
    int e = (int)floor(b * 0.30102999566398120);
    if (e < DECADE_MIN)
        e = DECADE_MIN;
    if (e < DECADE_MAX && ax >= decade[e + 1 - DECADE_MIN])
        e++;
    double lo = decade[e - DECADE_MIN], hi = decade[e + 1 - DECADE_MIN];
    if (ax < lo || ax <= lo * (1 + 1e-12) || ax >= hi * (1 - 1e-12))
        return canonical_slow(x);
    double scale = pow10_exact[14 - e], y = x * scale; /* |y| < 10^15 < 2^50 */
    /* nearbyint(y), ties to even, without the call: adding 2^52 leaves no
     * fraction bits, and the sum is rounded to the nearest (the default
     * rounding, which nearbyint() follows too) */
    double whole = (fabs(y) + 0x1p52) - 0x1p52;
    return copysign(whole, y) / scale;
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
    int ranked_from;    /* the lowest level with a limit; nlevels: none */
    size_t *open_awarded; /* with no limit anywhere: per part, per level */
    size_t *count;      /* per part: the rows to rank */
    size_t *applicants; /* per part */
    candidate *c, *tmp;
    size_t *run_lo;     /* per part: where its sorted run starts in c */
    size_t nruns;
} tier_job;

/* A level with a quota or a cap ranks its candidates; one without
 * awards them all. */
static int limited(const sc_level *lv)
{
    return lv->quota == lv->quota || lv->cap == lv->cap;
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

/* The highest level a row can be a candidate for: qualified and step limit. */
static int reach_of(const score_result *r, size_t row)
{
    int reach = r->qualified[row];
    if (r->step_limit[row] != -1 && r->step_limit[row] < reach)
        reach = r->step_limit[row];
    return reach;
}

/* With no limit anywhere: the highest level the row reaches and meets
 * (a level above it is met, or out of reach, so none awards it first). */
static int open_award(const score_result *r, size_t row)
{
    size_t n = r->nrows;
    for (int k = reach_of(r, row); k >= 0; k--)
        if (r->level_met[(size_t)k * n + row] == SCORE_TRUE)
            return k;
    return -1;
}

/* Qualified level and step limit of the part's rows; counts applicants
 * and the rows to rank (those that can be a candidate at a limited
 * level). With no limit anywhere, awards the rows too. */
static void qualify_part(void *ctx, size_t part, size_t nparts)
{
    tier_job *job = ctx;
    score_result *r = job->r;
    const sc_tiers *t = &r->rs->tiers;
    size_t n = r->nrows, nl = t->nlevels, lo, hi, applicants = 0, candidates = 0;
    sc_part_range(n, part, nparts, &lo, &hi);
    int *restrict q = r->qualified;
    /* the highest level met, level by level over the rows (loops without
     * branches, which vectorize), then none where the row is not eligible */
    for (size_t row = lo; row < hi; row++)
        q[row] = -1;
    for (size_t k = 0; k < nl; k++) {
        const unsigned char *restrict met = r->level_met + k * n;
        for (size_t row = lo; row < hi; row++)
            q[row] = met[row] == SCORE_TRUE ? (int)k : q[row];
    }
    for (size_t row = lo; row < hi; row++) {
        int yes = r->eligible[row] == SCORE_TRUE;
        applicants += (size_t)yes;
        q[row] = yes ? q[row] : -1;
        r->step_limit[row] = -1;
    }
    int steps = t->has_prior && t->max_step == t->max_step;
    for (size_t row = lo; steps && row < hi; row++) {
        int p = prior_level(t, job->t, row);
        if (p != -2) {
            double lim = p + t->max_step;
            if (lim > (double)t->nlevels - 1)
                lim = (double)t->nlevels - 1;
            r->step_limit[row] = (int)(lim < 0 ? -2 : lim); /* -2: no level at all */
        }
    }
    if (job->open_awarded) {
        size_t *count = job->open_awarded + part * nl;
        for (size_t row = lo; row < hi; row++) {
            /* without a step limit, the level qualified for */
            int k = steps ? open_award(r, row) : q[row];
            r->awarded[row] = k;
            if (k >= 0)
                count[k]++;
        }
    } else {
        for (size_t row = lo; row < hi; row++) {
            r->awarded[row] = -1;
            candidates += reach_of(r, row) >= job->ranked_from;
        }
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
        if (reach_of(r, row) < job->ranked_from)
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

double sc_level_bound(const score_result *r, const sc_level *lv)
{
    double bound = INFINITY;
    if (lv->quota == lv->quota)
        bound = lv->quota;
    if (lv->cap == lv->cap) {
        double cap = decimal_floor(lv->cap * (double)r->applicants);
        if (cap < bound)
            bound = cap;
    }
    return bound;
}

/* Whether a row is a candidate at level k: it reaches the level (by
 * criteria and step limit), meets it, and was not awarded above. */
static int candidate_at(const score_result *r, size_t row, size_t k)
{
    return r->awarded[row] < 0 && reach_of(r, row) >= (int)k &&
           r->level_met[k * r->nrows + row] == SCORE_TRUE;
}

/* Level k without a limit: every candidate is awarded, none ranked. */
static void award_open_level(score_result *r, size_t k)
{
    size_t place = 0;
    for (size_t row = 0; row < r->nrows; row++)
        if (candidate_at(r, row, k)) {
            r->awarded[row] = (int)k;
            place++;
        }
    r->candidates[k] = r->limit[k] = r->nawarded[k] = place;
}

/* The sorted candidates with what every level asks of them, in their
 * order, so that each level walks arrays in sequence rather than the rows
 * at random: the highest level each reaches, and the level awarded (-1
 * none), which r->awarded also holds. */
typedef struct ranking {
    const candidate *c;
    size_t m;
    int *reach, *awarded;
} ranking;

/* Level k's candidates, in the sorted order: ranked, and the first
 * `limit` awarded. */
static void award_level(score_result *r, const ranking *rk, size_t k)
{
    const candidate *c = rk->c;
    size_t m = rk->m;
    const sc_level *lv = &r->rs->tiers.levels[k];
    size_t n = r->nrows;
    double bound = sc_level_bound(r, lv);
    size_t most = !(bound > 0) ? 0 : bound >= (double)SIZE_MAX ? SIZE_MAX : (size_t)bound;
    size_t place = 0;
    uint64_t last_in = MISSING_ORDER, first_out = MISSING_ORDER;
    const unsigned char *met = r->level_met + k * n;
    for (size_t i = 0; i < m; i++) {
        /* a candidate here: not awarded above, reaches the level, meets it */
        if (rk->awarded[i] >= 0 || rk->reach[i] < (int)k || met[c[i].row] != SCORE_TRUE)
            continue;
        size_t row = c[i].row;
        r->tier_rank[k * n + row] = (unsigned)(place + 1);
        if (place < most) {
            rk->awarded[i] = (int)k;
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

static void free_job(const score_allocator *a, tier_job *job)
{
    sc_free(a, job->count);
    sc_free(a, job->applicants);
    sc_free(a, job->run_lo);
    sc_free(a, job->open_awarded);
}

int sc_allocate_tiers(score_result *r, const score_table *tab, size_t applicants)
{
    const sc_tiers *t = &r->rs->tiers;
    const score_allocator *a = sc_result_alloc(r);
    size_t parts = r->threads ? r->threads : 1, nl = t->nlevels;
    tier_job job;
    memset(&job, 0, sizeof job);
    job.r = r;
    job.t = tab;
    job.ranked_from = (int)nl;
    for (size_t k = nl; k-- > 0;)
        if (limited(&t->levels[k]))
            job.ranked_from = (int)k;
    job.count = sc_calloc(a, parts, sizeof *job.count);
    job.applicants = sc_calloc(a, parts, sizeof *job.applicants);
    job.run_lo = sc_calloc(a, parts + 1, sizeof *job.run_lo);
    if (job.ranked_from == (int)nl)
        job.open_awarded = sc_calloc(a, parts * nl + 1, sizeof *job.open_awarded);
    if (!job.count || !job.applicants || !job.run_lo ||
        (job.ranked_from == (int)nl && !job.open_awarded))
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
    if (job.open_awarded) { /* no limit anywhere: decided while qualifying */
        for (size_t k = 0; k < nl; k++) {
            size_t sum = 0;
            for (size_t i = 0; i < parts; i++)
                sum += job.open_awarded[i * nl + k];
            r->candidates[k] = r->limit[k] = r->nawarded[k] = sum;
        }
        free_job(a, &job);
        return 0;
    }
    /* written before they are read; in the result's scratch, reused by
     * the next evaluation into it */
    size_t m1 = m ? m : 1;
    if (m1 > SIZE_MAX / 4 / (sizeof *job.c + sizeof(int)))
        goto nomem;
    /* c, tmp, then the ranking's reach and awarded */
    job.c = sc_result_scratch(r, SC_SCRATCH_RANK, 2 * m1 * (sizeof *job.c + sizeof(int)));
    if (!job.c)
        goto nomem;
    job.tmp = job.c + m1;
    int *ints = (int *)(void *)(job.tmp + m1);
    sc_parallel(parts, sort_part, &job);
    merge_runs(&job);
    ranking rk = {job.c, m, ints, ints + m1};
    for (size_t i = 0; i < m; i++) {
        rk.reach[i] = reach_of(r, job.c[i].row);
        rk.awarded[i] = -1;
    }
    for (size_t k = nl; k-- > 0;) {
        if (limited(&t->levels[k])) {
            award_level(r, &rk, k);
        } else {
            award_open_level(r, k);
            for (size_t i = 0; i < m; i++) /* what it awarded, in order */
                rk.awarded[i] = r->awarded[job.c[i].row];
        }
    }
    r->ranked = 1;
    free_job(a, &job);
    return 0;
nomem:
    free_job(a, &job);
    return SCORE_ENOMEM;
}
