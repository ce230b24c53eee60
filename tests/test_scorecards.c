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
 * before it leaves the total unknown when it would give another value or
 * grade. */
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

/* An unknown veto ahead of the decision changes nothing when it would give
 * the same value and grade as what decides (a later veto that holds, or
 * the total itself); the outcome is unknown only when it would differ. */
static void test_unknown_veto_giving_the_same(void **state)
{
    (void)state;
    static const char same[] =
        "ruleset: u\n"
        "key: id\n"
        "fields:\n"
        "  id: {type: text}\n"
        "  x: {type: number}\n"
        "  v1: {type: bool}\n"
        "  v2: {type: bool}\n"
        "  v3: {type: bool}\n"
        "  v4: {type: bool}\n"
        "scorecards:\n"
        "  s:\n"
        "    items: [{id: x, points: x}]\n"
        "    veto:\n"
        "      - {when: v1, value: 0, grade: F}\n"
        "      - {when: v2, value: 0}\n"                  /* 0 reaches band F */
        "      - {when: v3, value: 0, grade: Z}\n"        /* same value, other grade */
        "      - {when: v4, grade: X}\n"                  /* no value */
        "    bands:\n"
        "      - {min: 60, grade: P}\n"
        "      - {min: 0, grade: F}\n";
    run x = run_evaluate(same,
                         "id,x,v1,v2,v3,v4\n"
                         /* v1 unknown, v2 holds: both 0 F */
                         "A,70,,1,0,0\n"
                         /* v1, v2 unknown, none holds: 0 F against the total 70 P */
                         "B,70,,,0,0\n"
                         /* v1 unknown, none holds, the total is 0 (F): the same */
                         "C,0,,0,0,0\n"
                         /* v1 unknown, v3 holds: 0 but Z */
                         "E,70,,0,1,0\n"
                         /* v3 unknown, v4 holds: missing X */
                         "F,70,0,0,,1\n"
                         /* v1 unknown, the total missing */
                         "G,,,1,0,0\n"
                         /* v1 holds: what follows does not matter */
                         "H,,1,,,\n"
                         /* v4 unknown, the total missing: missing X or missing */
                         "I,,0,0,0,\n",
                         NULL, 0);
    size_t A = score_table_find_key(x.t, "A"), B = score_table_find_key(x.t, "B"),
           C = score_table_find_key(x.t, "C"),
           E = score_table_find_key(x.t, "E"), F = score_table_find_key(x.t, "F"),
           G = score_table_find_key(x.t, "G"), H = score_table_find_key(x.t, "H"),
           I = score_table_find_key(x.t, "I");
    assert_true(score_result_score(x.r, 0, A) == 0);
    assert_string_equal(score_result_grade(x.r, 0, A), "F");
    assert_int_equal(score_result_veto(x.r, 0, A), 2); /* the one that holds */
    assert_true(isnan(score_result_score(x.r, 0, B)));
    assert_null(score_result_grade(x.r, 0, B));
    assert_int_equal(score_result_veto(x.r, 0, B), -1);
    assert_true(score_result_score(x.r, 0, C) == 0);
    assert_string_equal(score_result_grade(x.r, 0, C), "F");
    assert_int_equal(score_result_veto(x.r, 0, C), 0); /* none holds for sure */
    assert_true(isnan(score_result_score(x.r, 0, E)));
    assert_int_equal(score_result_veto(x.r, 0, E), -1);
    assert_true(isnan(score_result_score(x.r, 0, F)));
    assert_null(score_result_grade(x.r, 0, F));
    assert_int_equal(score_result_veto(x.r, 0, F), -1);
    assert_int_equal(score_result_veto(x.r, 0, G), 2);
    assert_true(score_result_score(x.r, 0, G) == 0);
    assert_int_equal(score_result_veto(x.r, 0, H), 1);
    assert_int_equal(score_result_veto(x.r, 0, I), -1);
    assert_null(score_result_grade(x.r, 0, I));
    run_done(&x);
}

/* The built-in 评星定级 with three vetoes that all give 1 star: an unknown
 * veto ahead of a true one leaves the result 0 and 1 star, so the branch
 * gets star1; the explanation names the deciding veto and the unknown one
 * ahead of it. (Items: 97.8 * 70% + 80.5 * 30% = 92.61, five stars.) */
static void test_star_rating_with_an_unknown_veto(void **state)
{
    (void)state;
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    static const char csv[] =
        "id,base_score,deductions,review_score,prior_stars,veto_discipline,veto_accident,"
        "veto_incident\n"
        "B1,97.8,0,80.5,5,0,,1\n"
        "B2,97.8,0,80.5,5,,1,0\n"
        "B3,97.8,0,80.5,5,1,,0\n"
        "B4,97.8,0,80.5,5,,0,0\n";
    assert_int_equal(score_ruleset_load_builtin(&rs, "dangzuzhi-pingxing", NULL, &err), 0);
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), NULL, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    size_t card = score_ruleset_scorecard_index(rs, "star_score");
    static const int decider[] = {3, 2, 1};
    for (size_t row = 0; row < 3; row++) {
        assert_true(score_result_score(r, card, row) == 0);
        assert_string_equal(score_result_grade(r, card, row), "1");
        assert_int_equal(score_result_veto(r, card, row), decider[row]);
        int tier = score_result_tier(r, row);
        assert_true(tier >= 0);
        assert_string_equal(score_ruleset_tier_id(rs, (size_t)tier), "star1");
    }
    /* B4: only an unknown veto, and the total gives 5 stars: unknown */
    assert_true(isnan(score_result_score(r, card, 3)));
    assert_int_equal(score_result_veto(r, card, 3), -1);
    assert_int_equal(score_result_tier(r, 3), -1);

    char *text;
    assert_int_equal(score_explain_row(&text, r, t, 0, SCORE_EXPLAIN_TEXT, &err), 0);
    const char *unknown = strstr(text, "数据缺失：一票否决：发生重大安全生产或环境污染事故（veto_accident）；若成立，结果相同");
    const char *decided = strstr(text, "一票否决：一票否决：发生重大刑事案件或群体性事件（veto_incident）");
    assert_non_null(unknown);
    assert_non_null(decided);
    assert_true(unknown < decided);
    score_string_free(r, text);
    assert_int_equal(score_explain_row(&text, r, t, 0, SCORE_EXPLAIN_JSON, &err), 0);
    assert_non_null(strstr(text, "\"unknown_vetoes\":[{\"label\":\"一票否决：发生重大安全生产或环境污染事故\","
                                 "\"expr\":\"veto_accident\"}],\"veto\":{\"label\":\"一票否决：发生重大刑事案件或群体性事件\""));
    score_string_free(r, text);
    /* B3: the first veto holds, nothing unknown ahead of it */
    assert_int_equal(score_explain_row(&text, r, t, 2, SCORE_EXPLAIN_TEXT, &err), 0);
    assert_null(strstr(text, "若成立，结果相同"));
    score_string_free(r, text);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
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
        cmocka_unit_test(test_unknown_veto_giving_the_same),
        cmocka_unit_test(test_star_rating_with_an_unknown_veto),
        cmocka_unit_test(test_many_vetoes),
        cmocka_unit_test(test_items_api),
        cmocka_unit_test(test_cycle_through_scorecard),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
