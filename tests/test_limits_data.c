/*
 * The data limits (score_limits: line_bytes, cell_bytes, rows,
 * memory_bytes): each one exceeded by one is SCORE_ELIMIT naming the limit,
 * with the position in the CSV file where there is one; exactly at the
 * limit, the data is read and evaluated.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "result.h"
#include "score/score.h"
#include "table.h"

static const char doc[] = "ruleset: limits\n"
                          "version: \"1\"\n"
                          "entity: village\n"
                          "key: id\n"
                          "fields:\n"
                          "  id: {type: text, label: i}\n"
                          "  x: {type: number}\n"
                          "criteria:\n"
                          "  big: {when: x > 1}\n";

/* A document loaded with the given limits (NULL: the defaults). */
static score_ruleset *load_with(const char *text, size_t len, const score_limits *limits)
{
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.limits = limits;
    score_ruleset *rs = NULL;
    score_error err;
    if (score_ruleset_load_string(&rs, text, len, "limits.yaml", &opts, &err) != 0)
        fail_msg("load: %s", err.message);
    return rs;
}

typedef enum which { LINE, CELL, ROWS, MEMORY } which;

static score_ruleset *load_one(which w, size_t value)
{
    score_limits l;
    memset(&l, 0, sizeof l); /* 0: the default */
    switch (w) {
    case LINE: l.line_bytes = value; break;
    case CELL: l.cell_bytes = value; break;
    case ROWS: l.rows = value; break;
    case MEMORY: l.memory_bytes = value; break;
    }
    return load_with(doc, strlen(doc), &l);
}

/* Parse csv under one limit: 0 and a table, or the error. */
static int parse(which w, size_t value, const char *csv, score_error *err)
{
    score_ruleset *rs = load_one(w, value);
    score_table *t = NULL;
    memset(err, 0, sizeof *err);
    int rc = score_table_parse_csv(&t, rs, csv, strlen(csv), "data.csv", err);
    if (rc == 0) {
        assert_non_null(t);
        /* and it evaluates */
        score_result *r = NULL;
        assert_int_equal(score_evaluate(&r, rs, t, err), 0);
        score_result_free(r);
    } else {
        assert_null(t);
    }
    score_table_free(t);
    score_ruleset_free(rs);
    return rc;
}

static void expect_limit(which w, size_t value, const char *csv, int line, int column,
                         const char *words)
{
    score_error err;
    int rc = parse(w, value, csv, &err);
    if (rc != SCORE_ELIMIT)
        fail_msg("limit %zu: expected SCORE_ELIMIT, got %d (%s)", value, rc, err.message);
    assert_int_equal(err.code, SCORE_ELIMIT);
    assert_string_equal(err.source, "data.csv");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    if (!strstr(err.message, words))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, words);
}

static void expect_ok(which w, size_t value, const char *csv)
{
    score_error err;
    int rc = parse(w, value, csv, &err);
    if (rc != 0)
        fail_msg("limit %zu: unexpected error %d at %d:%d: %s", value, rc, err.line, err.column,
                 err.message);
}

static void test_line_bytes(void **state)
{
    (void)state;
    /* the longest record is "BBBB,22" (7 bytes, the line end not counted) */
    const char *csv = "id,x\nA,1\nBBBB,22\r\nC,3";
    expect_ok(LINE, 7, csv);
    expect_limit(LINE, 6, csv, 3, 2, "CSV record longer than the line_bytes limit (6 bytes)");
    /* crossed in the first cell: a text cell */
    expect_limit(LINE, 3, "i,x\nA,1\nBBBB,22\n", 3, 1, "line_bytes limit (3 bytes)");
    /* the header counts too */
    expect_limit(LINE, 3, "id,xx\nA,1\n", 1, 2, "line_bytes");
    /* a quoted cell over two lines is one record, counted whole */
    const char *quoted = "id,x\n\"A\nB\",1\n";
    expect_ok(LINE, 7, quoted);
    expect_limit(LINE, 6, quoted, 3, 2, "line_bytes"); /* where the cell starts */
    /* a record far too long is stopped, whatever follows */
    char big[4096];
    memcpy(big, "id,x\n", 5);
    memset(big + 5, 'A', 2000);
    strcpy(big + 2005, ",1\n");
    expect_limit(LINE, 1000, big, 2, 1, "line_bytes limit (1000 bytes)");
    expect_ok(LINE, 2002, big);
}

static void test_cell_bytes(void **state)
{
    (void)state;
    const char *csv = "id,x\nAB,1\nABCD,12345\n";
    expect_ok(CELL, 5, csv);
    /* a number cell (read by the fast path when it fits) */
    expect_limit(CELL, 4, csv, 3, 2, "CSV cell longer than the cell_bytes limit (4 bytes)");
    /* a text cell */
    expect_limit(CELL, 3, csv, 3, 1, "cell_bytes limit (3 bytes)");
    /* a quoted cell counts the bytes between its quotes, as written */
    expect_ok(CELL, 5, "id,x\n\"a\"\"bc\",1\n");
    expect_limit(CELL, 4, "id,x\n\"a\"\"bc\",1\n", 2, 1, "cell_bytes");
    /* header cells too */
    expect_limit(CELL, 1, csv, 1, 1, "cell_bytes");
}

static void test_rows(void **state)
{
    (void)state;
    const char *csv = "id,x\nA,1\n\nB,2\r\nC,3\n";
    expect_ok(ROWS, 3, csv);
    expect_limit(ROWS, 2, csv, 5, 1, "more data rows than the rows limit (2)");
    expect_limit(ROWS, 1, csv, 4, 1, "rows limit (1)");
    /* blank lines are not rows */
    expect_ok(ROWS, 1, "id,x\n\n\nA,1\n\n\n");

    /* a table made by the API */
    score_ruleset *rs = load_one(ROWS, 3);
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, 3, &err), 0);
    score_table_free(t);
    t = (score_table *)1;
    assert_int_equal(score_table_new(&t, rs, 4, &err), SCORE_ELIMIT);
    assert_null(t);
    assert_non_null(strstr(err.message, "rows limit (3)"));
    score_ruleset_free(rs);
}

/* ---- memory ---- */

/* A CSV of n rows for the document above. */
static char *rows_csv(size_t n)
{
    char *csv = malloc(32 * n + 16), *p = csv;
    assert_non_null(csv);
    p += sprintf(p, "id,x\n");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "V%zu,%zu.5\n", i, i % 100);
    return csv;
}

/* The most memory a table of csv holds while it is read. */
static size_t table_peak(const char *text, size_t len, const char *csv)
{
    score_ruleset *rs = load_with(text, len, NULL);
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), "data.csv", &err), 0);
    size_t peak = t->meter.peak;
    assert_true(peak > 0);
    score_table_free(t);
    score_ruleset_free(rs);
    return peak;
}

static void test_table_memory(void **state)
{
    (void)state;
    char *csv = rows_csv(5000);
    size_t peak = table_peak(doc, strlen(doc), csv);
    /* 5000 rows of two columns take 80000 bytes at least */
    assert_true(peak >= 5000 * 2 * sizeof(double));
    expect_ok(MEMORY, peak, csv);
    expect_limit(MEMORY, peak - 1, csv, 0, 0,
                 "the table needs more memory than the memory_bytes limit");

    /* a table made by the API and filled */
    score_ruleset *rs = load_one(MEMORY, 1000);
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, 10, &err), 0);
    double x[10] = {0};
    assert_int_equal(score_table_set_numbers(t, "x", x, 10, &err), 0);
    score_table_free(t);
    assert_int_equal(score_table_new(&t, rs, 1000, &err), SCORE_ELIMIT);
    assert_null(t);
    assert_non_null(strstr(err.message, "memory_bytes limit (1000 bytes)"));
    score_ruleset_free(rs);
    free(csv);
}

/* A ruleset whose results are bigger than its tables: many criteria. */
static char *many_criteria_doc(size_t n, size_t *len)
{
    char *text = malloc(512 + 40 * n), *p = text;
    assert_non_null(text);
    p += sprintf(p, "ruleset: many\nversion: \"1\"\nentity: village\nkey: id\n"
                    "fields:\n  id: {type: text}\n  x: {type: number}\ncriteria:\n");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "  c%zu: {when: x > %zu}\n", i, i);
    *len = (size_t)(p - text);
    return text;
}

static void test_result_memory(void **state)
{
    (void)state;
    size_t len;
    char *text = many_criteria_doc(200, &len);
    char *csv = rows_csv(3000);
    size_t tpeak = table_peak(text, len, csv);

    /* the result's own peak, with room for everything */
    score_ruleset *rs = load_with(text, len, NULL);
    score_table *t = NULL;
    score_result *r = NULL;
    score_error err;
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), "data.csv", &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    size_t rpeak = r->meter.peak;
    /* 200 verdicts of 3000 rows at least */
    assert_true(rpeak >= 200 * 3000);
    assert_true(tpeak < rpeak - 1);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);

    /* exactly at the limit: evaluated; one byte less: refused */
    for (int over = 0; over <= 1; over++) {
        score_limits l;
        memset(&l, 0, sizeof l);
        l.memory_bytes = rpeak - (size_t)over;
        rs = load_with(text, len, &l);
        assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), "data.csv", &err), 0);
        r = (score_result *)1;
        int rc = score_evaluate(&r, rs, t, &err);
        if (over) {
            assert_int_equal(rc, SCORE_ELIMIT);
            assert_null(r);
            assert_non_null(strstr(err.message, "the result needs more memory than the "
                                                "memory_bytes limit"));
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(score_result_verdict(r, 199, 2999), SCORE_FALSE); /* 99.5 > 199 */
            score_result_free(r);
        }
        score_table_free(t);
        score_ruleset_free(rs);
    }
    free(csv);
    free(text);
}

/* The defaults are in force when a field is 0, and a file read from disk
 * obeys the limits as one parsed from memory does. */
static void test_file(void **state)
{
    (void)state;
    char path[] = "/tmp/score_limits_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("id,x\nA,1\nB,2\nC,3\n", f);
    fclose(f);
    score_ruleset *rs = load_one(ROWS, 2);
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_read_csv(&t, rs, path, &err), SCORE_ELIMIT);
    assert_int_equal(err.line, 4);
    assert_string_equal(err.source, path);
    score_ruleset_free(rs);
    rs = load_one(ROWS, 0);
    assert_int_equal(score_table_read_csv(&t, rs, path, &err), 0);
    assert_int_equal(score_table_row_count(t), 3);
    score_table_free(t);
    score_ruleset_free(rs);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_bytes),   cmocka_unit_test(test_cell_bytes),
        cmocka_unit_test(test_rows),         cmocka_unit_test(test_table_memory),
        cmocka_unit_test(test_result_memory), cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
