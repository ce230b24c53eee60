/*
 * Tier allocation (docs/rulesets.md, "Allocation"): quotas, caps rounded
 * down, ties by key, the drop-down cascade, missing ranks, empty tiers,
 * all-ineligible data, unknown requirements and the prior-level step
 * limit. Every expected value is worked out in the comment above it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "run.h"

#include "score/score.h"

/* Three levels low < mid < top; `ok` is eligibility, a/b/c the level
 * requirements, ranked by score; prior is last period's level (1-based). */
static const char ladder[] =
    "ruleset: ladder\n"
    "key: id\n"
    "params:\n"
    "  q_low: {value: 3}\n"
    "  q_mid: {value: 2}\n"
    "  q_top: {value: 2}\n"
    "  cap_top: {value: 30%}\n"
    "  step: {value: 1}\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  ok: {type: bool}\n"
    "  a: {type: bool}\n"
    "  b: {type: bool}\n"
    "  c: {type: bool}\n"
    "  x: {type: number}\n"
    "  y: {type: number}\n"
    "  prior: {type: number}\n"
    "criteria:\n"
    "  eligible_ok: ok\n"
    "tiers:\n"
    "  eligible: eligible_ok\n"
    "  rank_by: x + coalesce(y, 0)\n"
    "  prior: prior\n"
    "  max_step: step\n"
    "  levels:\n"
    "    - {id: low, require: [a], quota: q_low}\n"
    "    - {id: mid, extends: low, require: [b], quota: q_mid}\n"
    "    - {id: top, extends: mid, require: [c], quota: q_top, cap: cap_top}\n";

static run evaluate(const char *csv, const score_param *params, size_t nparams)
{
    return run_evaluate(ladder, csv, params, nparams);
}

/* The awarded tier id of the row with this key, or "-" for none. */
static const char *tier_of(const run *x, const char *key)
{
    size_t row = score_table_find_key(x->t, key);
    assert_true(row != (size_t)-1);
    int k = score_result_tier(x->r, row);
    return k < 0 ? "-" : score_ruleset_tier_id(x->rs, (size_t)k);
}

static const char *qualified_of(const run *x, const char *key)
{
    size_t row = score_table_find_key(x->t, key);
    int k = score_result_qualified(x->r, row);
    return k < 0 ? "-" : score_ruleset_tier_id(x->rs, (size_t)k);
}

#define ASSERT_TIER(x, key, want) assert_string_equal(tier_of(x, key), want)

/* Five rows meet every level, ranked 90 > 80 > 70 > 60 > 50. Applicants 5,
 * so the top cap is floor(30% x 5) = 1, below its quota 2: A gets top.
 * B and C take mid's quota of 2; D and E drop to low (quota 3). */
static void test_cascade(void **state)
{
    (void)state;
    run x = evaluate("id,ok,a,b,c,x\n"
                     "E,1,1,1,1,50\nD,1,1,1,1,60\nC,1,1,1,1,70\nB,1,1,1,1,80\nA,1,1,1,1,90\n",
                     NULL, 0);
    ASSERT_TIER(&x, "A", "top");
    ASSERT_TIER(&x, "B", "mid");
    ASSERT_TIER(&x, "C", "mid");
    ASSERT_TIER(&x, "D", "low");
    ASSERT_TIER(&x, "E", "low");
    assert_string_equal(qualified_of(&x, "E"), "top");
    assert_int_equal(score_result_applicants(x.r), 5);
    assert_int_equal(score_result_tier_limit(x.r, 2), 1);
    assert_int_equal(score_result_tier_candidates(x.r, 2), 5);
    assert_int_equal(score_result_tier_candidates(x.r, 1), 4);
    assert_int_equal(score_result_tier_candidates(x.r, 0), 2);
    /* B was 2nd of 5 at top (limit 1), then 1st of 4 at mid */
    size_t b = score_table_find_key(x.t, "B");
    assert_int_equal(score_result_tier_rank(x.r, 2, b), 2);
    assert_int_equal(score_result_tier_rank(x.r, 1, b), 1);
    assert_int_equal(score_result_tier_rank(x.r, 0, b), 0);
    assert_int_equal(score_result_tier_awarded(x.r, 0), 2);
    run_done(&x);
}

/* A row that drops competes below with rows that qualified only there:
 * the lower level's quota may leave the dropped row out entirely. Low has
 * quota 1 here: L (rank 95, qualified only for low) beats D (dropped from
 * top and mid), so D gets nothing. */
static void test_dropped_row_can_end_with_nothing(void **state)
{
    (void)state;
    const score_param p[] = {{"q_low", "1"}, {"q_mid", "0"}, {"q_top", "0"}};
    run x = evaluate("id,ok,a,b,c,x\nD,1,1,1,1,60\nL,1,1,0,0,95\n", p, 3);
    ASSERT_TIER(&x, "L", "low");
    ASSERT_TIER(&x, "D", "-");
    assert_string_equal(qualified_of(&x, "D"), "top");
    run_done(&x);
}

/* floor(cap x applicants) read as decimals: 29% of 100 is 29 (in binary
 * 0.29 * 100 is 28.999999999999996), and 30% of 10 is 3. */
static void test_cap_rounds_down_as_decimal(void **state)
{
    (void)state;
    char *csv = malloc(100 * 32 + 64);
    assert_non_null(csv);
    size_t n = (size_t)sprintf(csv, "id,ok,a,b,c,x\n");
    for (int i = 0; i < 100; i++)
        n += (size_t)sprintf(csv + n, "K%03d,1,1,1,1,%d\n", i, i);
    const score_param p[] = {{"cap_top", "29%"}, {"q_top", "50"}};
    run x = evaluate(csv, p, 2);
    assert_int_equal(score_result_tier_limit(x.r, 2), 29);
    assert_int_equal(score_result_tier_awarded(x.r, 2), 29);
    ASSERT_TIER(&x, "K071", "top"); /* ranks 99..71 are the 29 best */
    ASSERT_TIER(&x, "K070", "mid");
    run_done(&x);
    /* 10 applicants, 30%, quota 5: 3 */
    n = (size_t)sprintf(csv, "id,ok,a,b,c,x\n");
    for (int i = 0; i < 10; i++)
        n += (size_t)sprintf(csv + n, "K%d,1,1,1,1,%d\n", i, i);
    const score_param q[] = {{"q_top", "5"}};
    x = evaluate(csv, q, 1);
    assert_int_equal(score_result_tier_limit(x.r, 2), 3);
    run_done(&x);
    /* 3 applicants, 30%: floor(0.9) = 0, nobody reaches top */
    x = evaluate("id,ok,a,b,c,x\nA,1,1,1,1,3\nB,1,1,1,1,2\nC,1,1,1,1,1\n", NULL, 0);
    assert_int_equal(score_result_tier_limit(x.r, 2), 0);
    ASSERT_TIER(&x, "A", "mid");
    ASSERT_TIER(&x, "B", "mid");
    ASSERT_TIER(&x, "C", "low");
    run_done(&x);
    free(csv);
}

/* Equal rank values are ordered by key in byte order: "E10" < "E2" <
 * "a"; 0.1 + 0.2 ties with 0.3 as decimals. */
static void test_ties_by_key(void **state)
{
    (void)state;
    const score_param p[] = {{"q_top", "1"}, {"cap_top", "100%"}, {"q_mid", "1"}};
    run x = evaluate("id,ok,a,b,c,x,y\na,1,1,1,1,0.3,\nE2,1,1,1,1,0.1,0.2\nE10,1,1,1,1,0.3,0\n",
                     p, 3);
    ASSERT_TIER(&x, "E10", "top");
    ASSERT_TIER(&x, "E2", "mid");
    ASSERT_TIER(&x, "a", "low");
    run_done(&x);
}

/* Ranks compare as decimals to 15 significant digits, the same whatever
 * the order of the rows: 1.000000000000008 is above 1.000000000000004,
 * which ties with 1 (and loses to it on the key). */
static void test_rank_order_is_stable(void **state)
{
    (void)state;
    const score_param p[] = {{"q_top", "1"}, {"cap_top", "100%"}, {"q_mid", "1"}, {"q_low", "1"}};
    static const char *const orders[] = {
        "id,ok,a,b,c,x\na,1,1,1,1,1\nb,1,1,1,1,1.000000000000004\nc,1,1,1,1,1.000000000000008\n",
        "id,ok,a,b,c,x\nc,1,1,1,1,1.000000000000008\nb,1,1,1,1,1.000000000000004\na,1,1,1,1,1\n",
        "id,ok,a,b,c,x\nb,1,1,1,1,1.000000000000004\na,1,1,1,1,1\nc,1,1,1,1,1.000000000000008\n",
    };
    for (size_t i = 0; i < 3; i++) {
        run x = evaluate(orders[i], p, 4);
        ASSERT_TIER(&x, "c", "top");
        ASSERT_TIER(&x, "a", "mid");
        ASSERT_TIER(&x, "b", "low");
        run_done(&x);
    }
}

/* A missing rank value ranks after every other, even a negative one. */
static void test_missing_rank_last(void **state)
{
    (void)state;
    const score_param p[] = {{"q_top", "1"}, {"cap_top", "100%"}, {"q_mid", "0"}, {"q_low", "1"}};
    run x = evaluate("id,ok,a,b,c,x\nA,1,1,1,1,\nB,1,1,1,1,-5\nC,1,1,1,1,\n", p, 4);
    ASSERT_TIER(&x, "B", "top");
    ASSERT_TIER(&x, "A", "low"); /* A before C by key, among the missing */
    ASSERT_TIER(&x, "C", "-");
    assert_true(isnan(score_result_rank_score(x.r, score_table_find_key(x.t, "A"))));
    run_done(&x);
}

/* Nobody meets a requirement: every tier is empty. */
static void test_empty_tiers(void **state)
{
    (void)state;
    run x = evaluate("id,ok,a,b,c,x\nA,1,0,1,1,5\nB,1,0,0,0,4\n", NULL, 0);
    ASSERT_TIER(&x, "A", "-");
    ASSERT_TIER(&x, "B", "-");
    assert_string_equal(qualified_of(&x, "A"), "-"); /* top extends low: a fails */
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(score_result_tier_candidates(x.r, k), 0);
        assert_int_equal(score_result_tier_awarded(x.r, k), 0);
    }
    run_done(&x);
}

/* No row is eligible: no applicant, no tier, whatever the requirements. */
static void test_all_ineligible(void **state)
{
    (void)state;
    run x = evaluate("id,ok,a,b,c,x\nA,0,1,1,1,5\nB,,1,1,1,4\n", NULL, 0);
    assert_int_equal(score_result_applicants(x.r), 0);
    ASSERT_TIER(&x, "A", "-");
    ASSERT_TIER(&x, "B", "-");
    assert_string_equal(qualified_of(&x, "A"), "-");
    assert_int_equal(score_result_eligible(x.r, score_table_find_key(x.t, "B")), SCORE_UNKNOWN);
    run_done(&x);
}

/* An unknown requirement never awards: with b missing, mid and top are
 * unknown for A, which qualifies for low only. */
static void test_unknown_requirement(void **state)
{
    (void)state;
    run x = evaluate("id,ok,a,b,c,x\nA,1,1,,1,5\n", NULL, 0);
    ASSERT_TIER(&x, "A", "low");
    size_t a = score_table_find_key(x.t, "A");
    assert_int_equal(score_result_tier_met(x.r, 1, a), SCORE_UNKNOWN);
    assert_int_equal(score_result_tier_met(x.r, 2, a), SCORE_UNKNOWN);
    run_done(&x);
}

/* max_step 1 over prior (1-based): prior 1 (low) allows mid at most;
 * prior 3 allows top; a missing prior is a first rating, not limited;
 * a fall is not limited. */
static void test_step_limit(void **state)
{
    (void)state;
    const score_param p[] = {{"cap_top", "100%"}, {"q_top", "5"}, {"q_mid", "5"}};
    run x = evaluate("id,ok,a,b,c,x,prior\nA,1,1,1,1,9,1\nB,1,1,1,1,8,3\nC,1,1,1,1,7,\n"
                     "D,1,1,0,0,6,3\n",
                     p, 3);
    ASSERT_TIER(&x, "A", "mid");
    assert_string_equal(qualified_of(&x, "A"), "top"); /* by criteria alone */
    assert_int_equal(score_result_step_limit(x.r, score_table_find_key(x.t, "A")), 1);
    ASSERT_TIER(&x, "B", "top");
    ASSERT_TIER(&x, "C", "top");
    assert_int_equal(score_result_step_limit(x.r, score_table_find_key(x.t, "C")), -1);
    ASSERT_TIER(&x, "D", "low");
    run_done(&x);
}

/* Without quota or cap a level awards every candidate. */
static void test_unlimited_level(void **state)
{
    (void)state;
    static const char doc[] = "ruleset: u\nkey: id\nfields:\n  id: {type: text}\n"
                              "  a: {type: bool}\ntiers:\n  levels:\n    - {id: only, require: [a]}\n";
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, doc, strlen(doc), NULL, NULL, &err), 0);
    const char csv[] = "id,a\nA,1\nB,1\nC,0\n";
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), NULL, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    assert_int_equal(score_result_tier(r, 0), 0);
    assert_int_equal(score_result_tier(r, 1), 0);
    assert_int_equal(score_result_tier(r, 2), -1);
    assert_int_equal(score_result_applicants(r), 3); /* no eligible: every row */
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* Load errors of the tiers part, with their positions. */
static void test_tier_errors(void **state)
{
    (void)state;
    static const struct {
        const char *tiers;
        int line, column;
        const char *words;
    } cases[] = {
        {"  levels:\n    - {id: a, extends: b}\n", 9, 24, "not a level listed before"},
        {"  levels:\n    - {id: a, quota: 1.5}\n", 9, 22, "whole number"},
        {"  levels:\n    - {id: a, cap: 150%}\n", 9, 20, "from 0 to 100%"},
        {"  levels:\n    - {id: a}\n    - {id: a}\n", 10, 12, "already defined"},
        {"  rank_by: a\n  levels:\n    - {id: x}\n", 8, 12, "must be a scorecard or a number"},
        {"  eligible: n\n  levels:\n    - {id: x}\n", 8, 13, "criterion or a condition"},
        {"  max_step: 1\n  levels:\n    - {id: x}\n", 8, 13, "needs a prior"},
        {"  levels: []\n", 8, 3, "need a list of levels"},
        {"  levels:\n    - {id: x, require: [n > ]}\n", 9, 28, "expected a value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char doc[512];
        snprintf(doc, sizeof doc,
                 "ruleset: e\nkey: id\nfields:\n  id: {type: text}\n  a: {type: bool}\n"
                 "  n: {type: number}\ntiers:\n%s",
                 cases[i].tiers);
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        expect_load_error(what, doc, cases[i].line, cases[i].column, cases[i].words);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cascade),
        cmocka_unit_test(test_dropped_row_can_end_with_nothing),
        cmocka_unit_test(test_cap_rounds_down_as_decimal),
        cmocka_unit_test(test_ties_by_key),
        cmocka_unit_test(test_rank_order_is_stable),
        cmocka_unit_test(test_missing_rank_last),
        cmocka_unit_test(test_empty_tiers),
        cmocka_unit_test(test_all_ineligible),
        cmocka_unit_test(test_unknown_requirement),
        cmocka_unit_test(test_step_limit),
        cmocka_unit_test(test_unlimited_level),
        cmocka_unit_test(test_tier_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
