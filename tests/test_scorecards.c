/*
 * Scorecards: items summed with their caps, deductions, the floor and
 * ceiling, vetoes in order (a grade-only veto leaves the total missing),
 * bands read as decimals, missing items, and the errors of the part.
 * Expected totals are worked out in the comments.
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

static const char doc[] =
    "ruleset: sc\n"
    "key: id\n"
    "params:\n"
    "  cap_a: {value: 40}\n"
    "  top: {value: 90}\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  a: {type: number}\n"
    "  b: {type: number}\n"
    "  d: {type: number}\n"
    "  v1: {type: bool}\n"
    "  v2: {type: bool}\n"
    "  exempt: {type: bool}\n"
    "criteria:\n"
    "  high: total >= top\n"
    "scorecards:\n"
    "  total:\n"
    "    label: 总分\n"
    "    items:\n"
    "      - {id: a, label: 甲, points: a * 0.5, max: cap_a}\n"
    "      - {id: b, label: 乙, points: b}\n"
    "    deductions:\n"
    "      - {id: d, label: 扣分, points: d * 2, max: 10}\n"
    "    veto:\n"
    "      - {when: exempt, grade: 免评}\n"
    "      - {when: v1, value: 0, label: 一票否决}\n"
    "      - {when: v2, value: 59, grade: 不合格}\n"
    "    min: 0\n"
    "    max: 100\n"
    "    bands:\n"
    "      - {min: top, grade: 优秀}\n"
    "      - {min: 60, grade: 合格}\n"
    "      - {min: 0, grade: 不合格}\n";

static run evaluate(const char *csv)
{
    return run_evaluate(doc, csv, NULL, 0);
}

static double total(const run *x, const char *key)
{
    return score_result_score(x->r, 0, score_table_find_key(x->t, key));
}

static const char *grade(const run *x, const char *key)
{
    const char *g = score_result_grade(x->r, 0, score_table_find_key(x->t, key));
    return g ? g : "-";
}

static void test_totals(void **state)
{
    (void)state;
    run x = evaluate("id,a,b,d,v1,v2,exempt\n"
                     /* 60*0.5 = 30 + 50 - 2*2 = 76: 合格 */
                     "A,60,50,2,0,0,0\n"
                     /* 100*0.5 = 50 capped at 40, + 60 - min(8*2, 10) = 90: 优秀 (at the band) */
                     "B,100,60,8,0,0,0\n"
                     /* 20*0.5 + 0 - 10 = 0 - ... = 10 + 0 - 10 = 0: 不合格 */
                     "C,20,0,5,0,0,0\n"
                     /* 10 - 30 would be negative: the floor makes it 0 */
                     "D,0,10,30,0,0,0\n"
                     /* 80*0.5 = 40 + 90 = 130: the ceiling makes it 100 */
                     "E,80,90,0,0,0,0\n"
                     /* a missing item: the total is missing, no grade */
                     "F,60,,0,0,0,0\n"
                     /* 0.1*0.5 + 89.95 = 90.0 as a decimal: 优秀 */
                     "G,0.1,89.95,0,0,0,0\n");
    assert_true(total(&x, "A") == 76);
    assert_string_equal(grade(&x, "A"), "合格");
    assert_true(total(&x, "B") == 90);
    assert_string_equal(grade(&x, "B"), "优秀");
    assert_true(total(&x, "C") == 0);
    assert_string_equal(grade(&x, "C"), "不合格");
    assert_true(total(&x, "D") == 0);
    assert_true(total(&x, "E") == 100);
    assert_true(isnan(total(&x, "F")));
    assert_string_equal(grade(&x, "F"), "-");
    assert_string_equal(grade(&x, "G"), "优秀");
    /* the criterion reads the scorecard's total */
    size_t high = score_ruleset_criterion_index(x.rs, "high");
    assert_int_equal(score_result_verdict(x.r, high, score_table_find_key(x.t, "B")), SCORE_TRUE);
    assert_int_equal(score_result_verdict(x.r, high, score_table_find_key(x.t, "A")), SCORE_FALSE);
    assert_int_equal(score_result_verdict(x.r, high, score_table_find_key(x.t, "F")),
                     SCORE_UNKNOWN);
    run_done(&x);
}

/* The first veto that holds forces the value (and its grade, if any);
 * a veto holds even where items are missing; an unknown veto condition
 * before it leaves the total unknown. */
static void test_vetoes(void **state)
{
    (void)state;
    run x = evaluate("id,a,b,d,v1,v2,exempt\n"
                     "A,100,60,0,1,1,0\n" /* v1 first: 0, band grade 不合格 */
                     "B,100,60,0,0,1,0\n" /* v2: 59 with its grade */
                     "C,,,,1,0,0\n"       /* v1 forces 0 although nothing is known */
                     "D,100,60,0,0,0,1\n" /* exempt: grade 免评, total missing */
                     "E,100,60,0,,1,0\n"  /* v1 unknown: 0 or 59: unknown */
                     "F,100,60,0,0,0,\n");
    assert_true(total(&x, "A") == 0);
    assert_string_equal(grade(&x, "A"), "不合格");
    assert_int_equal(score_result_veto(x.r, 0, score_table_find_key(x.t, "A")), 2);
    assert_true(total(&x, "B") == 59);
    assert_string_equal(grade(&x, "B"), "不合格");
    assert_int_equal(score_result_veto(x.r, 0, score_table_find_key(x.t, "B")), 3);
    assert_true(total(&x, "C") == 0);
    assert_true(isnan(total(&x, "D")));
    assert_string_equal(grade(&x, "D"), "免评");
    assert_true(isnan(total(&x, "E")));
    assert_string_equal(grade(&x, "E"), "-");
    assert_int_equal(score_result_veto(x.r, 0, score_table_find_key(x.t, "E")), -1);
    assert_true(isnan(total(&x, "F"))); /* exempt unknown comes first */
    run_done(&x);
}

/* Veto numbers past 127 are kept (they were once stored in a byte). */
static void test_many_vetoes(void **state)
{
    (void)state;
    size_t cap = 200 * 48 + 256;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t k = (size_t)snprintf(text, cap, "ruleset: v\nkey: id\nfields:\n  id: {type: text}\n"
                                            "  x: {type: number}\nscorecards:\n  s:\n"
                                            "    items: [{id: i, points: x}]\n    veto:\n");
    for (int i = 1; i <= 200; i++)
        k += (size_t)snprintf(text + k, cap - k, "      - {when: x == %d, value: %d}\n", i, 1000 + i);
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, text, k, NULL, NULL, &err), 0);
    const char csv[] = "id,x\nA,150\nB,300\n";
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), NULL, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    assert_int_equal(score_result_veto(r, 0, 0), 150);
    assert_true(score_result_score(r, 0, 0) == 1150);
    assert_int_equal(score_result_veto(r, 0, 1), 0);
    assert_true(score_result_score(r, 0, 1) == 300);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
    free(text);
}

static void test_items_api(void **state)
{
    (void)state;
    run x = evaluate("id\n");
    assert_int_equal(score_ruleset_scorecard_count(x.rs), 1);
    assert_string_equal(score_ruleset_scorecard_label(x.rs, 0), "总分");
    assert_int_equal(score_ruleset_scorecard_index(x.rs, "total"), 0);
    assert_true(score_ruleset_scorecard_has_grades(x.rs, 0));
    assert_int_equal(score_ruleset_item_count(x.rs, 0), 3);
    score_item_info info;
    assert_int_equal(score_ruleset_item(x.rs, 0, 0, &info), 0);
    assert_string_equal(info.id, "a");
    assert_string_equal(info.expr, "a * 0.5");
    assert_true(info.max == 40 && !info.deduction);
    assert_int_equal(score_ruleset_item(x.rs, 0, 2, &info), 0);
    assert_true(info.deduction && info.max == 10);
    assert_int_equal(score_ruleset_item(x.rs, 0, 3, &info), SCORE_ENOTFOUND);
    run_done(&x);
}

/* Criteria and scorecards share the cycle check. */
static void test_cycle_through_scorecard(void **state)
{
    (void)state;
    const char text[] = "ruleset: c\nkey: id\nfields:\n  id: {type: text}\n"
                        "criteria:\n  good: s > 1\n"
                        "scorecards:\n  s:\n    items:\n      - {id: x, points: 'good ? 2 : 0'}\n";
    score_ruleset *rs;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, text, strlen(text), "c.yaml", NULL, &err),
                     SCORE_ERULE);
    assert_non_null(strstr(err.message, "cycle: good -> s -> good"));
    assert_int_equal(err.line, 6);
    assert_int_equal(err.column, 9);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *card;
        int line, column;
        const char *words;
    } cases[] = {
        {"    items:\n      - {id: x, points: n > 1}\n", 9, 25, "points must be a number"},
        {"    items:\n      - {id: x}\n", 9, 9, "needs a 'points'"},
        {"    items:\n      - {id: x, points: n, max: n}\n", 9, 33, "constant number"},
        {"    veto:\n      - {when: b}\n", 9, 9, "needs a 'value', a 'grade'"},
        {"    veto:\n      - {when: n, value: 0}\n", 9, 16, "a veto's when must be a bool"},
        {"    bands:\n      - {min: 60, grade: a}\n      - {min: 90, grade: b}\n", 10, 15,
         "highest first"},
        {"    weight: 2\n", 8, 5, "unknown key 'weight'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "ruleset: e\nkey: id\nfields:\n  id: {type: text}\n  n: {type: number}\n"
                 "scorecards:\n  s:\n%s",
                 cases[i].card);
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        expect_load_error(what, text, cases[i].line, cases[i].column, cases[i].words);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_vetoes),
        cmocka_unit_test(test_many_vetoes),
        cmocka_unit_test(test_items_api),
        cmocka_unit_test(test_cycle_through_scorecard),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
