/* Evaluation: run the compiled program over the table batch by batch and
 * keep each criterion's verdicts, one byte per row. */
#include <string.h>

#include "ruleset.h"

struct score_result {
    score_allocator alloc;
    size_t nrows;
    size_t ncriteria;
    unsigned char *verdicts; /* ncriteria blocks of nrows bytes */
};

static void store_verdicts(unsigned char *restrict out, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = v[i] != v[i] ? SCORE_UNKNOWN : v[i] != 0.0 ? SCORE_TRUE : SCORE_FALSE;
}

int score_evaluate(score_result **out, const score_ruleset *rs, const score_table *t,
                   score_error *err)
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
    r->nrows = t->nrows;
    r->ncriteria = rs->ncriteria;
    r->verdicts = sc_calloc(a, rs->ncriteria ? rs->ncriteria : 1, t->nrows ? t->nrows : 1);
    sc_vm vm;
    if (!r->verdicts || sc_vm_init(&vm, &rs->prog, t, a)) {
        score_result_free(r);
        return sc_nomem(err);
    }
    for (size_t start = 0; start < t->nrows; start += SC_BATCH) {
        size_t n = t->nrows - start < SC_BATCH ? t->nrows - start : SC_BATCH;
        sc_vm_run(&vm, start, n);
        for (size_t c = 0; c < rs->ncriteria; c++)
            store_verdicts(r->verdicts + c * t->nrows + start, vm.ptr[rs->criteria[c].reg], n);
    }
    sc_vm_free(&vm);
    *out = r;
    return 0;
}

size_t score_result_row_count(const score_result *r)
{
    return r ? r->nrows : 0;
}

score_verdict score_result_verdict(const score_result *r, size_t criterion, size_t row)
{
    if (!r || criterion >= r->ncriteria || row >= r->nrows)
        return SCORE_UNKNOWN;
    return (score_verdict)r->verdicts[criterion * r->nrows + row];
}

const unsigned char *score_result_verdicts(const score_result *r, size_t criterion)
{
    if (!r || criterion >= r->ncriteria)
        return NULL;
    return r->verdicts + criterion * r->nrows;
}

void score_result_free(score_result *r)
{
    if (!r)
        return;
    score_allocator a = r->alloc;
    sc_free(&a, r->verdicts);
    sc_free(&a, r);
}
