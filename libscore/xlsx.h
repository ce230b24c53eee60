/*
 * The .xlsx reader: one worksheet of an Office Open XML workbook, read as
 * rows of cells handed to a callback. It knows nothing of rulesets or
 * columns; the table layer maps the cells as it maps CSV cells.
 *
 * A thin layer over libzip (the ZIP container, read from the caller's
 * memory) and expat (the XML parts, streamed: no document tree is built).
 */
#ifndef SCORE_XLSX_H
#define SCORE_XLSX_H

#include <stddef.h>

#include "score/score.h"

typedef enum sc_xcell_kind {
    SC_XCELL_EMPTY,    /* no cell, or a cell without a value */
    SC_XCELL_TEXT,     /* shared string, inline string, or formula string result (t="str") */
    SC_XCELL_NUMBER,   /* <v> as a number */
    SC_XCELL_BOOL,     /* t="b" */
    SC_XCELL_ERROR,    /* t="e": text holds "#DIV/0!", "#N/A", ... */
    SC_XCELL_NOVALUE   /* a formula with no cached value */
} sc_xcell_kind;

typedef struct sc_xcell {
    sc_xcell_kind kind;
    const char *text;  /* TEXT/ERROR: UTF-8 (rich text runs joined, _xHHHH_ escapes undone); NUMBER: the <v> text as stored, e.g. "30000" or "0.35"; NULL otherwise. Valid during the callback only. */
    size_t len;
    double number;     /* NUMBER: the value; BOOL: 0 or 1 */
    int is_date;       /* NUMBER whose style is a date/time format (built-in ids 14-22, 45-47, or a custom format code with y/m/d/h/s outside quotes and brackets) */
    int is_percent;    /* NUMBER whose style shows it as a percent (built-in ids 9, 10, or a % in a custom format code): 0.98 shown as 98% */
    int is_formula;    /* the cell has a formula (its cached value is what is given) */
} sc_xcell;
/*
 * Notes on the fields above:
 * - text is NUL-terminated as well (text[len] == '\0').
 * - is_date also covers the East Asian built-in date/time ids 27-36 and
 *   50-58, which Excel and WPS write for Chinese date formats such as
 *   yyyy"年"m"月"d"日".
 * - For an is_date cell, number is always a serial of the 1900 date
 *   system (days since 1899-12-30, Excel's 1900 leap-year bug included):
 *   a workbook in the 1904 system has 1462 added. text stays as stored.
 *   A t="d" cell (ISO 8601 text, e.g. "2021-03-01T12:00:00") has that
 *   text and its serial as number.
 */

/* One row of the sheet: cells[0..ncells-1] are columns A, B, ... (gaps EMPTY); `row` is the sheet's 1-based row number (rows with no cells may be skipped by the reader: the lead treats a missing row number as a blank row). Return 0 to go on, non-zero to stop (that value is returned by sc_xlsx_read). */
typedef int (*sc_xlsx_row_fn)(void *ud, size_t row, const sc_xcell *cells, size_t ncells);

/* Read the sheet `sheet` (its name; or "N", its 1-based position; NULL or "" for the first sheet) of the workbook in data[0..len). The chosen sheet's name is written to sheet_name (NUL-terminated, cut to size). `source` names the file in errors. Errors (sc_error): SCORE_EDATA for a damaged or non-xlsx ZIP, a missing part, malformed XML (position: the part name, e.g. "villages.xlsx:xl/worksheets/sheet1.xml:LINE:COL" via expat's line/column), no such sheet (message lists the sheets: `no sheet "X"; the workbook has: Sheet1, 汇总`), SCORE_ELIMIT for the limits below, SCORE_ENOMEM. */
int sc_xlsx_read(const score_allocator *alloc, const char *data, size_t len, const char *source, const char *sheet, const score_limits *limits, char *sheet_name, size_t sheet_name_size, sc_xlsx_row_fn fn, void *ud, score_error *err);
/*
 * More on sc_xlsx_read():
 * - alloc may be NULL (the C library's malloc). sheet_name may be NULL.
 * - A sheet name is matched exactly first; only then is "N" a position.
 * - Rows come in ascending order; a row whose cells are all empty, and
 *   trailing empty cells, are not delivered.
 * - Limits (NULL: the defaults): a part larger than memory_bytes
 *   uncompressed, a row number above `rows`, a text or number longer
 *   than cell_bytes, shared strings taking more than memory_bytes: all
 *   SCORE_ELIMIT, with the part and position where it applies.
 * - Other SCORE_EDATA with a position: a shared-string index out of
 *   range, a bad cell reference, rows or cells out of order, a value that
 *   is not a number, a boolean or a date as its type says.
 */

/* 1 if data looks like a ZIP (PK\3\4) — the lead uses it to pick the reader by content. */
int sc_xlsx_sniff(const char *data, size_t len);

#endif
