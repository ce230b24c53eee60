/*
 * A workbook's sheet into a table (xlsx_table.h). The sheet is read
 * twice: first to find the header among its first rows and to count the
 * rows (the columns are sized once, as for CSV), then to read the rows
 * below the header through ingest.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "ingest.h"
#include "ruleset.h"
#include "xlsx.h"
#include "xlsx_table.h"

/* The rows the header may be: the first SC_TITLE_ROWS, or the one
 * header_row names. */
typedef struct first_rows {
    size_t rows;                    /* rows delivered */
    size_t kept;                    /* rows kept */
    size_t index[SC_TITLE_ROWS];    /* their order among the rows delivered */
    size_t line[SC_TITLE_ROWS];     /* their sheet row numbers */
    size_t start[SC_TITLE_ROWS];    /* first cell of each in cells */
    size_t count[SC_TITLE_ROWS];
    sc_text *cells;                 /* offsets into buf until the end */
    size_t ncells, cap;
    sc_buf buf;
} first_rows;

typedef struct sheet_read {
    sc_ingest *in;
    first_rows first;
    size_t header_line;   /* the header's row number */
    size_t last_line;     /* the last row read */
    sc_buf key;           /* the current row's key, copied */
    int warned_right;     /* cells right of the header were reported */
    int warned_numeric_key;
} sheet_read;

/* The text a cell shows, for matching headers and for text columns:
 * a number as its shortest decimal. */
static size_t cell_text(const sc_xcell *c, char *num, size_t size, const char **s)
{
    switch (c->kind) {
    case SC_XCELL_TEXT:
        *s = c->text;
        return c->len;
    case SC_XCELL_NUMBER:
        *s = num;
        return sc_decimal_format(c->number, num, size);
    case SC_XCELL_BOOL:
        *s = c->number ? "TRUE" : "FALSE";
        return strlen(*s);
    default:
        *s = "";
        return 0;
    }
}

/* First pass: keep the first rows' texts, count the rows. */
static int on_first(void *ud, size_t row, const sc_xcell *cells, size_t ncells)
{
    sheet_read *sr = ud;
    first_rows *f = &sr->first;
    size_t want = sr->in->opts.header_row, index = f->rows++;
    if (want ? row != want : index >= SC_TITLE_ROWS)
        return 0; /* counted, not kept */
    if (sc_grow(sr->in->alloc, (void **)&f->cells, &f->cap, f->ncells + ncells + 1,
                sizeof *f->cells) != 0)
        return SCORE_ENOMEM;
    f->index[f->kept] = index;
    f->line[f->kept] = row;
    f->start[f->kept] = f->ncells;
    f->count[f->kept] = ncells;
    for (size_t i = 0; i < ncells; i++) {
        char num[40];
        const char *s;
        size_t len = cell_text(&cells[i], num, sizeof num, &s);
        f->cells[f->ncells].s = (const char *)(uintptr_t)f->buf.len; /* offset for now */
        f->cells[f->ncells].len = len;
        f->ncells++;
        sc_buf_append(&f->buf, s, len);
    }
    f->kept++;
    return f->buf.failed ? SCORE_ENOMEM : 0;
}

/* Choose the header among the first rows and read it. */
static int take_header(sheet_read *sr)
{
    sc_ingest *in = sr->in;
    first_rows *f = &sr->first;
    for (size_t i = 0; i < f->ncells; i++)
        f->cells[i].s = f->buf.data + (uintptr_t)f->cells[i].s;
    size_t want = in->opts.header_row;
    if (want && f->kept == 0)
        return sc_ingest_error(in, SCORE_EDATA, (sc_pos){want, 0},
                               "header row %zu is empty or past the end of the sheet", want);
    if (f->kept == 0)
        return sc_ingest_error(in, SCORE_EDATA, (sc_pos){0, 0}, "the sheet is empty: no header");
    size_t best = 0, best_matches = 0;
    for (size_t r = 0; !want && r < f->kept; r++) {
        size_t m = sc_ingest_header_matches(in->schema, f->cells + f->start[r], f->count[r]);
        if (m > best_matches) {
            best_matches = m;
            best = r;
        }
    }
    sr->header_line = f->line[best];
    sr->last_line = sr->header_line; /* blank rows are counted from here */
    in->rep->counts[SCORE_READ_TITLE_ROWS] = f->index[best];
    return sc_ingest_header(in, f->cells + f->start[best], f->count[best],
                            (sc_pos){f->line[best], 0});
}

/* One cell of a data row into its column. */
static int take_cell(sheet_read *sr, size_t i, const sc_xcell *c, sc_pos at, sc_record *rec)
{
    sc_ingest *in = sr->in;
    sc_hcol *h = &in->hdr[i];
    char num[40];
    const char *s;
    size_t len;
    switch (c->kind) {
    case SC_XCELL_ERROR:
        return sc_ingest_refuse(in, i, at,
                                "\"%.*s\" is an error value in the workbook: correct the formula "
                                "or clear the cell",
                                (int)c->len, c->text);
    case SC_XCELL_NOVALUE:
        return sc_ingest_refuse(in, i, at,
                                "a formula whose value was never saved: open the workbook in "
                                "Excel or LibreOffice and save it, so that its values are computed");
    case SC_XCELL_NUMBER:
        if (c->is_date)
            return sc_ingest_refuse(in, i, at,
                                    "a date, not a %s: format the column as %s",
                                    h->type == SCORE_TYPE_NUMBER ? "number" : "value",
                                    h->type == SCORE_TYPE_NUMBER ? "a number" : "text");
        break;
    case SC_XCELL_BOOL:
        if (h->type == SCORE_TYPE_NUMBER)
            return sc_ingest_refuse(in, i, at, "%s is a yes/no value, not a number",
                                    c->number ? "TRUE" : "FALSE");
        if (h->type == SCORE_TYPE_BOOL) {
            s = c->number ? "1" : "0";
            return sc_ingest_cell(in, i, s, 1, SC_TEXT_VOLATILE, at);
        }
        break;
    default:
        break;
    }
    if (h->type == SCORE_TYPE_NUMBER && c->kind == SC_XCELL_NUMBER && c->is_percent) {
        /* 0.98 shown as 98%: read as the 98% the clerk saw, so that a
         * (%) header or a field's unit reads it as a percent once */
        s = num;
        len = sc_decimal_format(c->number * 100, num, sizeof num - 1);
        num[len++] = '%';
    } else if (h->type == SCORE_TYPE_NUMBER && c->kind == SC_XCELL_NUMBER) {
        s = c->text; /* as stored: the exact decimal */
        len = c->len;
    } else {
        len = cell_text(c, num, sizeof num, &s);
    }
    if (h->kind == SC_H_KEY) {
        if (c->kind == SC_XCELL_NUMBER && !sr->warned_numeric_key) {
            sr->warned_numeric_key = 1;
            int rc = sc_ingest_warn(in, at,
                                    "the key column holds numbers: a key typed as a number has "
                                    "lost any leading zeros (001 became 1); format the column as "
                                    "text");
            if (rc)
                return rc;
        }
        /* copied: the record's key outlives this cell's text */
        sr->key.len = 0;
        sc_buf_append(&sr->key, s, len);
        if (sr->key.failed)
            return SCORE_ENOMEM;
        rec->key = (sc_text){NULL, len};
        rec->has_key = len > 0;
        rec->key_at = at;
        return 0;
    }
    return sc_ingest_cell(in, i, s, len, SC_TEXT_VOLATILE, at);
}

static int is_blank_cell(const sc_xcell *c)
{
    if (c->kind == SC_XCELL_EMPTY)
        return 1;
    if (c->kind != SC_XCELL_TEXT)
        return 0;
    for (size_t i = 0; i < c->len; i++)
        if (c->text[i] != ' ' && c->text[i] != '\t')
            return 0;
    return 1;
}

/* Second pass: the rows below the header. */
static int on_row(void *ud, size_t row, const sc_xcell *cells, size_t ncells)
{
    sheet_read *sr = ud;
    sc_ingest *in = sr->in;
    if (row <= sr->header_line)
        return 0;
    if (sr->last_line && row > sr->last_line + 1)
        in->rep->counts[SCORE_READ_BLANK_ROWS] += row - sr->last_line - 1;
    sr->last_line = row;
    sc_record rec;
    memset(&rec, 0, sizeof rec);
    rec.at = (sc_pos){row, 1};
    rec.key_at = (sc_pos){row, in->key_hdr + 1};
    rec.ncells = in->nhdr;
    rec.blank = 1;
    for (size_t i = 0; i < ncells; i++) {
        const sc_xcell *c = &cells[i];
        int blank = is_blank_cell(c);
        rec.blank &= blank;
        if (c->kind == SC_XCELL_TEXT && (i < 3 || i == in->key_hdr) &&
            sc_ingest_is_total(c->text, c->len))
            rec.total = 1;
        if (i >= in->nhdr) {
            if (!blank && !sr->warned_right) {
                sr->warned_right = 1;
                int rc = sc_ingest_warn(in, (sc_pos){row, i + 1},
                                        "cells right of the header's last column are not read");
                if (rc)
                    return rc;
            }
            continue;
        }
        if (!in->hdr[i].dst)
            continue;
        int rc;
        if (c->kind == SC_XCELL_EMPTY)
            rc = in->hdr[i].kind == SC_H_KEY ? 0
                                               : sc_ingest_cell(in, i, "", 0, SC_TEXT_VOLATILE,
                                                                (sc_pos){row, i + 1});
        else
            rc = take_cell(sr, i, c, (sc_pos){row, i + 1}, &rec);
        if (rc)
            return rc;
    }
    for (size_t i = ncells; i < in->nhdr; i++)
        if (in->hdr[i].dst && in->hdr[i].kind != SC_H_KEY)
            in->hdr[i].dst[in->row] = NAN;
    if (rec.has_key)
        rec.key.s = sr->key.data;
    int stored;
    return sc_ingest_row_end(in, &rec, &stored);
}

int sc_xlsx_table_read(score_table **out, const score_ruleset *rs, const char *data, size_t len,
                       const char *source, const score_read_options *opts,
                       score_read_report **report, score_error *err)
{
    *out = NULL;
    *report = NULL;
    sc_ingest in;
    const score_allocator *a = sc_ruleset_allocator(rs);
    int rc = sc_ingest_init(&in, rs, sc_ruleset_schema(rs), a, source, opts, err);
    if (rc)
        return rc;
    sheet_read sr;
    memset(&sr, 0, sizeof sr);
    sr.in = &in;
    sc_buf_init(&sr.first.buf, a);
    sc_buf_init(&sr.key, a);
    char sheet[128] = "";
    rc = sc_xlsx_read(a, data, len, in.source, opts ? opts->sheet : NULL, &in.limits, sheet,
                      sizeof sheet, on_first, &sr, in.err);
    if (rc == SCORE_ENOMEM)
        rc = sc_nomem(in.err);
    memcpy(in.rep->sheet, sheet, sizeof sheet);
    in.rep->is_sheet = 1;
    in.sheet = in.rep->sheet;
    if (!rc)
        rc = take_header(&sr);
    size_t rows = sr.first.rows;
    sc_free(a, sr.first.cells);
    sc_buf_free(&sr.first.buf);
    if (!rc)
        rc = sc_ingest_make_table(&in, rows);
    if (!rc) {
        /* the table has room for every row the first pass met */
        rc = sc_xlsx_read(a, data, len, in.source, sheet, &in.limits, NULL, 0, on_row, &sr,
                          in.err);
        if (rc == SCORE_ENOMEM)
            rc = sc_nomem(in.err);
    }
    sc_buf_free(&sr.key);
    if (!rc)
        rc = sc_ingest_finish(&in);
    if (rc && in.opts.keep_going && rc != SCORE_ENOMEM && sc_report_add(in.rep, in.err, 1) != 0)
        rc = sc_nomem(in.err);
    *report = in.rep;
    in.rep = NULL;
    sc_ingest_done(&in);
    if (rc) {
        score_table_free(in.t);
        return rc;
    }
    *out = in.t;
    return 0;
}
