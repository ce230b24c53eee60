/*
 * Targets (docs/rulesets.md, "Verdicts"): shares compared as
 * exact counts, met / not_met / unknown as the unknown rows could fall,
 * shortfalls and ledgers, sums that skip missing values, populations,
 * scope groups, and the load errors of a target's require.
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
    "ruleset: tg\n"
    "key: id\n"
    "params:\n"
    "  share_min: {value: 30%}\n"
    "  floor: {value: 3万}\n"
    "  elim: {value: 2%}\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  county: {type: text}\n"
    "  five: {type: bool}\n"
    "  ok: {type: bool}\n"
    "  income: {type: number}\n"
    "  member: {type: bool}\n"
    "targets:\n"
    "  - {id: five_share, year: 2022, scope: [all, county], require: share(five) >= share_min}\n"
    "  - {id: all_ok, require: all(ok)}\n"
    "  - {id: none_five, require: none(five)}\n"
    "  - {id: income_sum, require: sum(income) >= floor}\n"
    "  - {id: income_avg, population: member, require: avg(income) > 0}\n"
    "  - {id: low_share, require: share(five) <= elim}\n"
    "  - {id: zero_count, require: count(five) == 0}\n"
    "  - {id: count_rows, require: 3 <= count()}\n";

static run evaluate(const char *csv)
{
    return run_evaluate(doc, csv, NULL, 0);
}

static score_target_outcome outcome(const run *x, const char *target, const char *scope)
{
    score_target_outcome o;
    for (size_t i = 0; i < score_result_outcome_count(x->r); i++) {
        assert_int_equal(score_result_outcome(x->r, i, &o), 0);
        if (strcmp(score_ruleset_target_id(x->rs, o.target), target) == 0 &&
            strcmp(o.scope, scope) == 0)
            return o;
    }
    fail_msg("no outcome %s [%s]", target, scope);
    return o;
}

/* n rows; the first `yes` have five=1, the next `unknown` five empty. */
static char *rows(int n, int yes, int unknown)
{
    char *csv = malloc((size_t)n * 40 + 64);
    assert_non_null(csv);
    size_t k = (size_t)sprintf(csv, "id,county,five,ok,income,member\n");
    for (int i = 0; i < n; i++)
        k += (size_t)sprintf(csv + k, "V%02d,甲,%s,1,1000,1\n", i,
                             i < yes ? "1" : i < yes + unknown ? "" : "0");
    return csv;
}

/* 21 of 70 is exactly 30%: met. 20 of 70 falls 1 short. With one unknown
 * row besides, it could go either way: unknown, still 1 short. */
static void test_share_exact_threshold(void **state)
{
    (void)state;
    char *csv = rows(70, 21, 0);
    run x = evaluate(csv);
    score_target_outcome o = outcome(&x, "five_share", "all");
    assert_int_equal(o.verdict, SCORE_MET);
    assert_true(fabs(o.actual - 0.3) < 1e-15);
    assert_true(isnan(o.shortfall));
    assert_string_equal(o.op, ">=");
    assert_int_equal(o.population, 70);
    assert_int_equal(o.satisfied, 21);
    run_done(&x);
    free(csv);

    csv = rows(70, 20, 0);
    x = evaluate(csv);
    o = outcome(&x, "five_share", "all");
    assert_int_equal(o.verdict, SCORE_NOT_MET);
    assert_true(o.shortfall == 1);
    assert_int_equal(o.nfailing, 50); /* the rows that fall short */
    run_done(&x);
    free(csv);

    csv = rows(70, 20, 1);
    x = evaluate(csv);
    o = outcome(&x, "five_share", "all");
    assert_int_equal(o.verdict, SCORE_TARGET_UNKNOWN);
    assert_int_equal(o.unknown, 1);
    assert_true(o.shortfall == 1);
    assert_int_equal(o.population, 70); /* the unknown row stays in the denominator */
    run_done(&x);
    free(csv);
}

/* share(five) <= 2% of 70 allows floor(1.4) = 1 row; 3 rows: 2 too many. */
static void test_share_at_most(void **state)
{
    (void)state;
    char *csv = rows(70, 3, 0);
    run x = evaluate(csv);
    score_target_outcome o = outcome(&x, "low_share", "all");
    assert_int_equal(o.verdict, SCORE_NOT_MET);
    assert_true(o.shortfall == 2);
    /* for an upper bound the ledger holds the rows where the condition holds */
    assert_int_equal(o.nfailing, 3);
    assert_string_equal(score_table_key(x.t, o.failing[0]), "V00");
    assert_string_equal(score_table_key(x.t, o.failing[2]), "V02");
    run_done(&x);
    free(csv);
    /* 1 true and 2 unknown: it could go either way; the shortfall counts
     * the known rows (1 allowed, 1 holds: none to remove) */
    csv = rows(70, 1, 2);
    x = evaluate(csv);
    o = outcome(&x, "low_share", "all");
    assert_int_equal(o.verdict, SCORE_TARGET_UNKNOWN);
    assert_true(o.shortfall == 0);
    run_done(&x);
    free(csv);
    csv = rows(70, 1, 0);
    x = evaluate(csv);
    assert_int_equal(outcome(&x, "low_share", "all").verdict, SCORE_MET);
    run_done(&x);
    free(csv);
}

/* all(ok): any false row fails it (and is in the ledger); otherwise any
 * unknown row leaves it unknown. */
static void test_all(void **state)
{
    (void)state;
    run x = evaluate("id,county,five,ok,income,member\nA,,0,1,,\nB,,0,0,,\nC,,0,,,\nD,,0,0,,\n");
    score_target_outcome o = outcome(&x, "all_ok", "all");
    assert_int_equal(o.verdict, SCORE_NOT_MET);
    assert_string_equal(o.op, "all");
    assert_true(o.shortfall == 2);
    assert_int_equal(o.nfailing, 2);
    assert_string_equal(score_table_key(x.t, o.failing[0]), "B");
    assert_string_equal(score_table_key(x.t, o.failing[1]), "D");
    assert_int_equal(o.unknown, 1);
    assert_true(o.actual == 1 && o.required == 4);
    /* none(five): no row has five: met; count(five) == 0: met */
    assert_int_equal(outcome(&x, "none_five", "all").verdict, SCORE_MET);
    assert_int_equal(outcome(&x, "zero_count", "all").verdict, SCORE_MET);
    run_done(&x);

    x = evaluate("id,county,five,ok,income,member\nA,,1,1,,\nC,,,,,\n");
    assert_int_equal(outcome(&x, "all_ok", "all").verdict, SCORE_TARGET_UNKNOWN);
    o = outcome(&x, "none_five", "all");
    assert_int_equal(o.verdict, SCORE_NOT_MET);
    assert_int_equal(o.nfailing, 1);
    assert_string_equal(score_table_key(x.t, o.failing[0]), "A");
    /* count(five) == 0 with 1 true and 1 unknown: between 1 and 2, never 0 */
    assert_int_equal(outcome(&x, "zero_count", "all").verdict, SCORE_NOT_MET);
    run_done(&x);
}

/* sum skips missing values (reported as unknown) and compares as a
 * decimal: 10000 + 20000.00 meets 3万 exactly. */
static void test_sum_and_avg(void **state)
{
    (void)state;
    run x = evaluate("id,county,five,ok,income,member\nA,,,,10000,0\nB,,,,20000.00,0\nC,,,,,0\n");
    score_target_outcome o = outcome(&x, "income_sum", "all");
    assert_int_equal(o.verdict, SCORE_MET);
    assert_true(o.actual == 30000);
    assert_int_equal(o.unknown, 1);
    /* no member: the average of nothing is unknown */
    o = outcome(&x, "income_avg", "all");
    assert_int_equal(o.population, 0);
    assert_int_equal(o.verdict, SCORE_TARGET_UNKNOWN);
    assert_true(isnan(o.actual));
    /* count() counts the rows: 3 <= 3 */
    assert_int_equal(outcome(&x, "count_rows", "all").verdict, SCORE_MET);
    run_done(&x);

    x = evaluate("id,county,five,ok,income,member\nA,,,,29999.99,1\nB,,,,-5,\n");
    o = outcome(&x, "income_sum", "all");
    assert_int_equal(o.verdict, SCORE_NOT_MET);
    assert_true(fabs(o.shortfall - 5.01) < 1e-9);
    /* B's membership is unknown: it is left out of the population */
    o = outcome(&x, "income_avg", "all");
    assert_int_equal(o.population, 1);
    assert_int_equal(o.verdict, SCORE_MET);
    run_done(&x);
}

/* Groups come from all rows, by value in byte order (乙 U+4E59 before
 * 甲 U+7532), a missing value last as "county=". */
static void test_scope_groups(void **state)
{
    (void)state;
    run x = evaluate("id,county,five,ok,income,member\nA,甲,1,1,,\nB,乙,0,1,,\nC,甲,0,1,,\n"
                     "D,,1,1,,\n");
    const char *order[] = {"all", "county=乙", "county=甲", "county="};
    size_t seen = 0;
    for (size_t i = 0; i < score_result_outcome_count(x.r); i++) {
        score_target_outcome o;
        score_result_outcome(x.r, i, &o);
        if (strcmp(score_ruleset_target_id(x.rs, o.target), "five_share") == 0)
            assert_string_equal(o.scope, order[seen++]);
    }
    assert_int_equal(seen, 4);
    /* 甲: 1 of 2 = 50% met; 乙: 0 of 1 not met, 1 short (ceil(0.3)) */
    assert_int_equal(outcome(&x, "five_share", "county=甲").verdict, SCORE_MET);
    score_target_outcome o = outcome(&x, "five_share", "county=乙");
    assert_int_equal(o.verdict, SCORE_NOT_MET);
    assert_true(o.shortfall == 1);
    assert_int_equal(score_ruleset_target_year(x.rs, 0), 2022);
    assert_int_equal(score_ruleset_target_year(x.rs, 1), 0);
    run_done(&x);
}

/* An empty table: all() is met, share() unknown. */
static void test_empty_population(void **state)
{
    (void)state;
    run x = evaluate("id,county,five,ok,income,member\n");
    assert_int_equal(outcome(&x, "all_ok", "all").verdict, SCORE_MET);
    assert_int_equal(outcome(&x, "five_share", "all").verdict, SCORE_TARGET_UNKNOWN);
    run_done(&x);
}

/* A sum past the range of numbers is no number: unknown, not met. */
static void test_sum_overflow(void **state)
{
    (void)state;
    run x = evaluate("id,county,five,ok,income,member\nA,,,,1e308,\nB,,,,1e308,\n");
    score_target_outcome o = outcome(&x, "income_sum", "all");
    assert_int_equal(o.verdict, SCORE_TARGET_UNKNOWN);
    assert_true(isnan(o.actual));
    run_done(&x);
}

/* count(c) == 0 lists the rows where c holds: the ones to clear. */
static void test_count_equal_ledger(void **state)
{
    (void)state;
    run x = evaluate("id,county,five,ok,income,member\nA,,1,,,\nB,,0,,,\nC,,0,,,\n");
    score_target_outcome o = outcome(&x, "zero_count", "all");
    assert_int_equal(o.verdict, SCORE_NOT_MET);
    assert_true(o.shortfall == 1);
    assert_int_equal(o.nfailing, 1);
    assert_string_equal(score_table_key(x.t, o.failing[0]), "A");
    run_done(&x);
}

/* The hash covers what a target counts: two rulesets that differ only in
 * a population decide differently and hash differently. */
static void test_hash_covers_population(void **state)
{
    (void)state;
    const char *a = "ruleset: h\nkey: id\nfields:\n  id: {type: text}\n  w: {type: bool}\n"
                    "targets:\n  - {id: t, population: w, require: count() >= 1}\n";
    const char *b = "ruleset: h\nkey: id\nfields:\n  id: {type: text}\n  w: {type: bool}\n"
                    "targets:\n  - {id: t, population: not w, require: count() >= 1}\n";
    score_ruleset *ra, *rb;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&ra, a, strlen(a), NULL, NULL, &err), 0);
    assert_int_equal(score_ruleset_load_string(&rb, b, strlen(b), NULL, NULL, &err), 0);
    assert_string_not_equal(score_ruleset_hash(ra), score_ruleset_hash(rb));
    assert_int_equal(strlen(score_ruleset_hash(ra)), 16);
    score_ruleset_free(ra);
    score_ruleset_free(rb);
}

/* A target whose scope fails to load leaves nothing behind for the next
 * one (its scopes once overflowed the next target's array). */
static void test_failed_target_then_next(void **state)
{
    (void)state;
    const char text[] = "ruleset: e\nkey: id\nfields:\n  id: {type: text}\n  c: {type: text}\n"
                        "targets:\n  - {id: a, scope: [all, all, all, all, nope], require: count() > 0}\n"
                        "  - {id: b, scope: [all], require: count() > 0}\n";
    score_ruleset *rs;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, text, strlen(text), NULL, NULL, &err),
                     SCORE_ERULE);
    assert_non_null(strstr(err.message, "'nope'"));
}

static void test_target_errors(void **state)
{
    (void)state;
    static const struct {
        const char *target;
        int column;
        const char *words;
    } cases[] = {
        {"{id: t, require: five}", 22, "only be read inside an aggregate"},
        {"{id: t, require: share(five) >= 30% + income}", 43, "only be read inside"},
        {"{id: t, require: share(five) + 1 >= 30%}", 22, "an aggregate compared with a value"},
        {"{id: t, require: share(share(five)) > 0}", 28, "do not nest"},
        {"{id: t, require: share(income) > 0}", 28, "share() needs a bool"},
        {"{id: t, scope: [nowhere], require: all(five)}", 21, "a scope is 'all' or a plain field"},
        {"{id: t, population: income, require: all(five)}", 25, "population must be a condition"},
        {"{id: t, year: 2020.5, require: all(five)}", 19, "whole number"},
        {"{id: t, year: 1e12, require: all(five)}", 19, "from 1000 to 9999"},
        {"{id: t}", 5, "needs a 'require'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "ruleset: e\nkey: id\nfields:\n  id: {type: text}\n  five: {type: bool}\n"
                 "  income: {type: number}\ntargets:\n  - %s\n",
                 cases[i].target);
        char what[32];
        snprintf(what, sizeof what, "case %zu", i);
        expect_load_error(what, text, 8, cases[i].column, cases[i].words);
    }
    /* an aggregate in a criterion */
    const char crit[] = "ruleset: e\nkey: id\nfields:\n  id: {type: text}\n  five: {type: bool}\n"
                        "criteria:\n  c: share(five) > 0\n";
    score_ruleset *rs;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, crit, strlen(crit), NULL, NULL, &err),
                     SCORE_ERULE);
    assert_non_null(strstr(err.message, "allowed only in a target"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_exact_threshold),
        cmocka_unit_test(test_share_at_most),
        cmocka_unit_test(test_all),
        cmocka_unit_test(test_sum_and_avg),
        cmocka_unit_test(test_scope_groups),
        cmocka_unit_test(test_empty_population),
        cmocka_unit_test(test_sum_overflow),
        cmocka_unit_test(test_count_equal_ledger),
        cmocka_unit_test(test_hash_covers_population),
        cmocka_unit_test(test_failed_target_then_next),
        cmocka_unit_test(test_target_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
