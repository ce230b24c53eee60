/*
 * The .xlsx reader on workbooks written by XlsxWriter and openpyxl and on
 * hand-written parts (tests/fixtures/make_workbooks.py makes them all at
 * test time, into SCORE_XLSX_FIXTURES): the exact cells delivered, sheet
 * selection, the error paths with their positions, the limits, and every
 * allocation failing in turn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"
#include "internal.h"
#include "xlsx.h"
#include "xlsx_part.h"

#ifndef SCORE_XLSX_FIXTURES
#define SCORE_XLSX_FIXTURES "xlsx_fixtures"
#endif

/* ---- collecting what the reader delivers ---- */

typedef struct got_cell {
    sc_xcell_kind kind;
    char text[256];
    size_t len;
    int has_text;
    double number;
    int is_date, is_formula;
} got_cell;

typedef struct got_row {
    size_t row, ncells;
    got_cell *cells;
} got_row;

typedef struct got {
    got_row rows[128];
    size_t nrows;
    size_t stop_after; /* stop with 42 after this many rows; 0: never */
} got;

static int collect(void *ud, size_t row, const sc_xcell *cells, size_t ncells)
{
    got *g = ud;
    assert_true(g->nrows < 128);
    assert_true(ncells > 0);
    got_row *r = &g->rows[g->nrows++];
    r->row = row;
    r->ncells = ncells;
    r->cells = calloc(ncells, sizeof *r->cells);
    assert_non_null(r->cells);
    for (size_t i = 0; i < ncells; i++) {
        got_cell *c = &r->cells[i];
        c->kind = cells[i].kind;
        c->number = cells[i].number;
        c->is_date = cells[i].is_date;
        c->is_formula = cells[i].is_formula;
        c->has_text = cells[i].text != NULL;
        if (cells[i].text) {
            assert_true(cells[i].len < sizeof c->text);
            assert_int_equal(cells[i].text[cells[i].len], '\0');
            memcpy(c->text, cells[i].text, cells[i].len);
            c->len = cells[i].len;
        }
    }
    return g->stop_after && g->nrows == g->stop_after ? 42 : 0;
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->nrows; i++)
        free(g->rows[i].cells);
    memset(g, 0, sizeof *g);
}

static char *load(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SCORE_XLSX_FIXTURES, name);
    char *data = NULL;
    score_error err;
    if (sc_read_file(sc_default_allocator(), path, &data, len, &err) != 0)
        fail_msg("%s: %s (run make_workbooks.py first)", path, err.message);
    return data;
}

/* Read a fixture's sheet; returns the reader's code, err and sheet name filled. */
static int read_sheet(const char *name, const char *sheet, const score_limits *limits, got *g,
                      char *sheet_name, size_t size, score_error *err)
{
    size_t len = 0;
    char *data = load(name, &len);
    memset(err, 0, sizeof *err);
    int rc = sc_xlsx_read(NULL, data, len, name, sheet, limits, sheet_name, size, collect, g, err);
    sc_free(sc_default_allocator(), data);
    return rc;
}

static void read_ok(const char *name, const char *sheet, got *g, const char *want_sheet)
{
    char sheet_name[64];
    score_error err;
    memset(g, 0, sizeof *g);
    int rc = read_sheet(name, sheet, NULL, g, sheet_name, sizeof sheet_name, &err);
    if (rc)
        fail_msg("%s: error %d at %s:%d:%d: %s", name, rc, err.source, err.line, err.column,
                 err.message);
    assert_string_equal(sheet_name, want_sheet);
}

/* The cell at row (1-based) and column (0-based); a row not delivered
 * fails, a column past its end is an empty cell. */
static const got_cell *at(const got *g, size_t row, size_t col)
{
    static const got_cell empty = {SC_XCELL_EMPTY, "", 0, 0, 0, 0, 0};
    for (size_t i = 0; i < g->nrows; i++)
        if (g->rows[i].row == row)
            return col < g->rows[i].ncells ? &g->rows[i].cells[col] : &empty;
    fail_msg("row %zu was not delivered", row);
    return NULL;
}

static int delivered(const got *g, size_t row)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (g->rows[i].row == row)
            return 1;
    return 0;
}

static size_t width(const got *g, size_t row)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (g->rows[i].row == row)
            return g->rows[i].ncells;
    return 0;
}

static void expect_text(const got *g, size_t row, size_t col, const char *text, int formula)
{
    const got_cell *c = at(g, row, col);
    assert_int_equal(c->kind, SC_XCELL_TEXT);
    assert_int_equal(c->len, strlen(text));
    assert_string_equal(c->text, text);
    assert_int_equal(c->is_formula, formula);
}

static void expect_error(const got *g, size_t row, size_t col, const char *text, int formula)
{
    const got_cell *c = at(g, row, col);
    assert_int_equal(c->kind, SC_XCELL_ERROR);
    assert_string_equal(c->text, text);
    assert_int_equal(c->is_formula, formula);
}

static void expect_number(const got *g, size_t row, size_t col, const char *text, double v,
                          int date, int formula)
{
    const got_cell *c = at(g, row, col);
    assert_int_equal(c->kind, SC_XCELL_NUMBER);
    assert_string_equal(c->text, text);
    assert_true(c->number == v);
    assert_int_equal(c->is_date, date);
    assert_int_equal(c->is_formula, formula);
}

static void expect_bool(const got *g, size_t row, size_t col, int v)
{
    const got_cell *c = at(g, row, col);
    assert_int_equal(c->kind, SC_XCELL_BOOL);
    assert_true(c->number == v);
    assert_false(c->has_text);
}

static void expect_kind(const got *g, size_t row, size_t col, sc_xcell_kind kind, int formula)
{
    const got_cell *c = at(g, row, col);
    assert_int_equal(c->kind, kind);
    assert_false(c->has_text);
    assert_int_equal(c->is_formula, formula);
}

/* ---- workbooks of the two writers ---- */

static void test_xlsxwriter_book(void **state)
{
    (void)state;
    got g;
    read_ok("xw_book.xlsx", NULL, &g, "村庄");
    /* the merged title: one cell, the merged-over cells are empty */
    assert_int_equal(width(&g, 1), 1);
    expect_text(&g, 1, 0, "东风县美丽乡村申报表", 0);
    const char *header[] = {"村代码", "人口", "申报创建", "收入", "申报日期", "备注"};
    assert_int_equal(width(&g, 2), 6);
    for (size_t i = 0; i < 6; i++)
        expect_text(&g, 2, i, header[i], 0);

    expect_text(&g, 3, 0, "V001", 0);
    expect_number(&g, 3, 1, "1200", 1200, 0, 0);
    expect_bool(&g, 3, 2, 1);
    expect_number(&g, 3, 3, "30000", 30000, 0, 1); /* cached value given */
    expect_number(&g, 3, 4, "44256", 44256, 1, 0); /* 2021-03-01 */
    expect_text(&g, 3, 5, "东风村", 0);

    expect_kind(&g, 4, 1, SC_XCELL_EMPTY, 0); /* the gap */
    expect_bool(&g, 4, 2, 0);
    expect_error(&g, 4, 3, "#DIV/0!", 1);
    expect_number(&g, 4, 4, "44257.5", 44257.5, 1, 0);
    expect_text(&g, 4, 5, "重点村", 0); /* rich text, runs joined */

    expect_number(&g, 5, 1, "0.35", 0.35, 0, 0);
    expect_error(&g, 5, 3, "#N/A", 1);
    expect_kind(&g, 5, 4, SC_XCELL_EMPTY, 0);
    expect_text(&g, 5, 5, "x_x0041_y\x01", 0); /* written x_x005F_x0041_y_x0001_ */

    assert_false(delivered(&g, 6));
    expect_text(&g, 7, 1, "V004!", 1); /* t="str" */

    expect_number(&g, 8, 0, "45000", 45000, 0, 0); /* 0.0"d": the d is quoted */
    expect_number(&g, 8, 1, "44256", 44256, 1, 0); /* yyyy"年"m"月"d"日" */
    expect_number(&g, 8, 2, "5", 5, 0, 0);         /* [Red]0.00 */
    expect_number(&g, 8, 3, "0.5", 0.5, 1, 0);     /* [h]:mm */
    assert_int_equal(g.nrows, 7);
    got_free(&g);
}

static void test_openpyxl_book(void **state)
{
    (void)state;
    got g;
    read_ok("op_book.xlsx", "", &g, "数据");
    expect_text(&g, 1, 0, "标题", 0); /* inline strings */
    assert_int_equal(width(&g, 1), 1);
    expect_text(&g, 2, 3, "错误", 0);
    expect_text(&g, 3, 0, "甲", 0);
    expect_number(&g, 3, 1, "3", 3, 0, 0);
    expect_kind(&g, 3, 2, SC_XCELL_NOVALUE, 1); /* =B3*2, never computed */
    expect_error(&g, 3, 3, "#N/A", 0);
    expect_bool(&g, 4, 1, 1);
    expect_number(&g, 4, 2, "44256.5", 44256.5, 1, 0); /* 2021-03-01 12:00 */
    expect_kind(&g, 4, 3, SC_XCELL_EMPTY, 0);
    expect_text(&g, 4, 4, "  spaced  ", 0);
    got_free(&g);

    read_ok("op_book.xlsx", "汇总", &g, "汇总");
    assert_int_equal(g.nrows, 1);
    expect_text(&g, 1, 0, "total", 0);
    expect_kind(&g, 1, 1, SC_XCELL_NOVALUE, 1);
    got_free(&g);
}

static void test_select_sheet(void **state)
{
    (void)state;
    got g;
    read_ok("xw_book.xlsx", "Sheet2", &g, "Sheet2");
    assert_int_equal(g.nrows, 2);
    expect_text(&g, 2, 0, "b", 0);
    expect_number(&g, 2, 1, "2", 2, 0, 0);
    got_free(&g);
    read_ok("xw_book.xlsx", "2", &g, "Sheet2");
    expect_text(&g, 1, 0, "a", 0);
    got_free(&g);
    read_ok("xw_book.xlsx", "1", &g, "村庄");
    expect_text(&g, 3, 0, "V001", 0);
    got_free(&g);
    read_ok("op_book.xlsx", "2", &g, "汇总");
    got_free(&g);

    /* the name is cut to the buffer, never inside a character */
    char small[5];
    score_error err;
    assert_int_equal(read_sheet("xw_book.xlsx", NULL, NULL, &g, small, sizeof small, &err), 0);
    assert_string_equal(small, "村");
    got_free(&g);
}

static void test_date_systems(void **state)
{
    (void)state;
    got g;
    read_ok("op_1904.xlsx", NULL, &g, "Sheet");
    /* 2021-03-01 is 42794 in the 1904 system, given as the 1900 serial */
    expect_number(&g, 1, 0, "42794", 44256, 1, 0);
    expect_number(&g, 1, 1, "7", 7, 0, 0);
    got_free(&g);

    read_ok("op_iso.xlsx", NULL, &g, "Sheet");
    expect_number(&g, 1, 0, "2021-03-01T06:00:00", 44256.25, 1, 0); /* t="d" */
    expect_number(&g, 1, 1, "1900-01-01", 1, 1, 0);
    got_free(&g);
}

/* ---- hand-written parts ---- */

static void test_raw_parts(void **state)
{
    (void)state;
    got g;
    read_ok("raw.xlsx", NULL, &g, "raw");
    /* row 1: neither the row nor its cells say where they are */
    assert_int_equal(width(&g, 1), 8);
    expect_text(&g, 1, 0, "甲", 0);
    expect_text(&g, 1, 1, "abc\r", 0); /* runs joined, phonetic run left out */
    expect_number(&g, 1, 2, "2021-03-01T12:00:00", 44256.5, 1, 0);
    expect_text(&g, 1, 3, "x\ty", 1);
    expect_bool(&g, 1, 4, 1);
    expect_error(&g, 1, 5, "#VALUE!", 0);
    expect_text(&g, 1, 6, "富山", 0);
    expect_text(&g, 1, 7, " two words ", 0);

    /* row 2, numbered by its cells; styles from cellXfs only */
    expect_kind(&g, 2, 0, SC_XCELL_EMPTY, 0);
    expect_number(&g, 2, 1, "44256", 44256, 1, 0);       /* custom yyyy"年"m"月" */
    expect_number(&g, 2, 2, "44257", 44257, 1, 0);       /* built-in 31 (CJK date) */
    expect_number(&g, 2, 3, "44258.25", 44258.25, 1, 0); /* built-in 14 */
    expect_number(&g, 2, 4, "12", 12, 0, 0);             /* #,##0 "days" */
    expect_number(&g, 2, 5, "-1.5E3", -1500, 0, 0);

    assert_int_equal(width(&g, 5), SC_XLSX_MAX_COLUMNS); /* XFD */
    expect_number(&g, 5, SC_XLSX_MAX_COLUMNS - 1, "1", 1, 0, 0);
    expect_kind(&g, 5, 0, SC_XCELL_EMPTY, 0);
    assert_false(delivered(&g, 6)); /* <row r="6"/> */
    expect_kind(&g, 7, 0, SC_XCELL_EMPTY, 0);
    expect_kind(&g, 7, 1, SC_XCELL_NOVALUE, 1);
    assert_false(delivered(&g, 8)); /* a styled empty cell only */
    assert_int_equal(g.nrows, 4);
    got_free(&g);
}

static void test_callback_stops(void **state)
{
    (void)state;
    got g;
    memset(&g, 0, sizeof g);
    g.stop_after = 2;
    score_error err;
    assert_int_equal(read_sheet("xw_book.xlsx", NULL, NULL, &g, NULL, 0, &err), 42);
    assert_int_equal(err.code, SCORE_OK); /* the caller's own reason: no error */
    assert_int_equal(g.nrows, 2);
    got_free(&g);
}

static void test_format_codes(void **state)
{
    (void)state;
    assert_int_equal(sc_xlsx_format_kind("yyyy-mm-dd"), SC_XFMT_DATE);
    assert_int_equal(sc_xlsx_format_kind("h:mm AM/PM"), SC_XFMT_DATE);
    assert_int_equal(sc_xlsx_format_kind("[$-804]yyyy\"年\"m\"月\""), SC_XFMT_DATE);
    assert_int_equal(sc_xlsx_format_kind("[h]:mm:ss"), SC_XFMT_DATE);
    assert_int_not_equal(sc_xlsx_format_kind("General"), SC_XFMT_DATE);
    assert_int_not_equal(sc_xlsx_format_kind("0.00%"), SC_XFMT_DATE);
    assert_int_not_equal(sc_xlsx_format_kind("#,##0 \"days\""), SC_XFMT_DATE);
    assert_int_not_equal(sc_xlsx_format_kind("[Red]#,##0;[Blue]-#,##0"), SC_XFMT_DATE);
    assert_int_not_equal(sc_xlsx_format_kind("0\\d"), SC_XFMT_DATE);
    assert_int_not_equal(sc_xlsx_format_kind("_(* #,##0_);_(* (#,##0)"), SC_XFMT_DATE);
    assert_int_not_equal(sc_xlsx_format_kind("0.00E+00"), SC_XFMT_DATE);
    assert_int_equal(sc_xlsx_format_kind("0%"), SC_XFMT_PERCENT);
    assert_int_equal(sc_xlsx_format_kind("0.0%;[Red]-0.0%"), SC_XFMT_PERCENT);
    assert_int_equal(sc_xlsx_format_kind("0\"%\""), SC_XFMT_PLAIN); /* a quoted % is text */
    assert_int_equal(sc_xlsx_format_kind("0\\%"), SC_XFMT_PLAIN);  /* so is an escaped one */
    assert_int_equal(sc_xlsx_format_kind("#,##0.00"), SC_XFMT_PLAIN);
    assert_int_equal(sc_xlsx_format_kind("yyyy-mm-dd"), SC_XFMT_DATE);
}

static void test_sniff(void **state)
{
    (void)state;
    size_t len;
    char *data = load("xw_book.xlsx", &len);
    assert_true(sc_xlsx_sniff(data, len));
    assert_false(sc_xlsx_sniff(data, 3));
    sc_free(sc_default_allocator(), data);
    data = load("not_zip.xlsx", &len);
    assert_false(sc_xlsx_sniff(data, len));
    sc_free(sc_default_allocator(), data);
    assert_false(sc_xlsx_sniff(NULL, 0));
}

/* ---- errors ---- */

static score_error read_fail(const char *name, const char *sheet, const score_limits *limits,
                             int code, const char *source, int line, int column, const char *words)
{
    got g;
    memset(&g, 0, sizeof g);
    score_error err;
    int rc = read_sheet(name, sheet, limits, &g, NULL, 0, &err);
    if (rc != code)
        fail_msg("%s: got %d (%s), want %d", name, rc, err.message, code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.source, source);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    if (!strstr(err.message, words))
        fail_msg("%s: \"%s\" lacks \"%s\"", name, err.message, words);
    got_free(&g);
    return err;
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    read_fail("not_zip.xlsx", NULL, NULL, SCORE_EDATA, "not_zip.xlsx", 0, 0,
              "not an xlsx workbook");
    read_fail("no_workbook.xlsx", NULL, NULL, SCORE_EDATA, "no_workbook.xlsx", 0, 0,
              "not an xlsx workbook: it has no part xl/workbook.xml");

    /* the first half of a good workbook: its directory is gone */
    size_t len;
    char *data = load("xw_book.xlsx", &len);
    score_error err;
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(sc_xlsx_read(NULL, data, len / 2, "cut.xlsx", NULL, NULL, NULL, 0, collect,
                                  &g, &err),
                     SCORE_EDATA);
    assert_string_equal(err.source, "cut.xlsx");
    assert_non_null(strstr(err.message, "not an xlsx workbook"));
    assert_int_equal(g.nrows, 0);
    /* nothing at all */
    assert_int_equal(sc_xlsx_read(NULL, NULL, 0, "empty.xlsx", NULL, NULL, NULL, 0, collect, &g,
                                  &err),
                     SCORE_EDATA);
    sc_free(sc_default_allocator(), data);
}

static void test_no_such_sheet(void **state)
{
    (void)state;
    score_error err = read_fail("xw_book.xlsx", "汇总", NULL, SCORE_EDATA, "xw_book.xlsx", 0, 0,
                                "no sheet");
    assert_string_equal(err.message, "no sheet \"汇总\"; the workbook has: 村庄, Sheet2");
    err = read_fail("xw_book.xlsx", "3", NULL, SCORE_EDATA, "xw_book.xlsx", 0, 0, "no sheet");
    assert_string_equal(err.message, "no sheet \"3\"; the workbook has: 村庄, Sheet2");
    read_fail("op_book.xlsx", "0", NULL, SCORE_EDATA, "op_book.xlsx", 0, 0,
              "the workbook has: 数据, 汇总");
}

static void test_malformed_xml(void **state)
{
    (void)state;
    /* line 4: <row r="1"><c r="A1"><v>1</v></c></rw>; </rw> starts at
     * column 34 and expat points at its name, column 36 */
    read_fail("bad_xml.xlsx", NULL, NULL, SCORE_EDATA, "bad_xml.xlsx:xl/worksheets/sheet1.xml", 4,
              36, "malformed XML: mismatched tag");
}

static void test_bad_cells(void **state)
{
    (void)state;
    static const struct {
        const char *file, *words;
    } cases[] = {
        {"bad_ref.xlsx", "bad cell reference r=\"A0\""},
        {"bad_order.xlsx", "row 2 comes after row 3: rows must ascend"},
        {"bad_column.xlsx", "cell B1 comes after a cell to its right or itself"},
        {"bad_number.xlsx", "number cell with value \"12abc\""},
        {"bad_index.xlsx", "shared string 3: the workbook has 0"},
        {"bad_bool.xlsx", "boolean cell with value \"yes\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char source[128];
        snprintf(source, sizeof source, "%s:xl/worksheets/sheet1.xml", cases[i].file);
        got g;
        memset(&g, 0, sizeof g);
        score_error err;
        assert_int_equal(read_sheet(cases[i].file, NULL, NULL, &g, NULL, 0, &err), SCORE_EDATA);
        assert_string_equal(err.source, source);
        assert_int_equal(err.line, 2);
        assert_true(err.column > 1);
        assert_string_equal(err.message, cases[i].words);
        got_free(&g);
    }
}

static void test_limits(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.memory_bytes = 1 << 20; /* the bomb's sheet inflates to 2 MB */
    read_fail("bomb.xlsx", NULL, &lim, SCORE_ELIMIT, "bomb.xlsx:xl/worksheets/sheet1.xml", 0, 0,
              "over the memory_bytes limit");

    memset(&lim, 0, sizeof lim);
    lim.rows = 10;
    got g;
    memset(&g, 0, sizeof g);
    score_error err;
    assert_int_equal(read_sheet("rows.xlsx", NULL, &lim, &g, NULL, 0, &err), SCORE_ELIMIT);
    assert_int_equal(g.nrows, 10); /* rows up to the limit came first */
    assert_string_equal(err.source, "rows.xlsx:xl/worksheets/sheet1.xml");
    assert_non_null(strstr(err.message, "row 11 is past the rows limit (10)"));
    got_free(&g);
    lim.rows = 50;
    assert_int_equal(read_sheet("rows.xlsx", NULL, &lim, &g, NULL, 0, &err), 0);
    assert_int_equal(g.nrows, 50);
    expect_number(&g, 50, 0, "50", 50, 0, 0);
    got_free(&g);

    memset(&lim, 0, sizeof lim);
    lim.cell_bytes = 6; /* 东风县美丽乡村申报表 is 30 bytes, a shared string */
    memset(&g, 0, sizeof g);
    assert_int_equal(read_sheet("xw_book.xlsx", NULL, &lim, &g, NULL, 0, &err), SCORE_ELIMIT);
    assert_string_equal(err.source, "xw_book.xlsx:xl/sharedStrings.xml");
    assert_int_equal(err.line, 2); /* the first <si>, on the line after the declaration */
    assert_true(err.column > 0);
    assert_string_equal(err.message, "a shared string longer than the cell_bytes limit (6 bytes)");
    assert_int_equal(g.nrows, 0);
    /* inline text: 标题 (6 bytes) fits, "  spaced  " (10 bytes) does not */
    assert_int_equal(read_sheet("op_book.xlsx", NULL, &lim, &g, NULL, 0, &err), SCORE_ELIMIT);
    assert_string_equal(err.source, "op_book.xlsx:xl/worksheets/sheet1.xml");
    assert_int_equal(err.line, 1);
    assert_true(err.column > 0);
    assert_string_equal(err.message, "a cell longer than the cell_bytes limit (6 bytes)");
    assert_int_equal(g.nrows, 3); /* rows 1-3 came before row 4 */
    got_free(&g);
}

/* ---- every allocation failing in turn ---- */

static void sweep(const char *name, const char *sheet)
{
    size_t len;
    char *data = load(name, &len);
    counting c = {0, 0, 0};
    score_allocator a = counting_allocator(&c);
    got want;
    memset(&want, 0, sizeof want);
    score_error err;
    assert_int_equal(
        sc_xlsx_read(&a, data, len, name, sheet, NULL, NULL, 0, collect, &want, &err), 0);
    assert_int_equal(c.live, 0);
    long total = c.calls;
    assert_true(total > 0);
    for (long n = 1; n <= total; n++) {
        got g;
        memset(&g, 0, sizeof g);
        c.calls = 0;
        c.fail_at = n;
        memset(&err, 0, sizeof err);
        int rc = sc_xlsx_read(&a, data, len, name, sheet, NULL, NULL, 0, collect, &g, &err);
        if (rc != SCORE_ENOMEM)
            fail_msg("%s: allocation %ld of %ld failing gave %d (%s)", name, n, total, rc,
                     err.message);
        assert_int_equal(err.code, SCORE_ENOMEM);
        assert_int_equal(c.live, 0);
        got_free(&g);
    }
    got_free(&want);
    sc_free(sc_default_allocator(), data);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    sweep("xw_book.xlsx", NULL);
    sweep("raw.xlsx", NULL);
    sweep("op_book.xlsx", "汇总");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsxwriter_book),
        cmocka_unit_test(test_openpyxl_book),
        cmocka_unit_test(test_select_sheet),
        cmocka_unit_test(test_date_systems),
        cmocka_unit_test(test_raw_parts),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_format_codes),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_no_such_sheet),
        cmocka_unit_test(test_malformed_xml),
        cmocka_unit_test(test_bad_cells),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
