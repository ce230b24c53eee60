/*
 * score_evaluate_into(): evaluating again into a result gives what a fresh
 * evaluation gives, reuses the result's buffers when the rows fit (a
 * column borrowed before is the same memory after), grows them when they
 * do not, stays under the memory_bytes limit however often it is called,
 * and after a failure holds no rows but can be evaluated into again.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "result.h" /* the meter's peak, to size the limit */
#include "score/score.h"

/* A ruleset whose result is larger than its table: one number and 48
 * criteria over it, a scorecard and a ladder without limits. */
static score_ruleset *wide_ruleset(size_t memory_bytes)
{
    static char doc[16384];
    size_t o = (size_t)sprintf(doc, "ruleset: wide\nversion: \"1\"\ntitle: wide\nkey: id\n"
                                    "fields:\n  id: {type: text}\n  x: {type: number}\n"
                                    "criteria:\n");
    for (int c = 0; c < 48; c++)
        o += (size_t)sprintf(doc + o, "  c%d: {when: x >= %d}\n", c, c * 2);
    o += (size_t)sprintf(doc + o, "scorecards:\n  s:\n    items:\n"
                                  "      - {id: a, points: x * 0.4, max: 40}\n"
                                  "tiers:\n  rank_by: s\n  levels:\n"
                                  "    - {id: low, require: [c10]}\n"
                                  "    - {id: high, extends: low, require: [c40]}\n");
    score_limits lim;
    score_limits_default(&lim);
    lim.memory_bytes = memory_bytes;
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.limits = &lim;
    score_ruleset *rs = NULL;
    score_error err;
    if (score_ruleset_load_string(&rs, doc, o, "wide.yaml", &opts, &err) != 0)
        fail_msg("wide.yaml: %d: %s", err.line, err.message);
    return rs;
}

/* n rows: keys W0.., x from 0 to 99.9 with one in nine missing. */
static score_table *rows(const score_ruleset *rs, size_t n, unsigned seed)
{
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, n, &err), 0);
    double *x = calloc(n + 1, sizeof *x);
    const char **keys = calloc(n + 1, sizeof *keys);
    char *text = calloc(n + 1, 24);
    assert_true(x && keys && text);
    for (size_t i = 0; i < n; i++) {
        x[i] = (i + seed) % 9 == 0 ? NAN : (double)((i * 7919 + seed) % 1000) / 10.0;
        snprintf(text + 24 * i, 24, "W%zu", i);
        keys[i] = text + 24 * i;
    }
    assert_int_equal(score_table_set_numbers(t, "x", x, n, &err), 0);
    assert_int_equal(score_table_set_texts(t, "id", keys, n, &err), 0);
    free(x);
    free(keys);
    free(text);
    return t;
}

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void assert_same(const score_ruleset *rs, const score_result *a, const score_result *b)
{
    size_t n = score_result_row_count(a);
    assert_int_equal(score_result_row_count(b), n);
    for (size_t c = 0; c < score_ruleset_criterion_count(rs); c++)
        assert_true(!n || memcmp(score_result_verdicts(a, c), score_result_verdicts(b, c), n) == 0);
    for (size_t row = 0; row < n; row++) {
        assert_true(same_double(score_result_score(a, 0, row), score_result_score(b, 0, row)));
        assert_int_equal(score_result_tier(a, row), score_result_tier(b, row));
        assert_int_equal(score_result_qualified(a, row), score_result_qualified(b, row));
        assert_true(same_double(score_result_rank_score(a, row), score_result_rank_score(b, row)));
        for (size_t k = 0; k < score_ruleset_tier_count(rs); k++)
            assert_int_equal(score_result_tier_rank(a, k, row), score_result_tier_rank(b, k, row));
    }
    for (size_t k = 0; k < score_ruleset_tier_count(rs); k++) {
        assert_int_equal(score_result_tier_candidates(a, k), score_result_tier_candidates(b, k));
        assert_int_equal(score_result_tier_awarded(a, k), score_result_tier_awarded(b, k));
    }
    assert_int_equal(score_result_applicants(a), score_result_applicants(b));
}

static score_result *fresh(const score_ruleset *rs, const score_table *t)
{
    score_result *r = NULL;
    score_error err;
    if (score_evaluate(&r, rs, t, &err) != 0)
        fail_msg("evaluate: %s", err.message);
    return r;
}

/* Tables of other sizes, one after the other, into one result. */
static void test_identical(void **state)
{
    (void)state;
    score_ruleset *rs = wide_ruleset((size_t)1 << 30);
    static const size_t sizes[] = {1000, 1000, 10, 0, 5000, 999, 5000};
    score_result *r = NULL;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        score_table *t = rows(rs, sizes[i], (unsigned)i);
        score_result *want = fresh(rs, t);
        score_error err;
        if (!r) {
            r = fresh(rs, t);
        } else {
            const unsigned char *before = score_result_verdicts(r, 0);
            size_t had = score_result_row_count(r);
            score_eval_options opts = SCORE_EVAL_OPTIONS_INIT;
            opts.threads = (unsigned)(1 + i % 3);
            assert_int_equal(score_evaluate_into(r, t, &opts, &err), 0);
            /* the same rows fit in the same block */
            if (sizes[i] == had)
                assert_ptr_equal(score_result_verdicts(r, 0), before);
        }
        assert_same(rs, want, r);
        score_result_free(want);
        score_table_free(t);
    }
    score_result_free(r);
    score_ruleset_free(rs);
}

/* A limit of what one evaluation of 20000 rows needs at its peak (the
 * VM's registers and the result's block of 95 bytes a row: 48 verdicts,
 * the score, the tiers) and half a block more: evaluating into the result
 * again and again never holds two blocks, which would not fit. The result
 * of 40000 rows does not fit: SCORE_ELIMIT, and a result of no rows, which
 * takes a smaller table again. */
static void test_memory_limit(void **state)
{
    (void)state;
    score_ruleset *probe = wide_ruleset((size_t)1 << 30);
    score_table *pt = rows(probe, 20000, 1);
    score_result *pr = fresh(probe, pt);
    size_t peak = pr->meter.peak, block = pr->block_size;
    score_result_free(pr);
    score_table_free(pt);
    score_ruleset_free(probe);
    score_ruleset *rs = wide_ruleset(peak + block / 2);
    score_table *t = rows(rs, 20000, 1), *big = rows(rs, 40000, 2), *small = rows(rs, 300, 3);
    score_result *r = fresh(rs, t), *want = fresh(rs, t);
    score_error err;
    for (int i = 0; i < 20; i++) {
        assert_int_equal(score_evaluate_into(r, t, NULL, &err), 0);
        assert_int_equal(score_evaluate_into(r, small, NULL, &err), 0);
    }
    assert_int_equal(score_evaluate_into(r, t, NULL, &err), 0);
    assert_same(rs, want, r);
    /* a fresh evaluation of the large table is refused as well */
    score_result *none = (score_result *)1;
    assert_int_equal(score_evaluate(&none, rs, big, &err), SCORE_ELIMIT);
    assert_null(none);
    assert_int_equal(score_evaluate_into(r, big, NULL, &err), SCORE_ELIMIT);
    assert_non_null(strstr(err.message, "memory_bytes"));
    assert_int_equal(score_result_row_count(r), 0);
    assert_int_equal(score_result_outcome_count(r), 0);
    assert_int_equal(score_result_tier_candidates(r, 0), 0);
    assert_int_equal(score_result_tier(r, 0), -1);
    /* and it is usable again */
    assert_int_equal(score_evaluate_into(r, small, NULL, &err), 0);
    score_result *want_small = fresh(rs, small);
    assert_same(rs, want_small, r);
    score_result_free(want_small);
    score_result_free(want);
    score_result_free(r);
    score_table_free(t);
    score_table_free(big);
    score_table_free(small);
    score_ruleset_free(rs);
}

/* Bad arguments change nothing. */
static void test_errors(void **state)
{
    (void)state;
    score_ruleset *rs = wide_ruleset((size_t)1 << 30), *other = wide_ruleset((size_t)1 << 30);
    score_table *t = rows(rs, 50, 0), *foreign = rows(other, 60, 0);
    score_result *r = fresh(rs, t);
    score_error err;
    assert_int_equal(score_evaluate_into(NULL, t, NULL, &err), SCORE_EINVAL);
    assert_int_equal(score_evaluate_into(r, NULL, NULL, &err), SCORE_EINVAL);
    assert_int_equal(score_evaluate_into(r, foreign, NULL, &err), SCORE_EINVAL);
    score_eval_options opts = SCORE_EVAL_OPTIONS_INIT;
    opts.version = 99;
    assert_int_equal(score_evaluate_into(r, t, &opts, &err), SCORE_EINVAL);
    assert_int_equal(score_result_row_count(r), 50);
    score_result *want = fresh(rs, t);
    assert_same(rs, want, r);
    score_result_free(want);
    score_result_free(r);
    score_table_free(t);
    score_table_free(foreign);
    score_ruleset_free(rs);
    score_ruleset_free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
