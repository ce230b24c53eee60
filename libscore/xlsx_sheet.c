/*
 * One worksheet, streamed: each <row> of <sheetData> is gathered (its
 * cells' text in one buffer reused from row to row) and handed to the
 * callback when it closes, so that memory holds one row at a time.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "decimal.h"
#include "xlsx_part.h"

/* A cell's type attribute t. */
typedef enum cell_type { T_NUMBER, T_SHARED, T_INLINE, T_STR, T_BOOL, T_ERROR, T_DATE } cell_type;

/* A cell as gathered: its text is in the row buffer at off, or in the
 * shared strings (shared != NULL). */
typedef struct pending {
    sc_xcell_kind kind;
    size_t off, len;
    const char *shared;
    double number;
    int is_date, is_percent, is_formula;
} pending;

typedef struct sheet_state {
    sc_xbook *b; /* first: see sc_xzip_parse */
    sc_xlsx_row_fn fn;
    void *ud;

    int in_data, in_row, in_c, in_v, in_is, in_t, rph_depth;
    size_t row, last_row; /* 1-based; last_row 0 before the first */
    int row_given;        /* the <row> had r="" */
    size_t next_col;      /* 0-based column of the next cell without r="" */

    /* the cell being read */
    size_t col;
    cell_type type;
    size_t style;
    int has_v, has_is, has_f;
    size_t text_start, t_start;

    pending *cells;
    size_t ncells, cells_cap;
    sc_xcell *out;
    size_t out_cap;
    char *text;
    size_t text_len, text_cap;
} sheet_state;

/* "F12": column 5 (0-based) and row 12. Returns 0, or -1 when malformed
 * or past XFD / row 1048576. *row is 0 when the reference has no row. */
static int parse_ref(const char *r, size_t *col, size_t *row)
{
    size_t c = 0, n = 0;
    const char *p = r;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        int letter = (*p >= 'a' ? *p - 'a' : *p - 'A') + 1;
        c = c * 26 + (size_t)letter;
        if (++n > 3 || c > SC_XLSX_MAX_COLUMNS)
            return -1;
        p++;
    }
    if (n == 0)
        return -1;
    size_t rw = 0;
    for (n = 0; *p >= '0' && *p <= '9'; p++, n++) {
        rw = rw * 10 + (size_t)(*p - '0');
        if (n >= 7)
            return -1;
    }
    if (*p || (n > 0 && (rw == 0 || rw > 1048576)))
        return -1;
    *col = c - 1;
    *row = rw;
    return 0;
}

/* A whole non-negative decimal of up to 18 digits, or -1. */
static long long parse_index(const char *s)
{
    long long v = 0;
    size_t n = 0;
    for (; *s >= '0' && *s <= '9'; s++, n++) {
        if (n >= 18)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return (n == 0 || *s) ? -1 : v;
}

static int set_row(sheet_state *st, size_t row)
{
    sc_xbook *b = st->b;
    if (row <= st->last_row)
        return sc_xfail(b, SCORE_EDATA, "row %zu comes after row %zu: rows must ascend", row,
                        st->last_row);
    if (row > b->limits.rows)
        return sc_xfail(b, SCORE_ELIMIT, "row %zu is past the rows limit (%zu)", row,
                        b->limits.rows);
    st->row = row;
    return 0;
}

static int text_append(sheet_state *st, const char *s, size_t len)
{
    sc_xbook *b = st->b;
    if (st->text_len - st->text_start + len > b->limits.cell_bytes)
        return sc_xfail(b, SCORE_ELIMIT, "a cell longer than the cell_bytes limit (%zu bytes)",
                        b->limits.cell_bytes);
    if (sc_grow(b->alloc, (void **)&st->text, &st->text_cap, st->text_len + len + 1, 1) != 0)
        return sc_xfail(b, SCORE_ENOMEM, "out of memory");
    memcpy(st->text + st->text_len, s, len);
    st->text_len += len;
    st->text[st->text_len] = '\0';
    return 0;
}

static void row_start(sheet_state *st, const char **atts)
{
    const char *r = sc_xml_attr(atts, "r", 0);
    st->in_row = 1;
    st->ncells = 0;
    st->text_len = 0;
    st->next_col = 0;
    st->row_given = r != NULL;
    if (r) {
        long long n = parse_index(r);
        if (n <= 0 || n > 1048576) {
            sc_xfail(st->b, SCORE_EDATA, "bad row number r=\"%s\"", r);
            return;
        }
        set_row(st, (size_t)n);
    } else {
        set_row(st, st->last_row + 1);
    }
}

static void cell_start(sheet_state *st, const char **atts)
{
    sc_xbook *b = st->b;
    const char *r = sc_xml_attr(atts, "r", 0);
    const char *t = sc_xml_attr(atts, "t", 0);
    const char *s = sc_xml_attr(atts, "s", 0);
    size_t col = st->next_col, ref_row = 0;
    if (r && parse_ref(r, &col, &ref_row) != 0) {
        sc_xfail(b, SCORE_EDATA, "bad cell reference r=\"%s\"", r);
        return;
    }
    if (ref_row && ref_row != st->row) {
        /* A row without r="" takes its number from its first cell. */
        if (st->row_given || st->ncells > 0) {
            sc_xfail(b, SCORE_EDATA, "cell %s is not in row %zu", r, st->row);
            return;
        }
        if (set_row(st, ref_row))
            return;
        st->row_given = 1;
    }
    if (col < st->next_col) {
        sc_xfail(b, SCORE_EDATA, "cell %s comes after a cell to its right or itself", r ? r : "");
        return;
    }
    if (col >= SC_XLSX_MAX_COLUMNS) {
        sc_xfail(b, SCORE_EDATA, "a cell past the last column XFD");
        return;
    }
    if (sc_grow(b->alloc, (void **)&st->cells, &st->cells_cap, col + 1, sizeof *st->cells) != 0) {
        sc_xfail(b, SCORE_ENOMEM, "out of memory");
        return;
    }
    for (size_t i = st->ncells; i <= col; i++)
        memset(&st->cells[i], 0, sizeof st->cells[i]); /* gaps: EMPTY */
    st->ncells = col + 1;
    st->next_col = col + 1;
    st->col = col;

    static const struct {
        const char *name;
        cell_type type;
    } types[] = {{"n", T_NUMBER}, {"s", T_SHARED}, {"inlineStr", T_INLINE}, {"str", T_STR},
                 {"b", T_BOOL},   {"e", T_ERROR},  {"d", T_DATE}};
    st->type = T_NUMBER;
    if (t) {
        size_t i = 0, n = sizeof types / sizeof types[0];
        while (i < n && strcmp(types[i].name, t) != 0)
            i++;
        if (i == n) {
            sc_xfail(b, SCORE_EDATA, "unknown cell type t=\"%s\"", t);
            return;
        }
        st->type = types[i].type;
    }
    long long si = s ? parse_index(s) : 0;
    st->style = si < 0 ? 0 : (size_t)si;
    st->in_c = 1;
    st->has_v = st->has_is = st->has_f = 0;
    st->text_start = st->text_len;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* A number of n digits at *p, advancing it; -1 if not all digits. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return -1;
        v = v * 10 + (**p - '0');
    }
    return v;
}

/* ISO 8601 "2021-03-01", "2021-03-01T08:30", "2021-03-01T08:30:15.5Z"
 * as a serial of the 1900 date system. Returns 0 or -1. */
static int parse_iso_date(const char *s, double *out)
{
    const char *p = s;
    int y = digits(&p, 4), m, d, hh = 0, mm = 0;
    double ss = 0;
    if (y < 0 || *p++ != '-' || (m = digits(&p, 2)) < 1 || m > 12 || *p++ != '-' ||
        (d = digits(&p, 2)) < 1 || d > 31)
        return -1;
    if (*p == 'T' || *p == ' ') {
        p++;
        if ((hh = digits(&p, 2)) < 0 || hh > 24 || *p++ != ':' || (mm = digits(&p, 2)) < 0 ||
            mm > 59)
            return -1;
        if (*p == ':') {
            p++;
            int whole = digits(&p, 2);
            if (whole < 0 || whole > 60)
                return -1;
            ss = whole;
            if (*p == '.') {
                double scale = 0.1;
                for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
                    ss += (*p - '0') * scale;
            }
        }
    }
    if (*p == 'Z')
        p++;
    if (*p)
        return -1; /* offsets other than Z have no meaning for a cell */
    double days = (double)(days_from_civil(y, (unsigned)m, (unsigned)d) -
                           days_from_civil(1899, 12, 30));
    if (days < 61)
        days -= 1; /* Excel counts a 29 February 1900 */
    *out = days + (hh * 3600 + mm * 60 + ss) / 86400.0;
    return 0;
}

/* Only the characters of a plain number: sc_decimal_parse() alone would
 * also take suffixes such as % or 万, which a <v> never holds. */
static int plain_number(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789+-.eE", s[i]))
            return 0;
    return 1;
}

static void cell_end(sheet_state *st)
{
    sc_xbook *b = st->b;
    pending *c = &st->cells[st->col];
    const char *v = st->text + st->text_start;
    size_t len = st->text_len - st->text_start;
    st->in_c = 0;
    if (text_append(st, "", 0))
        return;
    st->text_len++; /* keep the NUL that text_append wrote */
    v = st->text + st->text_start;
    c->off = st->text_start;
    c->len = len;
    c->is_formula = st->has_f;
    int has_value = st->type == T_INLINE ? st->has_is : st->has_v;
    if (!has_value) {
        c->kind = st->has_f ? SC_XCELL_NOVALUE : SC_XCELL_EMPTY;
        return;
    }
    switch (st->type) {
    case T_SHARED: {
        long long i = parse_index(v);
        if (i < 0 || (unsigned long long)i >= b->nstrings) {
            sc_xfail(b, SCORE_EDATA, "shared string %s: the workbook has %zu", v, b->nstrings);
            return;
        }
        c->kind = SC_XCELL_TEXT;
        c->shared = b->sst + b->strings[i].off;
        c->len = b->strings[i].len;
        return;
    }
    case T_INLINE:
    case T_STR:
        c->kind = SC_XCELL_TEXT;
        if (st->type == T_STR)
            c->len = sc_xml_unescape(st->text + st->text_start, len); /* the NUL stays behind */
        st->text[st->text_start + c->len] = '\0';
        return;
    case T_ERROR:
        c->kind = SC_XCELL_ERROR;
        return;
    case T_BOOL:
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
            c->number = 1;
        } else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0) {
            sc_xfail(b, SCORE_EDATA, "boolean cell with value \"%s\"", v);
            return;
        }
        c->kind = SC_XCELL_BOOL;
        return;
    case T_DATE:
        if (len == 0) {
            c->kind = st->has_f ? SC_XCELL_NOVALUE : SC_XCELL_EMPTY;
            return;
        }
        if (parse_iso_date(v, &c->number) != 0) {
            sc_xfail(b, SCORE_EDATA, "date cell with value \"%s\", not an ISO 8601 date", v);
            return;
        }
        c->kind = SC_XCELL_NUMBER;
        c->is_date = 1;
        return;
    case T_NUMBER:
        if (len == 0) {
            c->kind = st->has_f ? SC_XCELL_NOVALUE : SC_XCELL_EMPTY;
            return;
        }
        if (!plain_number(v, len) || sc_decimal_parse(v, len, 1, &c->number) != NULL ||
            !isfinite(c->number)) {
            sc_xfail(b, SCORE_EDATA, "number cell with value \"%s\"", v);
            return;
        }
        c->kind = SC_XCELL_NUMBER;
        int format = sc_xbook_format(b, st->style);
        c->is_date = format == SC_XFMT_DATE;
        c->is_percent = format == SC_XFMT_PERCENT;
        if (c->is_date && b->date1904)
            c->number += 1462; /* to the 1900 system's serial */
        return;
    }
}

static void row_end(sheet_state *st)
{
    sc_xbook *b = st->b;
    st->in_row = 0;
    st->last_row = st->row;
    size_t n = st->ncells;
    while (n > 0 && st->cells[n - 1].kind == SC_XCELL_EMPTY)
        n--;
    if (n == 0)
        return; /* a row of nothing: the reader may skip it */
    if (sc_grow(b->alloc, (void **)&st->out, &st->out_cap, n, sizeof *st->out) != 0) {
        sc_xfail(b, SCORE_ENOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const pending *c = &st->cells[i];
        sc_xcell *o = &st->out[i];
        o->kind = c->kind;
        o->text = NULL;
        o->len = 0;
        if (c->kind == SC_XCELL_TEXT || c->kind == SC_XCELL_ERROR || c->kind == SC_XCELL_NUMBER) {
            o->text = c->shared ? c->shared : st->text + c->off;
            o->len = c->len;
        }
        o->number = c->kind == SC_XCELL_NUMBER || c->kind == SC_XCELL_BOOL ? c->number : 0;
        o->is_date = c->is_date;
        o->is_percent = c->is_percent;
        o->is_formula = c->is_formula;
    }
    int stop = st->fn(st->ud, st->row, st->out, n);
    if (stop)
        sc_xstop(b, stop);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheet_state *st = ud;
    const char *local = sc_xml_local(name);
    if (!st->in_data) {
        if (strcmp(local, "sheetData") == 0)
            st->in_data = 1;
        return;
    }
    if (!st->in_row) {
        if (strcmp(local, "row") == 0)
            row_start(st, atts);
        return;
    }
    if (!st->in_c) {
        if (strcmp(local, "c") == 0)
            cell_start(st, atts);
        return;
    }
    if (strcmp(local, "v") == 0 && !st->in_is) {
        st->in_v = 1;
        st->has_v = 1;
        st->text_len = st->text_start; /* one value per cell */
    } else if (strcmp(local, "f") == 0 && !st->in_is) {
        st->has_f = 1;
    } else if (strcmp(local, "is") == 0) {
        st->in_is = 1;
        st->has_is = 1;
    } else if (st->in_is && strcmp(local, "rPh") == 0) {
        st->rph_depth++;
    } else if (st->in_is && !st->rph_depth && strcmp(local, "t") == 0) {
        st->in_t = 1;
        st->t_start = st->text_len;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheet_state *st = ud;
    if (!st->in_data)
        return;
    const char *local = sc_xml_local(name);
    if (st->in_c) {
        if (st->in_t && strcmp(local, "t") == 0) {
            st->in_t = 0;
            st->text_len = st->t_start +
                           sc_xml_unescape(st->text + st->t_start, st->text_len - st->t_start);
        } else if (st->in_v && strcmp(local, "v") == 0) {
            st->in_v = 0;
        } else if (st->in_is && strcmp(local, "rPh") == 0) {
            st->rph_depth--;
        } else if (strcmp(local, "is") == 0) {
            st->in_is = 0;
        } else if (strcmp(local, "c") == 0) {
            cell_end(st);
        }
    } else if (st->in_row && strcmp(local, "row") == 0) {
        row_end(st);
    } else if (!st->in_row && strcmp(local, "sheetData") == 0) {
        st->in_data = 0;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    sheet_state *st = ud;
    if ((st->in_v || st->in_t) && len > 0)
        text_append(st, s, (size_t)len);
}

static const sc_xhandlers sheet_handlers = {sheet_start, sheet_end, sheet_text};

int sc_xsheet_read(sc_xbook *b, sc_xlsx_row_fn fn, void *ud)
{
    sheet_state st;
    memset(&st, 0, sizeof st);
    st.b = b;
    st.fn = fn;
    st.ud = ud;
    int rc = sc_xzip_parse(b, b->sheet_part, &sheet_handlers, &st);
    sc_free(b->alloc, st.cells);
    sc_free(b->alloc, st.out);
    sc_free(b->alloc, st.text);
    return rc;
}
