/*
 * Evaluation: run the compiled program over the table batch by batch,
 * keep what each row needs (verdicts, scores, tier requirements, the parts
 * of each target), then allocate the tiers and aggregate the targets.
 *
 * With threads, the rows are cut into contiguous ranges, one per thread,
 * each with its own VM state; every row's values are computed alone, so
 * the result is the same bit for bit whatever the cut. Everything is
 * allocated before the threads start and freed after they end.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernel.h"
#include "parallel.h"
#include "result.h"

static void store_verdicts(unsigned char *restrict out, const double *v, size_t n)
{
    sc_kernel_verdicts(out, v, n);
}

static void store_vetoes(int *restrict out, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = v[i] != v[i] ? -1 : (int)v[i]; /* at most SC_MAX_VETOES */
}

/* Each row's grade class (sc_scorecard_grade_class): a veto's grade, else
 * the band the total reaches; -1 when unknown or below every band. */
static void store_grades(int *restrict out, const sc_scorecard *card, const int *vetoes,
                         const double *scores, size_t n)
{
    if (card->nbands == 0 && card->nvetoes == 0) { /* no grades at all */
        for (size_t i = 0; i < n; i++)
            out[i] = -1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        int v = vetoes[i];
        if (v < 0)
            out[i] = -1;
        else if (v > 0 && card->vetoes[v - 1].grade)
            out[i] = sc_scorecard_grade_class(card, card->vetoes[v - 1].grade);
        else
            out[i] = sc_scorecard_band_index(card, scores[i]);
    }
}

/* ---- one block for many arrays ---- */

/* Offsets of arrays laid end to end, each on a cache line of its own, so
 * that threads writing neighbouring arrays never share a line. */
typedef struct layout {
    size_t size;
    int overflow;
} layout;

#define LINE 64

static size_t place(layout *l, size_t count, size_t elem)
{
    size_t at = l->size;
    if ((elem && count > SIZE_MAX / elem) || count * elem > SIZE_MAX - at - LINE) {
        l->overflow = 1;
        return 0;
    }
    l->size = (at + count * elem + LINE - 1) / LINE * LINE;
    return at;
}

static int uses_values(sc_agg agg)
{
    return agg == SC_AGG_SUM || agg == SC_AGG_AVG || agg == SC_AGG_MIN || agg == SC_AGG_MAX;
}

/* The result's arrays, in one block: r's block when it is large enough
 * (a result evaluated again), else a block grown to the size. Only what
 * is not written in full later is zeroed; the places of the tiers
 * (tier_rank) not when they are zero already (`ranks_zero`: the block
 * held this layout and no level ranked). */
static int allocate(score_result *r, const score_ruleset *rs, size_t n, int ranks_zero)
{
    const score_allocator *a = sc_result_alloc(r);
    size_t nl = rs->tiers.nlevels;
    layout l = {0, 0};
    size_t o_verdicts = place(&l, rs->ncriteria, n), o_scores = place(&l, rs->nscorecards * n, 8),
           o_vetoes = place(&l, rs->nscorecards * n, sizeof *r->vetoes),
           o_grades = place(&l, rs->nscorecards * n, sizeof *r->grades);
    size_t o_elig = 0, o_met = 0, o_qual = 0, o_award = 0, o_step = 0, o_rank = 0, o_trank = 0,
           o_cand = 0, o_lim = 0, o_naw = 0, o_tie = 0;
    if (rs->tiers.present) {
        o_elig = place(&l, n, 1);
        o_met = place(&l, nl, n);
        o_qual = place(&l, n, sizeof *r->qualified);
        o_award = place(&l, n, sizeof *r->awarded);
        o_step = place(&l, n, sizeof *r->step_limit);
        o_rank = place(&l, n, sizeof *r->rank);
        o_trank = place(&l, nl, n * sizeof *r->tier_rank);
        o_cand = place(&l, nl, sizeof *r->candidates);
        o_lim = place(&l, nl, sizeof *r->limit);
        o_naw = place(&l, nl, sizeof *r->nawarded);
        o_tie = place(&l, nl, 1);
    }
    if (rs->ncriteria > SIZE_MAX / (n ? n : 1) || rs->nscorecards > SIZE_MAX / 8 / (n ? n : 1) ||
        nl > SIZE_MAX / 4 / (n ? n : 1) || l.overflow)
        return -1;
    size_t size = l.size ? l.size : 1;
    if (!r->block || size > r->block_size) {
        /* on failure the old block stays, for score_result_free() */
        void *grown = sc_realloc(a, r->block, size);
        if (!grown)
            return -1;
        r->block = grown;
        r->block_size = size;
        ranks_zero = 0;
    }
    char *b = r->block;
    r->verdicts = (unsigned char *)(b + o_verdicts);
    r->scores = (double *)(void *)(b + o_scores);
    r->vetoes = (int *)(void *)(b + o_vetoes);
    r->grades = (int *)(void *)(b + o_grades);
    if (!rs->tiers.present)
        return 0;
    if (!ranks_zero)
        memset(b + o_trank, 0, o_cand - o_trank);
    memset(b + o_cand, 0, l.size - o_cand);
    r->eligible = (unsigned char *)(b + o_elig);
    r->level_met = (unsigned char *)(b + o_met);
    r->qualified = (int *)(void *)(b + o_qual);
    r->awarded = (int *)(void *)(b + o_award);
    r->step_limit = (int *)(void *)(b + o_step);
    r->rank = (double *)(void *)(b + o_rank);
    r->tier_rank = (unsigned *)(void *)(b + o_trank);
    r->candidates = (size_t *)(void *)(b + o_cand);
    r->limit = (size_t *)(void *)(b + o_lim);
    r->nawarded = (size_t *)(void *)(b + o_naw);
    r->tie_lost = (unsigned char *)(b + o_tie);
    return 0;
}

/* What each target keeps per row (see sc_target_rows), in one block: a
 * scratch buffer of the result (the targets are aggregated from it before
 * the evaluation ends). */
static void *target_rows(score_result *r, sc_target_rows *rows, size_t n)
{
    const score_ruleset *rs = r->rs;
    layout l = {0, 0};
    size_t *at = sc_calloc(sc_result_alloc(r), rs->ntargets * 3 + 1, sizeof *at);
    if (!at)
        return NULL;
    for (size_t k = 0; k < rs->ntargets; k++) {
        const sc_target *tg = &rs->targets[k];
        if (tg->has_population)
            at[3 * k] = place(&l, n, 1) + 1; /* + 1: 0 is none */
        if (tg->has_arg && uses_values(tg->agg))
            at[3 * k + 2] = place(&l, n, sizeof(double)) + 1;
        else if (tg->has_arg)
            at[3 * k + 1] = place(&l, n, 1) + 1;
    }
    char *b = l.overflow ? NULL : sc_result_scratch(r, SC_SCRATCH_TARGETS, l.size);
    for (size_t k = 0; b && k < rs->ntargets; k++) {
        rows[k].pop = at[3 * k] ? (unsigned char *)b + at[3 * k] - 1 : NULL;
        rows[k].cond = at[3 * k + 1] ? (unsigned char *)b + at[3 * k + 1] - 1 : NULL;
        rows[k].val = at[3 * k + 2] ? (double *)(void *)(b + at[3 * k + 2] - 1) : NULL;
    }
    sc_free(sc_result_alloc(r), at);
    return b;
}

/* ---- the rows, on one thread or many ---- */

typedef struct eval_job {
    score_result *r;
    const score_table *t;
    sc_vm *vms;           /* one per part */
    sc_target_rows *rows; /* one per target */
} eval_job;

/* Keep one batch's values of everything the result holds. */
static void store_batch(const eval_job *job, const sc_vm *vm, size_t start, size_t n)
{
    score_result *r = job->r;
    const score_ruleset *rs = r->rs;
    size_t rows = r->nrows;
    for (size_t c = 0; c < rs->ncriteria; c++)
        store_verdicts(r->verdicts + c * rows + start, vm->ptr[rs->criteria[c].reg], n);
    for (size_t s = 0; s < rs->nscorecards; s++) {
        memcpy(r->scores + s * rows + start, vm->ptr[rs->scorecards[s].reg], n * sizeof(double));
        store_vetoes(r->vetoes + s * rows + start, vm->ptr[rs->scorecards[s].veto_reg], n);
        store_grades(r->grades + s * rows + start, &rs->scorecards[s],
                     r->vetoes + s * rows + start, r->scores + s * rows + start, n);
    }
    const sc_tiers *t = &rs->tiers;
    if (t->present) {
        store_verdicts(r->eligible + start, vm->ptr[t->eligible_reg], n);
        memcpy(r->rank + start, vm->ptr[t->rank_reg], n * sizeof(double));
        for (size_t k = 0; k < t->nlevels; k++)
            store_verdicts(r->level_met + k * rows + start, vm->ptr[t->levels[k].reg], n);
    }
    for (size_t k = 0; k < rs->ntargets; k++) {
        const sc_target *tg = &rs->targets[k];
        const sc_target_rows *tr = &job->rows[k];
        if (tr->pop)
            store_verdicts(tr->pop + start, vm->ptr[tg->population_reg], n);
        if (tr->cond)
            store_verdicts(tr->cond + start, vm->ptr[tg->arg_reg], n);
        if (tr->val)
            memcpy(tr->val + start, vm->ptr[tg->arg_reg], n * sizeof(double));
    }
}

static void eval_part(void *ctx, size_t part, size_t nparts)
{
    const eval_job *job = ctx;
    sc_vm *vm = &job->vms[part];
    size_t lo, hi;
    sc_part_range(job->r->nrows, part, nparts, &lo, &hi);
    for (size_t start = lo; start < hi; start += vm->batch) {
        size_t n = hi - start < vm->batch ? hi - start : vm->batch;
        sc_vm_run(vm, start, n);
        store_batch(job, vm, start, n);
    }
}

/* The threads used for n rows: as many as asked (up to SC_MAX_THREADS),
 * but no more than there are rows. */
static size_t threads_for(unsigned asked, size_t n)
{
    size_t t = asked ? asked : 1;
    if (t > n)
        t = n ? n : 1;
    return t > SC_MAX_THREADS ? SC_MAX_THREADS : t;
}

/* Evaluate every row; `applicants` as in score_eval_options; ranks_zero
 * as in allocate(). */
static int evaluate(score_result *r, const score_table *t, size_t nthreads, size_t applicants,
                    int ranks_zero)
{
    const score_ruleset *rs = r->rs;
    const score_allocator *a = sc_result_alloc(r);
    int rc = 0;
    sc_target_rows *rows = sc_calloc(a, rs->ntargets + 1, sizeof *rows);
    sc_vm *vms = sc_calloc(a, nthreads, sizeof *vms);
    void *target_block = rows ? target_rows(r, rows, r->nrows) : NULL;
    size_t ready = 0;
    if (!rows || !vms || !target_block || allocate(r, rs, r->nrows, ranks_zero))
        rc = -1;
    /* a thread's batches need not be longer than its rows; the threads'
     * registers in one scratch buffer of the result, each on lines of its
     * own */
    size_t part_rows = (r->nrows + nthreads - 1) / nthreads;
    size_t bytes = sc_vm_storage_bytes(&rs->prog, part_rows);
    size_t stride = (bytes + LINE - 1) / LINE * LINE;
    char *storage = NULL;
    if (!rc && bytes && stride <= (SIZE_MAX - LINE) / nthreads)
        storage = sc_result_scratch(r, SC_SCRATCH_VM, stride * nthreads + LINE);
    /* aligned to a line */
    char *aligned = storage ? storage + (LINE - (uintptr_t)storage % LINE) % LINE : NULL;
    while (!rc && aligned && ready < nthreads &&
           sc_vm_init_in(&vms[ready], &rs->prog, t, a, part_rows,
                         (double *)(void *)(aligned + ready * stride)) == 0)
        ready++;
    if (!rc && ready == nthreads) {
        eval_job job = {r, t, vms, rows};
        sc_parallel(nthreads, eval_part, &job);
        if (rs->tiers.present)
            rc = sc_allocate_tiers(r, t, applicants);
        if (!rc)
            rc = sc_aggregate_targets(r, t, rows);
    } else {
        rc = -1;
    }
    for (size_t i = 0; i < ready; i++)
        sc_vm_free(&vms[i]);
    sc_free(a, vms);
    sc_free(a, rows);
    return rc;
}

/* The checks every evaluation makes first. */
static int check_args(const score_ruleset *rs, const score_table *t,
                      const score_eval_options *opts, score_error *err)
{
    if (opts && opts->version != SCORE_EVAL_OPTIONS_VERSION)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "score_eval_options.version is %u, expected %u", opts->version,
                        SCORE_EVAL_OPTIONS_VERSION);
    if (!rs || !t)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out, ruleset or table is NULL");
    if (t->schema != &rs->schema)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "the table was made for another ruleset");
    /* every row needs its key: results, ledgers and explanations name rows by it */
    if (t->nrows && t->schema->key_col < t->schema->ncols && !t->cols[t->schema->key_col].present)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "the key column \"%s\" was never set: give each row its key with "
                        "score_table_set_texts() before evaluating",
                        t->schema->cols[t->schema->key_col].name);
    return 0;
}

/* What a previous evaluation left in r but its block: the outcomes and
 * their ledgers, which are made anew. */
static void clear_outcomes(score_result *r)
{
    const score_allocator *a = sc_result_alloc(r);
    for (size_t i = 0; i < r->noutcomes; i++)
        sc_free(a, r->outcomes[i].scope);
    sc_free(a, r->outcomes);
    sc_free(a, r->ledgers);
    r->outcomes = NULL;
    r->ledgers = NULL;
    r->noutcomes = r->capoutcomes = 0;
    r->applicants = 0;
    r->ranked = 0;
}

/* Evaluate t into r, whose block (if any) may be reused. On failure r
 * holds no rows and no outcomes, and its per-level counts are zero. */
static int evaluate_into(score_result *r, const score_table *t, const score_eval_options *opts,
                         score_error *err)
{
    int ranks_zero = r->block && r->nrows == t->nrows && !r->ranked;
    clear_outcomes(r);
    r->nrows = t->nrows;
    r->threads = (unsigned)threads_for(opts ? opts->threads : 1, t->nrows);
    r->meter.refused = 0;
    if (evaluate(r, t, r->threads, opts ? opts->applicants : 0, ranks_zero) == 0)
        return 0;
    int rc = sc_meter_error(&r->meter, "result", NULL, err);
    clear_outcomes(r);
    size_t nl = r->rs->tiers.nlevels;
    if (r->candidates) { /* stale or partial: a result of no rows counts nothing */
        memset(r->candidates, 0, nl * sizeof *r->candidates);
        memset(r->limit, 0, nl * sizeof *r->limit);
        memset(r->nawarded, 0, nl * sizeof *r->nawarded);
        memset(r->tie_lost, 0, nl);
    }
    r->nrows = 0;
    r->ranked = 1; /* what the places hold is unknown */
    return rc;
}

int score_evaluate_with(score_result **out, const score_ruleset *rs, const score_table *t,
                        const score_eval_options *opts, score_error *err)
{
    if (out)
        *out = NULL;
    if (!out)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out, ruleset or table is NULL");
    int rc = check_args(rs, t, opts, err);
    if (rc)
        return rc;
    score_result *r = sc_calloc(&rs->alloc, 1, sizeof *r);
    if (!r)
        return sc_nomem(err);
    r->alloc = rs->alloc;
    sc_meter_init(&r->meter, &r->alloc, rs->limits.memory_bytes);
    r->rs = rs;
    if ((rc = evaluate_into(r, t, opts, err)) != 0) {
        score_result_free(r);
        return rc;
    }
    sc_result_release_scratch(r); /* kept only for score_evaluate_into() */
    *out = r;
    return 0;
}

int score_evaluate_into(score_result *r, const score_table *t, const score_eval_options *opts,
                        score_error *err)
{
    if (!r)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "the result is NULL");
    int rc = check_args(r->rs, t, opts, err);
    return rc ? rc : evaluate_into(r, t, opts, err);
}

int score_evaluate(score_result **out, const score_ruleset *rs, const score_table *t,
                   score_error *err)
{
    return score_evaluate_with(out, rs, t, NULL, err);
}
