/*
 * The parallel CSV reader (csv_chunks.c): the same table, codes, report
 * and errors on any number of threads as the plain one-thread read. The
 * chunks are made small (sc_csv_input.chunk_min) so that small files are
 * cut into many; the public entry points are checked on files big
 * enough to be cut at the default size.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "counting_alloc.h"
#include "csv.h"
#include "internal.h"
#include "report.h"
#include "schema.h"
#include "table.h"

static const char doc[] = "ruleset: threads\n"
                          "key: id\n"
                          "fields:\n"
                          "  id: {type: text, label: 村代码}\n"
                          "  town: {type: text, label: 镇}\n"
                          "  people: {type: number, label: 人口}\n"
                          "  income: {type: number, label: 收入, unit: 元}\n"
                          "  ok: {type: bool, label: 达标}\n"
                          "  note: {type: text, label: 备注}\n";

static const unsigned thread_counts[] = {2, 3, 4, 7, 16};

static score_ruleset *ruleset(void)
{
    score_ruleset *rs = NULL;
    score_error err;
    if (score_ruleset_load_string(&rs, doc, sizeof doc - 1, "threads.yaml", NULL, &err) != 0)
        fail_msg("%s", err.message);
    return rs;
}

typedef struct outcome {
    int rc;
    score_table *t;
    score_read_report *rep;
    score_error err;
} outcome;

/* Read with `threads` threads, chunks of at least chunk_min bytes
 * (SIZE_MAX: the plain read). */
static outcome read_with(const score_ruleset *rs, const char *csv, size_t len, unsigned threads,
                         size_t chunk_min, int skip_totals)
{
    outcome o;
    memset(&o, 0, sizeof o);
    score_read_options opts = SCORE_READ_OPTIONS_INIT;
    opts.threads = threads;
    opts.skip_totals = skip_totals;
    sc_csv_input how = {&opts, NULL, NULL, NULL, chunk_min};
    o.rc = sc_csv_read(&o.t, rs, sc_ruleset_schema(rs), sc_ruleset_allocator(rs), csv, len,
                       "d.csv", &how, &o.rep, &o.err);
    return o;
}

static void outcome_free(outcome *o)
{
    score_table_free(o->t);
    score_read_report_free(o->rep);
}

static void same_report(const score_read_report *a, const score_read_report *b)
{
    if (!a || !b) {
        assert_true(a == b);
        return;
    }
    assert_memory_equal(a->counts, b->counts, sizeof a->counts);
    size_t ncols = a->schema->ncols;
    assert_memory_equal(a->present, b->present, ncols * sizeof *a->present);
    assert_memory_equal(a->cells, b->cells, ncols * sizeof *a->cells);
    assert_int_equal(a->nproblems, b->nproblems);
    for (size_t i = 0; i < a->nproblems; i++) {
        assert_string_equal(a->problems[i].e.message, b->problems[i].e.message);
        assert_int_equal(a->problems[i].e.line, b->problems[i].e.line);
        assert_int_equal(a->problems[i].e.column, b->problems[i].e.column);
    }
}

/* Bit for bit the same table, dictionary codes included, and the same
 * through the public API. */
static void same_table(const score_table *a, const score_table *b)
{
    assert_int_equal(a->nrows, b->nrows);
    assert_int_equal(a->dict.count, b->dict.count);
    for (size_t c = 0; c < a->dict.count; c++)
        assert_string_equal(sc_dict_str(&a->dict, (uint32_t)c), sc_dict_str(&b->dict, (uint32_t)c));
    for (size_t j = 0; j < a->schema->ncols; j++) {
        assert_int_equal(a->cols[j].present, b->cols[j].present);
        if (a->nrows)
            assert_memory_equal(a->cols[j].values, b->cols[j].values, a->nrows * sizeof(double));
    }
    for (size_t r = 0; r < a->nrows; r++) {
        const char *key = score_table_key(a, r);
        assert_non_null(key);
        assert_string_equal(key, score_table_key(b, r));
        assert_int_equal(score_table_find_key(b, key), r);
    }
    const double *va, *vb;
    score_type ta, tb;
    assert_int_equal(score_table_column(a, "note", &va, &ta, NULL), 0);
    assert_int_equal(score_table_column(b, "note", &vb, &tb, NULL), 0);
    for (size_t r = 0; r < a->nrows; r++) {
        if (va[r] == va[r])
            assert_string_equal(score_table_text(a, va[r]), score_table_text(b, vb[r]));
        else
            assert_true(vb[r] != vb[r]);
    }
}

/* Every thread count gives what the plain read gives: the table, or the
 * error (the first in file order) and the report. Returns the plain
 * read's outcome code. */
static int check_all(const score_ruleset *rs, const char *csv, size_t len, size_t chunk_min,
                     int skip_totals)
{
    outcome plain = read_with(rs, csv, len, 1, SIZE_MAX, skip_totals);
    for (size_t k = 0; k <= sizeof thread_counts / sizeof thread_counts[0]; k++) {
        unsigned threads = k ? thread_counts[k - 1] : 1;
        outcome o = read_with(rs, csv, len, threads, chunk_min, skip_totals);
        assert_int_equal(o.rc, plain.rc);
        if (plain.rc) {
            assert_null(o.t);
            assert_string_equal(o.err.message, plain.err.message);
            assert_string_equal(o.err.source, plain.err.source);
            assert_int_equal(o.err.line, plain.err.line);
            assert_int_equal(o.err.column, plain.err.column);
        } else {
            same_table(plain.t, o.t);
        }
        same_report(plain.rep, o.rep);
        outcome_free(&o);
    }
    int rc = plain.rc;
    outcome_free(&plain);
    return rc;
}

/* A file of n records with what a real one holds: quoted cells with
 * commas, doubled quotes and newlines; blank lines; numbers with groups
 * and units; bools in several spellings; keys quoted or with spaces. */
static char *make_csv(size_t n, int crlf, int bom, int final_newline, size_t *len)
{
    sc_buf b;
    sc_buf_init(&b, sc_default_allocator());
    const char *nl = crlf ? "\r\n" : "\n";
    if (bom)
        sc_buf_puts(&b, "\xef\xbb\xbf");
    sc_buf_printf(&b, "某县村级数据%s%s", nl, nl); /* a title row */
    sc_buf_printf(&b, "村代码,镇,人口,收入(万元),达标,备注%s", nl);
    static const char *const towns[] = {"城关镇", "东乡", "西乡", "\"南,乡\"", " 北乡 "};
    static const char *const oks[] = {"是", "否", "1", "0", "", "√"};
    for (size_t i = 0; i < n; i++) {
        if (i % 97 == 50)
            sc_buf_puts(&b, nl); /* a blank line */
        if (i % 13 == 0)
            sc_buf_printf(&b, "\"V%06zu\"", i);
        else if (i % 29 == 0)
            sc_buf_printf(&b, " V%06zu ", i);
        else if (i % 31 == 0)
            sc_buf_printf(&b, "\"V\"\"%06zu\"", i);
        else
            sc_buf_printf(&b, "V%06zu", i);
        sc_buf_printf(&b, ",%s,", towns[i % 5]);
        if (i % 11 == 0)
            sc_buf_printf(&b, "\"%zu,%03zu\"", i / 1000 + 1, i % 1000);
        else if (i % 17 != 0)
            sc_buf_printf(&b, "%zu", i * 7 % 5000);
        sc_buf_printf(&b, ",%zu.%zu,%s,", i % 300, i % 10, oks[i % 6]);
        if (i % 7 == 0)
            sc_buf_printf(&b, "\"第一行%s第二行,\"\"引号\"\"\"", i % 14 ? "\n" : "\r\n");
        else if (i % 23 == 0)
            sc_buf_puts(&b, i % 2 ? "东乡" : "V000010"); /* a town's text, a key's */
        else if (i % 5 == 0)
            sc_buf_printf(&b, "备注%zu", i % 40);
        if (i + 1 < n || final_newline)
            sc_buf_puts(&b, nl);
    }
    assert_false(b.failed);
    *len = b.len;
    return b.data;
}

static void many_chunks(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    for (int form = 0; form < 8; form++) {
        size_t len;
        char *csv = make_csv(600, form & 1, form & 2, form & 4, &len);
        for (size_t chunk = 16; chunk <= 4096; chunk *= 4)
            assert_int_equal(check_all(rs, csv, len, chunk, 0), 0);
        free(csv);
    }
    score_ruleset_free(rs);
}

/* Replace the first occurrence of `what` at or after offset `from` by
 * `with` (a fresh copy). */
static char *replace_after(const char *csv, size_t *len, size_t from, const char *what,
                           const char *with)
{
    const char *p = strstr(csv + from, what);
    if (!p)
        return NULL;
    size_t head = (size_t)(p - csv), wl = strlen(what), nl = strlen(with);
    char *out = malloc(*len - wl + nl + 1);
    assert_non_null(out);
    memcpy(out, csv, head);
    memcpy(out + head, with, nl);
    memcpy(out + head + nl, p + wl, *len - head - wl + 1);
    *len = *len - wl + nl;
    return out;
}

/* Errors anywhere, alone or two at once: the first in file order, with
 * its line and column, as one thread says it. */
static void errors(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    size_t len;
    char *csv = make_csv(800, 0, 0, 1, &len);
    static const struct {
        const char *what, *with;
    } bad[] = {
        {",西乡,", ",西乡,abc,"},             /* not a number (and a cell too many) */
        {"V000402", "V000401"},               /* a duplicate key, across chunks */
        {"V000700", "V000005"},               /* a duplicate of an early key */
        {"V000601,", "V0\"601,"},             /* a stray quote */
        {",城关镇,", ",城关镇"},              /* a cell too few */
        {"V000503", "合计"},                  /* a total row */
        {"V000650", ""},                      /* an empty key */
        {"备注", "\xff"},                     /* not UTF-8 */
    };
    size_t n = sizeof bad / sizeof bad[0];
    for (size_t i = 0; i < n; i++) {
        for (size_t at = 0; at < len; at += len / 3) {
            size_t l1 = len;
            char *one = replace_after(csv, &l1, at, bad[i].what, bad[i].with);
            if (!one)
                continue; /* no such text after `at` */
            assert_int_not_equal(check_all(rs, one, l1, 64, 0), 0);
            /* and a second error later: the first still wins */
            size_t j = (i + 3) % n;
            size_t l2 = l1;
            char *two = at + l1 / 4 < l1 ? replace_after(one, &l2, at + l1 / 4, bad[j].what, bad[j].with) : NULL;
            if (two) {
                assert_int_not_equal(check_all(rs, two, l2, 64, 0), 0);
                free(two);
            }
            free(one);
        }
    }
    /* an unterminated quote at the end, and total rows skipped */
    size_t l = len;
    char *open = replace_after(csv, &l, len - 40, ",", ",\"");
    assert_non_null(open);
    assert_int_not_equal(check_all(rs, open, l, 64, 0), 0);
    free(open);
    l = len;
    char *total = replace_after(csv, &l, len / 2, "\nV", "\n合计,,,,,\nV");
    assert_non_null(total);
    assert_int_equal(check_all(rs, total, l, 64, 1), 0);
    free(total);
    free(csv);
    score_ruleset_free(rs);
}

/* Through score_table_parse with the default chunks: a file of a few
 * MiB in UTF-8, GB18030 and UTF-16 reads the same on 1 and 2 threads; a
 * version 1 caller's options are still taken. */
static score_table *parse_public(const score_ruleset *rs, const char *data, size_t len,
                                 unsigned threads, score_encoding enc)
{
    score_read_options opts = SCORE_READ_OPTIONS_INIT;
    opts.threads = threads;
    opts.encoding = enc;
    score_table *t = NULL;
    score_error err;
    if (score_table_parse(&t, rs, data, len, "big.csv", &opts, &err) != 0)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    return t;
}

/* UTF-8 to GB18030 or UTF-16LE through iconv-free means: the test's
 * Chinese is in a small table of characters. */
static void public_api(void **state)
{
    (void)state;
    score_ruleset *rs = ruleset();
    size_t len;
    char *csv = make_csv(60000, 1, 1, 0, &len);
    assert_true(len > ((size_t)2 << 20));
    score_table *one = parse_public(rs, csv, len, 1, SCORE_ENCODING_AUTO);
    score_table *two = parse_public(rs, csv, len, 2, SCORE_ENCODING_AUTO);
    same_table(one, two);
    same_report(score_table_report(one), score_table_report(two));
    score_table_free(two);
    /* UTF-16LE: each UTF-8 character as one code unit (all are in the
     * BMP), with a BOM */
    size_t cap = 2 * len + 2, n = 0;
    unsigned char *u16 = malloc(cap);
    assert_non_null(u16);
    u16[n++] = 0xFF;
    u16[n++] = 0xFE;
    for (size_t i = 3; i < len;) { /* past the UTF-8 BOM */
        uint32_t cp;
        size_t k = sc_utf8_decode(csv + i, len - i, &cp);
        assert_true(k > 0 && cp < 0x10000);
        u16[n++] = (unsigned char)(cp & 0xFF);
        u16[n++] = (unsigned char)(cp >> 8);
        i += k;
    }
    score_table *w1 = parse_public(rs, (const char *)u16, n, 1, SCORE_ENCODING_AUTO);
    score_table *w2 = parse_public(rs, (const char *)u16, n, 2, SCORE_ENCODING_AUTO);
    same_table(one, w1);
    same_table(w1, w2);
    assert_int_equal(score_read_report_encoding(score_table_report(w2), NULL),
                     SCORE_ENCODING_UTF16);
    score_table_free(w1);
    score_table_free(w2);
    free(u16);
    /* GB18030 (Excel on a Chinese Windows), told from its content */
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd != (iconv_t)-1) {
        size_t gcap = 2 * len, left_in = len - 3, left_out = gcap;
        char *gb = malloc(gcap), *in = csv + 3, *out = gb;
        assert_non_null(gb);
        assert_true(iconv(cd, &in, &left_in, &out, &left_out) != (size_t)-1);
        iconv_close(cd);
        size_t glen = gcap - left_out;
        score_table *g1 = parse_public(rs, gb, glen, 1, SCORE_ENCODING_AUTO);
        score_table *g2 = parse_public(rs, gb, glen, 2, SCORE_ENCODING_AUTO);
        same_table(one, g1);
        same_table(g1, g2);
        assert_int_equal(score_read_report_encoding(score_table_report(g2), NULL),
                         SCORE_ENCODING_GB18030);
        score_table_free(g1);
        score_table_free(g2);
        free(gb);
    }
    /* a version 1 caller: the struct without `threads` */
    score_read_options v1 = SCORE_READ_OPTIONS_INIT;
    v1.version = 1;
    v1.threads = 99; /* not read: beyond a version 1 struct */
    score_table *t1 = NULL;
    score_error err;
    assert_int_equal(score_table_parse(&t1, rs, csv, len, "big.csv", &v1, &err), 0);
    same_table(one, t1);
    score_table_free(t1);
    v1.version = 3;
    assert_int_equal(score_table_parse(&t1, rs, csv, len, "big.csv", &v1, &err), SCORE_EINVAL);
    score_table_free(one);
    free(csv);
    score_ruleset_free(rs);
}

/* Every allocation of a read on 3 threads failed in turn (the chunks
 * allocate on their threads, through a lock): the read either succeeds
 * with the table, or fails with SCORE_ENOMEM, and leaks nothing. */
static void allocation_failures(void **state)
{
    (void)state;
    counting c = {0, 0, 0};
    score_allocator a = counting_allocator(&c);
    score_load_options lo = SCORE_LOAD_OPTIONS_INIT;
    lo.allocator = &a;
    score_ruleset *rs = NULL;
    score_error err;
    if (score_ruleset_load_string(&rs, doc, sizeof doc - 1, "threads.yaml", &lo, &err) != 0)
        fail_msg("%s", err.message);
    size_t len;
    char *csv = make_csv(300, 0, 0, 1, &len);
    outcome plain = read_with(rs, csv, len, 1, SIZE_MAX, 0);
    assert_int_equal(plain.rc, 0);
    long base = c.live, n;
    for (n = 1; n < 100000; n++) {
        c.calls = 0;
        c.fail_at = n;
        outcome o = read_with(rs, csv, len, 3, 256, 0);
        c.fail_at = 0;
        int injected = c.calls >= n;
        if (o.rc == 0) {
            same_table(plain.t, o.t); /* a failure in a chunk: read again */
        } else {
            assert_int_equal(o.rc, SCORE_ENOMEM);
            assert_null(o.t);
        }
        outcome_free(&o);
        if (c.live != base)
            fail_msg("allocation %ld failed: %ld blocks leaked", n, c.live - base);
        if (!injected)
            break;
    }
    assert_true(n > 50); /* failures were really injected */
    outcome_free(&plain);
    free(csv);
    score_ruleset_free(rs);
    assert_int_equal(c.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_chunks),
        cmocka_unit_test(errors),
        cmocka_unit_test(public_api),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
