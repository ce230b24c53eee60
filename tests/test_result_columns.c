/*
 * The result as columns: every column accessor agrees with its per-row
 * accessor on the example district, for every built-in ruleset; grades
 * come as indexes with their labels; target scopes come apart; indexes
 * out of range are told from unknown data; and the C API's former
 * surprises (a table without keys, a year-indexed field's name, an
 * unknown built-in) give errors that say what to do.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "score/score.h"

typedef struct loaded {
    score_ruleset *rs;
    score_table *t;
    score_result *r;
} loaded;

static loaded load_district(const char *id)
{
    loaded x = {NULL, NULL, NULL};
    char path[512];
    snprintf(path, sizeof path, "%s/data/district/%s.csv", SCORE_EXAMPLES, id);
    score_error err;
    if (score_ruleset_load_builtin(&x.rs, id, NULL, &err) != 0 ||
        score_table_read(&x.t, x.rs, path, NULL, &err) != 0 ||
        score_evaluate(&x.r, x.rs, x.t, &err) != 0)
        fail_msg("%s: %s", id, err.message);
    return x;
}

static void unload(loaded *x)
{
    score_result_free(x->r);
    score_table_free(x->t);
    score_ruleset_free(x->rs);
}

static int same_number(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void check_scorecards(const loaded *x)
{
    size_t n = score_result_row_count(x->r);
    for (size_t s = 0; s < score_ruleset_scorecard_count(x->rs); s++) {
        const double *scores = score_result_scores(x->r, s);
        const int *grades = score_result_grades(x->r, s), *vetoes = score_result_vetoes(x->r, s);
        assert_non_null(scores);
        assert_non_null(grades);
        assert_non_null(vetoes);
        for (size_t i = 0; i < n; i++) {
            assert_true(same_number(scores[i], score_result_score(x->r, s, i)));
            assert_int_equal(vetoes[i], score_result_veto(x->r, s, i));
            const char *text = score_result_grade(x->r, s, i);
            if (grades[i] < 0) {
                assert_null(text);
                continue;
            }
            const char *label = score_ruleset_grade_label(x->rs, s, (size_t)grades[i]);
            assert_non_null(label);
            assert_string_equal(label, text);
        }
    }
}

static void check_tiers(const loaded *x)
{
    size_t n = score_result_row_count(x->r), levels = score_ruleset_tier_count(x->rs);
    const int *tiers = score_result_tiers(x->r), *qualified = score_result_qualified_tiers(x->r),
              *steps = score_result_step_limits(x->r);
    const unsigned char *eligible = score_result_eligibility(x->r);
    const double *rank = score_result_rank_scores(x->r);
    if (levels == 0) {
        assert_null(tiers);
        assert_null(qualified);
        assert_null(eligible);
        assert_null(rank);
        assert_null(steps);
        assert_int_equal(score_result_eligible(x->r, 0), SCORE_NO_VERDICT);
        return;
    }
    assert_non_null(tiers);
    size_t awarded = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(tiers[i], score_result_tier(x->r, i));
        assert_int_equal(qualified[i], score_result_qualified(x->r, i));
        assert_int_equal(steps[i], score_result_step_limit(x->r, i));
        assert_int_equal(eligible[i], score_result_eligible(x->r, i));
        assert_true(same_number(rank[i], score_result_rank_score(x->r, i)));
        awarded += tiers[i] >= 0;
    }
    assert_true(awarded > 0); /* the district awards something */
    for (size_t k = 0; k < levels; k++) {
        const unsigned *ranks = score_result_tier_ranks(x->r, k);
        const unsigned char *met = score_result_tier_met_column(x->r, k);
        assert_non_null(ranks);
        assert_non_null(met);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ranks[i], score_result_tier_rank(x->r, k, i));
            assert_int_equal(met[i], score_result_tier_met(x->r, k, i));
        }
    }
    assert_null(score_result_tier_ranks(x->r, levels));
    assert_null(score_result_tier_met_column(x->r, levels));
}

/* Every built-in on its district file: columns and rows agree. */
static void test_columns_agree_with_rows(void **state)
{
    (void)state;
    for (size_t b = 0; b < score_builtin_count(); b++) {
        loaded x = load_district(score_builtin_id(b));
        size_t n = score_result_row_count(x.r);
        assert_true(n > 0);
        for (size_t c = 0; c < score_ruleset_criterion_count(x.rs); c++) {
            const unsigned char *v = score_result_verdicts(x.r, c);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(v[i], score_result_verdict(x.r, c, i));
        }
        check_scorecards(&x);
        check_tiers(&x);
        unload(&x);
    }
}

/* Grade indexes: bands first (highest first), then a veto's own grade
 * that no band has; a veto repeating a band's grade has that band's. */
static void test_grade_labels(void **state)
{
    (void)state;
    loaded x = load_district("dangyuan-jifen");
    size_t sc = 0, ngrades = score_ruleset_grade_count(x.rs, sc);
    assert_string_equal(score_ruleset_grade_label(x.rs, sc, 0), "优秀");
    assert_string_equal(score_ruleset_grade_label(x.rs, sc, 3), "不合格");
    int found = 0;
    for (size_t g = 4; g < ngrades; g++) {
        const char *label = score_ruleset_grade_label(x.rs, sc, g);
        found += label && strcmp(label, "免评") == 0;
    }
    assert_int_equal(found, 1);
    assert_null(score_ruleset_grade_label(x.rs, sc, ngrades));
    assert_null(score_ruleset_grade_label(x.rs, 99, 0));
    assert_int_equal(score_ruleset_grade_count(x.rs, 99), 0);
    assert_null(score_result_grades(x.r, 99));
    unload(&x);

    loaded y = load_district("dangzuzhi-pingxing");
    /* five bands "5".."1"; the vetoes' grade "1" is band 4's, so no veto
     * adds a label */
    for (size_t g = 5; g < score_ruleset_grade_count(y.rs, 0); g++)
        assert_null(score_ruleset_grade_label(y.rs, 0, g));
    const int *grades = score_result_grades(y.r, 0), *vetoes = score_result_vetoes(y.r, 0);
    for (size_t i = 0; i < score_result_row_count(y.r); i++)
        if (vetoes[i] > 0)
            assert_int_equal(grades[i], 4);
    unload(&y);
}

/* A scope "town=城关镇" comes apart as the field and the value. */
static void test_outcome_scopes(void **state)
{
    (void)state;
    loaded x = load_district("renju-huanjing");
    size_t scoped = 0;
    for (size_t i = 0; i < score_result_outcome_count(x.r); i++) {
        score_target_outcome o;
        assert_int_equal(score_result_outcome(x.r, i, &o), 0);
        const char *field = score_result_outcome_scope_field(x.r, i);
        const char *value = score_result_outcome_scope_value(x.r, i);
        if (strcmp(o.scope, "all") == 0) {
            assert_null(field);
            assert_null(value);
            continue;
        }
        assert_non_null(field);
        assert_non_null(value);
        char joined[256];
        snprintf(joined, sizeof joined, "%s=%s", field, value);
        assert_string_equal(joined, o.scope);
        assert_true(strcmp(field, "county") == 0 || strcmp(field, "town") == 0);
        scoped++;
    }
    assert_true(scoped > 0);
    assert_null(score_result_outcome_scope_field(x.r, score_result_outcome_count(x.r)));
    unload(&x);
}

/* Out of range is not "unknown". */
static void test_out_of_range(void **state)
{
    (void)state;
    loaded x = load_district("meihao-xiangcun");
    size_t n = score_result_row_count(x.r), ncrit = score_ruleset_criterion_count(x.rs);
    assert_int_equal(score_result_verdict(x.r, 0, n), SCORE_NO_VERDICT);
    assert_int_equal(score_result_verdict(x.r, ncrit, 0), SCORE_NO_VERDICT);
    assert_int_equal(score_result_eligible(x.r, n), SCORE_NO_VERDICT);
    assert_int_equal(score_result_tier_met(x.r, 0, n), SCORE_NO_VERDICT);
    assert_null(score_result_verdicts(x.r, ncrit));
    assert_null(score_result_scores(x.r, score_ruleset_scorecard_count(x.rs)));
    assert_null(score_result_vetoes(x.r, score_ruleset_scorecard_count(x.rs)));
    unload(&x);
}

static const char year_doc[] =
    "ruleset: years\n"
    "version: \"1\"\n"
    "entity: village\n"
    "key: id\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  income: {type: number, label: 收入, years: [2019, 2020]}\n"
    "criteria:\n"
    "  doubled: income[2020] >= 2 * income[2019]\n";

/* A table built from arrays must be given its keys before evaluating. */
static void test_keyless_table_refused(void **state)
{
    (void)state;
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_result *r = NULL;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, year_doc, sizeof year_doc - 1, NULL, NULL,
                                               &err), 0);
    assert_int_equal(score_table_new(&t, rs, 2, &err), 0);
    const double inc[2] = {1, 2};
    assert_int_equal(score_table_set_numbers(t, "income_2019", inc, 2, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), SCORE_EINVAL);
    assert_null(r);
    assert_non_null(strstr(err.message, "key column \"id\" was never set"));

    const char *keys[2] = {"A", "B"};
    assert_int_equal(score_table_set_texts(t, "id", keys, 2, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    score_result_free(r);

    /* an empty table needs no keys */
    score_table *empty = NULL;
    assert_int_equal(score_table_new(&empty, rs, 0, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, empty, &err), 0);
    score_result_free(r);
    score_table_free(empty);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* A year-indexed field has no column of its own name: the error names
 * the columns it has, by id or by label as it was asked. */
static void test_year_field_names_its_columns(void **state)
{
    (void)state;
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, year_doc, sizeof year_doc - 1, NULL, NULL,
                                               &err), 0);
    assert_int_equal(score_table_new(&t, rs, 1, &err), 0);
    const double v[1] = {3};
    assert_int_equal(score_table_set_numbers(t, "income", v, 1, &err), SCORE_ENOTFOUND);
    assert_non_null(strstr(err.message, "income_2019, income_2020"));
    assert_int_equal(score_table_set_numbers(t, "收入", v, 1, &err), SCORE_ENOTFOUND);
    assert_non_null(strstr(err.message, "收入_2019, 收入_2020"));
    const double *values = NULL;
    assert_int_equal(score_table_column(t, "income", &values, NULL, &err), SCORE_ENOTFOUND);
    assert_non_null(strstr(err.message, "income_2019"));
    /* a name that is no field at all stays short */
    assert_int_equal(score_table_set_numbers(t, "incom", v, 1, &err), SCORE_ENOTFOUND);
    assert_string_equal(err.message, "no column \"incom\"");
    score_table_free(t);
    score_ruleset_free(rs);
}

static const char cells_doc[] =
    "ruleset: cells\n"
    "version: \"1\"\n"
    "entity: village\n"
    "key: id\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  income: {type: number, unit: 万元, label: 收入}\n"
    "  clean: {type: bool, true_values: [达标]}\n"
    "  kind: {type: text, values: {clean: 清洁村, tidy: 整洁村}}\n"
    "  town: {type: text}\n"
    "criteria:\n"
    "  rich: income >= 3\n";

/* Text cells read as a CSV file's cells are: units, spellings, markers. */
static void test_set_cells(void **state)
{
    (void)state;
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, cells_doc, sizeof cells_doc - 1, NULL, NULL,
                                               &err), 0);
    assert_int_equal(score_table_new(&t, rs, 4, &err), 0);
    const char *ids[4] = {"A", "B", "C", "D"};
    const char *income[4] = {"3.5万元", "30000元", "-", NULL};
    const char *clean[4] = {"达标", "否", " √ ", "N/A"};
    assert_int_equal(score_table_set_cells(t, "id", ids, 4, &err), 0);
    assert_int_equal(score_table_set_cells(t, "income", income, 4, &err), 0);
    assert_int_equal(score_table_set_cells(t, "clean", clean, 4, &err), 0);
    const double *v = NULL;
    assert_int_equal(score_table_column(t, "income", &v, NULL, &err), 0);
    assert_true(v[0] == 3.5 && v[1] == 3.0 && isnan(v[2]) && isnan(v[3]));
    assert_int_equal(score_table_column(t, "clean", &v, NULL, &err), 0);
    assert_true(v[0] == 1 && v[1] == 0 && v[2] == 1 && isnan(v[3]));
    assert_string_equal(score_table_key(t, 2), "C");

    const char *bad[4] = {"1", "2", "三万", "4"};
    assert_int_equal(score_table_set_cells(t, "income", bad, 4, &err), SCORE_EDATA);
    assert_non_null(strstr(err.message, "column \"income\": row 2: \"三万\""));
    assert_int_equal(score_table_set_cells(t, "收入", bad, 4, &err), SCORE_EDATA);
    assert_non_null(strstr(err.message, "column \"收入\": row 2: \"三万\""));
    assert_int_equal(score_table_set_cells(t, "income", bad, 3, &err), SCORE_EINVAL);
    assert_int_equal(score_table_set_cells(t, "nosuch", bad, 4, &err), SCORE_ENOTFOUND);
    /* text as the reader reads it: trimmed, markers missing, a closed
     * set's label as its id, a cell outside the set refused */
    const char *kind[4] = {"清洁村", " tidy ", "-", NULL};
    const char *town[4] = {" 城关镇 ", "城关镇", "N/A", "东镇"};
    assert_int_equal(score_table_set_cells(t, "kind", kind, 4, &err), 0);
    assert_int_equal(score_table_set_cells(t, "town", town, 4, &err), 0);
    assert_int_equal(score_table_column(t, "kind", &v, NULL, &err), 0);
    assert_string_equal(score_table_text(t, v[0]), "clean");
    assert_string_equal(score_table_text(t, v[1]), "tidy");
    assert_true(isnan(v[2]) && isnan(v[3]));
    assert_int_equal(score_table_column(t, "town", &v, NULL, &err), 0);
    assert_true(v[0] == v[1]); /* one town, however it was typed */
    assert_true(isnan(v[2]));
    const char *odd[4] = {"清洁村", "清洁", NULL, NULL};
    assert_int_equal(score_table_set_cells(t, "kind", odd, 4, &err), SCORE_EDATA);
    assert_non_null(strstr(err.message, "column \"kind\": row 1: \"清洁\" is not one of the values"));
    assert_non_null(strstr(err.message, "did you mean clean (清洁村)"));
    const char *padded[4] = {" A ", "B", "C", "D"};
    assert_int_equal(score_table_set_cells(t, "id", padded, 4, &err), 0);
    assert_string_equal(score_table_key(t, 0), "A");
    const char *blank[4] = {"A", " ", "C", "D"};
    assert_int_equal(score_table_set_cells(t, "id", blank, 4, &err), SCORE_EDATA);
    assert_non_null(strstr(err.message, "row 1 has no key"));

    /* the refused cells left the column as it was */
    assert_int_equal(score_table_column(t, "income", &v, NULL, &err), 0);
    assert_true(v[0] == 3.5);
    score_table_free(t);
    score_ruleset_free(rs);
}

static int discard(void *ud, const char *data, size_t len)
{
    (void)ud, (void)data, (void)len;
    return 0;
}

/* A kept column named without its gloss (镇 for 镇(街道)) is that column
 * only when no other label has the same name before its gloss. */
static void test_keep_by_name_without_gloss(void **state)
{
    (void)state;
    static const char doc[] = "ruleset: g\nkey: id\nfields:\n  id: {type: text}\n"
                              "  town: {type: text, label: 镇(街道)}\n"
                              "  inc: {type: number, label: 收入(元)}\n"
                              "  inc_wan: {type: number, label: 收入（万元）}\n"
                              "criteria:\n  rich: inc > 0\n";
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_result *r = NULL;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, doc, sizeof doc - 1, NULL, NULL, &err), 0);
    const char csv[] = "id,镇(街道),收入(元),收入（万元）\nA,东镇,1,2\n";
    assert_int_equal(score_table_parse(&t, rs, csv, sizeof csv - 1, NULL, NULL, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    score_output_options o = SCORE_OUTPUT_OPTIONS_INIT;
    const char *town[] = {"镇"}, *income[] = {"收入"};
    o.keep = town;
    o.nkeep = 1;
    assert_int_equal(score_output_write(r, t, SCORE_OUTPUT_EVAL, SCORE_OUTPUT_CSV, &o, discard,
                                        NULL, &err), 0);
    o.keep = income; /* 收入(元) or 收入（万元）: not guessed */
    assert_int_equal(score_output_write(r, t, SCORE_OUTPUT_EVAL, SCORE_OUTPUT_CSV, &o, discard,
                                        NULL, &err), SCORE_ENOTFOUND);
    assert_non_null(strstr(err.message, "no column \"收入\" to keep"));
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* A bare name that is neither a built-in nor a file is "no built-in". */
static void test_unknown_builtin(void **state)
{
    (void)state;
    score_ruleset *rs = NULL;
    score_error err;
    assert_int_equal(score_ruleset_load(&rs, "meihao", NULL, &err), SCORE_ENOTFOUND);
    assert_null(rs);
    assert_non_null(strstr(err.message, "no built-in ruleset 'meihao'"));
    assert_non_null(strstr(err.message, "meihao-xiangcun"));
    /* a path stays a file error */
    assert_int_equal(score_ruleset_load(&rs, "no/such.yaml", NULL, &err), SCORE_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_agree_with_rows),
        cmocka_unit_test(test_grade_labels),
        cmocka_unit_test(test_outcome_scopes),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_keyless_table_refused),
        cmocka_unit_test(test_year_field_names_its_columns),
        cmocka_unit_test(test_unknown_builtin),
        cmocka_unit_test(test_set_cells),
        cmocka_unit_test(test_keep_by_name_without_gloss),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
