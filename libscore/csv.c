/*
 * The CSV reader: RFC 4180 with CRLF or LF, an optional BOM and UTF-8.
 *
 * This is the hot path of the product, so cells are parsed in place from
 * the caller's buffer: no allocation per cell (quoted cells with doubled
 * quotes are undone in one reused scratch buffer), and the columns are
 * sized once from a count of the newlines, which bounds the row count.
 * Encoding is checked up front over the whole buffer (eight ASCII bytes
 * at a time); positions are worked out again only on the error path.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "decimal.h"
#include "internal.h"

#define NO_COL SIZE_MAX
#define SHOWN_MAX 80 /* bytes of a bad value quoted in a message */

/* Bytes that end an unquoted cell or need a closer look. */
static const unsigned char cell_stop[256] = {['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1};

typedef struct reader {
    const char *p, *end;
    size_t line; /* physical line of p */
} reader;

typedef struct cell {
    const char *s; /* contents, quotes removed (doubled ones still doubled) */
    size_t len;
    size_t line;   /* where it starts; for a syntax error, where the error is */
    int escaped;   /* holds doubled quotes */
} cell;

/* What next_cell() found. */
enum { CELL_MORE, CELL_LAST, CELL_STRAY_QUOTE, CELL_AFTER_QUOTE, CELL_UNTERMINATED };

static const char *const syntax_message[] = {
    NULL, NULL, "quote inside an unquoted cell (quote the whole cell and double the quote)",
    "text after the closing quote", "unterminated quote"};

typedef struct hcell {
    size_t name;       /* offset of the header text in parse.names */
    size_t col;        /* schema column, or NO_COL */
    score_type type;
    double *dst;       /* the column's values, NULL if ignored */
} hcell;

typedef struct parse {
    score_table *t;
    const sc_schema *schema;
    const score_allocator *alloc;
    const char *source;
    score_error *err;
    reader r;
    const char *rows_p;  /* first byte after the header */
    size_t rows_line;
    hcell *hdr;
    size_t nhdr, hdr_cap;
    size_t key_hdr;      /* header cell of the key column */
    sc_buf names;
    char *scratch;
    size_t scratch_cap;
} parse;

static int clamp_int(size_t v)
{
    return v > INT_MAX ? INT_MAX : (int)v;
}

static size_t count_newlines(const char *p, const char *end)
{
    size_t n = 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

static void skip_blank_lines(reader *r)
{
    for (;;) {
        if (r->p < r->end && r->p[0] == '\n') {
            r->p++;
        } else if (r->end - r->p >= 2 && r->p[0] == '\r' && r->p[1] == '\n') {
            r->p += 2;
        } else {
            return;
        }
        r->line++;
    }
}

/* After a cell: a comma, a line end or the end of the data. */
static inline int cell_end(reader *r, const char *p)
{
    if (p == r->end) {
        r->p = p;
        return CELL_LAST;
    }
    if (*p == ',') {
        r->p = p + 1;
        return CELL_MORE;
    }
    if (*p == '\n') {
        r->p = p + 1;
        r->line++;
        return CELL_LAST;
    }
    if (*p == '\r' && r->end - p >= 2 && p[1] == '\n') {
        r->p = p + 2;
        r->line++;
        return CELL_LAST;
    }
    return -1;
}

static inline int next_cell(reader *r, cell *c)
{
    const char *p = r->p, *end = r->end;
    c->line = r->line;
    c->escaped = 0;
    if (p < end && *p == '"') {
        const char *s = ++p;
        for (;;) {
            const char *q = memchr(p, '"', (size_t)(end - p));
            if (!q)
                return CELL_UNTERMINATED; /* c->line is where it opened */
            r->line += count_newlines(p, q);
            if (end - q >= 2 && q[1] == '"') {
                c->escaped = 1;
                p = q + 2;
                continue;
            }
            c->s = s;
            c->len = (size_t)(q - s);
            int k = cell_end(r, q + 1);
            if (k < 0) {
                c->line = r->line;
                return CELL_AFTER_QUOTE;
            }
            return k;
        }
    }
    const char *s = p;
    for (;;) {
        while (p < end && !cell_stop[(unsigned char)*p])
            p++;
        if (p < end && *p == '"')
            return CELL_STRAY_QUOTE;
        c->s = s;
        c->len = (size_t)(p - s);
        int k = cell_end(r, p);
        if (k >= 0)
            return k;
        p++; /* a lone CR is data */
    }
}

/* ---- errors ---- */

/* How many bytes of a value to show: at most SHOWN_MAX, whole characters. */
static int shown(const char *s, size_t len)
{
    if (len <= SHOWN_MAX)
        return (int)len;
    size_t n = SHOWN_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

static int syntax_error(parse *ps, int kind, const cell *c, size_t i)
{
    return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(c->line), clamp_int(i + 1), "%s",
                    syntax_message[kind]);
}

static int cell_error(parse *ps, size_t i, const cell *c, const char *s, size_t len,
                      const char *what)
{
    const hcell *h = &ps->hdr[i];
    return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(c->line), clamp_int(i + 1),
                    "column \"%s\" (%zu): \"%.*s\"%s", ps->names.data + h->name, i + 1,
                    shown(s, len), s, what);
}

/* Offset of the first byte that is not valid UTF-8, or n. */
static size_t utf8_invalid_at(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & UINT64_C(0x8080808080808080))) {
                i += 8;
                continue;
            }
        }
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = sc_utf8_decode(s + i, n - i, &cp);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

/* The bad byte's line is a count of newlines; its column needs the cells
 * tokenized up to it (0 if a quoting error comes first). */
static int utf8_error(parse *ps, const char *start, const char *bad)
{
    size_t line = 1 + count_newlines(start, bad);
    reader r = {start, ps->r.end, 1};
    size_t col = 0;
    while (!col) {
        skip_blank_lines(&r);
        if (r.p == r.end)
            break;
        for (size_t i = 1;; i++) {
            const char *from = r.p;
            cell c;
            int k = next_cell(&r, &c);
            if (k > CELL_LAST || (bad >= from && bad < r.p)) {
                col = k > CELL_LAST ? 0 : i;
                goto done;
            }
            if (k == CELL_LAST)
                break;
        }
    }
done:
    return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(line), clamp_int(col),
                    "invalid UTF-8 (byte 0x%02X)", (unsigned)(unsigned char)*bad);
}

/* The line of the key cell of an earlier data row, for a duplicate key. */
static size_t key_line(const parse *ps, size_t row)
{
    reader r = {ps->rows_p, ps->r.end, ps->rows_line};
    for (size_t n = 0;; n++) {
        skip_blank_lines(&r);
        for (size_t i = 0;; i++) {
            cell c;
            int k = next_cell(&r, &c);
            if (n == row && i == ps->key_hdr)
                return c.line;
            if (k != CELL_MORE)
                break;
        }
    }
}

/* ---- cells ---- */

/* The cell's text with doubled quotes undone; *s points at it. */
static int unescape(parse *ps, const cell *c, const char **s, size_t *len)
{
    if (sc_grow(ps->alloc, (void **)&ps->scratch, &ps->scratch_cap, c->len + 1, 1) != 0)
        return sc_nomem(ps->err);
    size_t n = 0;
    for (size_t i = 0; i < c->len; i++) {
        ps->scratch[n++] = c->s[i];
        if (c->s[i] == '"')
            i++; /* the second of a pair */
    }
    *s = ps->scratch;
    *len = n;
    return 0;
}

static void trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *s = p;
    *len = n;
}

static int ascii_ieq(const char *s, const char *lower, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != lower[i])
            return 0;
    }
    return 1;
}

static int parse_bool(const char *s, size_t len, double *v)
{
    if (len == 1 && (s[0] == '1' || s[0] == '0'))
        *v = s[0] == '1';
    else if (len == 4 && ascii_ieq(s, "true", 4))
        *v = 1;
    else if (len == 5 && ascii_ieq(s, "false", 5))
        *v = 0;
    else if (len == 3 && memcmp(s, "\xe6\x98\xaf", 3) == 0) /* 是 */
        *v = 1;
    else if (len == 3 && memcmp(s, "\xe5\x90\xa6", 3) == 0) /* 否 */
        *v = 0;
    else
        return -1;
    return 0;
}

/* Convert cell i of data row `row` into its column. */
static int store(parse *ps, size_t i, const cell *c, size_t row)
{
    hcell *h = &ps->hdr[i];
    const char *s = c->s;
    size_t len = c->len;
    if (c->escaped && unescape(ps, c, &s, &len) != 0)
        return SCORE_ENOMEM;
    double v = NAN;
    if (h->type == SCORE_TYPE_NUMBER) {
        trim(&s, &len);
        if (len) {
            const char *why = sc_decimal_parse(s, len, 1, &v);
            if (why) {
                if (strcmp(why, "not a number") == 0)
                    return cell_error(ps, i, c, s, len, " is not a number");
                char what[64];
                snprintf(what, sizeof what, ": %s", why);
                return cell_error(ps, i, c, s, len, what);
            }
        }
    } else if (h->type == SCORE_TYPE_BOOL) {
        trim(&s, &len);
        if (len && parse_bool(s, len, &v) != 0)
            return cell_error(ps, i, c, s, len, " is not a bool (use 1/0, true/false, 是/否)");
    } else if (len) {
        uint32_t code;
        if (sc_dict_intern(&ps->t->dict, s, len, &code) != 0)
            return sc_nomem(ps->err);
        v = code;
    }
    h->dst[row] = v;
    if (i == ps->key_hdr) {
        if (isnan(v))
            return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(c->line),
                            clamp_int(i + 1), "column \"%s\" (%zu): empty key",
                            ps->names.data + h->name, i + 1);
        size_t prev;
        if (sc_table_key_add(ps->t, row, &prev) != 0)
            return sc_nomem(ps->err);
        if (prev != (size_t)-1)
            return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(c->line),
                            clamp_int(i + 1), "duplicate key \"%.*s\" on lines %zu and %zu",
                            shown(s, len), s, key_line(ps, prev), c->line);
    }
    return 0;
}

/* ---- header and rows ---- */

static size_t match_column(const sc_schema *sch, const char *s, size_t len)
{
    for (size_t j = 0; j < sch->ncols; j++) {
        const sc_colspec *cs = &sch->cols[j];
        if ((strlen(cs->name) == len && memcmp(cs->name, s, len) == 0) ||
            (cs->label && strlen(cs->label) == len && memcmp(cs->label, s, len) == 0))
            return j;
    }
    return NO_COL;
}

static int read_header(parse *ps)
{
    size_t line = ps->r.line;
    ps->key_hdr = NO_COL;
    for (size_t i = 0;; i++) {
        cell c;
        int k = next_cell(&ps->r, &c);
        if (k > CELL_LAST)
            return syntax_error(ps, k, &c, i);
        const char *s = c.s;
        size_t len = c.len;
        if (c.escaped && unescape(ps, &c, &s, &len) != 0)
            return SCORE_ENOMEM;
        trim(&s, &len);
        if (sc_grow(ps->alloc, (void **)&ps->hdr, &ps->hdr_cap, i + 1, sizeof *ps->hdr) != 0)
            return sc_nomem(ps->err);
        hcell *h = &ps->hdr[i];
        memset(h, 0, sizeof *h);
        h->name = ps->names.len;
        sc_buf_append(&ps->names, s, len);
        sc_buf_append(&ps->names, "", 1);
        if (ps->names.failed)
            return sc_nomem(ps->err);
        h->col = match_column(ps->schema, s, len);
        ps->nhdr = i + 1;
        for (size_t e = 0; h->col != NO_COL && e < i; e++) {
            if (ps->hdr[e].col == h->col)
                return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(line),
                                clamp_int(i + 1), "columns %zu and %zu both give field \"%s\"",
                                e + 1, i + 1, ps->schema->cols[h->col].name);
        }
        if (h->col != NO_COL && h->col == ps->schema->key_col)
            ps->key_hdr = i;
        if (k == CELL_LAST)
            break;
    }
    if (ps->key_hdr == NO_COL) {
        const sc_colspec *kc = &ps->schema->cols[ps->schema->key_col];
        return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(line), 1,
                        "no column for the key field \"%s\"%s%s%s", kc->name,
                        kc->label ? " (or \"" : "", kc->label ? kc->label : "",
                        kc->label ? "\")" : "");
    }
    ps->rows_p = ps->r.p;
    ps->rows_line = ps->r.line;
    return 0;
}

/* A table sized for `cap` rows with a column for every matched header. */
static int make_table(parse *ps, const score_ruleset *rs, size_t cap)
{
    int rc = sc_table_new(&ps->t, rs, ps->schema, ps->alloc, cap, ps->err);
    if (rc)
        return rc;
    score_table *t = ps->t;
    for (size_t i = 0; i < ps->nhdr; i++) {
        hcell *h = &ps->hdr[i];
        if (h->col == NO_COL)
            continue;
        sc_column *col = &t->cols[h->col];
        col->owned = cap > SIZE_MAX / sizeof(double) ? NULL
                                                     : sc_malloc(ps->alloc, cap * sizeof(double));
        if (!col->owned)
            return sc_nomem(ps->err);
        col->values = col->owned;
        col->present = 1;
        h->dst = col->owned;
        h->type = ps->schema->cols[h->col].type;
    }
    sc_table_update_absent(t);
    /* Every row has its own key: room for them all up front. */
    if (sc_dict_reserve(&t->dict, cap) != 0)
        return sc_nomem(ps->err);
    return 0;
}

/* At the first extra cell, or where the first missing one should be. */
static int ragged(parse *ps, size_t line, size_t ncells)
{
    size_t column = (ncells < ps->nhdr ? ncells : ps->nhdr) + 1;
    return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(line), clamp_int(column),
                    "%zu cell%s, the header has %zu", ncells, ncells == 1 ? "" : "s", ps->nhdr);
}

static int read_rows(parse *ps)
{
    reader *r = &ps->r;
    size_t row = 0, nhdr = ps->nhdr;
    for (;;) {
        skip_blank_lines(r);
        if (r->p == r->end)
            break;
        size_t line = r->line;
        size_t i = 0;
        for (;; i++) {
            cell c;
            int k = next_cell(r, &c);
            if (k > CELL_LAST)
                return syntax_error(ps, k, &c, i);
            if (i == nhdr) {
                /* too many cells: count them for the message */
                size_t n = i + 1;
                while (k == CELL_MORE) {
                    k = next_cell(r, &c);
                    if (k > CELL_LAST)
                        return syntax_error(ps, k, &c, n);
                    n++;
                }
                return ragged(ps, line, n);
            }
            if (ps->hdr[i].dst) {
                int rc = store(ps, i, &c, row);
                if (rc)
                    return rc;
            }
            if (k == CELL_LAST)
                break;
        }
        if (i + 1 < nhdr)
            return ragged(ps, line, i + 1);
        row++;
    }
    ps->t->nrows = row;
    return 0;
}

int sc_table_parse_csv(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                       const score_allocator *alloc, const char *data, size_t len,
                       const char *source, score_error *err)
{
    if (!out || !schema || !alloc || (!data && len))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "sc_table_parse_csv: NULL argument");
    *out = NULL;
    if (!data)
        data = "";
    parse ps;
    memset(&ps, 0, sizeof ps);
    ps.schema = schema;
    ps.alloc = alloc;
    ps.source = source ? source : "<string>";
    ps.err = err;
    sc_buf_init(&ps.names, alloc);
    const char *start = data, *end = data + len;
    if (len >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0)
        start += 3;
    ps.r.p = start;
    ps.r.end = end;
    ps.r.line = 1;

    int rc;
    size_t bad = utf8_invalid_at(start, (size_t)(end - start));
    if (bad != (size_t)(end - start)) {
        rc = utf8_error(&ps, start, start + bad);
        goto out;
    }
    skip_blank_lines(&ps.r);
    if (ps.r.p == end) {
        rc = sc_error(err, SCORE_EDATA, ps.source, 0, 0, "empty file: no header");
        goto out;
    }
    rc = read_header(&ps);
    if (rc)
        goto out;
    /* Every data row but the last ends with a newline. */
    rc = make_table(&ps, rs, count_newlines(ps.rows_p, end) + 1);
    if (rc)
        goto out;
    rc = read_rows(&ps);
out:
    sc_free(alloc, ps.hdr);
    sc_free(alloc, ps.scratch);
    sc_buf_free(&ps.names);
    if (rc) {
        score_table_free(ps.t);
        return rc;
    }
    *out = ps.t;
    return 0;
}
