/* The CSV reader: syntax, header matching, cell types and error positions. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "internal.h"
#include "table.h"

#ifndef SCORE_TEST_DATA
#define SCORE_TEST_DATA "tests/data"
#endif

enum { C_ID, C_POP, C_APPLIED, C_COUNTY, C_INC19, C_INC20, NCOLS };

static const sc_colspec cols[NCOLS] = {
    {"id", "村代码", SCORE_TYPE_TEXT, 0, 0, SC_NO_RULES},
    {"pop", "人口", SCORE_TYPE_NUMBER, 1, 0, SC_NO_RULES},
    {"applied", "申报创建", SCORE_TYPE_BOOL, 2, 0, SC_NO_RULES},
    {"county", "所属县", SCORE_TYPE_TEXT, 3, 0, SC_NO_RULES},
    {"income_2019", "村集体经济收入(元)_2019", SCORE_TYPE_NUMBER, 4, 2019, SC_NO_RULES},
    {"income_2020", "村集体经济收入(元)_2020", SCORE_TYPE_NUMBER, 4, 2020, SC_NO_RULES},
};
static const sc_schema schema = {cols, NCOLS, C_ID, {NULL, 0}};

#define HEADER "id,pop,applied,county,income_2019,income_2020\n"

static int parse_n(score_table **t, const char *csv, size_t len, score_error *err)
{
    memset(err, 0, sizeof *err);
    return sc_table_parse_csv(t, NULL, &schema, sc_default_allocator(), csv, len, "data.csv",
                              err);
}

static score_table *parse_ok(const char *csv)
{
    score_table *t = NULL;
    score_error err;
    int rc = parse_n(&t, csv, strlen(csv), &err);
    if (rc)
        fail_msg("unexpected error %d at %d:%d: %s", rc, err.line, err.column, err.message);
    assert_non_null(t);
    return t;
}

/* Parse expecting an error; checks code, line and column, returns err. */
static score_error parse_fail_n(const char *csv, size_t len, int code, int line, int column)
{
    score_table *t = (score_table *)1;
    score_error err;
    int rc = parse_n(&t, csv, len, &err);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_null(t);
    assert_string_equal(err.source, "data.csv");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    return err;
}

static score_error parse_fail(const char *csv, int code, int line, int column)
{
    return parse_fail_n(csv, strlen(csv), code, line, column);
}

static double num(const score_table *t, size_t col, size_t row)
{
    assert_true(row < t->nrows);
    return t->cols[col].values[row];
}

static const char *text(const score_table *t, size_t col, size_t row)
{
    double v = num(t, col, row);
    return isnan(v) ? NULL : sc_table_text(t, v);
}

static void test_basic_lf(void **state)
{
    (void)state;
    score_table *t = parse_ok(HEADER "v1,120,1,旌阳区,30000,45000\n"
                                     "v2,80.5,0,罗江区,,2.5万\n");
    assert_int_equal(score_table_row_count(t), 2);
    assert_string_equal(text(t, C_ID, 0), "v1");
    assert_string_equal(text(t, C_ID, 1), "v2");
    assert_true(num(t, C_POP, 0) == 120.0);
    assert_true(num(t, C_POP, 1) == 80.5);
    assert_true(num(t, C_APPLIED, 0) == 1.0);
    assert_true(num(t, C_APPLIED, 1) == 0.0);
    assert_string_equal(text(t, C_COUNTY, 0), "旌阳区");
    assert_true(num(t, C_INC19, 0) == 30000.0);
    assert_true(isnan(num(t, C_INC19, 1)));
    assert_true(num(t, C_INC20, 1) == 25000.0);
    assert_int_equal(score_table_absent_count(t), 0);
    assert_int_equal(score_table_find_key(t, "v2"), 1);
    assert_int_equal(score_table_find_key(t, "v1"), 0);
    assert_int_equal(score_table_find_key(t, "v3"), (size_t)-1);
    assert_string_equal(score_table_key(t, 1), "v2");
    for (size_t j = 0; j < NCOLS; j++)
        assert_true(t->cols[j].present);
    score_table_free(t);
}

static void test_crlf_bom_final_line(void **state)
{
    (void)state;
    const char *inputs[] = {
        "id,pop\r\nv1,1\r\nv2,2\r\n",
        "id,pop\r\nv1,1\r\nv2,2",
        "id,pop\nv1,1\nv2,2",
        "\xef\xbb\xbfid,pop\r\nv1,1\r\nv2,2\r\n",
        "\xef\xbb\xbfid,pop\nv1,1\r\nv2,2",
        "\n\r\nid,pop\n\nv1,1\r\n\r\n\nv2,2\n\n",
    };
    for (size_t k = 0; k < sizeof inputs / sizeof *inputs; k++) {
        score_table *t = parse_ok(inputs[k]);
        assert_int_equal(t->nrows, 2);
        assert_string_equal(text(t, C_ID, 0), "v1");
        assert_string_equal(text(t, C_ID, 1), "v2");
        assert_true(num(t, C_POP, 0) == 1.0);
        assert_true(num(t, C_POP, 1) == 2.0);
        score_table_free(t);
    }
}

static void test_quotes(void **state)
{
    (void)state;
    score_table *t = parse_ok("id,county,pop\n"
                              "\"v1\",\"a,b\",\"1\"\n"
                              "v2,\"say \"\"hi\"\"\",2\n"
                              "v3,\"two\nlines\r\nthree\",3\n"
                              "v4,\"\"\"\",\"\"\n"
                              "\"v,5\",\"\",5");
    assert_int_equal(t->nrows, 5);
    assert_string_equal(text(t, C_COUNTY, 0), "a,b");
    assert_string_equal(text(t, C_COUNTY, 1), "say \"hi\"");
    assert_string_equal(text(t, C_COUNTY, 2), "two\nlines\r\nthree");
    assert_string_equal(text(t, C_COUNTY, 3), "\"");
    assert_true(isnan(num(t, C_POP, 3)));
    assert_string_equal(text(t, C_ID, 4), "v,5");
    assert_null(text(t, C_COUNTY, 4));
    assert_true(num(t, C_POP, 2) == 3.0);
    assert_int_equal(score_table_find_key(t, "v,5"), 4);
    score_table_free(t);

    /* Lines are physical: after a cell spanning three lines, the bad
     * cell of the next record is on line 6. */
    score_error err = parse_fail("id,county,pop\n"
                                 "v1,x,1\n"
                                 "v2,\"a\nb\nc\",2\n"
                                 "v3,y,abc\n",
                                 SCORE_EDATA, 6, 3);
    assert_string_equal(err.message, "column \"pop\" (3): \"abc\" is not a number (write digits such as 3.5万 or 35000)");
    /* A bad cell after a multi-line cell of the same record. */
    parse_fail("id,county,pop\nv1,\"a\nb\",x\n", SCORE_EDATA, 3, 3);
    /* A quoted number with doubled quotes is undone before parsing. */
    err = parse_fail("id,pop\nv1,\"1\"\"\"\n", SCORE_EDATA, 2, 2);
    assert_string_equal(err.message, "column \"pop\" (2): \"1\"\" is not a number (write digits such as 3.5万 or 35000)");
}

static void test_labels_and_years(void **state)
{
    (void)state;
    score_table *t = parse_ok("人口,村代码,income_2019,村集体经济收入(元)_2020,  所属县 ,申报创建\n"
                              "10,v1,1,2,x,是\n"
                              "20,v2,3,4,y,否\n");
    assert_int_equal(t->nrows, 2);
    assert_string_equal(text(t, C_ID, 1), "v2");
    assert_true(num(t, C_POP, 1) == 20.0);
    assert_true(num(t, C_INC19, 0) == 1.0);
    assert_true(num(t, C_INC20, 0) == 2.0);
    assert_true(num(t, C_INC20, 1) == 4.0);
    assert_string_equal(text(t, C_COUNTY, 1), "y");
    assert_true(num(t, C_APPLIED, 0) == 1.0);
    assert_true(num(t, C_APPLIED, 1) == 0.0);
    assert_int_equal(score_table_absent_count(t), 0);
    score_table_free(t);
}

static void test_unknown_and_absent(void **state)
{
    (void)state;
    score_table *t = parse_ok("remark,id,income,pop,income_2018,\n"
                              "hello,v1,5,7,9,\n");
    assert_int_equal(t->nrows, 1);
    assert_true(num(t, C_POP, 0) == 7.0);
    assert_int_equal(score_table_absent_count(t), 4);
    assert_string_equal(score_table_absent_name(t, 0), "applied");
    assert_string_equal(score_table_absent_name(t, 1), "county");
    assert_string_equal(score_table_absent_name(t, 2), "income_2019");
    assert_string_equal(score_table_absent_name(t, 3), "income_2020");
    assert_null(score_table_absent_name(t, 4));
    assert_false(t->cols[C_APPLIED].present);
    assert_true(t->cols[C_POP].present);
    assert_true(isnan(num(t, C_APPLIED, 0)));
    assert_true(isnan(num(t, C_INC20, 0)));
    /* "remark" and "hello" were not interned. */
    assert_int_equal(t->dict.count, 1);
    score_table_free(t);
}

static void test_empty_cells(void **state)
{
    (void)state;
    score_table *t = parse_ok(HEADER "v1,,,,,\n"
                                     "v2, ,\t, , \t ,\"\"\n");
    for (size_t row = 0; row < 2; row++) {
        assert_true(isnan(num(t, C_POP, row)));
        assert_true(isnan(num(t, C_APPLIED, row)));
        assert_true(isnan(num(t, C_INC19, row)));
        assert_true(isnan(num(t, C_INC20, row)));
    }
    assert_null(text(t, C_COUNTY, 0));
    /* Spaces around text are trimmed: a cell of spaces is empty. */
    assert_null(text(t, C_COUNTY, 1));
    score_table_free(t);
}

static void test_text_codes(void **state)
{
    (void)state;
    score_table *t = parse_ok("id,county\nA, x \nB,A\nC, x \n");
    assert_string_equal(text(t, C_COUNTY, 0), "x"); /* trimmed */
    /* One dictionary for the table: equal strings, equal codes. */
    assert_true(num(t, C_COUNTY, 1) == num(t, C_ID, 0));
    assert_true(num(t, C_COUNTY, 0) == num(t, C_COUNTY, 2));
    assert_int_equal(t->dict.count, 4);
    score_table_free(t);
}

static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *cell;
        double value;
    } cases[] = {
        {"30%", 0.3},   {"3万", 30000},  {"1.2亿", 1.2e8}, {"-5", -5},     {"+2", 2},
        {"1e3", 1000},  {"5千", 5000},   {" 7 ", 7},       {"\t-0.5\t", -0.5}, {"0", 0},
        {"-3.5万", -35000}, {".5", 0.5}, {"1E-2", 0.01},  {"\" 42 \"", 42},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char buf[128];
        snprintf(buf, sizeof buf, "id,pop\nv,%s\n", cases[k].cell);
        score_table *t = parse_ok(buf);
        if (num(t, C_POP, 0) != cases[k].value)
            fail_msg("%s read as %.17g", cases[k].cell, num(t, C_POP, 0));
        score_table_free(t);
    }
}

static void test_bad_numbers(void **state)
{
    (void)state;
    const char *bad[] = {"nan", "inf", "-inf", "1e999", "3万万", "--5", "abc", "1,5", "5 5",
                         "1e", "%", "0x10", "１x"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char buf[128];
        snprintf(buf, sizeof buf, "id,county,pop\nv1,a,1\nv2,b,\"%s\"\n", bad[k]);
        score_error err = parse_fail(buf, SCORE_EDATA, 3, 3);
        char want[128];
        snprintf(want, sizeof want, "column \"pop\" (3): \"%s\"", bad[k]);
        assert_memory_equal(err.message, want, strlen(want));
    }
    score_error err = parse_fail("id,pop\nv,abc\n", SCORE_EDATA, 2, 2);
    assert_string_equal(err.message, "column \"pop\" (2): \"abc\" is not a number (write digits such as 3.5万 or 35000)");
    err = parse_fail("id,pop\nv,1e999\n", SCORE_EDATA, 2, 2);
    assert_string_equal(err.message, "column \"pop\" (2): \"1e999\" is out of range (a number's size must lie between about 1e-307 and 1e308)");
    /* The header as written is named, here a label. */
    err = parse_fail("村代码,county,人口\nv,x,多\n", SCORE_EDATA, 2, 3);
    assert_string_equal(err.message, "column \"人口\" (3): \"多\" is not a number (write digits such as 3.5万 or 35000)");
    char buf[256];
    score_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf, "data.csv:2:3: column \"人口\" (3): \"多\" is not a number (write digits such as 3.5万 or 35000)");
}

static void test_bools(void **state)
{
    (void)state;
    score_table *t = parse_ok("id,applied\na,1\nb,0\nc,TRUE\nd,false\ne,True\nf,是\ng, 否 \nh,\n");
    const double want[] = {1, 0, 1, 0, 1, 1, 0};
    for (size_t i = 0; i < 7; i++)
        assert_true(num(t, C_APPLIED, i) == want[i]);
    assert_true(isnan(num(t, C_APPLIED, 7)));
    score_table_free(t);

    score_error err = parse_fail("id,pop,county,x,applied\nv,1,a,b,maybe\n", SCORE_EDATA, 2, 5);
    assert_string_equal(err.message,
                        "column \"applied\" (5): \"maybe\" is not yes or no (write 是/否, 1/0, √/×, Y/N, yes/no, true/false or 有/无)");
    parse_fail("id,applied\nv,2\n", SCORE_EDATA, 2, 2);
    parse_fail("id,applied\nv,maybe\n", SCORE_EDATA, 2, 2);
    parse_fail("id,applied\nv,1.0\n", SCORE_EDATA, 2, 2);
}

/* A ragged row is reported at its first extra cell, or where its first
 * missing cell should be. */
static void test_ragged(void **state)
{
    (void)state;
    score_error err = parse_fail("id,pop,county\nv1,1,a\nv2,2\n", SCORE_EDATA, 3, 3);
    assert_string_equal(err.message, "row has 2 cells, the header 3");
    err = parse_fail("id,pop,county\nv1,1,a\n\nv2,2,b,c,d\n", SCORE_EDATA, 4, 4);
    assert_string_equal(err.message, "row has 5 cells, the header 3");
    err = parse_fail("id,pop,county\nv1\n", SCORE_EDATA, 2, 2);
    assert_string_equal(err.message, "row has 1 cell, the header 3");
    /* A trailing comma is one more (empty) cell. */
    parse_fail("id,pop\nv1,1,\n", SCORE_EDATA, 2, 3);
    /* A line of spaces is a blank row: skipped and counted. */
    score_table *t = parse_ok("id,pop\nv1,1\n   \n,\n");
    assert_int_equal(t->nrows, 1);
    assert_int_equal(score_read_report_count(score_table_report(t), SCORE_READ_BLANK_ROWS), 2);
    score_table_free(t);
}

static void test_quote_errors(void **state)
{
    (void)state;
    score_error err = parse_fail("id,county\nv1,a\nv2,\"open\nmore\nv3,b\n", SCORE_EDATA, 3, 2);
    assert_string_equal(err.message, "unterminated quote");
    err = parse_fail("id,county\nv1,ab\"c\n", SCORE_EDATA, 2, 2);
    assert_string_equal(err.message,
                        "quote inside an unquoted cell (quote the whole cell and double the quote)");
    err = parse_fail("id,county\nv1,\"a\nb\"c,\n", SCORE_EDATA, 3, 2);
    assert_string_equal(err.message, "text after the closing quote");
    parse_fail("id,county\nv1, \"a\"\n", SCORE_EDATA, 2, 2);
    parse_fail("id,county\nv1,\"a\" \n", SCORE_EDATA, 2, 2);
    /* In the header too. */
    parse_fail("id,\"county\n", SCORE_EDATA, 1, 2);
    parse_fail("\n\nid,co\"unty\n", SCORE_EDATA, 3, 2);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    score_error err = parse_fail("id,county\nv1,ok\nv2,b\xff\n", SCORE_EDATA, 3, 2);
    assert_string_equal(err.message, "invalid UTF-8 (byte 0xFF): save the file as UTF-8, or give its encoding (--encoding gb18030 for Excel on a Chinese Windows)");
    /* A truncated sequence, an overlong and a surrogate. */
    parse_fail("id,county\nv1,\xe6\x98\n", SCORE_EDATA, 2, 2);
    parse_fail("id,county\nv1,x\n\xc0\xaf,y\n", SCORE_EDATA, 3, 1);
    parse_fail("id,county\n\"v\n1\",\xed\xa0\x80\n", SCORE_EDATA, 3, 2);
    /* In the header, past the eight-byte ASCII stride. */
    parse_fail("id,county,abcdefghijklmnop\x80\n", SCORE_EDATA, 1, 3);
    /* Even in a column that is ignored. */
    parse_fail("id,remark\nv,\xfe\n", SCORE_EDATA, 2, 2);
}

static void test_header_errors(void **state)
{
    (void)state;
    score_error err = parse_fail("id,pop,人口\nv,1,2\n", SCORE_EDATA, 1, 3);
    assert_string_equal(err.message, "columns 2 and 3 both give field \"pop\"");
    err = parse_fail("\nid,income_2019,x,村集体经济收入(元)_2019\n", SCORE_EDATA, 2, 4);
    assert_string_equal(err.message, "columns 2 and 4 both give field \"income_2019\"");
    err = parse_fail("pop,county\n1,a\n", SCORE_EDATA, 1, 1);
    assert_string_equal(err.message, "no column for the key field \"id\" (or \"村代码\")");
    /* Header cells are matched case-sensitively and whole. */
    parse_fail("ID,pop\nv,1\n", SCORE_EDATA, 1, 1);
}

static void test_key_errors(void **state)
{
    (void)state;
    score_error err = parse_fail("id,pop\nv1,1\nv2,2\n\"v\n3\",3\nv2,4\n", SCORE_EDATA, 6, 1);
    assert_string_equal(err.message, "duplicate key \"v2\" on lines 3 and 6");
    /* The earlier line is that of the key cell, after a multi-line cell. */
    err = parse_fail("county,id\n\"a\nb\",k\nc,k\n", SCORE_EDATA, 4, 2);
    assert_string_equal(err.message, "duplicate key \"k\" on lines 3 and 4");
    err = parse_fail("pop,村代码\n1,v1\n2,\n", SCORE_EDATA, 3, 2);
    assert_string_equal(err.message, "column \"村代码\" (2): empty key");
    parse_fail("id,pop\n\"\",1\n", SCORE_EDATA, 2, 1);
}

static void test_header_only_and_empty(void **state)
{
    (void)state;
    const char *header_only[] = {"id,pop\n", "id,pop", "\xef\xbb\xbfid,pop\r\n\r\n\n"};
    for (size_t k = 0; k < 3; k++) {
        score_table *t = parse_ok(header_only[k]);
        assert_int_equal(score_table_row_count(t), 0);
        assert_null(score_table_key(t, 0));
        assert_int_equal(score_table_find_key(t, "x"), (size_t)-1);
        assert_int_equal(score_table_absent_count(t), 4);
        score_table_free(t);
    }
    /* the position is where the header should start: past blank lines */
    const char *empty[] = {"", "\xef\xbb\xbf", "\n\n", "\r\n\n", "\xef\xbb\xbf\r\n"};
    const int line[] = {1, 1, 3, 3, 2};
    for (size_t k = 0; k < 5; k++) {
        score_error err = parse_fail(empty[k], SCORE_EDATA, line[k], 1);
        assert_string_equal(err.message, "empty file: no header");
    }
    /* NULL data with no length is an empty file too. */
    score_table *t;
    score_error err;
    assert_int_equal(sc_table_parse_csv(&t, NULL, &schema, sc_default_allocator(), NULL, 0,
                                        NULL, &err),
                     SCORE_EDATA);
    assert_string_equal(err.source, "<string>");
}

static void test_embedded_nul(void **state)
{
    (void)state;
    /* Data is measured by length, not by NUL: text keeps it, numbers reject it. */
    static const char csv[] = "id,pop\nv1,1\0\n";
    parse_fail_n(csv, sizeof csv - 1, SCORE_EDATA, 2, 2);
}

/* 100k rows built in memory, with every type and some quoting. */
static void test_large(void **state)
{
    (void)state;
    const size_t n = 100000;
    sc_buf b;
    sc_buf_init(&b, sc_default_allocator());
    sc_buf_puts(&b, "\xef\xbb\xbf" "村代码,pop,applied,county,income_2019,income_2020,remark\r\n");
    for (size_t i = 0; i < n; i++) {
        sc_buf_printf(&b, "V%06zu,%zu,%s,\"县,%zu\",%zu.5万,%s,\"x\"\"y\"\r\n", i, i,
                      i % 3 == 0 ? "1" : i % 3 == 1 ? "false" : "", i % 7, i,
                      i % 5 == 0 ? "" : "-12.25");
    }
    assert_false(b.failed);
    score_table *t = parse_ok(b.data);
    assert_int_equal(t->nrows, n);
    for (size_t i = 0; i < n; i++) {
        char key[16];
        snprintf(key, sizeof key, "V%06zu", i);
        assert_int_equal(score_table_find_key(t, key), i);
        assert_true(num(t, C_POP, i) == (double)i);
        double a = num(t, C_APPLIED, i);
        if (i % 3 == 2)
            assert_true(isnan(a));
        else
            assert_true(a == (i % 3 == 0 ? 1.0 : 0.0));
        assert_true(num(t, C_INC19, i) == (double)i * 10000 + 5000);
        if (i % 5 == 0)
            assert_true(isnan(num(t, C_INC20, i)));
        else
            assert_true(num(t, C_INC20, i) == -12.25);
    }
    char want[32];
    snprintf(want, sizeof want, "县,%d", 12345 % 7);
    assert_string_equal(text(t, C_COUNTY, 12345), want);
    assert_int_equal(t->dict.count, n + 7);
    score_table_free(t);
    sc_buf_free(&b);
}

static void test_read_file(void **state)
{
    (void)state;
    char *data;
    size_t len;
    score_error err;
    assert_int_equal(sc_read_file(sc_default_allocator(), SCORE_TEST_DATA "/csv/villages.csv",
                                  &data, &len, &err),
                     0);
    score_table *t;
    assert_int_equal(sc_table_parse_csv(&t, NULL, &schema, sc_default_allocator(), data, len,
                                        "villages.csv", &err),
                     0);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(text(t, C_ID, 2), "340102003");
    assert_string_equal(text(t, C_COUNTY, 1), "罗江区");
    assert_true(num(t, C_INC20, 0) == 35000.0);
    assert_true(num(t, C_APPLIED, 1) == 0.0);
    score_table_free(t);
    sc_free(sc_default_allocator(), data);

    assert_int_equal(sc_read_file(sc_default_allocator(), SCORE_TEST_DATA "/csv/no-such.csv",
                                  &data, &len, &err),
                     SCORE_EIO);
    assert_string_equal(err.source, SCORE_TEST_DATA "/csv/no-such.csv");
    assert_non_null(strstr(err.message, "cannot open"));
    assert_null(data);
    /* A directory opens but cannot be read. */
    assert_int_equal(sc_read_file(sc_default_allocator(), SCORE_TEST_DATA "/csv", &data, &len,
                                  &err),
                     SCORE_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_lf),
        cmocka_unit_test(test_crlf_bom_final_line),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_labels_and_years),
        cmocka_unit_test(test_unknown_and_absent),
        cmocka_unit_test(test_empty_cells),
        cmocka_unit_test(test_text_codes),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_quote_errors),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_key_errors),
        cmocka_unit_test(test_header_only_and_empty),
        cmocka_unit_test(test_embedded_nul),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_read_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
