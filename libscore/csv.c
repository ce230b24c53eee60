/*
 * The CSV reader: RFC 4180 with CRLF or LF, an optional BOM and UTF-8.
 *
 * This is the hot path of the product, so cells are parsed in place from
 * the caller's buffer: no allocation per cell (quoted cells with doubled
 * quotes are undone in one reused scratch buffer), and the columns are
 * sized once from a count of the newlines, which bounds the row count.
 * One pass before the rows counts those newlines and checks the encoding
 * (64 ASCII bytes at a time); positions are worked out again only on the
 * error path. Plain numbers and bools are converted as they are scanned;
 * text goes into the dictionary, with the last few distinct cells of the
 * column remembered so that a town, a county or a category costs a
 * comparison.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "csv.h"
#include "decimal.h"
#include "internal.h"

#define NO_COL SIZE_MAX
#define SHOWN_MAX 80 /* bytes of a bad value quoted in a message */
#define RECENT 4     /* text cells remembered per column */
/* Give back the pages of a mapped input every this many bytes read. */
#define RELEASE_STEP ((size_t)16 << 20)

/* Bytes that end an unquoted cell or need a closer look. */
static const unsigned char cell_stop[256] = {['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1};

typedef struct reader {
    const char *p, *end;
    size_t line; /* physical line of p */
} reader;

typedef struct cell {
    const char *s;   /* contents, quotes removed (doubled ones still doubled) */
    size_t len;
    const char *end; /* just past the cell, closing quote included */
    size_t line;     /* where it starts; for a syntax error, where the error is */
    int escaped;     /* holds doubled quotes */
} cell;

/* What next_cell() found. */
enum { CELL_MORE, CELL_LAST, CELL_STRAY_QUOTE, CELL_AFTER_QUOTE, CELL_UNTERMINATED };

static const char *const syntax_message[] = {
    NULL, NULL, "quote inside an unquoted cell (quote the whole cell and double the quote)",
    "text after the closing quote", "unterminated quote"};

/* How a column's cells are read: the fast paths try first. */
typedef enum hkind { H_IGNORED, H_NUMBER, H_BOOL, H_TEXT, H_KEY } hkind;

typedef struct hcell {
    size_t name;       /* offset of the header text in parse.names */
    size_t col;        /* schema column, or NO_COL */
    score_type type;
    hkind kind;
    double *dst;       /* the column's values, NULL if ignored */
    /* text: the last few distinct cells met (in the input), so that a
     * column of a few values (a town, a category) is read by comparison */
    const char *recent[RECENT];
    size_t recent_len[RECENT];
    double recent_code[RECENT];
    unsigned next_recent;
} hcell;

typedef struct parse {
    score_table *t;
    const sc_schema *schema;
    const score_allocator *alloc;
    const char *source;
    score_error *err;
    reader r;
    const char *data;    /* the input, from its first byte */
    const char *rows_p;  /* first byte after the header */
    size_t rows_line;
    size_t newlines;     /* in the whole input */
    score_limits limits;
    hcell *hdr;
    size_t nhdr, hdr_cap;
    size_t key_hdr;      /* header cell of the key column */
    sc_buf names;
    char *scratch;
    size_t scratch_cap;
    sc_csv_release_fn release;
    void *release_ud;
    size_t released;     /* offset up to which the input was given back */
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
            c->end = q + 1;
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
        c->end = p;
        int k = cell_end(r, p);
        if (k >= 0)
            return k;
        p++; /* a lone CR is data */
    }
}

/* ---- the fast paths ---- */

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static inline int ends_cell(const char *p, const char *end)
{
    return p == end || *p == ',' || *p == '\n' || *p == '\r';
}

const char *sc_csv_number(const char *p, const char *end, double *out)
{
    if (ends_cell(p, end)) {
        *out = NAN;
        return p;
    }
    int negative = 0;
    if (*p == '-' || *p == '+') {
        negative = *p == '-';
        p++;
    }
    /* At most 19 digits in all, so that m cannot overflow; more (or a
     * leading zero run that long) go the slow way. */
    const char *digits = p;
    uint64_t m = 0;
    while (p < end && (unsigned)(*p - '0') < 10u)
        m = m * 10 + (uint64_t)(*p++ - '0');
    size_t whole = (size_t)(p - digits), frac = 0;
    if (p < end && *p == '.') {
        const char *f = ++p;
        while (p < end && (unsigned)(*p - '0') < 10u)
            m = m * 10 + (uint64_t)(*p++ - '0');
        frac = (size_t)(p - f);
    }
    /* sc_decimal_parse() takes the same m and power of ten exactly when
     * no digit is lost and Clinger's fast path applies. */
    if (whole + frac == 0 || whole + frac > 19 || m > (UINT64_C(1) << 53) || frac > 22 ||
        !ends_cell(p, end))
        return NULL;
    double v = frac ? (double)m / pow10_exact[frac] : (double)m;
    v = negative ? -v : v;
    *out = v == 0.0 ? 0.0 : v; /* no negative zero */
    return p;
}

/* 1/0, 是/否, or empty, up to the end of the cell; else NULL. */
static inline const char *fast_bool(const char *p, const char *end, double *out)
{
    const char *q;
    if (ends_cell(p, end)) {
        *out = NAN;
        return p;
    }
    if (*p == '1' || *p == '0') {
        *out = *p == '1';
        q = p + 1;
    } else if (end - p >= 3 && memcmp(p, "\xe6\x98\xaf", 3) == 0) { /* 是 */
        *out = 1;
        q = p + 3;
    } else if (end - p >= 3 && memcmp(p, "\xe5\x90\xa6", 3) == 0) { /* 否 */
        *out = 0;
        q = p + 3;
    } else {
        return NULL;
    }
    return ends_cell(q, end) ? q : NULL;
}

/* ---- the pass before the rows: newlines and encoding ---- */

/* Decode the sequences of two and three bytes inline (most of the text of
 * Chinese data); anything else is left to sc_utf8_decode(). Accepts only
 * what sc_utf8_decode() accepts. Returns the length, 0 if unsure. */
static inline size_t utf8_fast(const unsigned char *u, size_t n)
{
    if (u[0] >= 0xC2 && u[0] < 0xE0)
        return n >= 2 && (u[1] & 0xC0) == 0x80 ? 2 : 0;
    if (u[0] >= 0xE1 && u[0] < 0xF0 && u[0] != 0xED)
        return n >= 3 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 ? 3 : 0;
    return 0;
}

/* Count the newlines of s and find its first byte that is not valid
 * UTF-8, or is NUL (which would cut a text short in C): its offset, or n. */
static size_t prepass(const char *s, size_t n, size_t *newlines)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, nl = 0;
    while (i < n) {
        if (n - i >= 64) {
            unsigned char any = 0;
            unsigned count = 0, nul = 0;
            for (size_t k = 0; k < 64; k++) {
                any |= u[i + k];
                count += u[i + k] == '\n';
                nul += u[i + k] == 0;
            }
            if (!(any & 0x80) && !nul) {
                nl += count;
                i += 64;
                continue;
            }
        }
        /* A block with other characters: one at a time to its end. */
        size_t stop = n - i >= 64 ? i + 64 : n;
        while (i < stop) {
            if (u[i] < 0x80) {
                if (!u[i]) {
                    *newlines = nl;
                    return i;
                }
                nl += u[i] == '\n';
                i++;
                continue;
            }
            size_t k = utf8_fast(u + i, n - i);
            if (!k) {
                uint32_t cp;
                k = sc_utf8_decode(s + i, n - i, &cp);
                if (!k) {
                    *newlines = nl;
                    return i;
                }
            }
            i += k;
        }
    }
    *newlines = nl;
    return n;
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

static int nomem(parse *ps)
{
    return ps->t ? sc_table_nomem(ps->t, ps->source, ps->err) : sc_nomem(ps->err);
}

/* The line_bytes and cell_bytes limits, checked at the end of cell i of
 * the record that starts at rec. */
static int check_limits(parse *ps, const cell *c, const char *rec, size_t i)
{
    if (c->len > ps->limits.cell_bytes)
        return sc_error(ps->err, SCORE_ELIMIT, ps->source, clamp_int(c->line), clamp_int(i + 1),
                        "CSV cell longer than the cell_bytes limit (%zu bytes)",
                        ps->limits.cell_bytes);
    if ((size_t)(c->end - rec) > ps->limits.line_bytes)
        return sc_error(ps->err, SCORE_ELIMIT, ps->source, clamp_int(c->line), clamp_int(i + 1),
                        "CSV record longer than the line_bytes limit (%zu bytes)",
                        ps->limits.line_bytes);
    return 0;
}

/* A byte that is not valid UTF-8, or NUL. Its line is a count of
 * newlines; its column needs the cells tokenized up to it (0 if a quoting
 * error comes first). */
static int byte_error(parse *ps, const char *start, const char *bad)
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
    if (!*bad)
        return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(line), clamp_int(col),
                        "a NUL byte is not allowed in a cell");
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
        return nomem(ps);
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

/* The dictionary code of a text cell; the column's recent distinct cells
 * are remembered (when they are in the input itself, not the scratch
 * buffer). */
static int text_code(parse *ps, hcell *h, const cell *c, const char *s, size_t len, double *v)
{
    for (unsigned k = 0; k < RECENT; k++) {
        if (h->recent[k] && h->recent_len[k] == len && memcmp(s, h->recent[k], len) == 0) {
            *v = h->recent_code[k];
            return 0;
        }
    }
    uint32_t code;
    if (sc_dict_intern(&ps->t->dict, s, len, &code) != 0)
        return nomem(ps);
    *v = code;
    if (h->kind == H_TEXT && !c->escaped) {
        unsigned k = h->next_recent++ % RECENT;
        h->recent[k] = s;
        h->recent_len[k] = len;
        h->recent_code[k] = code;
    }
    return 0;
}

/* The key v of `row` (cell i, text s) is in its column: no key, or one
 * seen before, is an error. */
static int key_added(parse *ps, size_t i, const cell *c, const char *s, size_t len, double v,
                     size_t row)
{
    const hcell *h = &ps->hdr[i];
    if (isnan(v))
        return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(c->line), clamp_int(i + 1),
                        "column \"%s\" (%zu): empty key", ps->names.data + h->name, i + 1);
    size_t prev;
    if (sc_table_key_add(ps->t, row, &prev) != 0)
        return nomem(ps);
    if (prev != (size_t)-1)
        return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(c->line), clamp_int(i + 1),
                        "duplicate key \"%.*s\" on lines %zu and %zu", shown(s, len), s,
                        key_line(ps, prev), c->line);
    return 0;
}

/* Convert cell i of data row `row` into its column. */
static int store(parse *ps, size_t i, const cell *c, size_t row)
{
    hcell *h = &ps->hdr[i];
    const char *s = c->s;
    size_t len = c->len;
    int rc;
    if (c->escaped && (rc = unescape(ps, c, &s, &len)) != 0)
        return rc;
    double v = NAN;
    if (h->type == SCORE_TYPE_NUMBER) {
        sc_cell_trim(&s, &len);
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
        sc_cell_trim(&s, &len);
        if (len && sc_cell_bool(s, len, &v) != 0)
            return cell_error(ps, i, c, s, len, " is not a bool (use 1/0, true/false, 是/否)");
    } else if (len && (rc = text_code(ps, h, c, s, len, &v)) != 0) {
        return rc;
    }
    h->dst[row] = v;
    return h->kind == H_KEY ? key_added(ps, i, c, s, len, v, row) : 0;
}

/* The key cell of a row, interned by the hash worked out (and its slot
 * fetched) when the cell was scanned: the rest of the row was read while
 * the slot came in from memory. */
static int store_key(parse *ps, const cell *c, size_t row, uint64_t hash)
{
    hcell *h = &ps->hdr[ps->key_hdr];
    uint32_t code;
    if (sc_dict_intern_hashed(&ps->t->dict, c->s, c->len, hash, &code) != 0)
        return nomem(ps);
    h->dst[row] = code;
    return key_added(ps, ps->key_hdr, c, c->s, c->len, code, row);
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
    const char *rec = ps->r.p;
    ps->key_hdr = NO_COL;
    for (size_t i = 0;; i++) {
        cell c;
        int k = next_cell(&ps->r, &c);
        if (k > CELL_LAST)
            return syntax_error(ps, k, &c, i);
        int rc = check_limits(ps, &c, rec, i);
        if (rc)
            return rc;
        const char *s = c.s;
        size_t len = c.len;
        if (c.escaped && (rc = unescape(ps, &c, &s, &len)) != 0)
            return rc;
        sc_cell_trim(&s, &len);
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

/* A table sized for `cap` rows with a column for every matched header,
 * all in one block: one allocation, and (see meter.c) huge pages. */
static int make_table(parse *ps, const score_ruleset *rs, size_t cap)
{
    int rc = sc_table_create(&ps->t, rs, ps->schema, ps->alloc, cap, ps->source, ps->err);
    if (rc)
        return rc;
    score_table *t = ps->t;
    size_t ncols = 0;
    for (size_t i = 0; i < ps->nhdr; i++)
        ncols += ps->hdr[i].col != NO_COL;
    size_t rows = cap ? cap : 1;
    /* not zeroed: every cell of every row read is written */
    if (ncols && rows <= SIZE_MAX / sizeof(double) / ncols)
        t->block = sc_malloc(t->alloc, rows * ncols * sizeof(double));
    if (ncols && !t->block)
        return nomem(ps);
    double *next = t->block;
    for (size_t i = 0; i < ps->nhdr; i++) {
        hcell *h = &ps->hdr[i];
        if (h->col == NO_COL)
            continue;
        sc_column *col = &t->cols[h->col];
        col->values = next;
        col->present = 1;
        h->dst = next;
        next += rows;
        h->type = ps->schema->cols[h->col].type;
        h->kind = i == ps->key_hdr                 ? H_KEY
                  : h->type == SCORE_TYPE_NUMBER ? H_NUMBER
                  : h->type == SCORE_TYPE_BOOL   ? H_BOOL
                                                 : H_TEXT;
    }
    sc_table_update_absent(t);
    /* Every row has its own key: room for them all up front. */
    if (sc_dict_reserve(&t->dict, cap) != 0 || sc_table_key_reserve(t, cap) != 0)
        return nomem(ps);
    return 0;
}

/* At the first extra cell, or where the first missing one should be. */
static int ragged(parse *ps, size_t line, size_t ncells)
{
    size_t column = (ncells < ps->nhdr ? ncells : ps->nhdr) + 1;
    return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(line), clamp_int(column),
                    "%zu cell%s, the header has %zu", ncells, ncells == 1 ? "" : "s", ps->nhdr);
}

/* Cells past the header's count, from cell i (just read, k what it
 * ended with): counted for the message. */
static int too_many_cells(parse *ps, const char *rec, size_t line, size_t i, int k)
{
    size_t n = i + 1;
    while (k == CELL_MORE) {
        cell c;
        k = next_cell(&ps->r, &c);
        if (k > CELL_LAST)
            return syntax_error(ps, k, &c, n);
        int rc = check_limits(ps, &c, rec, n);
        if (rc)
            return rc;
        n++;
    }
    return ragged(ps, line, n);
}

/* Give back the input already read, every RELEASE_STEP bytes. */
static void release_read(parse *ps)
{
    size_t at = (size_t)(ps->r.p - ps->data);
    if (ps->release && at - ps->released >= RELEASE_STEP) {
        ps->release(ps->release_ud, ps->released, at);
        ps->released = at;
    }
}

/* One cell by a fast path: 1 when it was stored, 0 when it must go the
 * slow way (nothing consumed). */
static inline int fast_cell(parse *ps, hcell *h, const char *rec, size_t row, int *k)
{
    reader *r = &ps->r;
    double v;
    const char *q = h->kind == H_NUMBER ? sc_csv_number(r->p, r->end, &v)
                    : h->kind == H_BOOL ? fast_bool(r->p, r->end, &v)
                                        : NULL;
    if (!q || (size_t)(q - r->p) > ps->limits.cell_bytes ||
        (size_t)(q - rec) > ps->limits.line_bytes)
        return 0;
    *k = cell_end(r, q);
    if (*k < 0)
        return 0; /* a lone CR: data, read the slow way */
    h->dst[row] = v;
    return 1;
}

static int read_rows(parse *ps, size_t max_rows)
{
    reader *r = &ps->r;
    size_t row = 0, nhdr = ps->nhdr;
    for (;;) {
        skip_blank_lines(r);
        if (r->p == r->end)
            break;
        if (row == max_rows)
            return sc_error(ps->err, SCORE_ELIMIT, ps->source, clamp_int(r->line), 1,
                            "more data rows than the rows limit (%zu)", ps->limits.rows);
        release_read(ps);
        const char *rec = r->p;
        size_t line = r->line;
        size_t i = 0;
        int rc = 0, key_pending = 0;
        cell key;
        uint64_t key_hash = 0;
        for (;; i++) {
            int k;
            if (i < nhdr && fast_cell(ps, &ps->hdr[i], rec, row, &k)) {
                if (k == CELL_LAST)
                    break;
                continue;
            }
            cell c;
            k = next_cell(r, &c);
            if (k > CELL_LAST) {
                rc = syntax_error(ps, k, &c, i);
                goto failed;
            }
            if ((rc = check_limits(ps, &c, rec, i)) != 0)
                goto failed;
            if (i == nhdr) {
                rc = too_many_cells(ps, rec, line, i, k);
                goto failed;
            }
            if (i == ps->key_hdr && !c.escaped && c.len) {
                key = c;
                key_pending = 1;
                key_hash = sc_dict_hash(c.s, c.len);
                sc_dict_prefetch(&ps->t->dict, key_hash);
            } else if (ps->hdr[i].dst && (rc = store(ps, i, &c, row)) != 0) {
                goto failed;
            }
            if (k == CELL_LAST)
                break;
        }
        if (i + 1 < nhdr) {
            rc = ragged(ps, line, i + 1);
            goto failed;
        }
        if (key_pending && (rc = store_key(ps, &key, row, key_hash)) != 0)
            return rc;
        row++;
        continue;
    failed:
        /* The key came first in the row: its error, if any, is the one. */
        if (key_pending) {
            int krc = store_key(ps, &key, row, key_hash);
            if (krc)
                return krc;
        }
        return rc;
    }
    ps->t->nrows = row;
    return 0;
}

static int parse_all(parse *ps, const score_ruleset *rs, const char *start, const char *end)
{
    size_t bad = prepass(start, (size_t)(end - start), &ps->newlines);
    if (bad != (size_t)(end - start))
        return byte_error(ps, start, start + bad);
    skip_blank_lines(&ps->r);
    if (ps->r.p == end)
        return sc_error(ps->err, SCORE_EDATA, ps->source, clamp_int(ps->r.line), 1,
                        "empty file: no header"); /* where the header should start */
    int rc = read_header(ps);
    if (rc)
        return rc;
    /* Every data row but the last ends with a newline. */
    size_t cap = ps->newlines + 1 - (ps->newlines > 0); /* the header's newline */
    if (cap > ps->limits.rows)
        cap = ps->limits.rows; /* one row more is an error, not a table */
    rc = make_table(ps, rs, cap);
    if (rc)
        return rc;
    rc = read_rows(ps, cap);
    if (rc)
        return rc;
    if (sc_table_point_absent(ps->t) != 0)
        return nomem(ps);
    return 0;
}

int sc_csv_read(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                const score_allocator *alloc, const char *data, size_t len,
                const char *source, sc_csv_release_fn release, void *release_ud,
                score_error *err)
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
    ps.data = data;
    ps.release = release;
    ps.release_ud = release_ud;
    sc_table_limits(rs, &ps.limits);
    sc_buf_init(&ps.names, alloc);
    const char *start = data, *end = data + len;
    if (len >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0)
        start += 3;
    ps.r.p = start;
    ps.r.end = end;
    ps.r.line = 1;

    int rc = parse_all(&ps, rs, start, end);
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

int sc_table_parse_csv(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                       const score_allocator *alloc, const char *data, size_t len,
                       const char *source, score_error *err)
{
    return sc_csv_read(out, rs, schema, alloc, data, len, source, NULL, NULL, err);
}
