/*
 * score_table_parse(): units a header gives, the header row, the choice
 * between UTF-8 and GB18030, the report's counts, and a caller that gives
 * no score_error.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "score/score.h"

/* A number field without a unit, one in 元, one whose unit is %. */
static const char doc[] = "ruleset: read\n"
                          "key: id\n"
                          "fields:\n"
                          "  id: {type: text, label: 村代码}\n"
                          "  town: {type: text, label: 镇}\n"
                          "  people: {type: number, label: 人口}\n"
                          "  income: {type: number, label: 收入, unit: 元}\n"
                          "  rate: {type: number, label: 参与率, unit: \"%\"}\n";

static score_ruleset *ruleset(void)
{
    score_ruleset *rs = NULL;
    score_error err;
    if (score_ruleset_load_string(&rs, doc, sizeof doc - 1, "read.yaml", NULL, &err) != 0)
        fail_msg("%s", err.message);
    return rs;
}

static score_table *parse_ok(const score_ruleset *rs, const char *csv,
                             const score_read_options *opts)
{
    score_table *t = NULL;
    score_error err;
    if (score_table_parse(&t, rs, csv, strlen(csv), "d.csv", opts, &err) != 0)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    return t;
}

static score_error parse_fail(const score_ruleset *rs, const char *csv,
                              const score_read_options *opts)
{
    score_table *t = (score_table *)1;
    score_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(score_table_parse(&t, rs, csv, strlen(csv), "d.csv", opts, &err),
                     SCORE_EDATA);
    assert_null(t);
    return err;
}

static double value(const score_table *t, const char *column, size_t row)
{
    const double *v;
    assert_int_equal(score_table_column(t, column, &v, NULL, NULL), 0);
    return v[row];
}

/* A plain number in a field whose unit is % is a percent, whether the
 * reader's fast path or the cell rules read it. */
static void test_field_unit_percent(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    score_table *t = parse_ok(rs, "id,rate\na,98\nb,98%\nc,\"98\"\n", NULL);
    for (size_t r = 0; r < 3; r++)
        assert_true(fabs(value(t, "rate", r) - 0.98) < 1e-15);
    score_table_free(t);
    score_ruleset_free(rs);
}

static void test_header_units(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    /* (%): a bare 81 is 81%, a cell's own % is not scaled again */
    score_table *t = parse_ok(rs, "id,people（%）,收入（万元）\na,81,3.5\nb,81%,35000元\n", NULL);
    assert_true(fabs(value(t, "people", 0) - 0.81) < 1e-15);
    assert_true(fabs(value(t, "people", 1) - 0.81) < 1e-15);
    assert_true(value(t, "income", 0) == 35000);
    assert_true(value(t, "income", 1) == 35000);
    score_table_free(t);
    /* a unit the field leaves open and that does not scale: a label */
    t = parse_ok(rs, "id,人口（人）\na,420\nb,420人\n", NULL);
    assert_true(value(t, "people", 0) == 420 && value(t, "people", 1) == 420);
    score_table_free(t);
    /* a scaling unit on a field without a unit would change every number */
    score_error err = parse_fail(rs, "id,人口（万人）\na,3.5\n", NULL);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.message, "scales its numbers"));
    err = parse_fail(rs, "id,参与率（‰）\na,980\n", NULL);
    assert_non_null(strstr(err.message, "but the field rate is in %"));
    /* a unit that is not the field's */
    err = parse_fail(rs, "id,收入（分）\na,3\n", NULL);
    assert_non_null(strstr(err.message, "but the field income is in 元"));
    err = parse_fail(rs, "id,收入（%）\na,3\n", NULL);
    assert_non_null(strstr(err.message, "but the field income is in 元"));
    score_ruleset_free(rs);
}

static void test_header_row(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    /* a header given below the first 20 lines */
    char csv[1024] = "";
    for (int i = 0; i < 25; i++)
        strcat(csv, "note\n");
    strcat(csv, "id,people\na,1\n");
    score_read_options o = SCORE_READ_OPTIONS_INIT;
    o.header_row = 26;
    score_table *t = parse_ok(rs, csv, &o);
    assert_int_equal(score_table_row_count(t), 1);
    assert_int_equal(score_read_report_count(score_table_report(t), SCORE_READ_TITLE_ROWS), 25);
    assert_int_equal(score_read_report_count(score_table_report(t), SCORE_READ_HEADER_ROW), 26);
    score_table_free(t);
    /* a line that is blank, or past the end, is not a header */
    o.header_row = 2;
    score_error err = parse_fail(rs, "title\n\nid,people\na,1\n", &o);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "header line 2 is blank"));
    o.header_row = 40;
    err = parse_fail(rs, "id,people\na,1\n", &o);
    assert_int_equal(err.line, 40);
    score_ruleset_free(rs);
}

/* A file that is UTF-8 with one damaged byte is refused, not read as
 * GB18030 (where it would decode into other characters); a GBK file is
 * read as GB18030. */
static void test_utf8_or_gb18030(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    /* 村代码,镇 / a,城关镇 in UTF-8, then a byte 0xFF in a later cell */
    const char damaged[] = "\xe6\x9d\x91\xe4\xbb\xa3\xe7\xa0\x81,\xe9\x95\x87\n"
                           "a,\xe5\x9f\x8e\xe5\x85\xb3\xe9\x95\x87\n"
                           "b,x\xff\n";
    score_error err = parse_fail(rs, damaged, NULL);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.message, "the file is UTF-8 up to this byte"));
    /* the same text in GBK (made once with iconv -t GBK) */
    const char gbk[] = "\xb4\xe5\xb4\xfa\xc2\xeb,\xd5\xf2\na,\xb3\xc7\xb9\xd8\xd5\xf2\n";
    score_table *t = parse_ok(rs, gbk, NULL);
    const double *town;
    assert_int_equal(score_table_column(t, "town", &town, NULL, NULL), 0);
    assert_string_equal(score_table_text(t, town[0]), "\xe5\x9f\x8e\xe5\x85\xb3\xe9\x95\x87");
    int detected;
    assert_int_equal(score_read_report_encoding(score_table_report(t), &detected),
                     SCORE_ENCODING_GB18030);
    assert_true(detected);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* The report's missing cells, counted from the table it stays with. */
static void test_missing_counts(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    score_table *t = parse_ok(rs, "id,people,town\na,,x\nb,-,\nc,3,y\n", NULL);
    const score_read_report *rep = score_table_report(t);
    size_t people = 0, income = 0;
    for (size_t i = 0; i < score_read_report_column_count(rep); i++) {
        if (strcmp(score_read_report_column_name(rep, i), "people") == 0)
            people = i;
        if (strcmp(score_read_report_column_name(rep, i), "income") == 0)
            income = i;
    }
    assert_int_equal(score_read_report_cells(rep, people, SCORE_CELLS_MISSING), 2);
    assert_int_equal(score_read_report_cells(rep, people, SCORE_CELLS_MARKER), 1);
    assert_false(score_read_report_column_present(rep, income));
    assert_int_equal(score_read_report_cells(rep, income, SCORE_CELLS_MISSING), 3);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* A caller may give no score_error (score.h): every path still works. */
static void test_no_error_struct(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    const char *bad[] = {"id,people\na,abc\n", "id,people\na,1\na,2\n", "id,people\n合计,3\n",
                         "id,people\na,1,2\n", "id,people\na,\xff\n"};
    score_read_options strict = SCORE_READ_OPTIONS_INIT;
    strict.strict = 1;
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        score_table *t = (score_table *)1;
        assert_int_equal(score_table_parse(&t, rs, bad[k], strlen(bad[k]), NULL, NULL, NULL),
                         SCORE_EDATA);
        assert_null(t);
    }
    score_table *t = (score_table *)1;
    assert_int_equal(score_table_parse(&t, rs, "id,peple\na,1\n", 13, NULL, &strict, NULL),
                     SCORE_EDATA);
    assert_null(t);
    score_ruleset_free(rs);
}

/* The provenance hash covers how cells are read: rulesets that read the
 * same data differently hash differently, and one that reads it the same
 * hashes the same. */
static void test_hash_covers_cell_rules(void **state)
{
    (void)state;
    const char *base = "ruleset: h\nkey: id\nfields:\n  id: {type: text}\n";
    const char *variants[] = {
        "  n: {type: number}\n",
        "  n: {type: number, unit: 分}\n",
        "  n: {type: number, unit: 万元}\n",
        "  b: {type: bool}\n",
        "  b: {type: bool, true_values: [达标]}\n",
        "  b: {type: bool, false_values: [达标]}\n",
        "  t: {type: text}\n",
        "  t: {type: text, values: [x, y]}\n",
        "  t: {type: text, values: {x: 甲, y: 乙}}\n",
        "  t: {type: text}\nmissing_values: []\n",
        "  t: {type: text}\nmissing_values: [不详]\n",
    };
    enum { N = sizeof variants / sizeof variants[0] };
    char hashes[N][24];
    for (size_t i = 0; i < N; i++) {
        char doc_text[256];
        snprintf(doc_text, sizeof doc_text, "%s%s", base, variants[i]);
        score_ruleset *rs;
        score_error err;
        if (score_ruleset_load_string(&rs, doc_text, strlen(doc_text), NULL, NULL, &err) != 0)
            fail_msg("%s: %s", variants[i], err.message);
        snprintf(hashes[i], sizeof hashes[i], "%s", score_ruleset_hash(rs));
        score_ruleset_free(rs);
        for (size_t k = 0; k < i; k++)
            if (strcmp(hashes[k], hashes[i]) == 0)
                fail_msg("same hash for %s and %s", variants[k], variants[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_unit_percent), cmocka_unit_test(test_header_units),
        cmocka_unit_test(test_header_row),         cmocka_unit_test(test_utf8_or_gb18030),
        cmocka_unit_test(test_missing_counts),     cmocka_unit_test(test_no_error_struct),
        cmocka_unit_test(test_hash_covers_cell_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
