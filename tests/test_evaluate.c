/*
 * Evaluation end to end through the public API: criteria over criteria,
 * year-indexed fields, text literals, missing data; tables from CSV and
 * from arrays; batch boundaries; threads; allocation failures.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"

#include "score/score.h"

#define L(s) s "\n"

enum { F = SCORE_FALSE, T = SCORE_TRUE, U = SCORE_UNKNOWN };

/* `ready` comes first and uses `eligible` and `clean`, declared later. */
static const char doc[] =
    L("ruleset: eval-test")
    L("version: \"1\"")
    L("entity: village")
    L("key: id")
    L("params:")
    L("  base_year: {value: 2019}")
    L("  income_line: {value: 3万}")
    L("  share_min: {value: 60%}")
    L("  messes_max: {value: 3}")
    L("fields:")
    L("  id: {type: text, label: 村代码}")
    L("  town: {type: text, label: 镇}")
    L("  applied: {type: bool, label: 申报}")
    L("  participation: {type: number, label: 参与率}")
    L("  messes: {type: number}")
    L("  prior_tier: {type: text}")
    L("  income: {type: number, label: 收入, years: [2019, 2020]}")
    L("criteria:")
    L("  ready: eligible and clean")
    L("  eligible: applied and participation >= share_min")
    L("  clean: messes <= messes_max")
    L("  weak: income[base_year] < income_line")
    L("  doubled: income[2020] >= 2 * income[2019]")
    L("  in_nowhere: town == \"无此镇\"")
    L("  not_nowhere: town != \"无此镇\"")
    L("  no_prior: coalesce(prior_tier, \"\") == \"\"")
    L("  was_demo: coalesce(prior_tier, \"\") == \"boutique_demo\"")
    L("  ready_or_clean: ready or clean")
    L("  town_listed: town in [\"甲镇\", \"无此镇\"]")
    L("  not_ready: not ready");

enum {
    READY, ELIGIBLE, CLEAN, WEAK, DOUBLED, IN_NOWHERE, NOT_NOWHERE, NO_PRIOR, WAS_DEMO,
    READY_OR_CLEAN, TOWN_LISTED, NOT_READY, NCRIT
};

static const char *const crit_ids[NCRIT] = {
    "ready", "eligible", "clean", "weak", "doubled", "in_nowhere", "not_nowhere",
    "no_prior", "was_demo", "ready_or_clean", "town_listed", "not_ready"};

/* Five villages; headers by id and by label. */
static const char csv5[] =
    L("村代码,镇,applied,参与率,messes,prior_tier,收入_2019,income_2020")
    L("V1,甲镇,1,75%,0,,25000,60000")
    L("V2,甲镇,是,60%,3,clean,3万,6万")
    L("V3,乙镇,0,80%,5,boutique_demo,120000,150000")
    L("V4,,,,,,,")
    L("V5,乙镇,true,0.5,2,,,40000");

/* Worked out from the rules, row by row:
 * V1 applied, 75% >= 60%, 0 messes, 2019 income 25000 < 3万, 60000 >= 2 x 25000.
 * V2 60% >= 60% (equal), 3 <= 3, 3万 < 3万 false, 6万 >= 6万, prior "clean".
 * V3 not applied, 5 messes, rich, prior "boutique_demo".
 * V4 everything missing: only the coalesce() criteria are known.
 * V5 applied but 50% < 60%, 2 messes, 2019 income missing. */
static const unsigned char expected5[NCRIT][5] = {
    /* ready          */ {T, T, F, U, F},
    /* eligible       */ {T, T, F, U, F},
    /* clean          */ {T, T, F, U, T},
    /* weak           */ {T, F, F, U, U},
    /* doubled        */ {T, T, F, U, U},
    /* in_nowhere     */ {F, F, F, U, F},
    /* not_nowhere    */ {T, T, T, U, T},
    /* no_prior       */ {T, F, F, T, T},
    /* was_demo       */ {F, F, T, F, F},
    /* ready_or_clean */ {T, T, F, U, T},
    /* town_listed    */ {T, T, F, U, F},
    /* not_ready      */ {F, F, T, U, T},
};

/* ---- helpers ---- */

static score_ruleset *load_with(const score_load_options *opts)
{
    score_ruleset *rs = NULL;
    score_error err;
    int rc = score_ruleset_load_string(&rs, doc, strlen(doc), "eval.yaml", opts, &err);
    if (rc)
        fail_msg("load: %d:%d: %s", err.line, err.column, err.message);
    return rs;
}

static score_table *csv_table(const score_ruleset *rs, const char *csv, size_t len)
{
    score_table *t = NULL;
    score_error err;
    if (score_table_parse_csv(&t, rs, csv, len, "data.csv", &err))
        fail_msg("csv: %d:%d: %s", err.line, err.column, err.message);
    return t;
}

static score_result *evaluate(const score_ruleset *rs, const score_table *t)
{
    score_result *r = NULL;
    score_error err;
    if (score_evaluate(&r, rs, t, &err))
        fail_msg("evaluate: %s", err.message);
    assert_non_null(r);
    return r;
}

static void check_expected5(const score_result *r)
{
    assert_int_equal(score_result_row_count(r), 5);
    for (size_t c = 0; c < NCRIT; c++) {
        const unsigned char *v = score_result_verdicts(r, c);
        assert_non_null(v);
        for (size_t row = 0; row < 5; row++) {
            if (v[row] != expected5[c][row] ||
                score_result_verdict(r, c, row) != (score_verdict)expected5[c][row])
                fail_msg("%s on V%zu: got %d, expected %d", crit_ids[c], row + 1, v[row],
                         expected5[c][row]);
        }
    }
}

/* ---- tests ---- */

static void test_criteria_order(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    assert_int_equal(score_ruleset_criterion_count(rs), NCRIT);
    for (size_t c = 0; c < NCRIT; c++) {
        assert_string_equal(score_ruleset_criterion_id(rs, c), crit_ids[c]);
        assert_int_equal(score_ruleset_criterion_index(rs, crit_ids[c]), c);
    }
    score_ruleset_free(rs);
}

static void test_csv_verdicts(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    score_table *t = csv_table(rs, csv5, strlen(csv5));
    assert_int_equal(score_table_row_count(t), 5);
    assert_int_equal(score_table_find_key(t, "V3"), 2);
    score_result *r = evaluate(rs, t);
    check_expected5(r);

    /* out of range: no verdict (not "unknown") and NULL, never a crash */
    assert_int_equal(score_result_verdict(r, NCRIT, 0), SCORE_NO_VERDICT);
    assert_int_equal(score_result_verdict(r, 0, 5), SCORE_NO_VERDICT);
    assert_null(score_result_verdicts(r, NCRIT));
    assert_int_equal(score_result_row_count(NULL), 0);
    assert_null(score_result_verdicts(NULL, 0));
    score_result_free(r);
    score_result_free(NULL);

    /* evaluating twice gives the same */
    r = evaluate(rs, t);
    check_expected5(r);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* The same five villages from arrays, in a different order of calls so
 * that text codes are assigned differently than by the CSV reader. */
static score_table *array_table5(const score_ruleset *rs, const double *messes,
                                 const double *inc2020)
{
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, 5, &err), 0);
    assert_int_equal(score_table_absent_count(t), 8);
    const char *prior[5] = {NULL, "clean", "boutique_demo", NULL, ""};
    const char *town[5] = {"甲镇", "甲镇", "乙镇", NULL, "乙镇"};
    const char *ids[5] = {"V1", "V2", "V3", "V4", "V5"};
    const signed char applied[5] = {1, 1, 0, -1, 1};
    const double part[5] = {0.75, 0.6, 0.8, NAN, 0.5};
    const double inc2019[5] = {25000, 30000, 120000, NAN, NAN};
    assert_int_equal(score_table_set_texts(t, "prior_tier", prior, 5, &err), 0);
    assert_int_equal(score_table_set_texts(t, "镇", town, 5, &err), 0);
    assert_int_equal(score_table_set_texts(t, "id", ids, 5, &err), 0);
    assert_int_equal(score_table_set_bools(t, "申报", applied, 5, &err), 0);
    assert_int_equal(score_table_set_numbers(t, "participation", part, 5, &err), 0);
    assert_int_equal(score_table_bind_numbers(t, "messes", messes, 5, &err), 0);
    assert_int_equal(score_table_set_numbers(t, "收入_2019", inc2019, 5, &err), 0);
    assert_int_equal(score_table_bind_numbers(t, "income_2020", inc2020, 5, &err), 0);
    assert_int_equal(score_table_absent_count(t), 0);
    return t;
}

static void test_arrays_match_csv(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    const double messes[5] = {0, 3, 5, NAN, 2};
    const double inc2020[5] = {60000, 60000, 150000, NAN, 40000};
    score_table *ta = array_table5(rs, messes, inc2020);
    score_table *tc = csv_table(rs, csv5, strlen(csv5));
    score_result *ra = evaluate(rs, ta);
    score_result *rc = evaluate(rs, tc);
    check_expected5(ra);
    for (size_t c = 0; c < NCRIT; c++)
        assert_memory_equal(score_result_verdicts(ra, c), score_result_verdicts(rc, c), 5);
    score_result_free(ra);
    score_result_free(rc);
    score_table_free(ta);
    score_table_free(tc);
    score_ruleset_free(rs);
}

/* A text literal that is in the data in one table and not in another,
 * and text values the literal table sees for the first time. */
static void test_text_literals(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, 4, &err), 0);
    const char *town[4] = {"无此镇", "甲镇", "无此", "无此镇 "};
    const char *prior[4] = {"boutique_demo", "boutique_demo2", NULL, "clean"};
    const char *ids[4] = {"a", "b", "c", "d"};
    assert_int_equal(score_table_set_texts(t, "town", town, 4, &err), 0);
    assert_int_equal(score_table_set_texts(t, "prior_tier", prior, 4, &err), 0);
    assert_int_equal(score_table_set_texts(t, "id", ids, 4, &err), 0);
    score_result *r = evaluate(rs, t);
    const unsigned char in_nowhere[4] = {T, F, F, F};
    const unsigned char not_nowhere[4] = {F, T, T, T};
    const unsigned char listed[4] = {T, T, F, F};
    const unsigned char was_demo[4] = {T, F, F, F};
    const unsigned char no_prior[4] = {F, F, T, F};
    assert_memory_equal(score_result_verdicts(r, IN_NOWHERE), in_nowhere, 4);
    assert_memory_equal(score_result_verdicts(r, NOT_NOWHERE), not_nowhere, 4);
    assert_memory_equal(score_result_verdicts(r, TOWN_LISTED), listed, 4);
    assert_memory_equal(score_result_verdicts(r, WAS_DEMO), was_demo, 4);
    assert_memory_equal(score_result_verdicts(r, NO_PRIOR), no_prior, 4);
    /* nothing else supplied: unknown, except what coalesce() decides */
    const unsigned char unknown4[4] = {U, U, U, U};
    assert_memory_equal(score_result_verdicts(r, READY), unknown4, 4);
    assert_memory_equal(score_result_verdicts(r, DOUBLED), unknown4, 4);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* A year param picks the column: base_year 2020 reads income_2020. */
static void test_year_param_override(void **state)
{
    (void)state;
    const score_param p[] = {{"base_year", "2020"}, {"income_line", "6万"}};
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.params = p;
    o.param_count = 2;
    score_ruleset *rs = load_with(&o);
    score_table *t = csv_table(rs, csv5, strlen(csv5));
    score_result *r = evaluate(rs, t);
    /* 2020 incomes 60000, 6万, 150000, missing, 40000 against 6万 */
    const unsigned char weak[5] = {F, F, F, U, T};
    assert_memory_equal(score_result_verdicts(r, WEAK), weak, 5);
    /* the rest do not depend on these params */
    assert_memory_equal(score_result_verdicts(r, READY), expected5[READY], 5);
    assert_memory_equal(score_result_verdicts(r, DOUBLED), expected5[DOUBLED], 5);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

static void test_bound_infinity_is_refused(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, 2, &err), 0);
    /* an infinity would compare as a number: bound arrays are scanned once */
    const double v[2] = {1, -INFINITY};
    assert_int_equal(score_table_bind_numbers(t, "messes", v, 2, &err), SCORE_EDATA);
    assert_non_null(strstr(err.message, "row 1 is infinite"));
    const double ok[2] = {1, NAN};
    assert_int_equal(score_table_bind_numbers(t, "messes", ok, 2, &err), 0);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* ---- many rows ---- */

#define NROWS 2500

static int and3(int a, int b)
{
    if (a == F || b == F)
        return F;
    return a == T && b == T ? T : U;
}

static int or3(int a, int b)
{
    if (a == T || b == T)
        return T;
    return a == F && b == F ? F : U;
}

static int not3(int a)
{
    return a == U ? U : a == T ? F : T;
}

/* The verdicts of row i of the patterned table, by the rules. */
static void expected_row(size_t i, unsigned char out[NCRIT])
{
    int applied = i % 3 == 0 ? U : i % 3 == 1 ? T : F;
    int part_ok = i % 13 == 0 ? U : i % 5 >= 3 ? T : F; /* k * 0.2 >= 60% */
    int eligible = and3(applied, part_ok);
    int clean = i % 7 <= 3 ? T : F;
    int ready = and3(eligible, clean);
    int weak = i % 11 == 0 ? U : (i % 50) * 1000 < 30000 ? T : F;
    int doubled = (i % 11 == 0 || i % 17 == 0) ? U : (i % 40) * 2000 >= 2 * (i % 50) * 1000 ? T : F;
    int in_nowhere = i % 4 == 2 ? U : i % 4 == 0 ? T : F;
    out[READY] = (unsigned char)ready;
    out[ELIGIBLE] = (unsigned char)eligible;
    out[CLEAN] = (unsigned char)clean;
    out[WEAK] = (unsigned char)weak;
    out[DOUBLED] = (unsigned char)doubled;
    out[IN_NOWHERE] = (unsigned char)in_nowhere;
    out[NOT_NOWHERE] = (unsigned char)not3(in_nowhere);
    out[NO_PRIOR] = i % 6 >= 2 ? T : F;
    out[WAS_DEMO] = i % 6 == 0 ? T : F;
    out[READY_OR_CLEAN] = (unsigned char)or3(ready, clean);
    out[TOWN_LISTED] = i % 4 == 2 ? U : i % 4 <= 1 ? T : F;
    out[NOT_READY] = (unsigned char)not3(ready);
}

static const char *town_of(size_t i)
{
    static const char *const towns[4] = {"无此镇", "甲镇", NULL, "乙镇"};
    return towns[i % 4];
}

static const char *prior_of(size_t i)
{
    return i % 6 == 0 ? "boutique_demo" : i % 6 == 1 ? "clean" : NULL;
}

typedef struct big_data {
    char ids[NROWS][8];
    const char *idp[NROWS];
    const char *town[NROWS];
    const char *prior[NROWS];
    signed char applied[NROWS];
    double part[NROWS], messes[NROWS], inc2019[NROWS], inc2020[NROWS];
} big_data;

static void fill_big(big_data *d)
{
    for (size_t i = 0; i < NROWS; i++) {
        snprintf(d->ids[i], sizeof d->ids[i], "R%04zu", i);
        d->idp[i] = d->ids[i];
        d->town[i] = town_of(i);
        d->prior[i] = prior_of(i);
        d->applied[i] = (signed char)(i % 3 == 0 ? -1 : i % 3 == 1 ? 1 : 0);
        d->part[i] = i % 13 == 0 ? NAN : (double)(i % 5) * 0.2;
        d->messes[i] = (double)(i % 7);
        d->inc2019[i] = i % 11 == 0 ? NAN : (double)(i % 50) * 1000;
        d->inc2020[i] = i % 17 == 0 ? NAN : (double)(i % 40) * 2000;
    }
}

static score_table *big_array_table(const score_ruleset *rs, const big_data *d)
{
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, NROWS, &err), 0);
    assert_int_equal(score_table_set_texts(t, "id", d->idp, NROWS, &err), 0);
    assert_int_equal(score_table_set_texts(t, "town", d->town, NROWS, &err), 0);
    assert_int_equal(score_table_set_texts(t, "prior_tier", d->prior, NROWS, &err), 0);
    assert_int_equal(score_table_set_bools(t, "applied", d->applied, NROWS, &err), 0);
    /* bound in place: read at an offset in each batch */
    assert_int_equal(score_table_bind_numbers(t, "participation", d->part, NROWS, &err), 0);
    assert_int_equal(score_table_set_numbers(t, "messes", d->messes, NROWS, &err), 0);
    assert_int_equal(score_table_bind_numbers(t, "income_2019", d->inc2019, NROWS, &err), 0);
    assert_int_equal(score_table_set_numbers(t, "income_2020", d->inc2020, NROWS, &err), 0);
    return t;
}

/* The same rows as CSV text; the caller frees it. */
static char *big_csv(size_t *len)
{
    size_t cap = 128 + (size_t)NROWS * 96;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n = (size_t)snprintf(s, cap, "id,town,applied,participation,messes,prior_tier,"
                                        "income_2019,income_2020\n");
    for (size_t i = 0; i < NROWS; i++) {
        char part[16] = "", inc19[16] = "", inc20[16] = "";
        if (i % 13 != 0)
            snprintf(part, sizeof part, "%zu%%", (i % 5) * 20); /* 0%, 20%, ... 80% */
        if (i % 11 != 0)
            snprintf(inc19, sizeof inc19, "%zu", (i % 50) * 1000);
        if (i % 17 != 0)
            snprintf(inc20, sizeof inc20, "%zu", (i % 40) * 2000);
        const char *town = town_of(i), *prior = prior_of(i);
        n += (size_t)snprintf(s + n, cap - n, "R%04zu,%s,%s,%s,%zu,%s,%s,%s\n", i,
                              town ? town : "", i % 3 == 0 ? "" : i % 3 == 1 ? "1" : "0", part,
                              i % 7, prior ? prior : "", inc19, inc20);
        assert_true(n < cap);
    }
    *len = n;
    return s;
}

static void check_big(const score_result *r)
{
    assert_int_equal(score_result_row_count(r), NROWS);
    for (size_t i = 0; i < NROWS; i++) {
        unsigned char want[NCRIT];
        expected_row(i, want);
        for (size_t c = 0; c < NCRIT; c++) {
            unsigned char got = score_result_verdicts(r, c)[i];
            if (got != want[c] || score_result_verdict(r, c, i) != (score_verdict)want[c])
                fail_msg("%s on row %zu: got %d, expected %d", crit_ids[c], i, got, want[c]);
        }
    }
}

static void test_many_rows(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    big_data *d = malloc(sizeof *d);
    assert_non_null(d);
    fill_big(d);
    score_table *ta = big_array_table(rs, d);
    score_result *ra = evaluate(rs, ta);
    check_big(ra);

    size_t len;
    char *csv = big_csv(&len);
    score_table *tc = csv_table(rs, csv, len);
    free(csv);
    assert_int_equal(score_table_row_count(tc), NROWS);
    assert_int_equal(score_table_find_key(tc, "R2049"), 2049);
    score_result *rc = evaluate(rs, tc);
    check_big(rc);
    for (size_t c = 0; c < NCRIT; c++)
        assert_memory_equal(score_result_verdicts(ra, c), score_result_verdicts(rc, c), NROWS);

    /* exactly one batch, and one row past it */
    static const size_t sizes[] = {1023, 1024, 1025, 2048, 2049};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        score_table *t = NULL;
        score_error err;
        assert_int_equal(score_table_new(&t, rs, n, &err), 0);
        assert_int_equal(score_table_set_texts(t, "id", d->idp, n, &err), 0);
        assert_int_equal(score_table_set_texts(t, "town", d->town, n, &err), 0);
        assert_int_equal(score_table_bind_numbers(t, "messes", d->messes, n, &err), 0);
        assert_int_equal(score_table_set_bools(t, "applied", d->applied, n, &err), 0);
        assert_int_equal(score_table_bind_numbers(t, "participation", d->part, n, &err), 0);
        score_result *r = evaluate(rs, t);
        assert_int_equal(score_result_row_count(r), n);
        for (size_t i = 0; i < n; i++) {
            unsigned char want[NCRIT];
            expected_row(i, want);
            if (score_result_verdict(r, CLEAN, i) != (score_verdict)want[CLEAN] ||
                score_result_verdict(r, READY, i) != (score_verdict)want[READY] ||
                score_result_verdict(r, TOWN_LISTED, i) != (score_verdict)want[TOWN_LISTED])
                fail_msg("%zu rows: row %zu differs", n, i);
        }
        score_result_free(r);
        score_table_free(t);
    }

    score_result_free(ra);
    score_result_free(rc);
    score_table_free(ta);
    score_table_free(tc);
    free(d);
    score_ruleset_free(rs);
}

static void test_zero_rows(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    const char header[] = "id,town,applied\n";
    score_table *t = csv_table(rs, header, strlen(header));
    assert_int_equal(score_table_row_count(t), 0);
    score_result *r = evaluate(rs, t);
    assert_int_equal(score_result_row_count(r), 0);
    assert_int_equal(score_result_verdict(r, 0, 0), SCORE_NO_VERDICT);
    score_result_free(r);
    score_table_free(t);

    score_error err;
    assert_int_equal(score_table_new(&t, rs, 0, &err), 0);
    r = evaluate(rs, t);
    assert_int_equal(score_result_row_count(r), 0);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);

    /* a ruleset without criteria evaluates to no verdicts */
    const char bare[] = "ruleset: bare\nkey: id\nfields:\n  id: {type: text}\n";
    assert_int_equal(score_ruleset_load_string(&rs, bare, strlen(bare), NULL, NULL, &err), 0);
    t = csv_table(rs, "id\na\nb\n", 7);
    r = evaluate(rs, t);
    assert_int_equal(score_result_row_count(r), 2);
    assert_null(score_result_verdicts(r, 0));
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

static void test_wrong_ruleset_and_arguments(void **state)
{
    (void)state;
    score_ruleset *rs1 = load_with(NULL), *rs2 = load_with(NULL);
    score_table *t2 = csv_table(rs2, csv5, strlen(csv5));
    score_result *r = (score_result *)&r;
    score_error err;
    assert_int_equal(score_evaluate(&r, rs1, t2, &err), SCORE_EINVAL);
    assert_null(r);
    assert_int_equal(err.code, SCORE_EINVAL);
    assert_non_null(strstr(err.message, "another ruleset"));
    assert_int_equal(score_evaluate(&r, rs1, t2, NULL), SCORE_EINVAL);

    assert_int_equal(score_evaluate(NULL, rs2, t2, &err), SCORE_EINVAL);
    assert_int_equal(score_evaluate(&r, NULL, t2, &err), SCORE_EINVAL);
    assert_int_equal(score_evaluate(&r, rs2, NULL, &err), SCORE_EINVAL);

    /* with its own ruleset it works */
    r = evaluate(rs2, t2);
    check_expected5(r);
    score_result_free(r);
    score_table_free(t2);
    score_ruleset_free(rs1);
    score_ruleset_free(rs2);
}

/* ---- threads ---- */

#define NTHREADS 4
#define ROUNDS 8

typedef struct job {
    const score_ruleset *rs;
    const score_table *shared;
    const char *csv;
    size_t csv_len;
    const unsigned char *want; /* NCRIT blocks of NROWS */
    int failures;
    int rc;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        /* its own table from CSV on even rounds, the shared one on odd */
        score_table *own = NULL;
        const score_table *t = j->shared;
        if (round % 2 == 0) {
            int rc = score_table_parse_csv(&own, j->rs, j->csv, j->csv_len, "big.csv", NULL);
            if (rc) {
                j->rc = rc;
                return NULL;
            }
            t = own;
        }
        score_result *r = NULL;
        int rc = score_evaluate(&r, j->rs, t, NULL);
        if (rc) {
            j->rc = rc;
            score_table_free(own);
            return NULL;
        }
        for (size_t c = 0; c < NCRIT; c++)
            if (memcmp(score_result_verdicts(r, c), j->want + c * NROWS, NROWS) != 0)
                j->failures++;
        score_result_free(r);
        score_table_free(own);
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    score_ruleset *rs = load_with(NULL);
    size_t len;
    char *csv = big_csv(&len);
    score_table *shared = csv_table(rs, csv, len);
    unsigned char *want = malloc((size_t)NCRIT * NROWS);
    assert_non_null(want);
    for (size_t i = 0; i < NROWS; i++) {
        unsigned char row[NCRIT];
        expected_row(i, row);
        for (size_t c = 0; c < NCRIT; c++)
            want[c * NROWS + i] = row[c];
    }
    job jobs[NTHREADS];
    pthread_t th[NTHREADS];
    for (int k = 0; k < NTHREADS; k++) {
        jobs[k] = (job){rs, shared, csv, len, want, 0, 0};
        assert_int_equal(pthread_create(&th[k], NULL, worker, &jobs[k]), 0);
    }
    for (int k = 0; k < NTHREADS; k++)
        assert_int_equal(pthread_join(th[k], NULL), 0);
    for (int k = 0; k < NTHREADS; k++) {
        assert_int_equal(jobs[k].rc, 0);
        assert_int_equal(jobs[k].failures, 0);
    }
    free(want);
    free(csv);
    score_table_free(shared);
    score_ruleset_free(rs);
}

/* ---- allocation failures ---- */

static void test_evaluate_out_of_memory(void **state)
{
    (void)state;
    counting c = {0, 0, 0};
    score_allocator a = {c_malloc, c_realloc, c_free, &c};
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.allocator = &a;
    score_ruleset *rs = load_with(&o);
    assert_true(c.live > 0); /* the ruleset went through our allocator */
    score_table *t = csv_table(rs, csv5, strlen(csv5));
    long baseline = c.live;
    long n;
    int succeeded = 0;
    for (n = 1; n < 1000 && !succeeded; n++) {
        c.fail_at = c.calls + n;
        score_result *r = (score_result *)&r;
        score_error err;
        memset(&err, 0, sizeof err);
        int rc = score_evaluate(&r, rs, t, &err);
        if (rc == 0) {
            check_expected5(r);
            score_result_free(r);
            succeeded = 1;
        } else {
            if (rc != SCORE_ENOMEM)
                fail_msg("allocation %ld failed: rc %d: %s", n, rc, err.message);
            assert_null(r);
            assert_int_equal(err.code, SCORE_ENOMEM);
        }
        if (c.live != baseline)
            fail_msg("allocation %ld failed: %ld blocks leaked", n, c.live - baseline);
    }
    assert_true(succeeded);
    assert_true(n > 2); /* at least the result and the registers */
    c.fail_at = 0;
    score_table_free(t);
    score_ruleset_free(rs);
    assert_int_equal(c.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_criteria_order),
        cmocka_unit_test(test_csv_verdicts),
        cmocka_unit_test(test_arrays_match_csv),
        cmocka_unit_test(test_text_literals),
        cmocka_unit_test(test_year_param_override),
        cmocka_unit_test(test_bound_infinity_is_refused),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_zero_rows),
        cmocka_unit_test(test_wrong_ruleset_and_arguments),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_evaluate_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
