/*
 * The 考核验收 report (score_output_write, REPORT as HTML): every text
 * from the ruleset and the data is escaped, the document refers to nothing
 * outside itself, the sections follow the result (tiers, towns, targets,
 * explanations), a callback that stops makes SCORE_EIO, and every
 * allocation failure is SCORE_ENOMEM with nothing leaked. What a browser
 * shows and prints is checked by tests/report/check_report.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"
#include "run.h"
#include "score/score.h"

#define DISTRICT SCORE_EXAMPLES "/data/district/"

/* Hostile text everywhere a ruleset or the data can put it. */
static const char doc[] =
    "ruleset: esc\n"
    "title: \"<b>A&B's \\\"report\\\"</b>\"\n"
    "key: id\n"
    "fields:\n"
    "  id: {type: text, label: \"<th>代码\"}\n"
    "  town: {type: text, label: \"镇<i>\"}\n"
    "  ok: {type: bool, label: \"ok'&\"}\n"
    "criteria:\n"
    "  good: {when: ok, label: \"<u>good</u>\"}\n"
    "tiers:\n"
    "  levels:\n"
    "    - {id: only, label: \"<em>唯一</em>\", require: [good]}\n"
    "targets:\n"
    "  - {id: all_ok, label: \"<s>全部</s>\", scope: [all, town], require: all(ok)}\n";

static const char csv[] = "id,town,ok\n"
                          "\"<script>alert(1)</script>\",\"镇<&>\",1\n"
                          "\"B'\"\"x\",\"镇<&>\",0\n"
                          "C,东&镇,1\n";

typedef struct text {
    char *s;
    size_t len;
    int stop_after; /* calls before the callback stops; 0: never */
    int calls;
} text;

static int collect(void *ud, const char *data, size_t len)
{
    text *t = ud;
    if (t->stop_after && ++t->calls > t->stop_after)
        return -1;
    char *s = realloc(t->s, t->len + len + 1);
    assert_non_null(s);
    memcpy(s + t->len, data, len);
    t->s = s;
    t->len += len;
    t->s[t->len] = '\0';
    return 0;
}

static char *report(const run *x, const score_output_options *opts)
{
    text t = {0};
    score_error err;
    int rc = score_output_write(x->r, x->t, SCORE_OUTPUT_REPORT, SCORE_OUTPUT_HTML, opts, collect,
                                &t, &err);
    if (rc)
        fail_msg("report: %s", err.message);
    assert_non_null(t.s);
    return t.s;
}

static void test_escaped(void **state)
{
    (void)state;
    run x = run_evaluate(doc, csv, NULL, 0);
    char *h = report(&x, NULL);
    /* none of the markup in the ruleset or the data comes through as markup */
    static const char *const raw[] = {"<script", "<b>", "<th>代码", "<i>", "<u>", "<em>",
                                      "<s>", "<&>", "B'\"x", "ok'&", "东&镇"};
    for (size_t k = 0; k < sizeof raw / sizeof *raw; k++)
        if (strstr(h, raw[k]))
            fail_msg("unescaped: %s", raw[k]);
    static const char *const escaped[] = {
        "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;A&amp;B&#39;s &quot;report&quot;&lt;/b&gt;",
        "镇&lt;&amp;&gt;", "B&#39;&quot;x", "&lt;em&gt;唯一&lt;/em&gt;", "&lt;s&gt;全部&lt;/s&gt;",
        "东&amp;镇"};
    for (size_t k = 0; k < sizeof escaped / sizeof *escaped; k++)
        if (!strstr(h, escaped[k]))
            fail_msg("missing: %s", escaped[k]);
    free(h);
    run_done(&x);
}

static void test_self_contained(void **state)
{
    (void)state;
    run x = run_evaluate(doc, csv, NULL, 0);
    char *h = report(&x, NULL);
    assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(h, "<meta charset=\"utf-8\">"));
    assert_null(strstr(h, "http://"));
    assert_null(strstr(h, "https://"));
    assert_null(strstr(h, "src="));
    assert_null(strstr(h, "url("));
    assert_non_null(strstr(h, "@page{size:A4 portrait"));
    assert_non_null(strstr(h, "print-color-adjust:exact"));
    assert_non_null(strstr(h, "</html>\n"));
    free(h);
    run_done(&x);
}

/* The towns group the rows, in order of first appearance; the summary,
 * targets and explanations are there, with the verdicts of the result. */
static void test_sections(void **state)
{
    (void)state;
    run x = run_evaluate(doc, csv, NULL, 0);
    score_output_options o = SCORE_OUTPUT_OPTIONS_INIT;
    o.data_name = "村<1>.csv";
    o.digits = 1;
    char *h = report(&x, &o);
    const char *first = strstr(h, "<h3>镇&lt;&amp;&gt;（2 个）</h3>");
    const char *second = strstr(h, "<h3>东&amp;镇（1 个）</h3>");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second);
    assert_non_null(strstr(h, "<td>村&lt;1&gt;.csv</td>"));
    assert_non_null(strstr(h, "参评 3 个"));
    /* all(ok): not met over all (B fails), met in 东&镇 */
    assert_non_null(strstr(h, "目标任务（按范围计）3 项：达标 1 项，未达标 2 项，数据缺失 0 项"));
    assert_non_null(strstr(h, "销号台账（1 个）：B&#39;&quot;x"));
    assert_non_null(strstr(h, "<svg class=\"chart\""));
    size_t details = 0;
    for (const char *p = h; (p = strstr(p, "<details>")); p++)
        details++;
    assert_int_equal(details, 3);
    free(h);
    run_done(&x);
}

static void test_callback_stops(void **state)
{
    (void)state;
    run x = run_evaluate(doc, csv, NULL, 0);
    text t = {0};
    t.stop_after = 1;
    score_error err;
    /* more than one flush: the district's report */
    score_ruleset *rs;
    score_table *tb;
    score_result *r;
    assert_int_equal(score_ruleset_load_builtin(&rs, "meihao-xiangcun", NULL, &err), 0);
    assert_int_equal(score_table_read_csv(&tb, rs, DISTRICT "meihao-xiangcun.csv", &err), 0);
    assert_int_equal(score_evaluate(&r, rs, tb, &err), 0);
    assert_int_equal(score_output_write(r, tb, SCORE_OUTPUT_REPORT, SCORE_OUTPUT_HTML, NULL,
                                        collect, &t, &err),
                     SCORE_EIO);
    free(t.s);
    score_result_free(r);
    score_table_free(tb);
    score_ruleset_free(rs);
    run_done(&x);
}

/* Fail each allocation of the report in turn: SCORE_ENOMEM, nothing
 * left allocated; with memory again, the same document. */
static void test_alloc_failures(void **state)
{
    (void)state;
    counting c = {0, 0, 0};
    score_allocator a = counting_allocator(&c);
    score_load_options lo = SCORE_LOAD_OPTIONS_INIT;
    lo.allocator = &a;
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    assert_int_equal(score_ruleset_load_builtin(&rs, "zuzhi-zhenxing", &lo, &err), 0);
    assert_int_equal(score_table_read_csv(&t, rs, DISTRICT "zuzhi-zhenxing.csv", &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    long base = c.live;
    text ref = {0};
    assert_int_equal(score_output_write(r, t, SCORE_OUTPUT_REPORT, SCORE_OUTPUT_HTML, NULL,
                                        collect, &ref, &err),
                     0);
    long n;
    for (n = 1; n < 100000; n++) {
        text got = {0};
        c.calls = 0;
        c.fail_at = n;
        int rc = score_output_write(r, t, SCORE_OUTPUT_REPORT, SCORE_OUTPUT_HTML, NULL, collect,
                                    &got, &err);
        c.fail_at = 0;
        assert_int_equal(c.live, base);
        if (rc == 0) {
            assert_int_equal(got.len, ref.len);
            assert_memory_equal(got.s, ref.s, ref.len);
            free(got.s);
            break;
        }
        assert_int_equal(rc, SCORE_ENOMEM);
        free(got.s);
    }
    assert_true(n > 1);
    free(ref.s);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
    assert_int_equal(c.live, 0);
}

/* People are counted with 名, villages and branches with 个. */
static void test_measure_word(void **state)
{
    (void)state;
    static const char members[] = "ruleset: m\nentity: member\nkey: id\nfields:\n"
                                  "  id: {type: text}\n  ok: {type: bool}\n"
                                  "criteria:\n  fine: ok\n";
    run x = run_evaluate(members, "id,ok\nA,1\nB,0\n", NULL, 0);
    char *h = report(&x, NULL);
    assert_non_null(strstr(h, "参评 2 名"));
    assert_null(strstr(h, "参评 2 个"));
    free(h);
    run_done(&x);
    run y = run_evaluate(doc, csv, NULL, 0);
    h = report(&y, NULL);
    assert_non_null(strstr(h, "参评 3 个"));
    free(h);
    run_done(&y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped),
        cmocka_unit_test(test_self_contained),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_measure_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
