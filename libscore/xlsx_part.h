/*
 * Between the files of the .xlsx reader: the workbook being read (the ZIP
 * archive, the limits, the first error) and the streaming of one XML part
 * of it through expat (xlsx_zip.c); the workbook's parts that the sheet
 * needs (xlsx_book.c: sheets, styles; xlsx_strings.c: shared strings);
 * the sheet itself (xlsx_sheet.c).
 */
#ifndef SCORE_XLSX_PART_H
#define SCORE_XLSX_PART_H

#include <expat.h>
#include <stddef.h>
#include <zip.h>

#include "internal.h"
#include "xlsx.h"

/* Excel's last column, XFD. */
#define SC_XLSX_MAX_COLUMNS 16384

typedef struct sc_xsheet_entry {
    char *name;
    char *rid; /* its relationship id in the workbook's .rels */
} sc_xsheet_entry;

typedef struct sc_xbook {
    const score_allocator *alloc;
    score_limits limits;
    const char *source; /* the file, for errors */
    score_error *err;
    zip_t *zip;
    int rc;      /* set by the first error, or by the row callback's stop */
    int stopped; /* the row callback stopped: rc is its value, err untouched */

    /* the part being parsed, for error positions */
    XML_Parser parser;
    const char *part;

    /* workbook.xml and its .rels */
    char *workbook_part; /* e.g. "xl/workbook.xml" */
    sc_xsheet_entry *sheets;
    size_t nsheets, sheets_cap;
    int date1904;
    char *sheet_part;   /* the chosen sheet's part */
    char *styles_part;  /* NULL if the workbook has none */
    char *strings_part; /* NULL if the workbook has none */

    /* styles.xml: for each cellXfs entry, the kind of its format (SC_XFMT_) */
    unsigned char *xf_kind;
    size_t nxf;

    /* sharedStrings.xml: string i is sst + strings[i].off, strings[i].len
     * bytes, NUL-terminated */
    char *sst;
    size_t sst_used, sst_cap;
    struct sc_xstring {
        size_t off, len;
    } *strings;
    size_t nstrings, strings_cap;
} sc_xbook;

typedef struct sc_xhandlers {
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text; /* may be NULL */
} sc_xhandlers;

/* ---- xlsx_zip.c ---- */

/* Open the archive in data[0..len) (not copied). 0 or an error. */
int sc_xzip_open(sc_xbook *b, const char *data, size_t len);
void sc_xzip_close(sc_xbook *b);
/* 1 if the archive has the part (names compared without case). */
int sc_xzip_has(sc_xbook *b, const char *part);
/* Stream the part through expat with the handlers (each called with ud).
 * A missing part is SCORE_EDATA. Returns 0 or b->rc. */
int sc_xzip_parse(sc_xbook *b, const char *part, const sc_xhandlers *h, void *ud);

/* Record an error at the current position of the part being parsed and
 * stop the parser. Returns code. */
int sc_xfail(sc_xbook *b, score_code code, const char *fmt, ...) SC_PRINTF(3, 4);
/* Stop the parser with the row callback's non-zero value. */
void sc_xstop(sc_xbook *b, int value);

/* The element or attribute name without its namespace prefix. */
const char *sc_xml_local(const char *name);
/* The value of the attribute whose local name is `local` and whose
 * prefix is present (`prefixed`) or absent; NULL if none. */
const char *sc_xml_attr(const char **atts, const char *local, int prefixed);

/* Undo _xHHHH_ escapes in s[0..len) in place; returns the new length. */
size_t sc_xml_unescape(char *s, size_t len);

/* ---- xlsx_book.c ---- */

/* workbook.xml: find it, list the sheets, pick one (see sc_xlsx_read),
 * and find its part and those of the styles and shared strings. */
int sc_xbook_open(sc_xbook *b, const char *sheet, char *sheet_name, size_t sheet_name_size);
/* styles.xml, if any: which cell styles are dates. */
int sc_xbook_styles(sc_xbook *b);
/* What a number format shows a number as. */
enum { SC_XFMT_PLAIN = 0, SC_XFMT_DATE = 1, SC_XFMT_PERCENT = 2 };
/* The kind of cell style index s's format (SC_XFMT_PLAIN when unknown). */
int sc_xbook_format(const sc_xbook *b, size_t s);
/* The kind of a number format code. */
int sc_xlsx_format_kind(const char *code);
void sc_xbook_free(sc_xbook *b);

/* ---- xlsx_strings.c ---- */

/* sharedStrings.xml, if any. */
int sc_xbook_strings(sc_xbook *b);

/* ---- xlsx_sheet.c ---- */

int sc_xsheet_read(sc_xbook *b, sc_xlsx_row_fn fn, void *ud);

#endif
