/*
 * Scale-out (docs/scale-out.md): a target's outcome combined from the
 * partial aggregates of the parts of a population equals the outcome over
 * the whole, for every aggregate and with unknown rows; and caps take
 * their base from score_eval_options.applicants when a table is one part.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "score/score.h"

static const char doc[] =
    "ruleset: parts\n"
    "key: id\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  five: {type: bool}\n"
    "  income: {type: number}\n"
    "targets:\n"
    "  - {id: share_five, require: share(five) >= 40%}\n"
    "  - {id: low_share, require: share(five) <= 20%}\n"
    "  - {id: all_five, require: all(five)}\n"
    "  - {id: none_five, require: none(five)}\n"
    "  - {id: count_five, require: count(five) >= 5}\n"
    "  - {id: income_sum, require: sum(income) >= 3万}\n"
    "  - {id: income_avg, require: avg(income) > 4000}\n"
    "  - {id: income_min, require: min(income) >= 1000}\n"
    "  - {id: income_max, require: max(income) < 9000}\n";

/* Row i of a deterministic population: some five, some unknown. */
static void row(char *buf, size_t size, int i)
{
    const char *five = i % 7 == 3 ? "" : i % 3 == 0 ? "1" : "0";
    if (i % 11 == 5)
        snprintf(buf, size, "V%03d,%s,\n", i, five);
    else
        snprintf(buf, size, "V%03d,%s,%d.%02d\n", i, five, 500 + (i * 397) % 8000, i % 100);
}

/* Rows [from, to) as a CSV table. */
static score_table *part(const score_ruleset *rs, int from, int to)
{
    char *csv = malloc((size_t)(to - from) * 40 + 32);
    assert_non_null(csv);
    size_t k = (size_t)sprintf(csv, "id,five,income\n");
    for (int i = from; i < to; i++)
        row(csv + k, 40, i), k += strlen(csv + k);
    score_table *t;
    score_error err;
    assert_int_equal(score_table_parse_csv(&t, rs, csv, k, NULL, &err), 0);
    free(csv);
    return t;
}

static score_result *evaluate(const score_ruleset *rs, const score_table *t)
{
    score_result *r;
    score_error err;
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    return r;
}

static void same_number(double a, double b, const char *what, const char *target)
{
    if (isnan(a) || isnan(b)) {
        if (!(isnan(a) && isnan(b)))
            fail_msg("%s of %s: %g and %g", what, target, a, b);
        return;
    }
    if (fabs(a - b) > 1e-12 * fmax(1, fabs(a)))
        fail_msg("%s of %s: %.17g and %.17g", what, target, a, b);
}

/* Split 0..n at the cuts, combine, compare with the whole. */
static void check_split(const score_ruleset *rs, int n, const int *cuts, size_t ncuts)
{
    score_table *whole_t = part(rs, 0, n);
    score_result *whole = evaluate(rs, whole_t);
    size_t nparts = ncuts + 1;
    score_table **tables = calloc(nparts, sizeof *tables);
    score_result **results = calloc(nparts, sizeof *results);
    assert_non_null(tables);
    assert_non_null(results);
    for (size_t p = 0; p < nparts; p++) {
        int from = p ? cuts[p - 1] : 0, to = p < ncuts ? cuts[p] : n;
        tables[p] = part(rs, from, to);
        results[p] = evaluate(rs, tables[p]);
    }
    size_t ntargets = score_ruleset_target_count(rs);
    assert_int_equal(score_result_outcome_count(whole), ntargets); /* scope all only */
    for (size_t i = 0; i < ntargets; i++) {
        score_target_partial parts[8];
        for (size_t p = 0; p < nparts; p++)
            assert_int_equal(score_result_partial(results[p], i, &parts[p]), 0);
        score_target_outcome want, got;
        score_error err;
        assert_int_equal(score_result_outcome(whole, i, &want), 0);
        assert_int_equal(score_target_combine(rs, parts, nparts, &got, &err), 0);
        const char *id = score_ruleset_target_id(rs, i);
        assert_int_equal(got.target, i);
        assert_null(got.scope);
        assert_int_equal(got.nfailing, 0);
        assert_string_equal(got.op, want.op);
        assert_int_equal(got.verdict, want.verdict);
        assert_int_equal(got.population, want.population);
        assert_int_equal(got.satisfied, want.satisfied);
        assert_int_equal(got.unknown, want.unknown);
        same_number(got.actual, want.actual, "actual", id);
        same_number(got.required, want.required, "required", id);
        same_number(got.shortfall, want.shortfall, "shortfall", id);
    }
    for (size_t p = 0; p < nparts; p++) {
        score_result_free(results[p]);
        score_table_free(tables[p]);
    }
    free(results);
    free(tables);
    score_result_free(whole);
    score_table_free(whole_t);
}

static score_ruleset *load(const char *text)
{
    score_ruleset *rs;
    score_error err;
    if (score_ruleset_load_string(&rs, text, strlen(text), NULL, NULL, &err) != 0)
        fail_msg("%s", err.message);
    return rs;
}

static void test_combined_equals_whole(void **state)
{
    (void)state;
    score_ruleset *rs = load(doc);
    const int even[] = {50, 100, 150};
    const int uneven[] = {0, 1, 1, 170, 171};
    const int one[] = {200};
    check_split(rs, 200, even, 4 - 1);
    check_split(rs, 200, uneven, 5);
    check_split(rs, 200, one, 1); /* an empty part at the end */
    check_split(rs, 12, even, 0); /* one part: the identity */
    score_ruleset_free(rs);
}

static void test_verdicts_really_differ(void **state)
{
    /* the population above must exercise met, not met and unknown */
    (void)state;
    score_ruleset *rs = load(doc);
    score_table *t = part(rs, 0, 200);
    score_result *r = evaluate(rs, t);
    int seen[3] = {0, 0, 0};
    for (size_t i = 0; i < score_result_outcome_count(r); i++) {
        score_target_outcome o;
        assert_int_equal(score_result_outcome(r, i, &o), 0);
        seen[o.verdict]++;
    }
    assert_true(seen[SCORE_MET] && seen[SCORE_NOT_MET] && seen[SCORE_TARGET_UNKNOWN]);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

static void test_combine_errors(void **state)
{
    (void)state;
    score_ruleset *rs = load(doc);
    score_target_partial parts[2];
    memset(parts, 0, sizeof parts);
    score_target_outcome o;
    score_error err;
    assert_int_equal(score_target_combine(rs, parts, 0, &o, &err), SCORE_EINVAL);
    parts[1].target = 1;
    assert_int_equal(score_target_combine(rs, parts, 2, &o, &err), SCORE_EINVAL);
    assert_non_null(strstr(err.message, "part 1"));
    parts[0].target = 99;
    assert_int_equal(score_target_combine(rs, parts, 1, &o, &err), SCORE_EINVAL);
    score_table *t = part(rs, 0, 3);
    score_result *r = evaluate(rs, t);
    assert_int_equal(score_result_partial(r, 999, &parts[0]), SCORE_ENOTFOUND);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

static const char capped[] =
    "ruleset: capped\n"
    "key: id\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  ok: {type: bool}\n"
    "  x: {type: number}\n"
    "tiers:\n"
    "  eligible: ok\n"
    "  rank_by: x\n"
    "  levels:\n"
    "    - {id: top, require: [ok], cap: 30%}\n";

static size_t awarded_with(const score_ruleset *rs, const score_table *t, size_t applicants)
{
    score_result *r;
    score_error err;
    score_eval_options o = SCORE_EVAL_OPTIONS_INIT;
    o.applicants = applicants;
    assert_int_equal(score_evaluate_with(&r, rs, t, &o, &err), 0);
    size_t n = score_result_tier_awarded(r, 0);
    assert_int_equal(score_result_applicants(r), applicants ? applicants : 10);
    score_result_free(r);
    return n;
}

static void test_applicants_are_the_base_of_caps(void **state)
{
    (void)state;
    score_ruleset *rs = load(capped);
    const char csv[] = "id,ok,x\nA,1,9\nB,1,8\nC,1,7\nD,1,6\nE,1,5\n"
                       "F,1,4\nG,1,3\nH,1,2\nI,1,1\nJ,1,0\n";
    score_table *t;
    score_error err;
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), NULL, &err), 0);
    assert_int_equal(awarded_with(rs, t, 0), 3);   /* 30% of the 10 here */
    assert_int_equal(awarded_with(rs, t, 20), 6);  /* 30% of 20 in the whole */
    assert_int_equal(awarded_with(rs, t, 100), 10); /* more than there are */
    score_table_free(t);
    score_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_combined_equals_whole),
        cmocka_unit_test(test_verdicts_really_differ),
        cmocka_unit_test(test_combine_errors),
        cmocka_unit_test(test_applicants_are_the_base_of_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
