/*
 * The ruleset-side safety limits (score_limits): their defaults, the
 * options that raise or lower them (a 0 field is the default), and for
 * each one the SCORE_ELIMIT error with its position and a message naming
 * the limit. Also: deep nesting is refused before it can exhaust the C
 * stack, whatever the limits say.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ruleset.h"
#include "score/score.h"

#define L(s) s "\n"

static const char head[] = L("ruleset: lim")
                           L("key: id")
                           L("fields:")
                           L("  id: {type: text}")
                           L("  x: {type: number, label: X值}");

/* Load with the given limits (NULL: none given). */
static int load(const char *doc, size_t len, const score_limits *limits, score_ruleset **rs,
                score_error *err)
{
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.limits = limits;
    memset(err, 0, sizeof *err);
    *rs = NULL;
    return score_ruleset_load_string(rs, doc, len, "lim.yaml", &o, err);
}

static void expect_ok(const char *doc, size_t len, const score_limits *limits)
{
    score_ruleset *rs;
    score_error err;
    if (load(doc, len, limits, &rs, &err))
        fail_msg("want a load; got %d:%d: %s", err.line, err.column, err.message);
    score_ruleset_free(rs);
}

static void expect_limit(const char *doc, size_t len, const score_limits *limits, int line,
                         int column, const char *message)
{
    score_ruleset *rs;
    score_error err;
    int rc = load(doc, len, limits, &rs, &err);
    assert_null(rs);
    if (rc != SCORE_ELIMIT || err.code != SCORE_ELIMIT || err.line != line ||
        err.column != column || strcmp(err.message, message) != 0)
        fail_msg("want ELIMIT %d:%d: %s\n got %d at %d:%d: %s", line, column, message, rc,
                 err.line, err.column, err.message);
}

/* A document: head, then `n` lines made by fmt with the line's index. */
static char *generate(const char *prefix, const char *fmt, size_t n, size_t *len)
{
    size_t cap = strlen(head) + strlen(prefix) + n * (strlen(fmt) + 24) + 1;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t k = (size_t)snprintf(s, cap, "%s%s", head, prefix);
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, cap - k, fmt, i, i);
    *len = k;
    return s;
}

/* ---- defaults and options ---- */

static void test_defaults_are_kept_by_the_ruleset(void **state)
{
    (void)state;
    score_limits d;
    memset(&d, 0, sizeof d);
    score_limits_default(&d);
    assert_true(d.document_bytes && d.expression_bytes && d.expression_depth && d.fields &&
                d.criteria && d.tier_levels && d.targets && d.line_bytes && d.cell_bytes &&
                d.rows && d.memory_bytes);
    /* no limits given, and all zero: both are the defaults */
    score_limits zero;
    memset(&zero, 0, sizeof zero);
    const score_limits *given[] = {NULL, &zero};
    for (size_t i = 0; i < 2; i++) {
        score_ruleset *rs;
        score_error err;
        assert_int_equal(load(head, strlen(head), given[i], &rs, &err), 0);
        assert_memory_equal(&rs->limits, &d, sizeof d);
        score_ruleset_free(rs);
    }
    /* a field given is kept, the zero ones are the defaults */
    score_limits some = zero;
    some.criteria = 7;
    some.rows = 99;
    score_ruleset *rs;
    score_error err;
    assert_int_equal(load(head, strlen(head), &some, &rs, &err), 0);
    assert_int_equal(rs->limits.criteria, 7);
    assert_int_equal(rs->limits.rows, 99);
    assert_int_equal(rs->limits.fields, d.fields);
    assert_int_equal(rs->limits.memory_bytes, d.memory_bytes);
    score_ruleset_free(rs);
    /* past what the library can honour: clamped */
    some.expression_depth = 1000000;
    some.tier_levels = 1000000;
    assert_int_equal(load(head, strlen(head), &some, &rs, &err), 0);
    assert_int_equal(rs->limits.expression_depth, SC_MAX_EXPR_HEIGHT);
    assert_int_equal(rs->limits.tier_levels, SC_MAX_LEVELS);
    score_ruleset_free(rs);
}

/* ---- document_bytes ---- */

static void test_document_bytes(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    size_t len = strlen(head); /* 5 lines, 81 bytes */
    lim.document_bytes = len;
    expect_ok(head, len, &lim);
    /* one byte more: the error points at it, line 6 column 1 */
    char *doc = malloc(len + 2);
    assert_non_null(doc);
    memcpy(doc, head, len);
    memcpy(doc + len, "#", 2);
    expect_limit(doc, len + 1, &lim, 6, 1,
                 "document longer than 81 bytes (limit document_bytes)");
    /* in the middle of a line, counting characters: the '}' after "X值",
     * a three-byte character, is byte 79 but column 30 */
    lim.document_bytes = len - 2;
    expect_limit(doc, len + 1, &lim, 5, 30,
                 "document longer than 79 bytes (limit document_bytes)");
    free(doc);
}

/* A file is not read past the limit: nor is a device that never ends. */
static void test_document_bytes_file(void **state)
{
    (void)state;
    char path[] = "/tmp/score_limits_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(head, f);
    fputs("criteria:\n  c: x > 1\n", f);
    fclose(f);
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.document_bytes = 95; /* up to "  c: " on line 7 */
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.limits = &lim;
    score_ruleset *rs;
    score_error err;
    assert_int_equal(score_ruleset_load_file(&rs, path, &o, &err), SCORE_ELIMIT);
    assert_null(rs);
    assert_string_equal(err.source, path);
    assert_int_equal(err.line, 7);
    assert_int_equal(err.column, 5);
    assert_string_equal(err.message, "document longer than 95 bytes (limit document_bytes)");
    lim.document_bytes = 0; /* the default */
    assert_int_equal(score_ruleset_load_file(&rs, path, &o, &err), 0);
    score_ruleset_free(rs);
    remove(path);
    /* /dev/zero never ends: refused after the limit, not read forever */
    lim.document_bytes = 1000;
    assert_int_equal(score_ruleset_load_file(&rs, "/dev/zero", &o, &err), SCORE_ELIMIT);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1001);
}

/* ---- expression_bytes ---- */

static void test_expression_bytes(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.expression_bytes = 10;
    size_t len;
    char *doc = generate(L("criteria:") L("  short: x > 1") L("  long: x > 1 and x < 5"), "", 0,
                         &len);
    /* the error points at the first byte past the limit: "x > 1 and " */
    expect_limit(doc, len, &lim, 8, 19,
                 "expression longer than 10 bytes (limit expression_bytes)");
    lim.expression_bytes = 15;
    expect_ok(doc, len, &lim);
    free(doc);
    /* raised: an expression of 100 KB (a list, which does not nest) */
    doc = generate(L("criteria:") "  big: x in [0", ", %zu", 20000, &len);
    doc[len++] = ']';
    doc[len] = '\0';
    /* the expression starts at line 7, column 8 */
    expect_limit(doc, len, NULL, 7, 8 + 65536,
                 "expression longer than 65536 bytes (limit expression_bytes)");
    lim.expression_bytes = 200000;
    expect_ok(doc, len, &lim);
    free(doc);
}

/* An expression loaded under a raised limit is explained too: the
 * explanation parses it again under the ruleset's own limits. */
static void test_raised_expression_bytes_explained(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.expression_bytes = 200000;
    size_t len;
    char *doc = generate(L("criteria:") "  big: x in [-1", ", %zu", 20000, &len);
    doc[len++] = ']';
    doc[len] = '\0';
    score_ruleset *rs;
    score_error err;
    assert_int_equal(load(doc, len, &lim, &rs, &err), 0);
    free(doc);
    const char csv[] = "id,x\nA,19999\nB,20000\n";
    score_table *t;
    score_result *r;
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), NULL, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    assert_int_equal(score_result_verdict(r, 0, 0), SCORE_TRUE);
    assert_int_equal(score_result_verdict(r, 0, 1), SCORE_FALSE);
    char *text;
    assert_int_equal(score_explain_row(&text, r, t, 1, SCORE_EXPLAIN_JSON, &err), 0);
    /* the operand x, read from the reparsed expression */
    assert_non_null(strstr(text, "\"X值\""));
    score_string_free(r, text);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* ---- expression_depth ---- */

static char *nested(const char *open, const char *inner, const char *close, size_t n,
                    size_t *len)
{
    size_t cap = strlen(head) + 64 + n * (strlen(open) + strlen(close)) + strlen(inner);
    char *s = malloc(cap);
    assert_non_null(s);
    size_t k = (size_t)snprintf(s, cap, "%scriteria:\n  c: ", head);
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, cap - k, "%s", open);
    k += (size_t)snprintf(s + k, cap - k, "%s", inner);
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, cap - k, "%s", close);
    *len = k;
    return s;
}

static void test_expression_depth(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.expression_depth = 3;
    size_t len;
    char *doc = nested("(", "x > 1", ")", 3, &len);
    expect_ok(doc, len, &lim);
    free(doc);
    /* the fourth '(' is at column 9 */
    doc = nested("(", "x > 1", ")", 4, &len);
    expect_limit(doc, len, &lim, 7, 9,
                 "expression nested deeper than 3 levels (limit expression_depth)");
    free(doc);
    /* not, unary minus, calls and ?: nest too */
    doc = nested("not ", "x > 1", "", 4, &len);
    expect_limit(doc, len, &lim, 7, 18,
                 "expression nested deeper than 3 levels (limit expression_depth)");
    free(doc);
    doc = nested("abs(", "x", ")", 4, &len);
    expect_limit(doc, len, &lim, 7, 21,
                 "expression nested deeper than 3 levels (limit expression_depth)");
    free(doc);
    /* the default is 256 */
    doc = nested("(", "x > 1", ")", 256, &len);
    expect_ok(doc, len, NULL);
    free(doc);
    doc = nested("(", "x > 1", ")", 257, &len);
    expect_limit(doc, len, NULL, 7, 262,
                 "expression nested deeper than 256 levels (limit expression_depth)");
    free(doc);
    /* raised: 900 levels load */
    lim.expression_depth = 900;
    doc = nested("(", "x > 1", ")", 900, &len);
    expect_ok(doc, len, &lim);
    free(doc);
}

/* Whatever the limit, nesting stops at SC_MAX_EXPR_HEIGHT: the parser,
 * checker and compiler recurse along it, so 100000 parentheses are an
 * error, not a stack overflow; and so are 5000 chained operators. */
static void test_nesting_never_exhausts_the_stack(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.expression_depth = (size_t)1 << 40;
    lim.expression_bytes = (size_t)1 << 30;
    size_t len;
    char *doc = nested("(", "x > 1", ")", 100000, &len);
    expect_limit(doc, len, &lim, 7, 1006,
                 "expression nested deeper than 1000 levels (limit expression_depth)");
    free(doc);
    doc = nested("-", "x > 1", "", 100000, &len);
    expect_limit(doc, len, &lim, 7, 1006,
                 "expression nested deeper than 1000 levels (limit expression_depth)");
    free(doc);
    doc = nested("x + ", "x > 1", "", 5000, &len);
    expect_limit(doc, len, &lim, 7, 4004, "expression has more than 1000 levels of operators");
    free(doc);
    /* YAML nesting stops at 64 levels */
    char *deep = malloc(100000 * 2 + 64);
    assert_non_null(deep);
    size_t k = (size_t)sprintf(deep, "ruleset: r\nx: ");
    for (int i = 0; i < 100000; i++)
        deep[k++] = '[';
    for (int i = 0; i < 100000; i++)
        deep[k++] = ']';
    deep[k] = '\0';
    expect_limit(deep, k, &lim, 2, 67, "nesting deeper than 64 levels");
    free(deep);
}

/* ---- fields, criteria, tier_levels, targets ---- */

static void test_counts(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    size_t len;
    /* fields: id, x and one more */
    char *doc = generate("", "  f%zu: {type: bool, label: 字段%zu}\n", 1, &len);
    lim.fields = 3;
    expect_ok(doc, len, &lim);
    lim.fields = 2;
    expect_limit(doc, len, &lim, 4, 3, "more than 2 fields (limit fields)");
    free(doc);
    /* a field with years counts one column per year */
    const char years[] = L("ruleset: lim") L("key: id") L("fields:") L("  id: {type: text}")
        L("  inc: {type: number, years: [2019, 2020, 2021]}") L("  n: {type: number}");
    lim.fields = 5;
    expect_ok(years, strlen(years), &lim);
    lim.fields = 4;
    expect_limit(years, strlen(years), &lim, 6, 3,
                 "more than 4 columns (limit fields; a field with years has a column for each)");
    lim.fields = 3;
    expect_limit(years, strlen(years), &lim, 5, 3,
                 "more than 3 columns (limit fields; a field with years has a column for each)");
    /* criteria */
    doc = generate(L("criteria:"), "  c%zu: x > %zu\n", 5, &len);
    lim.criteria = 5;
    expect_ok(doc, len, &lim);
    lim.criteria = 4;
    expect_limit(doc, len, &lim, 7, 3, "more than 4 criteria (limit criteria)");
    free(doc);
    /* tier levels */
    doc = generate(L("tiers:") L("  levels:"), "    - {id: l%zu, quota: %zu}\n", 4, &len);
    lim.tier_levels = 4;
    expect_ok(doc, len, &lim);
    lim.tier_levels = 3;
    expect_limit(doc, len, &lim, 8, 5, "more than 3 tier levels (limit tier_levels)");
    free(doc);
    /* targets */
    doc = generate(L("targets:"), "  - {id: t%zu, require: count() >= %zu}\n", 3, &len);
    lim.targets = 3;
    expect_ok(doc, len, &lim);
    lim.targets = 2;
    expect_limit(doc, len, &lim, 7, 3, "more than 2 targets (limit targets)");
    free(doc);
}

/* The defaults as the issue's bad inputs meet them: 10000 criteria load,
 * 10001 do not; 1000 tier levels load, 1001 do not. */
static void test_default_counts(void **state)
{
    (void)state;
    size_t len;
    char *doc = generate(L("criteria:"), "  c%zu: x > %zu\n", 10000, &len);
    expect_ok(doc, len, NULL);
    free(doc);
    doc = generate(L("criteria:"), "  c%zu: x > %zu\n", 10001, &len);
    expect_limit(doc, len, NULL, 7, 3, "more than 10000 criteria (limit criteria)");
    free(doc);
    doc = generate(L("tiers:") L("  levels:"), "    - {id: l%zu, quota: %zu}\n", 1000, &len);
    expect_ok(doc, len, NULL);
    free(doc);
    doc = generate(L("tiers:") L("  levels:"), "    - {id: l%zu, quota: %zu}\n", 1001, &len);
    expect_limit(doc, len, NULL, 8, 5, "more than 1000 tier levels (limit tier_levels)");
    free(doc);
}

/* Every limit error also goes to the diagnostic callback, once. */
static void count_diagnostics(void *ud, const score_error *err)
{
    int *n = ud;
    assert_int_equal(err->code, SCORE_ELIMIT);
    ++*n;
}

static void test_limit_through_diagnostics(void **state)
{
    (void)state;
    score_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.document_bytes = 10;
    int n = 0;
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.limits = &lim;
    o.diagnostic = count_diagnostics;
    o.diagnostic_ud = &n;
    score_ruleset *rs;
    assert_int_equal(score_ruleset_load_string(&rs, head, strlen(head), NULL, &o, NULL),
                     SCORE_ELIMIT);
    assert_int_equal(n, 1);
    lim.document_bytes = 0;
    lim.criteria = 1;
    n = 0;
    size_t len;
    char *doc = generate(L("criteria:"), "  c%zu: x > %zu\n", 2, &len);
    assert_int_equal(score_ruleset_load_string(&rs, doc, len, NULL, &o, NULL), SCORE_ELIMIT);
    assert_int_equal(n, 1);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_kept_by_the_ruleset),
        cmocka_unit_test(test_document_bytes),
        cmocka_unit_test(test_document_bytes_file),
        cmocka_unit_test(test_expression_bytes),
        cmocka_unit_test(test_raised_expression_bytes_explained),
        cmocka_unit_test(test_expression_depth),
        cmocka_unit_test(test_nesting_never_exhausts_the_stack),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_default_counts),
        cmocka_unit_test(test_limit_through_diagnostics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
