/*
 * The CSV reader: RFC 4180 with CRLF or LF, an optional BOM and UTF-8
 * (read.c converts other encodings first); comma- or TAB-separated (the
 * header's line says which). The header row may stand below title rows.
 *
 * This is the hot path of the product, so cells are parsed in place from
 * the caller's buffer: no allocation per cell (quoted cells with doubled
 * quotes are undone in one reused scratch buffer), and the columns are
 * sized once from a count of the newlines, which bounds the row count.
 * One pass before the rows counts those newlines and checks the encoding
 * (64 ASCII bytes at a time); positions are worked out again only on the
 * error path. Plain numbers and bools are converted as they are scanned;
 * every other cell goes to ingest.c, which reads it by its field's rules.
 * A record that may not be a row (no key, a refused cell, a 合计) is
 * scanned again to judge it: only those pay for it.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "csv.h"
#include "csv_parse.h"

/* The loop of the rows is an exported function (csv_chunks.c runs it on
 * chunks): the cell scanners must still be inlined into it. */
#if defined(__GNUC__)
#define HOT_INLINE static inline __attribute__((always_inline))
#else
#define HOT_INLINE static inline
#endif

typedef sc_csv_reader reader;
typedef sc_csv_parse parse;

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
#include "decimal.h"
#include "ingest.h"
#include "internal.h"

/* Give back the pages of a mapped input every this many bytes read. */
#define RELEASE_STEP ((size_t)16 << 20)

/* Bytes that end an unquoted cell or need a closer look. */
static const unsigned char comma_stop[256] = {['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1};
static const unsigned char tab_stop[256] = {['\n'] = 1, ['\r'] = 1, ['\t'] = 1, ['"'] = 1};

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
HOT_INLINE int cell_end(reader *r, const char *p)
{
    if (p == r->end) {
        r->p = p;
        return CELL_LAST;
    }
    if (*p == r->sep) {
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

HOT_INLINE int next_cell(reader *r, cell *c)
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
        while (p < end && !r->stop[(unsigned char)*p])
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

static inline int ends_cell(const char *p, const char *end, char sep)
{
    return p == end || *p == sep || *p == '\n' || *p == '\r';
}

HOT_INLINE const char *csv_number(const char *p, const char *end, char sep, double *out)
{
    if (ends_cell(p, end, sep)) {
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
        !ends_cell(p, end, sep))
        return NULL;
    double v = frac ? (double)m / pow10_exact[frac] : (double)m;
    v = negative ? -v : v;
    *out = v == 0.0 ? 0.0 : v; /* no negative zero */
    return p;
}

const char *sc_csv_number(const char *p, const char *end, double *out)
{
    return csv_number(p, end, ',', out);
}

/* 1/0, 是/否, or empty, up to the end of the cell; else NULL. */
HOT_INLINE const char *fast_bool(const char *p, const char *end, char sep, double *out)
{
    const char *q;
    if (ends_cell(p, end, sep)) {
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
    return ends_cell(q, end, sep) ? q : NULL;
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
/* The prepass, with or without counting the quotes (the plain read
 * needs no quotes: a compare a byte less). */
static inline size_t prepass(const char *s, size_t n, size_t *newlines, size_t *quotes,
                             const int count_quotes)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, nl = 0, nq = 0;
    while (i < n) {
        if (n - i >= 64) {
            unsigned char any = 0;
            unsigned count = 0, nul = 0, q = 0;
            for (size_t k = 0; k < 64; k++) {
                any |= u[i + k];
                count += u[i + k] == '\n';
                nul += u[i + k] == 0;
                if (count_quotes)
                    q += u[i + k] == '"';
            }
            if (!(any & 0x80) && !nul) {
                nl += count;
                nq += q;
                i += 64;
                continue;
            }
        }
        /* A block with other characters: one at a time to its end. */
        size_t stop = n - i >= 64 ? i + 64 : n;
        while (i < stop) {
            if (u[i] < 0x80) {
                if (!u[i])
                    goto out;
                nl += u[i] == '\n';
                if (count_quotes)
                    nq += u[i] == '"';
                i++;
                continue;
            }
            size_t k = utf8_fast(u + i, n - i);
            if (!k) {
                uint32_t cp;
                k = sc_utf8_decode(s + i, n - i, &cp);
                if (!k)
                    goto out;
            }
            i += k;
        }
    }
out:
    *newlines = nl;
    if (quotes)
        *quotes = nq;
    return i;
}

static size_t prepass_quotes(const char *s, size_t n, size_t *newlines, size_t *quotes)
{
    return prepass(s, n, newlines, quotes, 1);
}

/* ---- errors ---- */

static int syntax_error(parse *ps, int kind, const cell *c, size_t i)
{
    return sc_ingest_error(&ps->in, SCORE_EDATA, (sc_pos){c->line, i + 1}, "%s",
                           syntax_message[kind]);
}

/* The line_bytes and cell_bytes limits, checked at the end of cell i of
 * the record that starts at rec. */
static int check_limits(parse *ps, const cell *c, const char *rec, size_t i)
{
    const score_limits *lim = &ps->in.limits;
    if (c->len > lim->cell_bytes)
        return sc_ingest_error(&ps->in, SCORE_ELIMIT, (sc_pos){c->line, i + 1},
                               "CSV cell longer than the cell_bytes limit (%zu bytes)",
                               lim->cell_bytes);
    if ((size_t)(c->end - rec) > lim->line_bytes)
        return sc_ingest_error(&ps->in, SCORE_ELIMIT, (sc_pos){c->line, i + 1},
                               "CSV record longer than the line_bytes limit (%zu bytes)",
                               lim->line_bytes);
    return 0;
}

/* A byte that is not valid UTF-8, or NUL. Its line is a count of
 * newlines; its column needs the cells tokenized up to it (0 if a quoting
 * error comes first). */
static int byte_error(parse *ps, const char *start, const char *bad)
{
    size_t line = 1 + count_newlines(start, bad);
    reader r = ps->r;
    r.p = start;
    r.line = 1;
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
        return sc_ingest_error(&ps->in, SCORE_EDATA, (sc_pos){line, col},
                               "a NUL byte is not allowed in a cell (is this a text file? a "
                               "workbook is read as .xlsx)");
    if (ps->not_utf8) {
        /* the caller tries another encoding and words the hint */
        *ps->not_utf8 = (size_t)(bad - ps->data);
        return sc_ingest_error(&ps->in, SCORE_EDATA, (sc_pos){line, col},
                               "invalid UTF-8 (byte 0x%02X)", (unsigned)(unsigned char)*bad);
    }
    return sc_ingest_error(&ps->in, SCORE_EDATA, (sc_pos){line, col},
                           "invalid UTF-8 (byte 0x%02X): save the file as UTF-8, or give its "
                           "encoding (--encoding gb18030 for Excel on a Chinese Windows)",
                           (unsigned)(unsigned char)*bad);
}

/* ---- the header ---- */

/* Cut the record at r into cells (quotes undone into `buf`, whose
 * offsets the texts hold until all are cut). Returns the number of
 * cells, or -1 with the error set. */
static long cut_record(parse *ps, reader *r, sc_text **cells, size_t *cap, sc_buf *buf)
{
    const char *rec = r->p;
    buf->len = 0;
    size_t n = 0;
    for (;; n++) {
        cell c;
        int k = next_cell(r, &c);
        if (k > CELL_LAST)
            return syntax_error(ps, k, &c, n), -1;
        if (check_limits(ps, &c, rec, n))
            return -1;
        if (sc_grow(ps->in.alloc, (void **)cells, cap, n + 1, sizeof **cells) != 0)
            return sc_nomem(ps->in.err), -1;
        size_t at = buf->len;
        for (size_t i = 0; i < c.len; i++) {
            sc_buf_append(buf, c.s + i, 1);
            if (c.escaped && c.s[i] == '"')
                i++;
        }
        (*cells)[n].s = (const char *)(uintptr_t)at; /* an offset until the end */
        (*cells)[n].len = buf->len - at;
        if (k == CELL_LAST)
            break;
    }
    if (buf->failed)
        return sc_nomem(ps->in.err), -1;
    for (size_t i = 0; i <= n; i++)
        (*cells)[i].s = buf->data + (uintptr_t)(*cells)[i].s;
    return (long)(n + 1);
}

/* TAB-separated when the first lines have more tabs than commas (Excel's
 * "Unicode text"); else comma-separated. */
static char find_separator(const char *p, const char *end)
{
    size_t tabs = 0, commas = 0, lines = 0;
    for (; p < end && lines < SC_TITLE_ROWS; p++) {
        tabs += *p == '\t';
        commas += *p == ',';
        lines += *p == '\n';
    }
    return tabs > commas ? '\t' : ',';
}

/* Find the header (the record on the given line, or the record of the
 * first SC_TITLE_ROWS that names the most fields) and read it. */
static int read_header(parse *ps)
{
    sc_text *cells = NULL;
    size_t cap = 0;
    sc_buf buf;
    sc_buf_init(&buf, ps->in.alloc);
    int rc = 0;
    reader r = ps->r, best = ps->r;
    size_t want = ps->in.opts.header_row;
    size_t best_matches = 0, records = 0, best_record = 0;
    int found = !want;
    for (; want || records < SC_TITLE_ROWS; records++) {
        skip_blank_lines(&r);
        if (r.p == r.end)
            break;
        reader at = r;
        if (want && at.line >= want) {
            found = at.line == want;
            best = at;
            best_record = records;
            break;
        }
        long n = cut_record(ps, &r, &cells, &cap, &buf);
        if (n < 0) {
            rc = ps->in.err->code;
            goto out;
        }
        size_t m = want ? 0 : sc_ingest_header_matches(ps->in.schema, cells, (size_t)n);
        if (m > best_matches) {
            best_matches = m;
            best = at;
            best_record = records;
        }
    }
    if (!found) {
        rc = sc_ingest_error(&ps->in, SCORE_EDATA, (sc_pos){want, 0},
                             "header line %zu is blank, inside a record or past the end of the "
                             "file",
                             want);
        goto out;
    }
    ps->r = best;
    long n = cut_record(ps, &ps->r, &cells, &cap, &buf);
    if (n < 0) {
        rc = ps->in.err->code;
        goto out;
    }
    ps->in.rep->counts[SCORE_READ_TITLE_ROWS] = best_record;
    rc = sc_ingest_header(&ps->in, cells, (size_t)n, (sc_pos){best.line, 0});
out:
    sc_free(ps->in.alloc, cells);
    sc_buf_free(&buf);
    return rc;
}

/* ---- rows ---- */

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
HOT_INLINE int fast_cell(parse *ps, sc_hcol *h, const char *rec, size_t row, int *k)
{
    reader *r = &ps->r;
    double v;
    const char *q = h->kind == SC_H_NUMBER ? csv_number(r->p, r->end, r->sep, &v)
                    : h->kind == SC_H_BOOL ? fast_bool(r->p, r->end, r->sep, &v)
                                           : NULL;
    if (!q || (size_t)(q - r->p) > ps->in.limits.cell_bytes ||
        (size_t)(q - rec) > ps->in.limits.line_bytes)
        return 0;
    *k = cell_end(r, q);
    if (*k < 0)
        return 0; /* a lone CR: data, read the slow way */
    h->dst[row] = v;
    return 1;
}

/* A cell that may say 合计: its first byte starts 合, 总, 小 or 平, or
 * is a space before them. */
HOT_INLINE int maybe_total(const char *s, size_t len)
{
    unsigned char b = len ? (unsigned char)s[0] : 0;
    return (b == 0xE5 || b == 0xE6 || b == ' ' || b == 0xE3) && sc_ingest_is_total(s, len);
}

/* Scan the record at rec again to judge it: its cells, whether all are
 * empty, whether its first cells or key say 合计. */
static void judge_record(parse *ps, const char *rec, size_t line, sc_record *out)
{
    reader r = ps->r;
    r.p = rec;
    r.line = line;
    int blank = 1, total = 0;
    size_t n = 0;
    for (;; n++) {
        cell c;
        int k = next_cell(&r, &c);
        if (k > CELL_LAST)
            break; /* reported when the record was read */
        const char *s = c.s;
        size_t len = c.len;
        sc_cell_trim_all(&s, &len);
        blank &= len == 0;
        if ((n < 3 || n == ps->in.key_hdr) && len && sc_ingest_is_total(s, len))
            total = 1;
        if (k == CELL_LAST)
            break;
    }
    out->ncells = n + 1;
    out->blank = blank;
    out->total = total;
}

/* The line of the key cell of an earlier row, for a duplicate key: the
 * records from the first row on, less those that were skipped. */
static size_t key_line(void *ud, size_t row)
{
    parse *ps = ud;
    reader r = ps->r;
    r.p = ps->rows_p;
    r.line = ps->rows_line;
    for (size_t n = 0;;) {
        skip_blank_lines(&r);
        if (r.p == r.end)
            return 0;
        sc_record rec;
        judge_record(ps, r.p, r.line, &rec);
        int counts = !rec.blank && !(rec.total && ps->in.opts.skip_totals);
        size_t line = 0;
        for (size_t i = 0;; i++) {
            cell c;
            int k = next_cell(&r, &c);
            if (i == ps->in.key_hdr)
                line = c.line;
            if (k != CELL_MORE)
                break;
        }
        if (counts && n++ == row)
            return line;
    }
}

static int read_rows(parse *ps, size_t max_rows)
{
    reader *r = &ps->r;
    sc_ingest *in = &ps->in;
    size_t nhdr = in->nhdr;
    ps->rows_p = r->p;
    ps->rows_line = r->line;
    in->key_line = key_line;
    in->key_line_ud = ps;
    for (;;) {
        skip_blank_lines(r);
        if (r->p == r->end)
            break;
        size_t row = in->row;
        if (row == max_rows)
            return sc_ingest_error(in, SCORE_ELIMIT, (sc_pos){r->line, 1},
                                   "more data rows than the rows limit (%zu)", in->limits.rows);
        release_read(ps);
        const char *rec = r->p;
        sc_record rc_;
        memset(&rc_, 0, sizeof rc_);
        rc_.at = (sc_pos){r->line, 1};
        rc_.key_at = (sc_pos){r->line, in->key_hdr + 1};
        int doubt = 0; /* the record must be judged */
        size_t i = 0;
        for (;; i++) {
            int k;
            if (i < nhdr && in->hdr[i].fast && fast_cell(ps, &in->hdr[i], rec, row, &k)) {
                if (k == CELL_LAST)
                    break;
                continue;
            }
            cell c;
            k = next_cell(r, &c);
            if (k > CELL_LAST)
                return syntax_error(ps, k, &c, i);
            int rc = check_limits(ps, &c, rec, i);
            if (rc)
                return rc;
            if (i >= nhdr) {
                doubt = 1; /* too many cells: judged below */
            } else if (i == in->key_hdr) {
                rc_.has_key = c.len > 0;
                rc_.key = (sc_text){c.s, c.len};
                rc_.key_escaped = c.escaped;
                rc_.key_at = (sc_pos){c.line, i + 1};
                if (c.len && !c.escaped && !in->chunk) {
                    rc_.key_hash = sc_dict_hash(c.s, c.len);
                    sc_dict_prefetch(in->dict, rc_.key_hash);
                }
                doubt |= maybe_total(c.s, c.len);
            } else {
                if (in->hdr[i].dst &&
                    (rc = sc_ingest_cell(in, i, c.s, c.len,
                                         c.escaped ? SC_TEXT_QUOTED | SC_TEXT_VOLATILE : 0,
                                         (sc_pos){c.line, i + 1})))
                    return rc;
                doubt |= i < 3 && maybe_total(c.s, c.len);
            }
            if (k == CELL_LAST)
                break;
        }
        rc_.ncells = i + 1;
        if (doubt || !rc_.has_key || in->row_failed || rc_.ncells != nhdr)
            judge_record(ps, rec, rc_.at.line, &rc_);
        int stored;
        int rc = sc_ingest_row_end(in, &rc_, &stored);
        if (rc)
            return rc;
    }
    return 0;
}

/* Files smaller than this are read on one thread (and the plain way):
 * a thread costs more than it saves. */
#define CHUNK_MIN ((size_t)1 << 20)
#define ONE_CHUNK_MIN 256 /* chunks of CHUNK_MIN: 256 MiB */

/* The whole read; `threads` 0 for the plain way, on one thread. */
static int parse_all(parse *ps, const char *start, const char *end, unsigned threads,
                     size_t chunk_min)
{
    sc_csv_plan *plan = NULL;
    int rc = 0;
    if (threads && !ps->in.opts.keep_going) {
        static const sc_csv_loop loop = {prepass_quotes, read_rows};
        rc = sc_csv_plan_make(ps, &loop, start, end, threads, chunk_min ? chunk_min : CHUNK_MIN,
                              &plan);
        if (rc)
            return rc;
    }
    if (!plan) {
        size_t bad = prepass(start, (size_t)(end - start), &ps->newlines, NULL, 0);
        if (bad != (size_t)(end - start))
            return byte_error(ps, start, start + bad);
    }
    skip_blank_lines(&ps->r);
    if (ps->r.p == end) {
        rc = sc_ingest_error(&ps->in, SCORE_EDATA, (sc_pos){ps->r.line, 1},
                             "empty file: no header"); /* where the header should start */
        goto out;
    }
    ps->r.sep = find_separator(ps->r.p, end);
    ps->r.stop = ps->r.sep == '\t' ? tab_stop : comma_stop;
    rc = read_header(ps);
    if (rc)
        goto out;
    /* Every data row but the last ends with a newline. */
    size_t cap = ps->newlines + 1 - (ps->newlines > 0); /* the header's newline */
    if (cap > ps->in.limits.rows)
        cap = ps->in.limits.rows; /* one row more is an error, not a table */
    rc = sc_ingest_make_table(&ps->in, cap);
    if (rc)
        goto out;
    rc = plan ? sc_csv_read_chunked(ps, plan, cap) : read_rows(ps, cap);
    if (rc)
        goto out;
    rc = sc_ingest_finish(&ps->in);
out:
    sc_csv_plan_free(ps->in.alloc, plan);
    return rc;
}

/* One read, on `threads` threads (0: the plain way). */
static int read_once(parse *ps, const score_ruleset *rs, const sc_schema *schema,
                     const score_allocator *alloc, const char *data, size_t len,
                     const char *source, const sc_csv_input *how, unsigned threads,
                     score_error *err)
{
    memset(ps, 0, sizeof *ps);
    int rc = sc_ingest_init(&ps->in, rs, schema, alloc, source, how ? how->opts : NULL, err);
    if (rc)
        return rc;
    ps->data = data;
    if (how) {
        ps->release = how->release;
        ps->release_ud = how->release_ud;
        ps->not_utf8 = how->not_utf8;
    }
    const char *start = data, *end = data + len;
    if (len >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0)
        start += 3;
    ps->r.p = start;
    ps->r.end = end;
    ps->r.line = 1;
    ps->r.sep = ',';
    ps->r.stop = comma_stop;
    return parse_all(ps, start, end, threads, how ? how->chunk_min : 0);
}

int sc_csv_read(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                const score_allocator *alloc, const char *data, size_t len, const char *source,
                const sc_csv_input *how, score_read_report **report, score_error *err)
{
    if (!out || !schema || !alloc || (!data && len))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "sc_table_parse_csv: NULL argument");
    *out = NULL;
    if (report)
        *report = NULL;
    if (!data)
        data = "";
    parse ps;
    /* One thread reads a file of ONE_CHUNK_MIN chunks or more as one
     * chunk: its keys and text columns kept apart and interned at the
     * merge cost less once their dictionaries outgrow the caches (10
     * million members: about 7 s instead of 9); a smaller file, the
     * plain way, without the merge (about a tenth less for 490 thousand
     * villages). */
    unsigned threads = how && how->opts && how->opts->threads > 1 ? how->opts->threads : 1;
    size_t chunk_min = how && how->chunk_min ? how->chunk_min : CHUNK_MIN;
    if (threads == 1 && len / ONE_CHUNK_MIN < chunk_min)
        threads = 0;
    int rc = read_once(&ps, rs, schema, alloc, data, len, source, how, threads, err);
    if (rc == SC_CSV_SERIAL) {
        /* read again the plain way, which words any error as it always has */
        score_table_free(ps.in.t);
        ps.in.t = NULL;
        sc_ingest_done(&ps.in);
        sc_error_clear(err); /* what the first try may have left */
        rc = read_once(&ps, rs, schema, alloc, data, len, source, how, 0, err);
    }
    if (rc && ps.in.rep && ps.in.opts.keep_going && rc != SCORE_ENOMEM)
        rc = sc_report_add(ps.in.rep, ps.in.err, 1) ? sc_nomem(ps.in.err) : rc;
    if (report) {
        *report = ps.in.rep;
        ps.in.rep = NULL;
    }
    sc_ingest_done(&ps.in);
    if (rc) {
        score_table_free(ps.in.t);
        return rc;
    }
    *out = ps.in.t;
    return 0;
}

int sc_table_parse_csv(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                       const score_allocator *alloc, const char *data, size_t len,
                       const char *source, score_error *err)
{
    score_read_report *rep;
    int rc = sc_csv_read(out, rs, schema, alloc, data, len, source, NULL, &rep, err);
    if (rc == 0) {
        (*out)->report = rep;
        rep->table = *out;
    } else
        score_read_report_free(rep);
    return rc;
}
