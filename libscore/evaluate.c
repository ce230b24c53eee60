/*
 * Evaluation: run the compiled program over the table batch by batch,
 * keep what each row needs (verdicts, scores, tier requirements, the parts
 * of each target), then allocate the tiers and aggregate the targets.
 */
#include <math.h>
#include <string.h>

#include "result.h"

static void store_verdicts(unsigned char *restrict out, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = v[i] != v[i] ? SCORE_UNKNOWN : v[i] != 0.0 ? SCORE_TRUE : SCORE_FALSE;
}

static void store_vetoes(int16_t *restrict out, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = v[i] != v[i] ? -1 : (int16_t)v[i]; /* at most SC_MAX_VETOES */
}

/* `blocks` arrays of `rows` elements of `size` bytes, zeroed, with the
 * product checked for overflow. */
static void *table_of(const score_allocator *a, size_t blocks, size_t rows, size_t size)
{
    if (rows && blocks > SIZE_MAX / rows)
        return NULL;
    return sc_calloc(a, blocks * rows, size);
}

static int allocate(score_result *r, const score_ruleset *rs, size_t n)
{
    const score_allocator *a = &r->alloc;
    size_t nl = rs->tiers.nlevels, one = n ? n : 1;
    r->verdicts = table_of(a, rs->ncriteria + 1, one, 1);
    r->scores = table_of(a, rs->nscorecards + 1, one, sizeof *r->scores);
    r->vetoes = table_of(a, rs->nscorecards + 1, one, sizeof *r->vetoes);
    if (!r->verdicts || !r->scores || !r->vetoes)
        return -1;
    if (!rs->tiers.present)
        return 0;
    r->eligible = sc_calloc(a, one, 1);
    r->level_met = table_of(a, nl, one, 1);
    r->qualified = sc_calloc(a, one, sizeof *r->qualified);
    r->awarded = sc_calloc(a, one, sizeof *r->awarded);
    r->step_limit = sc_calloc(a, one, sizeof *r->step_limit);
    r->rank = sc_calloc(a, one, sizeof *r->rank);
    r->tier_rank = table_of(a, nl, one, sizeof *r->tier_rank);
    r->candidates = sc_calloc(a, nl, sizeof *r->candidates);
    r->limit = sc_calloc(a, nl, sizeof *r->limit);
    r->nawarded = sc_calloc(a, nl, sizeof *r->nawarded);
    r->tie_lost = sc_calloc(a, nl, 1);
    return r->eligible && r->level_met && r->qualified && r->awarded && r->step_limit &&
                   r->rank && r->tier_rank && r->candidates && r->limit && r->nawarded &&
                   r->tie_lost
               ? 0
               : -1;
}

/* Keep one batch's values of everything the result holds. */
static void store_batch(score_result *r, const sc_vm *vm, size_t start, size_t n,
                        unsigned char *pop, double *val)
{
    const score_ruleset *rs = r->rs;
    size_t rows = r->nrows;
    for (size_t c = 0; c < rs->ncriteria; c++)
        store_verdicts(r->verdicts + c * rows + start, vm->ptr[rs->criteria[c].reg], n);
    for (size_t s = 0; s < rs->nscorecards; s++) {
        memcpy(r->scores + s * rows + start, vm->ptr[rs->scorecards[s].reg], n * sizeof(double));
        store_vetoes(r->vetoes + s * rows + start, vm->ptr[rs->scorecards[s].veto_reg], n);
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
        if (tg->has_population)
            store_verdicts(pop + k * rows + start, vm->ptr[tg->population_reg], n);
        else
            memset(pop + k * rows + start, SCORE_TRUE, n);
        if (tg->has_arg)
            memcpy(val + k * rows + start, vm->ptr[tg->arg_reg], n * sizeof(double));
        else
            for (size_t i = 0; i < n; i++)
                val[k * rows + start + i] = 1.0; /* count(): every row counts */
    }
}

/* Evaluate every row; `applicants` as in score_eval_options. */
static int evaluate(score_result **out, const score_ruleset *rs, const score_table *t,
                    size_t applicants, score_error *err)
{
    if (!out || !rs || !t)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out, ruleset or table is NULL");
    *out = NULL;
    if (t->schema != &rs->schema)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "the table was made for another ruleset");
    const score_allocator *a = &rs->alloc;
    score_result *r = sc_calloc(a, 1, sizeof *r);
    if (!r)
        return sc_nomem(err);
    r->alloc = rs->alloc;
    r->rs = rs;
    r->nrows = t->nrows;
    size_t one = t->nrows ? t->nrows : 1;
    unsigned char *pop = table_of(a, rs->ntargets + 1, one, 1);
    double *val = table_of(a, rs->ntargets + 1, one, sizeof *val);
    sc_vm vm;
    memset(&vm, 0, sizeof vm);
    int rc = 0;
    if (!pop || !val || allocate(r, rs, t->nrows) || sc_vm_init(&vm, &rs->prog, t, a))
        rc = SCORE_ENOMEM;
    for (size_t start = 0; !rc && start < t->nrows; start += vm.batch) {
        size_t n = t->nrows - start < vm.batch ? t->nrows - start : vm.batch;
        sc_vm_run(&vm, start, n);
        store_batch(r, &vm, start, n, pop, val);
    }
    sc_vm_free(&vm);
    if (!rc && rs->tiers.present)
        rc = sc_allocate_tiers(r, t, applicants);
    if (!rc)
        rc = sc_aggregate_targets(r, t, pop, val);
    sc_free(a, pop);
    sc_free(a, val);
    if (rc) {
        score_result_free(r);
        return sc_nomem(err);
    }
    *out = r;
    return 0;
}

int score_evaluate_with(score_result **out, const score_ruleset *rs, const score_table *t,
                        const score_eval_options *opts, score_error *err)
{
    if (opts && opts->version != SCORE_EVAL_OPTIONS_VERSION) {
        if (out)
            *out = NULL;
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "score_eval_options.version is %u, expected %u", opts->version,
                        SCORE_EVAL_OPTIONS_VERSION);
    }
    /* Threads: not yet; one thread gives the same result. */
    return evaluate(out, rs, t, opts ? opts->applicants : 0, err);
}

int score_evaluate(score_result **out, const score_ruleset *rs, const score_table *t,
                   score_error *err)
{
    return evaluate(out, rs, t, 0, err);
}
