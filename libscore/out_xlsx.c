/*
 * The workbook (--format xlsx -o FILE), for people and so always in
 * Chinese: 等级评定 (the eval view), 目标任务 (the targets view), 销号台账
 * (each failing row of each target and scope) and 说明 (what made it).
 * Numbers are Excel numbers in full precision, shown rounded by a number
 * format, so that a clerk can sum and sort them. Written by libxlsxwriter
 * to the temporary file output.c renames.
 */
#define _POSIX_C_SOURCE 200809L /* localtime_r */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "result.h"
#include "writers.h"

#define MIN_WIDTH 6.0
#define MAX_WIDTH 50.0
#define MAX_DIGITS 15

/* Fills of the tier levels, lowest to highest (warm to cool). */
static const lxw_color_t TIER_FILLS[] = {0xFCE4D6, 0xFFF2CC, 0xE2EFDA, 0xC6E0B4,
                                         0xDDEBF7, 0xBDD7EE, 0xE4DFEC, 0xCCC0DA};
#define NFILLS (sizeof TIER_FILLS / sizeof TIER_FILLS[0])

typedef struct book {
    lxw_workbook *wb;
    const score_result *r;
    const score_table *t;
    const score_ruleset *rs;
    const score_allocator *alloc;
    int digits;
    lxw_error failed; /* the first error of libxlsxwriter */
    int nomem;        /* ours ran out */
    lxw_format *header, *number, *money, *integer, *percent;
    lxw_format *verdict[3]; /* met, not met, unknown */
    lxw_format **tier;      /* per level */
} book;

/* A worksheet being written, a row at a time, and its columns' widths. */
typedef struct sheet {
    book *b;
    lxw_worksheet *ws;
    lxw_row_t row;
    size_t ncols;
    double *width;
} sheet;

static int ok(const book *b)
{
    return !b->failed && !b->nomem;
}

static void check(book *b, lxw_error e)
{
    if (e && !b->failed)
        b->failed = e;
}

/* ---- cells ---- */

/* Columns a text takes: two for CJK (three- and four-byte UTF-8), one
 * for the rest. */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        w += *p < 0x80 ? 1 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
    return w;
}

static void fit(sheet *s, size_t col, double w)
{
    if (col < s->ncols && w > s->width[col])
        s->width[col] = w;
}

static void cell_text(sheet *s, size_t col, const char *text, lxw_format *f)
{
    if (!text || !*text)
        return;
    check(s->b, worksheet_write_string(s->ws, s->row, (lxw_col_t)col, text, f));
    fit(s, col, text_width(text));
}

/* A number as it is shown: `percent` as 0.0%, else to `digits` decimals. */
static void cell_number(sheet *s, size_t col, double x, lxw_format *f, int digits, int percent)
{
    if (x != x)
        return; /* missing: an empty cell */
    check(s->b, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, x, f));
    char shown[64];
    int n = percent ? snprintf(shown, sizeof shown, "%.1f%%", x * 100.0)
                    : snprintf(shown, sizeof shown, "%.*f", digits, x);
    if (n > 0 && f == s->b->money) /* its thousands separators */
        n += (int)(strcspn(shown, ".") - (x < 0) - 1) / 3;
    fit(s, col, n > 0 ? (double)n : 0);
}

static void cell_count(sheet *s, size_t col, double x)
{
    cell_number(s, col, x, s->b->integer, 0, 0);
}

/* ---- sheets ---- */

static int sheet_open(book *b, sheet *s, const char *name, size_t ncols)
{
    memset(s, 0, sizeof *s);
    s->b = b;
    s->ncols = ncols;
    s->width = sc_calloc(b->alloc, ncols ? ncols : 1, sizeof *s->width);
    if (!s->width) {
        b->nomem = 1;
        return -1;
    }
    s->ws = workbook_add_worksheet(b->wb, name);
    if (!s->ws) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return -1;
    }
    return 0;
}

/* A header cell, with room for the filter's arrow. */
static void header_cell(sheet *s, size_t col, const char *name)
{
    cell_text(s, col, name, s->b->header);
    fit(s, col, text_width(name) + 2);
}

static void sheet_header(sheet *s, const char *const *names)
{
    for (size_t c = 0; c < s->ncols; c++)
        header_cell(s, c, names[c]);
    s->row++;
}

/* A table: the header frozen, a filter over every row, widths fitted. */
static void sheet_close(sheet *s, int table)
{
    if (s->ws && ok(s->b)) {
        if (table && s->ncols) {
            worksheet_freeze_panes(s->ws, 1, 0);
            check(s->b, worksheet_autofilter(s->ws, 0, 0, s->row ? s->row - 1 : 0,
                                             (lxw_col_t)(s->ncols - 1)));
        }
        for (size_t c = 0; c < s->ncols; c++) {
            double w = s->width[c] + 2;
            w = w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
            check(s->b, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL));
        }
    }
    sc_free(s->b->alloc, s->width);
    s->width = NULL;
}

/* ---- 等级评定 ---- */

/* The fill of level `i` of n: the palette in order, spread over it when
 * a ladder has more levels than colours. */
static lxw_color_t tier_fill(size_t i, size_t n)
{
    return TIER_FILLS[n <= NFILLS ? i : i * NFILLS / n];
}

/* Cell `vcol` of the eval view's `row`, in column `col`. */
static void eval_cell(sheet *s, size_t col, const sc_eval_view *v, size_t vcol, size_t row)
{
    sc_vcell c;
    char buf[64];
    sc_eval_view_cell(v, vcol, row, &c);
    if (c.kind == SC_V_NUMBER)
        cell_number(s, col, c.num, c.money ? s->b->money : s->b->number, s->b->digits, 0);
    else if (c.kind != SC_V_NONE)
        cell_text(s, col, sc_vcell_text(v, &c, SC_WITH_LABELS, buf, sizeof buf),
                  c.kind == SC_V_LEVEL ? s->b->tier[c.code] : NULL);
}

static void write_eval(book *b, const sc_eval_view *v)
{
    sheet s;
    if (sheet_open(b, &s, "等级评定", v->ncols) == 0) {
        for (size_t c = 0; c < v->ncols; c++)
            header_cell(&s, c, sc_eval_view_header(v, c));
        s.row++;
        for (size_t row = 0; row < v->nrows && ok(b); row++, s.row++)
            for (size_t c = 0; c < v->ncols; c++)
                eval_cell(&s, c, v, c, row);
    }
    sheet_close(&s, 1);
}

/* ---- 目标任务 ---- */

static int counts_rows(const char *agg)
{
    return strcmp(agg, "count") == 0 || strcmp(agg, "all") == 0 || strcmp(agg, "none") == 0;
}

/* An actual or required value: a share as a percent, rows as an integer,
 * an amount to the digits asked. */
static void cell_amount(sheet *s, size_t col, double x, const char *agg)
{
    if (strcmp(agg, "share") == 0)
        cell_number(s, col, x, s->b->percent, 1, 1);
    else if (counts_rows(agg) && x == floor(x))
        cell_count(s, col, x);
    else
        cell_number(s, col, x, s->b->number, s->b->digits, 0);
}

static void write_targets(book *b, const sc_targets_view *v)
{
    static const char *const header[] = {"目标任务", "年份",     "范围",     "实际",
                                         "比较",     "要求",     "结论",     "缺口",
                                         "范围内行数", "满足行数", "数据缺失行数"};
    sheet s;
    char scope[512];
    if (sheet_open(b, &s, "目标任务", sizeof header / sizeof header[0]) == 0) {
        sheet_header(&s, header);
        for (size_t k = 0; k < v->n && ok(b); k++, s.row++) {
            score_target_outcome oc;
            score_result_outcome(v->r, v->outcomes[k], &oc);
            const char *agg = score_ruleset_target_aggregate(v->rs, oc.target);
            int year = score_ruleset_target_year(v->rs, oc.target);
            cell_text(&s, 0, score_ruleset_target_label(v->rs, oc.target), NULL);
            if (year)
                cell_count(&s, 1, year);
            cell_text(&s, 2, sc_scope_text(v->r, v->rs, v->outcomes[k], 1, scope, sizeof scope),
                      NULL);
            cell_amount(&s, 3, oc.actual, agg);
            cell_text(&s, 4, oc.op, NULL);
            cell_amount(&s, 5, oc.required, agg);
            cell_text(&s, 6, sc_target_verdict_word(oc.verdict, 1),
                      b->verdict[oc.verdict == SCORE_MET       ? 0
                                 : oc.verdict == SCORE_NOT_MET ? 1
                                                               : 2]);
            /* short of rows for counts and shares, of an amount for sums */
            cell_amount(&s, 7, oc.shortfall, strcmp(agg, "share") == 0 ? "count" : agg);
            cell_count(&s, 8, (double)oc.population);
            cell_count(&s, 9, (double)oc.satisfied);
            cell_count(&s, 10, (double)oc.unknown);
        }
    }
    sheet_close(&s, 1);
}

/* ---- 销号台账 ---- */

/* Every failing row of every target and scope shown: the target, the
 * scope, then the row's key and kept columns as in 等级评定. */
static void write_ledger(book *b, const sc_targets_view *tv, const sc_eval_view *ev)
{
    size_t nshown = 1 + ev->nkept;
    sheet s;
    char scope[512];
    if (sheet_open(b, &s, "销号台账", 2 + nshown) == 0) {
        header_cell(&s, 0, "目标任务");
        header_cell(&s, 1, "范围");
        for (size_t c = 0; c < nshown; c++)
            header_cell(&s, 2 + c, sc_eval_view_header(ev, c));
        s.row++;
        for (size_t k = 0; k < tv->n && ok(b); k++) {
            score_target_outcome oc;
            score_result_outcome(tv->r, tv->outcomes[k], &oc);
            const char *label = score_ruleset_target_label(tv->rs, oc.target);
            const char *where = sc_scope_text(tv->r, tv->rs, tv->outcomes[k], 1, scope,
                                              sizeof scope);
            for (size_t i = 0; i < oc.nfailing && ok(b); i++, s.row++) {
                cell_text(&s, 0, label, NULL);
                cell_text(&s, 1, where, NULL);
                for (size_t c = 0; c < nshown; c++)
                    eval_cell(&s, 2 + c, ev, c, oc.failing[i]);
            }
        }
    }
    sheet_close(&s, 1);
}

/* ---- 说明 ---- */

/* Now, local time, ISO 8601: 2026-12-07T11:25:21+08:00. */
static void now_iso8601(char buf[40])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm) || !strftime(buf, 40, "%Y-%m-%dT%H:%M:%S%z", &tm)) {
        buf[0] = '\0';
        return;
    }
    size_t n = strlen(buf); /* +0800 → +08:00 */
    memmove(buf + n - 1, buf + n - 2, 3);
    buf[n - 2] = ':';
}

static void about_line(sheet *s, const char *what, const char *value)
{
    cell_text(s, 0, what, s->b->header);
    cell_text(s, 1, value, NULL);
    s->row++;
}

static void write_about(book *b, const score_output_options *opts)
{
    const score_ruleset *rs = b->rs;
    sheet s;
    char stamp[40];
    if (sheet_open(b, &s, "说明", 3) == 0) {
        about_line(&s, "规则集", score_ruleset_id(rs));
        about_line(&s, "版本", score_ruleset_version(rs));
        about_line(&s, "标题", score_ruleset_title(rs));
        about_line(&s, "哈希", score_ruleset_hash(rs));
        if (opts && opts->data_name)
            about_line(&s, "数据文件", opts->data_name);
        cell_text(&s, 0, "数据行数", b->header);
        cell_count(&s, 1, (double)score_result_row_count(b->r));
        s.row++;
        about_line(&s, "libscore 版本", score_version());
        now_iso8601(stamp);
        about_line(&s, "写出时间", stamp);
        s.row++;
        /* the parameters set otherwise than their defaults */
        static const char *const params[] = {"参数", "说明", "取值"};
        for (size_t c = 0; c < 3; c++)
            cell_text(&s, c, params[c], b->header);
        s.row++;
        size_t nset = 0;
        for (size_t i = 0; i < score_ruleset_param_count(rs); i++) {
            const char *value = score_ruleset_param_value(rs, i);
            const char *dflt = score_ruleset_param_default(rs, i);
            if (value && dflt && strcmp(value, dflt) == 0)
                continue;
            cell_text(&s, 0, score_ruleset_param_name(rs, i), NULL);
            cell_text(&s, 1, score_ruleset_param_label(rs, i), NULL);
            cell_text(&s, 2, value, NULL);
            s.row++;
            nset++;
        }
        if (!nset)
            cell_text(&s, 0, "（均为默认值）", NULL);
    }
    sheet_close(&s, 0);
}

/* ---- the book ---- */

static lxw_format *fill_format(book *b, lxw_color_t fill)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (f)
        format_set_bg_color(f, fill);
    return f;
}

static lxw_format *number_format(book *b, const char *code)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (f)
        format_set_num_format(f, code);
    return f;
}

/* The formats every sheet uses; -1 when one could not be made. */
static int add_formats(book *b)
{
    /* "0.00", and "#,##0.00" for amounts of 元 */
    char code[8 + MAX_DIGITS] = "0", money[16 + MAX_DIGITS];
    if (b->digits > 0) {
        strcat(code, ".");
        memset(code + 2, '0', (size_t)b->digits);
        code[2 + b->digits] = '\0';
    }
    snprintf(money, sizeof money, "#,##%s", code);
    b->header = workbook_add_format(b->wb);
    if (b->header) {
        format_set_bold(b->header);
        format_set_bg_color(b->header, 0xD9E1F2);
        format_set_bottom(b->header, LXW_BORDER_THIN);
    }
    b->number = number_format(b, code);
    b->money = number_format(b, money);
    b->integer = number_format(b, "0");
    b->percent = number_format(b, "0.0%");
    b->verdict[0] = fill_format(b, 0xC6EFCE); /* 达标: green */
    b->verdict[1] = fill_format(b, 0xFFC7CE); /* 未达标: red */
    b->verdict[2] = fill_format(b, 0xD9D9D9); /* 数据缺失: grey */
    int made = b->header && b->number && b->money && b->integer && b->percent && b->verdict[0] &&
               b->verdict[1] && b->verdict[2];
    size_t n = score_ruleset_tier_count(b->rs);
    for (size_t i = 0; i < n && made; i++)
        made = (b->tier[i] = fill_format(b, tier_fill(i, n))) != NULL;
    return made ? 0 : -1;
}

/* The file as the user named it, for messages: output.c writes to a
 * temporary "PATH.tmp-XXXXXX" beside it. */
static const char *named(const char *path, char *buf, size_t size)
{
    size_t n = strlen(path), tail = strlen(".tmp-XXXXXX");
    if (n <= tail || strncmp(path + n - tail, ".tmp-", 5) != 0 || n - tail >= size)
        return path;
    memcpy(buf, path, n - tail);
    buf[n - tail] = '\0';
    return buf;
}

int sc_write_xlsx(const char *path, const score_result *r, const score_table *t,
                  score_output_kind kind, const score_output_options *opts, score_error *err)
{
    /* for people, whatever opts say of labels */
    score_output_options people = SCORE_OUTPUT_OPTIONS_INIT;
    if (opts)
        people = *opts;
    people.labels = 1;
    book b = {.r = r, .t = t, .rs = r->rs, .alloc = sc_result_alloc(r)};
    b.digits = people.digits < 0 ? 2 : people.digits > MAX_DIGITS ? MAX_DIGITS : people.digits;
    sc_eval_view ev;
    sc_targets_view tv;
    int rc = sc_eval_view_init(&ev, r, t, &people, 1, err);
    if (rc)
        return rc;
    if ((rc = sc_targets_view_init(&tv, r, t, &people, err))) {
        sc_eval_view_free(&ev);
        return rc;
    }
    b.tier = sc_calloc(b.alloc, score_ruleset_tier_count(b.rs) + 1, sizeof *b.tier);
    /* the sheets are written a row at a time, not held whole */
    lxw_workbook_options lo = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    b.wb = b.tier ? workbook_new_opt(path, &lo) : NULL;
    if (!b.tier) {
        b.nomem = 1;
    } else if (!b.wb) {
        check(&b, LXW_ERROR_CREATING_XLSX_FILE);
    } else if (add_formats(&b) != 0) {
        check(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        if (kind != SCORE_OUTPUT_TARGETS)
            write_eval(&b, &ev);
        if (ok(&b))
            write_targets(&b, &tv);
        if (ok(&b))
            write_ledger(&b, &tv, &ev);
        if (ok(&b))
            write_about(&b, &people);
    }
    if (b.wb) /* closed even after a failure: that frees it */
        check(&b, workbook_close(b.wb));
    sc_free(b.alloc, b.tier);
    sc_targets_view_free(&tv);
    sc_eval_view_free(&ev);
    if (b.nomem)
        return sc_nomem(err);
    if (b.failed) {
        char name[SCORE_ERROR_SOURCE_LEN];
        return sc_error(err, b.failed == LXW_ERROR_MEMORY_MALLOC_FAILED ? SCORE_ENOMEM : SCORE_EIO,
                        named(path, name, sizeof name), 0, 0, "cannot write the workbook: %s",
                        lxw_strerror(b.failed));
    }
    return 0;
}
