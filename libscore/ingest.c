/*
 * From cells to columns (ingest.h): the header, the slow path of cells,
 * keys, and records that are not rows. The fast paths of plain numbers
 * stay in the readers; everything that needs a rule comes here.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "decimal.h"
#include "ingest.h"
#include "ruleset.h"
#include "suggest.h"

#define SHOWN_MAX 80 /* bytes of a bad value quoted in a message */

static int clamp_int(size_t v)
{
    return v > INT_MAX ? INT_MAX : (int)v;
}

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

void sc_ingest_cell_name(char *buf, size_t size, sc_pos at)
{
    char letters[8];
    size_t n = 0, c = at.col;
    while (c && n < sizeof letters) {
        c--;
        letters[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    size_t k = 0;
    while (n && k + 1 < size)
        buf[k++] = letters[--n];
    snprintf(buf + k, size - k, "%zu", at.line);
}

/* Fill err for a problem at `at`: a text file's source with line and
 * cell number, or a workbook's "file:Sheet!F12" with row and column. */
static void vset(sc_ingest *in, score_error *err, score_code code, sc_pos at, const char *fmt,
                 va_list ap)
{
    if (in->sheet && at.line && at.col) {
        char cell[32], src[SCORE_ERROR_SOURCE_LEN];
        sc_ingest_cell_name(cell, sizeof cell, at);
        snprintf(src, sizeof src, "%s:%s!%s", in->source, in->sheet, cell);
        sc_verror(err, code, src, clamp_int(at.line), clamp_int(at.col), fmt, ap);
    } else if (in->sheet && at.line) {
        char src[SCORE_ERROR_SOURCE_LEN];
        snprintf(src, sizeof src, "%s:%s!%zu", in->source, in->sheet, at.line);
        sc_verror(err, code, src, clamp_int(at.line), 0, fmt, ap);
    } else {
        sc_verror(err, code, in->source, clamp_int(at.line), clamp_int(at.col), fmt, ap);
    }
}

int sc_ingest_error(sc_ingest *in, score_code code, sc_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset(in, in->err, code, at, fmt, ap);
    va_end(ap);
    return code;
}

static int nomem(sc_ingest *in)
{
    return in->t ? sc_table_nomem(in->t, in->source, in->err) : sc_nomem(in->err);
}

/* A problem at `at`, formatted as vset() does. */
static score_error problem(sc_ingest *in, sc_pos at, const char *fmt, va_list ap)
{
    score_error e;
    memset(&e, 0, sizeof e);
    vset(in, &e, SCORE_EDATA, at, fmt, ap);
    return e;
}

/* A warning for the report (never stops the read, unless `as_error`
 * (strict) makes it an error: then its code is returned). */
static int vwarn(sc_ingest *in, int as_error, sc_pos at, const char *fmt, va_list ap)
{
    score_error e = problem(in, at, fmt, ap);
    if (sc_report_add(in->rep, &e, as_error) != 0)
        return nomem(in);
    if (as_error && !in->opts.keep_going) {
        *in->err = e;
        return SCORE_EDATA;
    }
    return 0;
}

static int warn(sc_ingest *in, int as_error, sc_pos at, const char *fmt, ...) SC_PRINTF(4, 5);
static int warn(sc_ingest *in, int as_error, sc_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vwarn(in, as_error, at, fmt, ap);
    va_end(ap);
    return rc;
}

int sc_ingest_warn(sc_ingest *in, sc_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vwarn(in, 0, at, fmt, ap);
    va_end(ap);
    return rc;
}

/* A refused cell of the current record: kept as the record's first
 * refusal (or in the report when keeping going). The record is read to
 * its end before it is judged: a row with a cell too few says so rather
 * than that a cell is not a number. */
static int refuse(sc_ingest *in, size_t i, sc_pos at, const char *fmt, ...) SC_PRINTF(4, 5);
static int refuse(sc_ingest *in, size_t i, sc_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    score_error e = problem(in, at, fmt, ap);
    va_end(ap);
    if (i < in->nhdr && in->hdr[i].col != SC_NO_COL)
        in->rep->cells[in->hdr[i].col][SCORE_CELLS_REFUSED]++;
    if (!in->row_failed)
        in->first = e;
    in->row_failed = 1;
    if (in->opts.keep_going && sc_report_add(in->rep, &e, 1) != 0)
        return nomem(in);
    return 0;
}

int sc_ingest_refuse(sc_ingest *in, size_t i, sc_pos at, const char *fmt, ...)
{
    char msg[SCORE_ERROR_MESSAGE_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (i < in->nhdr && in->hdr[i].dst)
        in->hdr[i].dst[in->row] = NAN;
    return refuse(in, i, at, "column \"%s\" (%zu): %s",
                  i < in->nhdr ? in->names.data + in->hdr[i].name : "", i + 1, msg);
}

/* ---- life cycle ---- */

int sc_ingest_init(sc_ingest *in, const score_ruleset *rs, const sc_schema *schema,
                   const score_allocator *alloc, const char *source,
                   const score_read_options *opts, score_error *err)
{
    memset(in, 0, sizeof *in);
    in->rs = rs;
    in->schema = schema;
    in->alloc = alloc;
    in->source = source ? source : "<string>";
    in->err = err ? err : &in->own; /* errors are copied from and to it */
    in->key_hdr = SC_NO_COL;
    if (opts) {
        in->opts = *opts;
    } else {
        score_read_options d = SCORE_READ_OPTIONS_INIT;
        in->opts = d;
    }
    sc_table_limits(rs, &in->limits);
    sc_buf_init(&in->names, alloc);
    in->rep = sc_report_new(alloc, schema);
    return in->rep ? 0 : sc_nomem(err);
}

void sc_ingest_done(sc_ingest *in)
{
    sc_free(in->alloc, in->hdr);
    sc_free(in->alloc, in->scratch);
    sc_buf_free(&in->names);
    score_read_report_free(in->rep);
    in->hdr = NULL;
    in->scratch = NULL;
    in->rep = NULL;
}

/* ---- the header ---- */

static int same(const char *name, const char *s, size_t len)
{
    return name && strlen(name) == len && memcmp(name, s, len) == 0;
}

/* A header's text without the spaces inside it ("总 户 数" as typed to
 * line up a column), into buf; its length. */
static size_t squeeze(const char *s, size_t len, char *buf, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < size; i++) {
        if (s[i] == ' ' || s[i] == '\t')
            continue;
        if (len - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0) { /* U+3000 */
            i += 2;
            continue;
        }
        buf[n++] = s[i];
    }
    return n;
}

/* The unit in brackets at the end of a header, "收入（万元）" or
 * "收入(元)": *name_len is the text before it, the unit in *unit. */
static int header_unit(const char *s, size_t len, size_t *name_len, const char **unit,
                       size_t *unit_len)
{
    static const char *const open[] = {"\xef\xbc\x88", "("}, *const close[] = {"\xef\xbc\x89", ")"};
    for (int k = 0; k < 2; k++) {
        size_t cl = strlen(close[k]), ol = strlen(open[k]);
        if (len <= cl || memcmp(s + len - cl, close[k], cl) != 0)
            continue;
        for (size_t i = len - cl; i-- > 0;) {
            if (i + ol <= len - cl && memcmp(s + i, open[k], ol) == 0) {
                *name_len = i;
                *unit = s + i + ol;
                *unit_len = len - cl - i - ol;
                while (*name_len && (s[*name_len - 1] == ' '))
                    (*name_len)--;
                return *name_len > 0 && *unit_len > 0;
            }
        }
    }
    return 0;
}

/* The column a header names, with the unit it gives (NULL if none). */
static size_t match_header(const sc_schema *sch, const char *s, size_t len, const char **unit,
                           size_t *unit_len)
{
    *unit = NULL;
    *unit_len = 0;
    size_t j = sc_ingest_find_column(sch, s, len);
    if (j != SC_NO_COL)
        return j;
    char buf[512];
    size_t n = squeeze(s, len, buf, sizeof buf);
    if (n < len && n < sizeof buf && (j = sc_ingest_find_column(sch, buf, n)) != SC_NO_COL)
        return j;
    size_t name_len;
    if (header_unit(s, len, &name_len, unit, unit_len)) {
        if ((j = sc_ingest_find_column(sch, s, name_len)) != SC_NO_COL)
            return j;
        n = squeeze(s, name_len, buf, sizeof buf);
        if (n < sizeof buf && (j = sc_ingest_find_column(sch, buf, n)) != SC_NO_COL)
            return j;
    }
    *unit = NULL;
    return SC_NO_COL;
}

size_t sc_ingest_header_matches(const sc_schema *schema, const sc_text *cells, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i].s, *u;
        size_t len = cells[i].len, ul;
        sc_cell_trim_all(&s, &len);
        count += len && match_header(schema, s, len, &u, &ul) != SC_NO_COL;
    }
    return count;
}

/* The multiple of 元 of a money unit (元, 千元, 万元, 亿元), or 0. */
static double money(const char *u, size_t n)
{
    static const struct {
        const char *unit;
        double mult;
    } units[] = {{"\xe5\x85\x83", 1}, {"\xe5\x8d\x83\xe5\x85\x83", 1e3},
                 {"\xe4\xb8\x87\xe5\x85\x83", 1e4}, {"\xe4\xba\xbf\xe5\x85\x83", 1e8}};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (same(units[k].unit, u, n))
            return units[k].mult;
    return 0;
}

/* A unit that scales the numbers under it (万人, 千米, ‰): read as a bare
 * label it would change what every number means. */
static int scales(const char *u, size_t n)
{
    static const char *const marks[] = {"\xe7\x99\xbe" /* 百 */, "\xe5\x8d\x83" /* 千 */,
                                        "\xe4\xb8\x87" /* 万 */, "\xe4\xba\xbf" /* 亿 */,
                                        "\xe2\x80\xb0" /* ‰ */};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t m = strlen(marks[k]);
        for (size_t i = 0; i + m <= n; i++)
            if (memcmp(u + i, marks[k], m) == 0)
                return 1;
    }
    return 0;
}

/* The unit a header gives in brackets, for column h: the unit its cells
 * are read in (*unit, a static string or NULL for the header's own
 * text), and the scale from a money unit into the field's. A unit that
 * could be read other than meant is refused. */
static int header_unit_rules(sc_ingest *in, sc_hcol *h, const char *u, size_t ul, sc_pos at,
                             const char **unit)
{
    const sc_colspec *cs = &in->schema->cols[h->col];
    const char *fu = cs->rules.unit;
    *unit = NULL;
    if (same("%", u, ul) || same("\xef\xbc\x85", u, ul)) {
        /* cells are percents, as in a field whose unit is %: the cell
         * rules read a bare 98 as 98% */
        if (!fu || same(fu, "%", 1)) {
            *unit = "%";
            return 0;
        }
    } else if (fu && same(fu, u, ul)) {
        return 0;
    } else {
        double um = money(u, ul), fm = fu ? money(fu, strlen(fu)) : 1;
        if (um > 0 && fm > 0) {
            h->scale = um / fm;
            return 0;
        }
        if (!fu && um == 0 && !scales(u, ul))
            return 0; /* a unit the field leaves open: 总户数（户） */
        if (!fu && um == 0)
            return sc_ingest_error(in, SCORE_EDATA, at,
                                   "column \"%s\" gives the unit %.*s, which scales its numbers, "
                                   "but the field %s declares no unit: give the numbers without "
                                   "the scale, or declare the field's unit in the ruleset",
                                   cs->name, (int)ul, u, cs->name);
    }
    return sc_ingest_error(in, SCORE_EDATA, at,
                           "column \"%s\" gives the unit %.*s, but the field %s is in %s",
                           cs->name, (int)ul, u, cs->name, fu ? fu : "\xe5\x85\x83");
}

/* The ids and labels of the columns, for a did-you-mean. */
static void suggest_column(const sc_schema *sch, const char *s, size_t len, char *out,
                           size_t size)
{
    out[0] = '\0';
    if (sch->ncols == 0 || len >= 256)
        return;
    char word[256];
    memcpy(word, s, len);
    word[len] = '\0';
    const char *cands[2 * 64];
    /* at most 64 columns at a time: the suggestion only needs to be good */
    for (size_t base = 0; base < sch->ncols; base += 64) {
        size_t n = 0;
        for (size_t j = base; j < sch->ncols && j < base + 64; j++) {
            cands[n++] = sch->cols[j].name;
            cands[n++] = sch->cols[j].label ? sch->cols[j].label : sch->cols[j].name;
        }
        size_t k = sc_suggest(word, cands, n);
        if (k != (size_t)-1) {
            const sc_colspec *cs = &sch->cols[base + k / 2];
            if (cs->label)
                snprintf(out, size, "; did you mean %s (%s)?", cs->label, cs->name);
            else
                snprintf(out, size, "; did you mean %s?", cs->name);
            return;
        }
    }
}

int sc_ingest_header(sc_ingest *in, const sc_text *cells, size_t n, sc_pos at)
{
    if (sc_grow(in->alloc, (void **)&in->hdr, &in->hdr_cap, n ? n : 1, sizeof *in->hdr) != 0)
        return sc_nomem(in->err);
    in->nhdr = n;
    in->rep->counts[SCORE_READ_HEADER_ROW] = at.line;
    for (size_t i = 0; i < n; i++) {
        sc_hcol *h = &in->hdr[i];
        memset(h, 0, sizeof *h);
        const char *s = cells[i].s, *unit;
        size_t len = cells[i].len, unit_len;
        sc_cell_trim_all(&s, &len);
        h->name = in->names.len;
        sc_buf_append(&in->names, s, len);
        sc_buf_append(&in->names, "", 1);
        if (in->names.failed)
            return sc_nomem(in->err);
        h->col = len ? match_header(in->schema, s, len, &unit, &unit_len) : SC_NO_COL;
        h->scale = 1;
        sc_pos cell_at = {at.line, i + 1};
        if (h->col == SC_NO_COL) {
            if (!len)
                continue;
            char hint[160];
            suggest_column(in->schema, s, len, hint, sizeof hint);
            int rc = warn(in, in->opts.strict, cell_at, "column %.*s matches no field%s",
                          shown(s, len), s, hint);
            if (rc)
                return rc;
            continue;
        }
        h->rules = in->schema->cols[h->col].rules;
        h->unit = SIZE_MAX;
        if (unit) {
            /* cells without a unit of their own are in the header's */
            const char *fixed;
            int rc = header_unit_rules(in, h, unit, unit_len, cell_at, &fixed);
            if (rc)
                return rc;
            h->unit = in->names.len;
            sc_buf_append(&in->names, fixed ? fixed : unit, fixed ? strlen(fixed) : unit_len);
            sc_buf_append(&in->names, "", 1);
            if (in->names.failed)
                return sc_nomem(in->err);
        }
        for (size_t e = 0; e < i; e++) {
            if (in->hdr[e].col == h->col)
                return sc_ingest_error(in, SCORE_EDATA, cell_at,
                                       "columns %zu and %zu both give field \"%s\"", e + 1, i + 1,
                                       in->schema->cols[h->col].name);
        }
        if (h->col == in->schema->key_col)
            in->key_hdr = i;
    }
    /* The names buffer has stopped growing: the units can point into it. */
    for (size_t i = 0; i < n; i++)
        if (in->hdr[i].col != SC_NO_COL && in->hdr[i].unit != SIZE_MAX)
            in->hdr[i].rules.unit = in->names.data + in->hdr[i].unit;
    if (in->key_hdr == SC_NO_COL) {
        const sc_colspec *kc = &in->schema->cols[in->schema->key_col];
        return sc_ingest_error(in, SCORE_EDATA, (sc_pos){at.line, in->sheet ? 0 : 1},
                               "no column for the key field \"%s\"%s%s%s", kc->name,
                               kc->label ? " (or \"" : "", kc->label ? kc->label : "",
                               kc->label ? "\")" : "");
    }
    return 0;
}

int sc_ingest_make_table(sc_ingest *in, size_t cap)
{
    int rc = sc_table_create(&in->t, in->rs, in->schema, in->alloc, cap, in->source, in->err);
    if (rc)
        return rc;
    score_table *t = in->t;
    size_t ncols = 0;
    for (size_t i = 0; i < in->nhdr; i++)
        ncols += in->hdr[i].col != SC_NO_COL;
    size_t rows = cap ? cap : 1;
    /* not zeroed: every cell of every row read is written */
    if (ncols && rows <= SIZE_MAX / sizeof(double) / ncols)
        t->block = sc_malloc(t->alloc, rows * ncols * sizeof(double));
    if (ncols && !t->block)
        return nomem(in);
    double *next = t->block;
    for (size_t i = 0; i < in->nhdr; i++) {
        sc_hcol *h = &in->hdr[i];
        if (h->col == SC_NO_COL)
            continue;
        sc_column *col = &t->cols[h->col];
        col->values = next;
        col->present = 1;
        in->rep->present[h->col] = 1;
        h->dst = next;
        next += rows;
        h->type = in->schema->cols[h->col].type;
        h->kind = i == in->key_hdr                 ? SC_H_KEY
                  : h->type == SCORE_TYPE_NUMBER ? SC_H_NUMBER
                  : h->type == SCORE_TYPE_BOOL   ? SC_H_BOOL
                                                 : SC_H_TEXT;
        /* The fast path reads a plain number as that number: only where
         * neither the header nor the field's unit changes it. */
        h->fast = h->scale == 1 && sc_cell_plain_is_itself(&h->rules);
    }
    sc_table_update_absent(t);
    in->dict = &t->dict;
    /* Every row has its own key: room for them all up front. */
    if (sc_dict_reserve(&t->dict, cap) != 0 || sc_table_key_reserve(t, cap) != 0)
        return nomem(in);
    return 0;
}

/* ---- cells ---- */

/* The cell's text with doubled quotes undone, in the scratch buffer. */
static int unescape(sc_ingest *in, const char **s, size_t *len)
{
    if (sc_grow(in->alloc, (void **)&in->scratch, &in->scratch_cap, *len + 1, 1) != 0)
        return nomem(in);
    size_t n = 0;
    for (size_t i = 0; i < *len; i++) {
        in->scratch[n++] = (*s)[i];
        if ((*s)[i] == '"')
            i++; /* the second of a pair */
    }
    *s = in->scratch;
    *len = n;
    return 0;
}

/* Count what reading a cell changed, by the SC_CELL_ flags. */
static void count_how(sc_ingest *in, size_t col, unsigned how)
{
    static const struct {
        unsigned flag;
        score_cell_count kind;
    } kinds[] = {{SC_CELL_TRIMMED, SCORE_CELLS_TRIMMED}, {SC_CELL_WIDTH, SCORE_CELLS_WIDTH},
                 {SC_CELL_GROUPS, SCORE_CELLS_GROUPS},   {SC_CELL_UNIT, SCORE_CELLS_UNIT},
                 {SC_CELL_MARKER, SCORE_CELLS_MARKER},   {SC_CELL_SPELLING, SCORE_CELLS_SPELLING}};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (how & kinds[k].flag)
            in->rep->cells[col][kinds[k].kind]++;
}

/* A text cell's dictionary code. The column's recent distinct raw cells
 * are remembered when they are in the input itself (not the scratch). */
static int text_cell(sc_ingest *in, size_t i, const char *raw, size_t raw_len, unsigned held,
                     sc_pos at, double *v)
{
    sc_hcol *h = &in->hdr[i];
    for (unsigned k = 0; k < SC_INGEST_RECENT; k++) {
        /* the last bytes first: names of one length differ there */
        if (h->recent[k] && h->recent_len[k] == raw_len &&
            (!raw_len || raw[raw_len - 1] == h->recent[k][raw_len - 1]) &&
            memcmp(raw, h->recent[k], raw_len) == 0) {
            *v = h->recent_code[k];
            count_how(in, h->col, h->recent_how[k]);
            in->rep->cells[h->col][SCORE_CELLS_LABEL] += (size_t)h->recent_label[k];
            return 0;
        }
    }
    const char *s = raw;
    size_t len = raw_len;
    int missing, by_label = 0;
    unsigned how = 0;
    sc_cell_read_text(&s, &len, &in->schema->missing_values, &missing, &how);
    count_how(in, h->col, how);
    if (missing) {
        *v = NAN;
        return 0;
    }
    const sc_valueset *vs = h->rules.values;
    if (vs) {
        char hint[200];
        long k = sc_cell_closed_value(vs, s, len, &by_label, hint, sizeof hint);
        if (k < 0)
            return refuse(in, i, at, "column \"%s\" (%zu): \"%.*s\" is not one of the values of %s%s",
                          in->names.data + h->name, i + 1, shown(s, len), s,
                          in->schema->cols[h->col].name, hint);
        if (by_label)
            in->rep->cells[h->col][SCORE_CELLS_LABEL]++;
        s = vs->ids[k];
        len = strlen(s);
    }
    uint32_t code;
    sc_dict *d = h->dict ? h->dict : in->dict;
    size_t before = d->count;
    if (sc_dict_intern(d, s, len, &code) != 0)
        return nomem(in);
    if (in->chunk && d->count > before && sc_ingest_order(in, i, code) != 0)
        return nomem(in);
    *v = code;
    if (!held) {
        unsigned k = h->next_recent++ % SC_INGEST_RECENT;
        h->recent[k] = raw;
        h->recent_len[k] = raw_len;
        h->recent_code[k] = code;
        h->recent_how[k] = how;
        h->recent_label[k] = by_label;
    }
    return 0;
}

int sc_ingest_cell(sc_ingest *in, size_t i, const char *s, size_t len, unsigned held, sc_pos at)
{
    sc_hcol *h = &in->hdr[i];
    int rc;
    if (!h->dst || h->kind == SC_H_KEY)
        return 0;
    if ((held & SC_TEXT_QUOTED) && (rc = unescape(in, &s, &len)) != 0)
        return rc;
    double v = NAN;
    unsigned how = 0;
    const char *why = NULL;
    const sc_strlist *markers = &in->schema->missing_values;
    if (h->type == SCORE_TYPE_NUMBER) {
        why = sc_cell_read_number(s, len, &h->rules, markers, &v, &how);
        if (!why && h->scale != 1)
            v *= h->scale; /* NaN stays NaN */
    } else if (h->type == SCORE_TYPE_BOOL) {
        why = sc_cell_read_bool(s, len, &h->rules, markers, &v, &how);
    } else {
        rc = text_cell(in, i, s, len, held, at, &v);
        h->dst[in->row] = v;
        return rc;
    }
    if (why) {
        sc_cell_trim_all(&s, &len);
        h->dst[in->row] = NAN;
        return refuse(in, i, at, "column \"%s\" (%zu): \"%.*s\"%s", in->names.data + h->name,
                      i + 1, shown(s, len), s, why);
    }
    count_how(in, h->col, how);
    h->dst[in->row] = v;
    return 0;
}

/* ---- rows ---- */

int sc_ingest_is_total(const char *s, size_t len)
{
    static const char *const words[] = {"\xe5\x90\x88\xe8\xae\xa1", "\xe6\x80\xbb\xe8\xae\xa1",
                                        "\xe5\xb0\x8f\xe8\xae\xa1", "\xe5\xb9\xb3\xe5\x9d\x87"};
    char buf[64];
    if (len == 0 || len > 3 * sizeof buf)
        return 0;
    size_t n = squeeze(s, len, buf, sizeof buf);
    if (n == 0 || n == sizeof buf)
        return 0;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t w = strlen(words[k]);
        /* 合计, 合计（69村）, 全镇合计 */
        if (n >= w && (memcmp(buf, words[k], w) == 0 || memcmp(buf + n - w, words[k], w) == 0))
            return 1;
    }
    return 0;
}

/* The key of the record into its column and index; *drop when the row
 * has no key of its own (empty, or one seen before). */
static int store_key(sc_ingest *in, const sc_record *rec, int *drop)
{
    sc_hcol *h = &in->hdr[in->key_hdr];
    const char *s = rec->key.s;
    size_t len = rec->key.len;
    int rc;
    uint64_t hash = rec->key_hash;
    *drop = 0;
    if (rec->key_escaped) {
        if ((rc = unescape(in, &s, &len)) != 0)
            return rc;
        hash = 0;
    }
    if (sc_cell_trim_all(&s, &len)) {
        in->rep->cells[h->col][SCORE_CELLS_TRIMMED]++;
        hash = 0;
    }
    if (!len || sc_cell_is_missing(s, len, &in->schema->missing_values)) {
        *drop = 1;
        return refuse(in, in->key_hdr, rec->key_at, "column \"%s\" (%zu): empty key",
                      in->names.data + h->name, in->key_hdr + 1);
    }
    if (in->chunk) /* noted for the merge; a failed chunk is read again on one thread */
        return sc_ingest_key_note(in, s, len, &h->dst[in->row]) ? nomem(in) : 0;
    uint32_t code;
    if (!hash)
        hash = sc_dict_hash(s, len);
    if (sc_dict_intern_hashed(&in->t->dict, s, len, hash, &code) != 0)
        return nomem(in);
    h->dst[in->row] = code;
    size_t prev;
    if (sc_table_key_add(in->t, in->row, &prev) != 0)
        return nomem(in);
    if (prev != (size_t)-1) {
        *drop = 1;
        if (in->key_line)
            return refuse(in, in->key_hdr, rec->key_at, "duplicate key \"%.*s\" on lines %zu and %zu",
                   shown(s, len), s, in->key_line(in->key_line_ud, prev), rec->key_at.line);
        return refuse(in, in->key_hdr, rec->key_at, "duplicate key \"%.*s\" (also in data row %zu)",
                   shown(s, len), s, prev + 1);
    }
    return 0;
}

int sc_ingest_row_end(sc_ingest *in, const sc_record *rec, int *stored)
{
    *stored = 0;
    int rc = 0, drop = 0; /* drop: no key of its own to index the row by */
    if (rec->blank) {
        in->rep->counts[SCORE_READ_BLANK_ROWS]++;
        goto skipped;
    }
    if (rec->total || rec->ncells != in->nhdr) {
        if (rec->total && in->opts.skip_totals) {
            in->rep->counts[SCORE_READ_TOTAL_ROWS]++;
            goto skipped;
        }
        /* what the record is outweighs what its cells say */
        sc_report_truncate(in->rep, in->row_problems);
        in->row_failed = 0;
        drop = 1;
        size_t col = (rec->ncells < in->nhdr ? rec->ncells : in->nhdr) + 1;
        if (rec->total)
            rc = refuse(in, SC_NO_COL, (sc_pos){rec->at.line, 0},
                        "a total row (合计/总计/小计/平均), not a record: remove it, or give "
                        "--skip-totals to skip such rows");
        else
            rc = refuse(in, SC_NO_COL, (sc_pos){rec->at.line, col},
                        "row has %zu cell%s, the header %zu", rec->ncells,
                        rec->ncells == 1 ? "" : "s", in->nhdr);
    } else if (!rec->has_key) {
        drop = 1;
        rc = refuse(in, in->key_hdr, rec->key_at, "column \"%s\" (%zu): empty key",
                    in->names.data + in->hdr[in->key_hdr].name, in->key_hdr + 1);
    } else if (!in->row_failed || in->opts.keep_going) {
        rc = store_key(in, rec, &drop);
    }
    if (rc)
        return rc;
    if (in->row_failed) {
        if (!in->opts.keep_going) {
            *in->err = in->first;
            return SCORE_EDATA;
        }
        if (drop)
            goto skipped; /* keeping going: a row with a key stays, its refused cells missing */
    }
    *stored = 1;
    in->row++;
    in->rep->counts[SCORE_READ_ROWS]++;
skipped:
    in->row_failed = 0;
    in->row_problems = in->rep->nproblems;
    return 0;
}

/* ---- the end ---- */

int sc_ingest_finish(sc_ingest *in)
{
    score_table *t = in->t;
    t->nrows = in->row;
    if (sc_table_point_absent(t) != 0)
        return nomem(in);
    const sc_schema *sch = in->schema;
    sc_buf absent;
    sc_buf_init(&absent, in->alloc);
    size_t nabsent = 0;
    for (size_t j = 0; j < sch->ncols; j++) {
        const sc_colspec *cs = &sch->cols[j];
        if (t->cols[j].present)
            continue;
        if (cs->label)
            sc_buf_printf(&absent, "%s%s (%s)", nabsent ? ", " : "", cs->label, cs->name);
        else
            sc_buf_printf(&absent, "%s%s", nabsent ? ", " : "", cs->name);
        nabsent++;
    }
    /* A report that stays with its table counts missing cells when asked;
     * a check's outlives the table. */
    if (in->opts.keep_going)
        sc_report_count_missing(in->rep, t);
    int rc = 0;
    if (absent.failed)
        rc = nomem(in);
    else if (nabsent)
        rc = warn(in, in->opts.strict, (sc_pos){0, 0}, "no column for %s (%s missing)",
                  absent.data, nabsent == 1 ? "its values are" : "their values are");
    sc_buf_free(&absent);
    return rc;
}
