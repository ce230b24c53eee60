/*
 * The ruleset loader through the public API: every load error with its
 * exact code, line, column and message, all errors through the diagnostic
 * callback, metadata accessors, param overrides, options, files, and
 * allocation failures.
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

#include "schema.h"
#include "score/score.h"
#include "suggest.h"

#define L(s) s "\n"

/* ---- helpers ---- */

typedef struct diag_list {
    int n;
    score_error e[16];
} diag_list;

static void collect(void *ud, const score_error *err)
{
    diag_list *d = ud;
    if (d->n < 16)
        d->e[d->n] = *err;
    d->n++;
}

/* Check an error: code, position and that every given word is in the
 * message. `at` is the caller's line, printed on failure. */
static void check_err_at(int at, const score_error *e, score_code code, int line, int col, ...)
{
    int ok = e->code == code && e->line == line && e->column == col;
    va_list ap;
    va_start(ap, col);
    const char *w;
    const char *missing = NULL;
    while ((w = va_arg(ap, const char *)) != NULL) {
        if (!strstr(e->message, w)) {
            ok = 0;
            missing = w;
        }
    }
    va_end(ap);
    if (!ok)
        fail_msg("test line %d: expected code %d at %d:%d%s%s; got code %d at %d:%d: %s", at,
                 (int)code, line, col, missing ? " with word " : "", missing ? missing : "",
                 (int)e->code, e->line, e->column, e->message);
}

#define CHECK_ERR(e, code, line, col, ...) \
    check_err_at(__LINE__, (e), (code), (line), (col), __VA_ARGS__, (const char *)NULL)

static int load(const char *doc, score_ruleset **rs, const score_load_options *opts,
                score_error *err)
{
    return score_ruleset_load_string(rs, doc, strlen(doc), NULL, opts, err);
}

/* Load a document that must fail with exactly one error; return it. */
static score_error load_fail_one(int at, const char *doc, score_code code)
{
    score_ruleset *rs = (score_ruleset *)&rs; /* must be reset to NULL */
    score_error err;
    memset(&err, 0, sizeof err);
    diag_list d;
    memset(&d, 0, sizeof d);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.diagnostic = collect;
    o.diagnostic_ud = &d;
    int rc = load(doc, &rs, &o, &err);
    if (rc != (int)code || rs != NULL || d.n != 1)
        fail_msg("test line %d: rc %d (want %d), %d diagnostics (want 1), first: %d:%d: %s", at,
                 rc, (int)code, d.n, err.line, err.column, err.message);
    assert_string_equal(err.source, "<string>");
    /* the callback saw the same error that was stored */
    assert_int_equal(d.e[0].code, err.code);
    assert_int_equal(d.e[0].line, err.line);
    assert_int_equal(d.e[0].column, err.column);
    assert_string_equal(d.e[0].message, err.message);
    return err;
}

#define FAIL_ONE(doc, code) load_fail_one(__LINE__, (doc), (code))

static score_ruleset *load_ok(int at, const char *doc, const score_load_options *opts)
{
    score_ruleset *rs = NULL;
    score_error err;
    memset(&err, 0, sizeof err);
    int rc = load(doc, &rs, opts, &err);
    if (rc != 0 || !rs)
        fail_msg("test line %d: load failed with %d: %d:%d: %s", at, rc, err.line, err.column,
                 err.message);
    return rs;
}

#define LOAD_OK(doc, opts) load_ok(__LINE__, (doc), (opts))

/* The common head of many documents: lines 1-4. */
#define HEAD L("ruleset: r") L("key: id") L("fields:") L("  id: {type: text}")

/* ---- document structure ---- */

static void test_unknown_top_level_key(void **state)
{
    (void)state;
    score_error e = FAIL_ONE(HEAD L("colour: red"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 1, "unknown key 'colour'", "a ruleset", "expected:", "fields");
}

static void test_unknown_keys_reported_all_in_order(void **state)
{
    (void)state;
    const char *doc = L("ruleset: r")                     /* 1 */
        L("key: id")                                      /* 2 */
        L("params:")                                      /* 3 */
        L("  p: {value: 1, lable: x}")                    /* 4 */
        L("fields:")                                      /* 5 */
        L("  id: {type: text, colour: red}")              /* 6 */
        L("  n: {type: number}")                          /* 7 */
        L("criteria:")                                    /* 8 */
        L("  c: {when: n > p, extra: 1}")                 /* 9 */
        L("  d: n > missing_name");                       /* 10 */
    diag_list d;
    memset(&d, 0, sizeof d);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.diagnostic = collect;
    o.diagnostic_ud = &d;
    score_ruleset *rs = NULL;
    score_error err;
    assert_int_equal(load(doc, &rs, &o, &err), SCORE_ESYNTAX);
    assert_null(rs);
    assert_int_equal(d.n, 4);
    CHECK_ERR(&d.e[0], SCORE_ESYNTAX, 4, 17, "unknown key 'lable'", "a param");
    CHECK_ERR(&d.e[1], SCORE_ESYNTAX, 6, 20, "unknown key 'colour'", "a field");
    CHECK_ERR(&d.e[2], SCORE_ESYNTAX, 9, 20, "unknown key 'extra'", "a criterion");
    CHECK_ERR(&d.e[3], SCORE_ERULE, 10, 10, "unknown name 'missing_name'");
    /* err keeps the first one */
    CHECK_ERR(&err, SCORE_ESYNTAX, 4, 17, "unknown key 'lable'");

    /* Without a callback: the same first error, nothing else. */
    memset(&err, 0, sizeof err);
    assert_int_equal(load(doc, &rs, NULL, &err), SCORE_ESYNTAX);
    assert_null(rs);
    CHECK_ERR(&err, SCORE_ESYNTAX, 4, 17, "unknown key 'lable'");
    /* And with no error struct at all, just the code. */
    assert_int_equal(load(doc, &rs, NULL, NULL), SCORE_ESYNTAX);
    assert_null(rs);
}

static void test_missing_required_keys(void **state)
{
    (void)state;
    score_error e;
    e = FAIL_ONE(L("key: id") L("fields:") L("  id: {type: text}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 1, 1, "needs a 'ruleset'");
    e = FAIL_ONE(L("ruleset: r") L("fields:") L("  id: {type: text}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 1, 1, "needs a 'key'");

    /* No fields: reported, and the key then names no field. */
    diag_list d;
    memset(&d, 0, sizeof d);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.diagnostic = collect;
    o.diagnostic_ud = &d;
    score_ruleset *rs = NULL;
    score_error err;
    assert_int_equal(load(L("ruleset: r") L("key: id"), &rs, &o, &err), SCORE_ESYNTAX);
    assert_null(rs);
    assert_int_equal(d.n, 2);
    CHECK_ERR(&d.e[0], SCORE_ESYNTAX, 1, 1, "needs a 'fields'");
    CHECK_ERR(&d.e[1], SCORE_ERULE, 2, 6, "the key \"id\" names no field");

    /* Not a mapping at all. */
    e = FAIL_ONE(L("- a") L("- b"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 1, 1, "a ruleset document is a mapping");
    /* fields not a mapping: reported at the list (later errors follow
     * from the missing fields) */
    memset(&err, 0, sizeof err);
    assert_int_equal(load(L("ruleset: r") L("key: id") L("fields: [id]"), &rs, NULL, &err),
                     SCORE_ESYNTAX);
    assert_null(rs);
    CHECK_ERR(&err, SCORE_ESYNTAX, 3, 9, "fields must be a mapping", "a list");

    /* criteria are optional */
    rs = LOAD_OK(HEAD, NULL);
    assert_int_equal(score_ruleset_criterion_count(rs), 0);
    assert_int_equal(score_ruleset_param_count(rs), 0);
    score_ruleset_free(rs);
}

static void test_yaml_level_errors(void **state)
{
    (void)state;
    score_error e;
    /* Duplicate keys in one mapping. */
    e = FAIL_ONE(HEAD L("  n: {type: number}") L("  n: {type: bool}"), SCORE_ESYNTAX);
    assert_int_equal(e.line, 6);
    assert_non_null(strstr(e.message, "duplicate key \"n\""));
    assert_non_null(strstr(e.message, "line 5"));
    /* Malformed YAML: one error, through the callback too. */
    e = FAIL_ONE(L("ruleset: [r") L("key: id"), SCORE_ESYNTAX);
    assert_true(e.line >= 1);
}

/* A YAML syntax error reaches the diagnostic callback even when the
 * caller gives no score_error (found as a bug once). */
static void test_diagnostic_without_err(void **state)
{
    (void)state;
    diag_list d;
    memset(&d, 0, sizeof d);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.diagnostic = collect;
    o.diagnostic_ud = &d;
    score_ruleset *rs = NULL;
    /* an error after parsing: reported without err (this part passes) */
    assert_int_equal(load(HEAD L("colour: red"), &rs, &o, NULL), SCORE_ESYNTAX);
    assert_int_equal(d.n, 1);
    CHECK_ERR(&d.e[0], SCORE_ESYNTAX, 5, 1, "unknown key 'colour'");
    /* a YAML error: the same is expected */
    memset(&d, 0, sizeof d);
    assert_int_equal(load(L("ruleset: [r") L("key: id"), &rs, &o, NULL), SCORE_ESYNTAX);
    assert_null(rs);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.e[0].code, SCORE_ESYNTAX);
}

/* ---- fields ---- */

static void test_field_type_errors(void **state)
{
    (void)state;
    score_error e;
    e = FAIL_ONE(HEAD L("  n: {label: 人数}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 6, "a field needs a 'type'");
    e = FAIL_ONE(HEAD L("  n:") L("    label: 人数"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 6, 5, "a field needs a 'type'");
    e = FAIL_ONE(HEAD L("  n: {type: integer}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 13, "bool, number or text, not \"integer\"",
              "did you mean number?");
    e = FAIL_ONE(HEAD L("  n: {type: txt}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 13, "not \"txt\" (did you mean text?)");
    e = FAIL_ONE(HEAD L("  n: {type: date-time}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 13, "a field's type is bool, number or text, not \"date-time\"");
    assert_null(strstr(e.message, "did you mean"));
    e = FAIL_ONE(HEAD L("  n: {type: [number]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 13, "type must be a scalar");
    e = FAIL_ONE(HEAD L("  n: number"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 6, "a field must be a mapping", "a scalar");
}

static void test_field_years_errors(void **state)
{
    (void)state;
    score_error e;
    /* "  inc: {type: number, years: " is 29 characters */
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: 2019}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 30, "years must be a list");
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: []}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 30, "years must be a list");
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: [2020, 2019]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 37, "increasing order");
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: [2019, 2019]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 37, "increasing order");
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: [2019, 2020.5]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 37, "whole number");
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: [2019, abc]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 37, "whole number");
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: [2019, [2020]]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 37, "whole number");
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: [999]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 31, "1000 to 9999");
}

/* ---- names ---- */

static void test_duplicate_names(void **state)
{
    (void)state;
    const char *doc = L("ruleset: r")   /* 1 */
        L("key: id")                    /* 2 */
        L("params:")                    /* 3 */
        L("  x: {value: 1}")            /* 4 */
        L("fields:")                    /* 5 */
        L("  id: {type: text}")         /* 6 */
        L("  x: {type: number}")        /* 7 */
        L("  y: {type: bool}")          /* 8 */
        L("criteria:")                  /* 9 */
        L("  y: x > 1")                 /* 10 */
        L("  z: y")                     /* 11 */
        L("  x: y");                    /* 12 */
    diag_list d;
    memset(&d, 0, sizeof d);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.diagnostic = collect;
    o.diagnostic_ud = &d;
    score_ruleset *rs = NULL;
    score_error err;
    assert_int_equal(load(doc, &rs, &o, &err), SCORE_ERULE);
    assert_null(rs);
    assert_int_equal(d.n, 3);
    CHECK_ERR(&d.e[0], SCORE_ERULE, 7, 3, "'x' is already declared as a param");
    CHECK_ERR(&d.e[1], SCORE_ERULE, 10, 3, "'y' is already declared as a field");
    CHECK_ERR(&d.e[2], SCORE_ERULE, 12, 3, "'x' is already declared as a param");

    /* criterion after criterion of the same name is a YAML duplicate;
     * a criterion named like a field declared in params order too */
    score_error e = FAIL_ONE(HEAD L("  ok: {type: bool}") L("criteria:") L("  ok: true"),
                             SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 7, 3, "'ok' is already declared as a field");
}

static void test_invalid_names(void **state)
{
    (void)state;
    diag_list d;
    memset(&d, 0, sizeof d);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.diagnostic = collect;
    o.diagnostic_ud = &d;
    score_ruleset *rs = NULL;
    score_error err;
    const char *doc = HEAD L("  and: {type: bool}") /* 5 */
        L("  2x: {type: number}")                   /* 6 */
        L("  a-b: {type: number}")                  /* 7 */
        L("criteria:")                              /* 8 */
        L("  or: true")                             /* 9 */
        L("  null: true");                          /* 10 */
    assert_int_equal(load(doc, &rs, &o, &err), SCORE_ERULE);
    assert_null(rs);
    assert_int_equal(d.n, 5);
    CHECK_ERR(&d.e[0], SCORE_ERULE, 5, 3, "'and' is not a valid name");
    CHECK_ERR(&d.e[1], SCORE_ERULE, 6, 3, "'2x' is not a valid name", "not starting with a digit");
    CHECK_ERR(&d.e[2], SCORE_ERULE, 7, 3, "'a-b' is not a valid name");
    CHECK_ERR(&d.e[3], SCORE_ERULE, 9, 3, "'or' is not a valid name");
    CHECK_ERR(&d.e[4], SCORE_ERULE, 10, 3, "'null' is not a valid name");

    score_error e = FAIL_ONE(L("ruleset: r") L("key: id") L("params:") L("  in: 3") L("fields:")
                                 L("  id: {type: text}"),
                             SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 4, 3, "'in' is not a valid name");

    /* Unicode letters and underscores are fine */
    rs = LOAD_OK(HEAD L("  集体收入: {type: number}") L("  _x1: {type: number}")
                     L("criteria:") L("  达标: 集体收入 > _x1"),
                 NULL);
    assert_string_equal(score_ruleset_field_id(rs, 1), "集体收入");
    assert_string_equal(score_ruleset_criterion_id(rs, 0), "达标");
    score_ruleset_free(rs);
}

static void test_label_clashes(void **state)
{
    (void)state;
    score_error e;
    e = FAIL_ONE(HEAD L("  a: {type: number, label: 人口}") L("  b: {type: number, label: 人口}"),
                 SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 6, 3, "the label '人口' of field 'b'", "label of field 'a'");
    /* a label equal to another field's id: reported at whichever of the
     * two fields comes later in the document */
    e = FAIL_ONE(HEAD L("  a: {type: number, label: b}") L("  b: {type: number}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 6, 3, "'b' of field 'b'", "label of field 'a'", "tell them apart");
    e = FAIL_ONE(HEAD L("  a: {type: number}") L("  b: {type: number, label: a}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 6, 3, "the label 'a' of field 'b'", "id of field 'a'");
    /* A label equal to the field's own id is harmless. */
    score_ruleset *rs = LOAD_OK(HEAD L("  a: {type: number, label: a}"), NULL);
    assert_string_equal(score_ruleset_field_label(rs, 1), "a");
    score_ruleset_free(rs);
}

/* A plain field `inc_2019` next to a year-indexed field `inc` with years
 * [2019] would give two columns named "inc_2019", which a CSV header
 * could not tell apart. */
static void test_year_column_name_clash(void **state)
{
    (void)state;
    score_error e = FAIL_ONE(HEAD L("  inc: {type: number, years: [2019, 2020]}")
                                 L("  inc_2019: {type: number}"),
                             SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 6, 3, "'inc_2019' of field 'inc_2019'", "field 'inc'");
    /* the same through a label */
    e = FAIL_ONE(HEAD L("  inc: {type: number, years: [2019, 2020]}")
                     L("  b: {type: number, label: inc_2020}"),
                 SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 6, 3, "the label 'inc_2020' of field 'b'", "field 'inc'");
}

static void test_key_errors(void **state)
{
    (void)state;
    score_error e;
    const char *tail = L("params:") L("  p: {value: 1}") L("fields:") L("  id: {type: text}")
        L("  n: {type: number}") L("  code: {type: text, years: [2019, 2020]}");
    char doc[512];
    snprintf(doc, sizeof doc, "ruleset: r\nkey: p\n%s", tail);
    e = FAIL_ONE(doc, SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 2, 6, "the key \"p\" names no field (it is a param)");
    snprintf(doc, sizeof doc, "ruleset: r\nkey: nothing\n%s", tail);
    e = FAIL_ONE(doc, SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 2, 6, "the key \"nothing\" names no field");
    assert_null(strstr(e.message, "did you mean"));
    snprintf(doc, sizeof doc, "ruleset: r\nkey: ids\n%s", tail);
    e = FAIL_ONE(doc, SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 2, 6, "the key \"ids\" names no field (did you mean id?)");
    snprintf(doc, sizeof doc, "ruleset: r\nkey: n\n%s", tail);
    e = FAIL_ONE(doc, SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 2, 6, "plain text field");
    snprintf(doc, sizeof doc, "ruleset: r\nkey: code\n%s", tail);
    e = FAIL_ONE(doc, SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 2, 6, "plain text field");
    snprintf(doc, sizeof doc, "ruleset: r\nkey: id\n%s", tail);
    score_ruleset *rs = LOAD_OK(doc, NULL);
    assert_string_equal(score_ruleset_key(rs), "id");
    score_ruleset_free(rs);
}

/* ---- expressions ---- */

#define EXPR_HEAD                                                                       \
    L("ruleset: r") L("key: id") L("params:") L("  y: {value: 2020}") L("fields:")     \
    L("  id: {type: text}") L("  ok: {type: bool}") L("  n: {type: number}")           \
    L("  town: {type: text}") L("  inc: {type: number, years: [2019, 2020]}")          \
    L("criteria:") L("  c:") /* lines 1-12; `when` on line 13 */

static void test_expression_syntax_positions(void **state)
{
    (void)state;
    score_error e;
    /* plain scalar: "    when: " is 10 characters, the text starts at 11 */
    e = FAIL_ONE(EXPR_HEAD L("    when: ok and and ok"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 18, "expected", "found 'and'");
    /* double-quoted: the text starts after the quote, at 12 */
    e = FAIL_ONE(EXPR_HEAD L("    when: \"ok and = ok\""), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 19, "'=' is not an operator");
    /* single-quoted */
    e = FAIL_ONE(EXPR_HEAD L("    when: 'ok || ok | ok'"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 21, "'|' is not an operator");
    /* flow mapping: "  c: {when: " is 12 characters, quote at 13 */
    e = FAIL_ONE(L("ruleset: r") L("key: id") L("fields:") L("  id: {type: text}")
                     L("  ok: {type: bool}") L("criteria:") L("  c: {when: \"ok and = ok\"}"),
                 SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 7, 21, "'=' is not an operator");
    /* literal block: the error on its second line, indented by 6 */
    e = FAIL_ONE(EXPR_HEAD L("    when: |") L("      ok and") L("      (ok or = ok)"),
                 SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 15, 14, "'=' is not an operator");
    /* literal block whose indicator stands on a later line than `when:` */
    e = FAIL_ONE(EXPR_HEAD L("    when:") L("      |") L("        ok and") L("        ok ok"),
                 SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 16, 12, "expected an operator or the end", "found name");
    /* a tagged scalar: the text starts after the tag */
    e = FAIL_ONE(EXPR_HEAD L("    when: !!str ok and and ok"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 24, "found 'and'");
    /* the end of the expression: position just past the text */
    e = FAIL_ONE(EXPR_HEAD L("    when: ok and (ok"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 21, "expected ')'", "end of expression");
    /* columns count characters, not bytes */
    e = FAIL_ONE(EXPR_HEAD L("    when: town == \"孝泉镇\" and = ok"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 29, "'=' is not an operator");
    /* lexer errors */
    e = FAIL_ONE(EXPR_HEAD L("    when: n > 3元"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 15, "malformed number '3元'");
    e = FAIL_ONE(EXPR_HEAD L("    when: town == \"abc"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 19, "unterminated text");
    e = FAIL_ONE(EXPR_HEAD L("    when: n < 1 < 2"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 17, "comparisons do not chain");
    e = FAIL_ONE(EXPR_HEAD L("    when: \"\""), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 13, 12, "empty expression");
}

static void test_expression_name_and_type_errors(void **state)
{
    (void)state;
    score_error e;
    e = FAIL_ONE(EXPR_HEAD L("    when: ok and nope"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 18, "unknown name 'nope'");
    e = FAIL_ONE(EXPR_HEAD L("    when: n + ok > 1"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 15, "'+' needs a number", "found a bool");
    e = FAIL_ONE(EXPR_HEAD L("    when: town == 3"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 16, "'==' compares a text with a number");
    e = FAIL_ONE(EXPR_HEAD L("    when: ok and n"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 18, "'and' needs a bool", "found a number");
    e = FAIL_ONE(EXPR_HEAD L("    when: nofunc(n) > 1"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 11, "unknown function 'nofunc'");
    e = FAIL_ONE(EXPR_HEAD L("    when: between(n, 1) "), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 11, "between() takes 3 arguments, found 2");
    /* aggregates belong to targets */
    e = FAIL_ONE(EXPR_HEAD L("    when: share(ok) > 50%"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 11, "'share' is an aggregate", "target");
    e = FAIL_ONE(EXPR_HEAD L("    when: ok and min(n) > 1"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 18, "'min' is an aggregate");
    /* a criterion must be a condition */
    e = FAIL_ONE(EXPR_HEAD L("    when: n + 1"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 11, "must be a condition (bool)", "not a number");
    e = FAIL_ONE(EXPR_HEAD L("    when: town"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 11, "must be a condition (bool)", "not a text");
}

static void test_year_index_errors(void **state)
{
    (void)state;
    score_error e;
    e = FAIL_ONE(EXPR_HEAD L("    when: inc[n] > 0"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 15, "year index must be a constant");
    e = FAIL_ONE(EXPR_HEAD L("    when: inc[2018] > 0"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 15, "'inc' has no year 2018", "2019, 2020");
    /* a computed index is reported at its operator */
    e = FAIL_ONE(EXPR_HEAD L("    when: inc[y - 2] > 0"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 17, "'inc' has no year 2018");
    e = FAIL_ONE(EXPR_HEAD L("    when: inc > 0"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 11, "'inc' has a value per year", "inc[2019]");
    e = FAIL_ONE(EXPR_HEAD L("    when: n[2019] > 0"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 11, "'n' is not a year-indexed field");
    e = FAIL_ONE(EXPR_HEAD L("    when: inc[\"2019\"] > 0"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 13, 15, "year index must be a constant");
    /* constant expressions and params are fine */
    score_ruleset *rs = LOAD_OK(EXPR_HEAD L("    when: inc[y] > inc[y - 1] and inc[2019 + 1] > 0"),
                                NULL);
    score_ruleset_free(rs);
}

static void test_criterion_cycles(void **state)
{
    (void)state;
    score_error e;
#define CYC_HEAD HEAD L("  ok: {type: bool}") L("criteria:") /* lines 1-6 */
    e = FAIL_ONE(CYC_HEAD L("  a: a"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 7, 6, "cycle", "a -> a");
    e = FAIL_ONE(CYC_HEAD L("  a: ok and b") L("  b: not a"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 7, 13, "cycle", "a -> b -> a");
    e = FAIL_ONE(CYC_HEAD L("  a: ok and b") L("  b: c") L("  c: ok or not a"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 7, 13, "cycle", "a -> b -> c -> a");
    /* a cycle that the first criterion only leads into */
    e = FAIL_ONE(CYC_HEAD L("  s: b") L("  b: ok and c") L("  c: b or ok"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 8, 13, "cycle", "b -> c -> b");
    assert_null(strstr(e.message, "s ->"));
    /* references without a cycle, in any order, are fine */
    score_ruleset *rs = LOAD_OK(CYC_HEAD L("  a: b and c") L("  b: c or ok") L("  c: ok"), NULL);
    assert_int_equal(score_ruleset_criterion_count(rs), 3);
    score_ruleset_free(rs);
#undef CYC_HEAD
}

/* ---- metadata ---- */

static const char meta_doc[] =
    L("ruleset: meta-test")                                                  /* 1 */
    L("version: \"2020.1\"")                                                 /* 2 */
    L("title: 美好乡村")                                                     /* 3 */
    L("entity: village")                                                     /* 4 */
    L("key: id")                                                             /* 5 */
    L("params:")                                                             /* 6 */
    L("  participation_min: {value: 60%, label: 群众参与率下限}")            /* 7 */
    L("  weak_line: {value: 3万, label: 薄弱村收入线}")                      /* 8 */
    L("  base_year: {value: 2019}")                                          /* 9 */
    L("  strict: {value: true, label: 严格}")                                /* 10 */
    L("  town_name: 孝泉镇")                                                 /* 11 */
    L("  quoted_num: {value: \"2021\"}")                                     /* 12 */
    L("fields:")                                                             /* 13 */
    L("  id: {type: text, label: 村代码}")                                   /* 14 */
    L("  applied: {type: bool, label: 申报创建}")                            /* 15 */
    L("  participation: {type: number}")                                     /* 16 */
    L("  集体收入: {type: number, label: 村集体经济收入, years: [2019, 2020, 2021]}") /* 17 */
    L("  town: {type: text, label: 镇}")                                     /* 18 */
    L("criteria:")                                                           /* 19 */
    L("  zeta: {label: 最后, when: alpha and applied}")                      /* 20 */
    L("  alpha:")                                                            /* 21 */
    L("    label: 参与率达标")                                               /* 22 */
    L("    when: participation >= participation_min")                        /* 23 */
    L("  weak: 集体收入[base_year] < weak_line")                             /* 24 */
    L("  in_town: \"town == town_name\"");                                   /* 25 */

static const char meta_json[] =
    "{\"ruleset\": \"meta-test\", \"version\": \"2020.1\", \"title\": \"美好乡村\",\n"
    " \"entity\": \"village\", \"key\": \"id\",\n"
    " \"params\": {\"participation_min\": {\"value\": 0.6, \"label\": \"群众参与率下限\"},\n"
    "            \"weak_line\": {\"value\": 30000, \"label\": \"薄弱村收入线\"},\n"
    "            \"base_year\": {\"value\": 2019},\n"
    "            \"strict\": {\"value\": true, \"label\": \"严格\"},\n"
    "            \"town_name\": \"孝泉镇\",\n"
    "            \"quoted_num\": {\"value\": \"2021\"}},\n"
    " \"fields\": {\"id\": {\"type\": \"text\", \"label\": \"村代码\"},\n"
    "            \"applied\": {\"type\": \"bool\", \"label\": \"申报创建\"},\n"
    "            \"participation\": {\"type\": \"number\"},\n"
    "            \"集体收入\": {\"type\": \"number\", \"label\": \"村集体经济收入\", \"years\": [2019, 2020, 2021]},\n"
    "            \"town\": {\"type\": \"text\", \"label\": \"镇\"}},\n"
    " \"criteria\": {\"zeta\": {\"label\": \"最后\", \"when\": \"alpha and applied\"},\n"
    "              \"alpha\": {\"label\": \"参与率达标\", \"when\": \"participation >= participation_min\"},\n"
    "              \"weak\": \"集体收入[base_year] < weak_line\",\n"
    "              \"in_town\": \"town == town_name\"}}\n";

static void check_meta(const score_ruleset *rs, int json)
{
    assert_string_equal(score_ruleset_id(rs), "meta-test");
    assert_string_equal(score_ruleset_version(rs), "2020.1");
    assert_string_equal(score_ruleset_title(rs), "美好乡村");
    assert_string_equal(score_ruleset_entity(rs), "village");
    assert_string_equal(score_ruleset_key(rs), "id");

    assert_int_equal(score_ruleset_field_count(rs), 5);
    static const char *const ids[] = {"id", "applied", "participation", "集体收入", "town"};
    static const char *const labels[] = {"村代码", "申报创建", "", "村集体经济收入", "镇"};
    static const score_type types[] = {SCORE_TYPE_TEXT, SCORE_TYPE_BOOL, SCORE_TYPE_NUMBER,
                                       SCORE_TYPE_NUMBER, SCORE_TYPE_TEXT};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(score_ruleset_field_id(rs, i), ids[i]);
        assert_string_equal(score_ruleset_field_label(rs, i), labels[i]);
        assert_int_equal(score_ruleset_field_type(rs, i), types[i]);
        size_t n = 99;
        const int *years = score_ruleset_field_years(rs, i, &n);
        if (i == 3) {
            assert_int_equal(n, 3);
            assert_non_null(years);
            assert_int_equal(years[0], 2019);
            assert_int_equal(years[1], 2020);
            assert_int_equal(years[2], 2021);
        } else {
            assert_int_equal(n, 0);
            assert_null(years);
        }
    }
    assert_null(score_ruleset_field_id(rs, 5));
    assert_null(score_ruleset_field_label(rs, 5));

    assert_int_equal(score_ruleset_criterion_count(rs), 4);
    static const char *const cids[] = {"zeta", "alpha", "weak", "in_town"};
    static const char *const clabels[] = {"最后", "参与率达标", "", ""};
    static const char *const exprs[] = {"alpha and applied", "participation >= participation_min",
                                        "集体收入[base_year] < weak_line", "town == town_name"};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(score_ruleset_criterion_id(rs, i), cids[i]);
        assert_string_equal(score_ruleset_criterion_label(rs, i), clabels[i]);
        assert_string_equal(score_ruleset_criterion_expr(rs, i), exprs[i]);
        assert_int_equal(score_ruleset_criterion_index(rs, cids[i]), i);
    }
    assert_null(score_ruleset_criterion_id(rs, 4));
    assert_int_equal(score_ruleset_criterion_index(rs, "nope"), (size_t)-1);
    assert_int_equal(score_ruleset_criterion_index(rs, "applied"), (size_t)-1);
    assert_int_equal(score_ruleset_criterion_index(rs, NULL), (size_t)-1);

    assert_int_equal(score_ruleset_param_count(rs), 6);
    static const char *const pnames[] = {"participation_min", "weak_line", "base_year",
                                         "strict", "town_name", "quoted_num"};
    static const char *const plabels[] = {"群众参与率下限", "薄弱村收入线", "", "严格", "", ""};
    /* canonical literal text: 60% -> 0.6, 3万 -> 30000; a quoted
     * "2021" is text */
    static const char *const pvalues[] = {"0.6", "30000", "2019", "true", "孝泉镇", "2021"};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(score_ruleset_param_name(rs, i), pnames[i]);
        assert_string_equal(score_ruleset_param_label(rs, i), plabels[i]);
        assert_string_equal(score_ruleset_param_value(rs, i), pvalues[i]);
        assert_string_equal(score_ruleset_param_default(rs, i), pvalues[i]);
    }
    assert_null(score_ruleset_param_name(rs, 6));
    assert_null(score_ruleset_param_value(rs, 6));
    (void)json;
}

static void test_metadata(void **state)
{
    (void)state;
    score_ruleset *rs = LOAD_OK(meta_doc, NULL);
    check_meta(rs, 0);
    score_ruleset_free(rs);
    score_ruleset_free(NULL);

    /* absent metadata is "" */
    rs = LOAD_OK(HEAD, NULL);
    assert_string_equal(score_ruleset_id(rs), "r");
    assert_string_equal(score_ruleset_version(rs), "");
    assert_string_equal(score_ruleset_title(rs), "");
    assert_string_equal(score_ruleset_entity(rs), "");
    assert_string_equal(score_ruleset_field_label(rs, 0), "");
    score_ruleset_free(rs);
}

/* ---- JSON ---- */

static void test_json_loads_like_yaml(void **state)
{
    (void)state;
    score_ruleset *rs = LOAD_OK(meta_json, NULL);
    check_meta(rs, 1);
    score_ruleset_free(rs);

    /* Positions inside a JSON string: the text starts after the quote. */
    const char *bad = L("{")                                                     /* 1 */
        L("  \"ruleset\": \"r\",")                                               /* 2 */
        L("  \"key\": \"id\",")                                                  /* 3 */
        L("  \"fields\": {\"id\": {\"type\": \"text\"}, \"ok\": {\"type\": \"bool\"}},") /* 4 */
        L("  \"criteria\": {\"c\": {\"when\": \"ok and = ok\"}}")                /* 5 */
        L("}");                                                                  /* 6 */
    score_error e = FAIL_ONE(bad, SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 38, "'=' is not an operator");
    const char *unknown = L("{\"ruleset\": \"r\", \"key\": \"id\", \"fields\": {\"id\": {\"type\": \"text\"}},")
        L(" \"colour\": 1}");
    e = FAIL_ONE(unknown, SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 2, 2, "unknown key 'colour'");
}

/* ---- params ---- */

static int eval_one(const score_ruleset *rs, const char *csv, size_t crit, size_t row)
{
    score_table *t = NULL;
    score_result *r = NULL;
    score_error err;
    if (score_table_parse_csv(&t, rs, csv, strlen(csv), "t.csv", &err))
        fail_msg("csv: %s", err.message);
    if (score_evaluate(&r, rs, t, &err))
        fail_msg("evaluate: %s", err.message);
    int v = (int)score_result_verdict(r, crit, row);
    score_result_free(r);
    score_table_free(t);
    return v;
}

static const char meta_csv[] =
    L("id,applied,participation,集体收入_2019,集体收入_2020,集体收入_2021,town")
    L("A,1,65%,25000,45000,,孝泉镇")
    L("B,1,75%,45000,25000,,黄许镇");

enum { ZETA, ALPHA, WEAK, IN_TOWN };

/* A param's value spelled null in any of YAML's ways (null, Null, NULL,
 * ~, nothing) is no value, as in a cases file; quoted, it is text. */
static void test_param_null_spellings(void **state)
{
    (void)state;
    static const char doc[] = HEAD L("params:") L("  a: null") L("  b: Null") L("  c: NULL")
        L("  d: ~") L("  e:") L("  f: {value: NULL, label: 空}") L("  g: \"NULL\"");
    score_ruleset *rs = NULL;
    score_error err;
    diag_list d;
    memset(&d, 0, sizeof d);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.diagnostic = collect;
    o.diagnostic_ud = &d;
    assert_int_equal(load(doc, &rs, &o, &err), SCORE_ESYNTAX);
    assert_null(rs);
    assert_int_equal(d.n, 6);
    CHECK_ERR(&d.e[0], SCORE_ESYNTAX, 6, 6, "a param needs a value");
    CHECK_ERR(&d.e[1], SCORE_ESYNTAX, 7, 6, "a param needs a value");
    CHECK_ERR(&d.e[2], SCORE_ESYNTAX, 8, 6, "a param needs a value");
    CHECK_ERR(&d.e[3], SCORE_ESYNTAX, 9, 6, "a param needs a value");
    CHECK_ERR(&d.e[4], SCORE_ESYNTAX, 10, 5, "a param needs a value");
    CHECK_ERR(&d.e[5], SCORE_ESYNTAX, 11, 14, "a param needs a value");

    static const char quoted[] = HEAD L("params:") L("  g: \"NULL\"") L("  h: 'null'")
        L("criteria:") L("  c: g == \"NULL\" and h == \"null\"");
    rs = LOAD_OK(quoted, NULL);
    assert_int_equal(score_ruleset_param_count(rs), 2);
    assert_string_equal(score_ruleset_param_value(rs, 0), "NULL");
    assert_string_equal(score_ruleset_param_value(rs, 1), "null");
    score_ruleset_free(rs);
}

static void test_param_overrides(void **state)
{
    (void)state;
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;

    /* defaults: participation >= 60%, 2019 income < 3万, town 孝泉镇 */
    score_ruleset *rs = LOAD_OK(meta_doc, &o);
    assert_int_equal(eval_one(rs, meta_csv, ALPHA, 0), SCORE_TRUE);
    assert_int_equal(eval_one(rs, meta_csv, ALPHA, 1), SCORE_TRUE);
    assert_int_equal(eval_one(rs, meta_csv, ZETA, 0), SCORE_TRUE);
    assert_int_equal(eval_one(rs, meta_csv, WEAK, 0), SCORE_TRUE);
    assert_int_equal(eval_one(rs, meta_csv, WEAK, 1), SCORE_FALSE);
    assert_int_equal(eval_one(rs, meta_csv, IN_TOWN, 0), SCORE_TRUE);
    assert_int_equal(eval_one(rs, meta_csv, IN_TOWN, 1), SCORE_FALSE);
    score_ruleset_free(rs);

    /* set 1: 70%, base year 2020, a bare text */
    const score_param set1[] = {{"participation_min", "70%"},
                                {"base_year", "2020"},
                                {"town_name", "黄许镇"},
                                {"strict", "false"}};
    o.params = set1;
    o.param_count = 4;
    rs = LOAD_OK(meta_doc, &o);
    assert_string_equal(score_ruleset_param_value(rs, 0), "0.7");
    assert_string_equal(score_ruleset_param_default(rs, 0), "0.6");
    assert_string_equal(score_ruleset_param_value(rs, 2), "2020");
    assert_string_equal(score_ruleset_param_default(rs, 2), "2019");
    assert_string_equal(score_ruleset_param_value(rs, 3), "false");
    assert_string_equal(score_ruleset_param_default(rs, 3), "true");
    assert_string_equal(score_ruleset_param_value(rs, 4), "黄许镇");
    assert_string_equal(score_ruleset_param_default(rs, 4), "孝泉镇");
    assert_string_equal(score_ruleset_param_value(rs, 1), "30000"); /* untouched */
    assert_int_equal(eval_one(rs, meta_csv, ALPHA, 0), SCORE_FALSE); /* 65% < 70% */
    assert_int_equal(eval_one(rs, meta_csv, ALPHA, 1), SCORE_TRUE);
    assert_int_equal(eval_one(rs, meta_csv, ZETA, 0), SCORE_FALSE);
    assert_int_equal(eval_one(rs, meta_csv, ZETA, 1), SCORE_TRUE);
    assert_int_equal(eval_one(rs, meta_csv, WEAK, 0), SCORE_FALSE); /* 2020: 45000 */
    assert_int_equal(eval_one(rs, meta_csv, WEAK, 1), SCORE_TRUE);  /* 2020: 25000 */
    assert_int_equal(eval_one(rs, meta_csv, IN_TOWN, 0), SCORE_FALSE);
    assert_int_equal(eval_one(rs, meta_csv, IN_TOWN, 1), SCORE_TRUE);
    score_ruleset_free(rs);

    /* set 2: 5万, a quoted text, a quoted number for a text param */
    const score_param set2[] = {{"weak_line", "5万"},
                                {"town_name", "\"黄许镇\""},
                                {"quoted_num", "'2022'"},
                                {"strict", "true"}};
    o.params = set2;
    o.param_count = 4;
    rs = LOAD_OK(meta_doc, &o);
    assert_string_equal(score_ruleset_param_value(rs, 1), "50000");
    assert_string_equal(score_ruleset_param_default(rs, 1), "30000");
    assert_string_equal(score_ruleset_param_value(rs, 4), "黄许镇");
    assert_string_equal(score_ruleset_param_value(rs, 5), "2022");
    assert_string_equal(score_ruleset_param_default(rs, 5), "2021");
    assert_string_equal(score_ruleset_param_value(rs, 3), "true");
    assert_int_equal(eval_one(rs, meta_csv, WEAK, 0), SCORE_TRUE);  /* 25000 < 50000 */
    assert_int_equal(eval_one(rs, meta_csv, WEAK, 1), SCORE_TRUE);  /* 45000 < 50000 */
    assert_int_equal(eval_one(rs, meta_csv, IN_TOWN, 0), SCORE_FALSE);
    assert_int_equal(eval_one(rs, meta_csv, IN_TOWN, 1), SCORE_TRUE);
    score_ruleset_free(rs);

    /* the last override of a name wins */
    const score_param twice[] = {{"participation_min", "10%"}, {"participation_min", "0.7"}};
    o.params = twice;
    o.param_count = 2;
    rs = LOAD_OK(meta_doc, &o);
    assert_string_equal(score_ruleset_param_value(rs, 0), "0.7");
    score_ruleset_free(rs);
}

static void test_param_override_errors(void **state)
{
    (void)state;
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    score_ruleset *rs = NULL;
    score_error err;
    struct {
        score_param p;
        const char *word;
    } cases[] = {
        {{"nope", "1"}, "unknown param 'nope'"},
        {{"participation_min", "abc"}, "needs a number"},
        {{"participation_min", "70%%"}, "needs a number"},
        {{"weak_line", "\"3万\""}, "needs a number"},
        {{"base_year", ""}, "needs a number"},
        {{"strict", "yes"}, "needs true or false"},
        {{"strict", "1"}, "needs true or false"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        o.params = &cases[i].p;
        o.param_count = 1;
        memset(&err, 0, sizeof err);
        rs = (score_ruleset *)&rs;
        int rc = load(meta_doc, &rs, &o, &err);
        if (rc != SCORE_EPARAM)
            fail_msg("case %zu: rc %d: %s", i, rc, err.message);
        assert_null(rs);
        CHECK_ERR(&err, SCORE_EPARAM, 0, 0, cases[i].word);
        assert_non_null(strstr(err.message, cases[i].p.name));
    }

    /* An override that makes a year index invalid: reported where the
     * index stands in the document (line 24; "  weak: " is 8 characters
     * and "集体收入[" 5 more). */
    const score_param y[] = {{"base_year", "2018"}};
    o.params = y;
    o.param_count = 1;
    assert_int_equal(load(meta_doc, &rs, &o, &err), SCORE_ERULE);
    CHECK_ERR(&err, SCORE_ERULE, 24, 14, "has no year 2018");
}

/* ---- options and files ---- */

static void test_options_and_arguments(void **state)
{
    (void)state;
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.version = SCORE_LOAD_OPTIONS_VERSION + 1;
    score_ruleset *rs = (score_ruleset *)&rs;
    score_error err;
    assert_int_equal(load(HEAD, &rs, &o, &err), SCORE_EINVAL);
    assert_null(rs);
    assert_int_equal(err.code, SCORE_EINVAL);
    assert_non_null(strstr(err.message, "version"));
    rs = (score_ruleset *)&rs;
    assert_int_equal(score_ruleset_load_file(&rs, SCORE_EXAMPLES "/rulesets/clean-village.yaml",
                                             &o, &err),
                     SCORE_EINVAL);
    assert_null(rs);
    o.version = 0;
    assert_int_equal(load(HEAD, &rs, &o, &err), SCORE_EINVAL);

    assert_int_equal(score_ruleset_load_string(NULL, "x", 1, NULL, NULL, &err), SCORE_EINVAL);
    assert_int_equal(score_ruleset_load_string(&rs, NULL, 0, NULL, NULL, &err), SCORE_EINVAL);
    assert_int_equal(score_ruleset_load_file(&rs, NULL, NULL, &err), SCORE_EINVAL);

    /* a source name appears in errors */
    const char *doc = HEAD L("colour: red");
    assert_int_equal(score_ruleset_load_string(&rs, doc, strlen(doc), "mine.yaml", NULL, &err),
                     SCORE_ESYNTAX);
    assert_string_equal(err.source, "mine.yaml");
    char buf[600];
    score_error_format(&err, buf, sizeof buf);
    assert_non_null(strstr(buf, "mine.yaml:5:1: unknown key 'colour'"));

    /* len is honoured: text after it is not read */
    const char *with_tail = HEAD L("colour: red");
    rs = NULL;
    assert_int_equal(score_ruleset_load_string(&rs, with_tail, strlen(HEAD), NULL, NULL, &err), 0);
    score_ruleset_free(rs);
}

static void test_load_file(void **state)
{
    (void)state;
    score_ruleset *rs = (score_ruleset *)&rs;
    score_error err;
    const char *missing = SCORE_TEST_DATA "/rulesets/does-not-exist.yaml";
    assert_int_equal(score_ruleset_load_file(&rs, missing, NULL, &err), SCORE_EIO);
    assert_null(rs);
    assert_int_equal(err.code, SCORE_EIO);
    assert_string_equal(err.source, missing);
    assert_int_equal(err.line, 0);

    /* the example loads */
    rs = NULL;
    assert_int_equal(
        score_ruleset_load_file(&rs, SCORE_EXAMPLES "/rulesets/clean-village.yaml", NULL, &err),
        0);
    assert_string_equal(score_ruleset_id(rs), "clean-village");
    assert_int_equal(score_ruleset_criterion_count(rs), 7);
    assert_int_equal(score_ruleset_criterion_index(rs, "clean_ready"), 3);
    assert_string_equal(score_ruleset_param_value(rs, 2), "30000");
    score_ruleset_free(rs);

    /* an error in a file names the file */
    const char *bad = SCORE_TEST_DATA "/rulesets/unknown_name.yaml";
    assert_int_equal(score_ruleset_load_file(&rs, bad, NULL, &err), SCORE_ERULE);
    assert_null(rs);
    assert_string_equal(err.source, bad);
    CHECK_ERR(&err, SCORE_ERULE, 9, 32, "unknown name 'sewage_don'");
}

/* ---- allocation failures ---- */

/* params (with overrides), year fields, criteria referring to criteria
 * declared later, text literals, labels */
static const char realistic[] =
    L("ruleset: clean-village")
    L("version: \"2020.1\"")
    L("title: 美好乡村清洁村")
    L("entity: village")
    L("key: id")
    L("params:")
    L("  participation_min: {value: 60%, label: 群众参与率下限}")
    L("  messes_basic_max: {value: 3, label: 四乱上限}")
    L("  weak_income_line: {value: 3万, label: 薄弱村收入线}")
    L("  base_year: {value: 2019, label: 基准年}")
    L("  demo_name: {value: boutique_demo}")
    L("fields:")
    L("  id: {type: text, label: 村代码}")
    L("  town: {type: text, label: 镇(街道)}")
    L("  applied: {type: bool, label: 申报创建}")
    L("  sewage_done: {type: bool, label: 污水革命完成}")
    L("  toilet_done: {type: bool, label: 厕所革命完成}")
    L("  participation: {type: number, label: 群众参与率}")
    L("  messes: {type: number, label: 四乱问题点数}")
    L("  prior_tier: {type: text, label: 已获等级}")
    L("  collective_income: {type: number, label: 村集体经济收入, years: [2019, 2020, 2021]}")
    L("criteria:")
    L("  clean_ready:")
    L("    label: 达到清洁村创建要求")
    L("    when: revolutions and messes_basic and application_ok")
    L("  application_ok:")
    L("    label: 符合申报基本条件")
    L("    when: applied and participation >= participation_min")
    L("  revolutions: sewage_done && toilet_done")
    L("  messes_basic: {label: 基本消除四乱, when: messes <= messes_basic_max}")
    L("  weak_income:")
    L("    when: |")
    L("      collective_income[base_year] < weak_income_line")
    L("      and town in [\"孝泉镇\", \"黄许镇\"]")
    L("  doubled: collective_income[2021] >= 2 * collective_income[2019]")
    L("  was_demo: coalesce(prior_tier, \"\") == demo_name")
    L("  rounded: \"round(participation * 100) >= 60 ? true : is_missing(messes)\"");

/* Fail the N-th allocation for N = 1, 2, ... until a load succeeds:
 * every failure is SCORE_ENOMEM and leaks nothing. */
static void oom_loop(const char *doc, const score_param *params, size_t nparams,
                     const char *path, size_t ncriteria)
{
    long n;
    int succeeded = 0;
    for (n = 1; n < 100000 && !succeeded; n++) {
        counting c = {0, n, 0};
        score_allocator a = {c_malloc, c_realloc, c_free, &c};
        score_load_options o = SCORE_LOAD_OPTIONS_INIT;
        o.allocator = &a;
        o.params = params;
        o.param_count = nparams;
        score_ruleset *rs = (score_ruleset *)&rs;
        score_error err;
        memset(&err, 0, sizeof err);
        int rc = path ? score_ruleset_load_file(&rs, path, &o, &err) : load(doc, &rs, &o, &err);
        if (rc == 0) {
            assert_non_null(rs);
            assert_int_equal(score_ruleset_criterion_count(rs), ncriteria);
            score_ruleset_free(rs);
            succeeded = 1;
        } else {
            if (rc != SCORE_ENOMEM)
                fail_msg("allocation %ld failed: rc %d: %d:%d: %s", n, rc, err.line, err.column,
                         err.message);
            assert_null(rs);
            assert_int_equal(err.code, SCORE_ENOMEM);
        }
        if (c.live != 0)
            fail_msg("allocation %ld failed: %ld blocks leaked", n, c.live);
    }
    assert_true(succeeded);
    assert_true(n > 20); /* the loop really injected failures */
}

/* ---- did you mean ---- */

static void test_suggest(void **state)
{
    (void)state;
    const char *const names[] = {"sewage_done", "toilet_done", NULL, "", "label", "总户数"};
    const size_t n = sizeof names / sizeof names[0];
    assert_int_equal(sc_suggest("sewage_don", names, n), 0);   /* one deletion */
    assert_int_equal(sc_suggest("toliet_done", names, n), 1);  /* a swap is one edit */
    assert_int_equal(sc_suggest("lable", names, n), 4);
    assert_int_equal(sc_suggest("户数", names, n), 5);          /* contained in 总户数 */
    assert_int_equal(sc_suggest("总户数合计", names, n), 5);    /* contains it */
    assert_int_equal(sc_suggest("总户", names, n), 5);          /* one Chinese character */
    assert_int_equal(sc_suggest("income", names, n), (size_t)-1);
    assert_int_equal(sc_suggest("", names, n), (size_t)-1);
    assert_int_equal(sc_suggest("label", names, 0), (size_t)-1);
    assert_int_equal(sc_suggest("label", NULL, 3), (size_t)-1);
    /* the threshold: a third of the longer word, at least one edit */
    const char *const short_names[] = {"ab", "abcdef"};
    assert_int_equal(sc_suggest("xb", short_names, 2), 0);     /* 1 of 2 */
    assert_int_equal(sc_suggest("xy", short_names, 2), (size_t)-1);
    assert_int_equal(sc_suggest("abcxyf", short_names, 2), 1); /* 2 of 6 */
    assert_int_equal(sc_suggest("axyzef", short_names, 2), (size_t)-1);
    /* one Chinese character is one edit, not three bytes */
    const char *const zh[] = {"乡风文明得分", "乡村治理得分"};
    assert_int_equal(sc_suggest("乡风文明得", zh, 2), 0);
    assert_int_equal(sc_suggest("乡村治理分", zh, 2), 1);
    /* containment needs two characters on the shorter side, and is for
     * words outside ASCII only */
    const char *const one[] = {"数量表", "collective_income"};
    assert_int_equal(sc_suggest("数", one, 2), (size_t)-1); /* one edit of 数量表: the limit is 1 */
    assert_int_equal(sc_suggest("income", one, 2), (size_t)-1);
    /* equal: distance 0; ties: the first */
    const char *const tie[] = {"ab", "ba", "ab"};
    assert_int_equal(sc_suggest("ab", tie, 3), 0);
    assert_int_equal(sc_suggest("aa", tie, 3), 0);
    /* past 64 code points only equality counts */
    char long_a[80], long_b[80];
    memset(long_a, 'a', 70);
    long_a[70] = '\0';
    memcpy(long_b, long_a, 71);
    long_b[0] = 'b';
    const char *const longs[] = {long_b, long_a};
    assert_int_equal(sc_suggest(long_a, longs, 1), (size_t)-1);
    assert_int_equal(sc_suggest(long_a, longs, 2), 1);
}

/* ---- how fields' cells are read ---- */

#define TIERS L("tiers:") L("  levels:") L("    - {id: clean, label: 清洁村}") \
    L("    - {id: boutique_demo, label: 美好乡村精品示范村, extends: clean}")

static const sc_colspec *column(const score_ruleset *rs, const char *name)
{
    const sc_schema *sch = sc_ruleset_schema(rs);
    for (size_t i = 0; i < sch->ncols; i++)
        if (strcmp(sch->cols[i].name, name) == 0)
            return &sch->cols[i];
    fail_msg("no column %s", name);
    return NULL;
}

static void test_field_cell_rules(void **state)
{
    (void)state;
    score_ruleset *rs = LOAD_OK(
        HEAD L("  score: {type: number, unit: 分}")
        L("  income: {type: number, unit: 元, years: [2019, 2020]}")
        L("  smart: {type: bool, true_values: [有, 达标], false_values: [无]}")
        L("  grade: {type: text, values: [a, b]}")
        L("  kind:")
        L("    type: text")
        L("    values: {clean: 清洁村, tidy: 整洁村, none: }")
        L("  prior_tier: {type: text, label: 已获等级, values: tiers}")
        L("  town: {type: text}")
        L("missing_values: [\"-\", N/A, 无数据]")
        TIERS, NULL);
    const sc_colspec *c = column(rs, "score");
    assert_string_equal(c->rules.unit, "分");
    assert_null(c->rules.values);
    assert_int_equal(c->rules.true_values.count, 0);
    /* a year-indexed field's columns share its rules */
    assert_string_equal(column(rs, "income_2019")->rules.unit, "元");
    assert_ptr_equal(column(rs, "income_2019")->rules.unit, column(rs, "income_2020")->rules.unit);
    c = column(rs, "smart");
    assert_null(c->rules.unit);
    assert_int_equal(c->rules.true_values.count, 2);
    assert_string_equal(c->rules.true_values.items[0], "有");
    assert_string_equal(c->rules.true_values.items[1], "达标");
    assert_int_equal(c->rules.false_values.count, 1);
    assert_string_equal(c->rules.false_values.items[0], "无");
    const sc_valueset *vs = column(rs, "grade")->rules.values;
    assert_non_null(vs);
    assert_int_equal(vs->count, 2);
    assert_string_equal(vs->ids[0], "a");
    assert_string_equal(vs->ids[1], "b");
    assert_null(vs->labels[0]);
    assert_null(vs->labels[1]);
    vs = column(rs, "kind")->rules.values;
    assert_int_equal(vs->count, 3);
    assert_string_equal(vs->ids[0], "clean");
    assert_string_equal(vs->labels[0], "清洁村");
    assert_string_equal(vs->ids[1], "tidy");
    assert_string_equal(vs->labels[1], "整洁村");
    assert_string_equal(vs->ids[2], "none");
    assert_null(vs->labels[2]); /* an empty label is none */
    vs = column(rs, "prior_tier")->rules.values;
    assert_int_equal(vs->count, 2);
    assert_string_equal(vs->ids[0], "clean");
    assert_string_equal(vs->labels[0], "清洁村");
    assert_string_equal(vs->ids[1], "boutique_demo");
    assert_string_equal(vs->labels[1], "美好乡村精品示范村");
    c = column(rs, "town");
    assert_null(c->rules.values);
    assert_null(c->rules.unit);
    const sc_schema *sch = sc_ruleset_schema(rs);
    assert_int_equal(sch->missing_values.count, 3);
    assert_string_equal(sch->missing_values.items[0], "-");
    assert_string_equal(sch->missing_values.items[1], "N/A");
    assert_string_equal(sch->missing_values.items[2], "无数据");
    score_ruleset_free(rs);

    /* no missing_values: none listed, the defaults apply; an empty list:
     * no markers at all, which is not the same */
    rs = LOAD_OK(HEAD, NULL);
    assert_null(sc_ruleset_schema(rs)->missing_values.items);
    score_ruleset_free(rs);
    rs = LOAD_OK(HEAD L("missing_values: []"), NULL);
    assert_non_null(sc_ruleset_schema(rs)->missing_values.items);
    assert_int_equal(sc_ruleset_schema(rs)->missing_values.count, 0);
    score_ruleset_free(rs);

    /* a label equal to its own id is no clash; a tier level without a
     * label gives a value without one */
    rs = LOAD_OK(HEAD L("  k: {type: text, values: {a: a, b: 乙}}")
                 L("  p: {type: text, values: tiers}") L("tiers:") L("  levels:")
                 L("    - {id: low}") L("    - {id: high, label: 高, extends: low}"), NULL);
    vs = column(rs, "k")->rules.values;
    assert_string_equal(vs->labels[0], "a");
    vs = column(rs, "p")->rules.values;
    assert_int_equal(vs->count, 2);
    assert_null(vs->labels[0]);
    assert_string_equal(vs->labels[1], "高");
    score_ruleset_free(rs);
}

static void test_field_cell_rule_errors(void **state)
{
    (void)state;
    score_error e;
    /* each key belongs to one type, reported at the key */
    e = FAIL_ONE(HEAD L("  n: {type: bool, unit: 分}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 19, "unit is for number fields, and this field is a bool");
    e = FAIL_ONE(HEAD L("  n: {type: text, unit: 元}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 19, "unit is for number fields", "a text");
    e = FAIL_ONE(HEAD L("  n: {type: number, true_values: [有]}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 21, "true_values is for bool fields", "a number");
    e = FAIL_ONE(HEAD L("  n: {type: text, false_values: [无]}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 19, "false_values is for bool fields", "a text");
    e = FAIL_ONE(HEAD L("  n: {type: number, values: [1, 2]}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 21, "values is for text fields", "a number");
    /* shapes */
    e = FAIL_ONE(HEAD L("  n: {type: number, unit: [分]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 27, "unit must be a scalar");
    e = FAIL_ONE(HEAD L("  n: {type: number, unit: \"\"}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 27, "unit needs a text");
    e = FAIL_ONE(HEAD L("  n: {type: bool, true_values: 有}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 32, "true_values must be a list, not a scalar");
    e = FAIL_ONE(HEAD L("  n: {type: bool, true_values: [有, [是]]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 36, "an entry of true_values must be a scalar");
    /* spellings */
    e = FAIL_ONE(HEAD L("  n: {type: bool, true_values: [有, \"\"]}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 36, "an empty entry in true_values");
    e = FAIL_ONE(HEAD L("  n: {type: bool, true_values: [有, 达标, 有]}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 40, "\"有\" is listed twice in true_values");
    e = FAIL_ONE(HEAD L("  n: {type: bool, true_values: [有], false_values: [无, 有]}"),
                 SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 55, "\"有\" is in both true_values and false_values");
    /* the field's own spellings may turn a default one round: a field
     * "no violation" read from a column of 有/无 */
    score_ruleset *rs =
        LOAD_OK(HEAD L("  n: {type: bool, true_values: [无], false_values: [有]}"), NULL);
    score_ruleset_free(rs);
    /* values */
    e = FAIL_ONE(HEAD L("  n: {type: text, values: []}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 27, "values needs at least one value");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: tier}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 27, "or the word tiers, not \"tier\"");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: \"tiers\"}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 27, "not \"tiers\""); /* quoted: a text, not the word */
    e = FAIL_ONE(HEAD L("  n: {type: text, values: [a, {b: c}]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 31, "a value must be a scalar");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: {a: [x]}}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 31, "a value's label must be a scalar");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: [a, b, a]}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 34, "the value \"a\" is listed twice (first at line 5, column 28)");
    e = FAIL_ONE(HEAD L("  n:") L("    type: text") L("    values:") L("      a: 甲")
                 L("      b: 甲"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 9, 10, "the label \"甲\" of b is also the label of a");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: {a: b, b: 乙}}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 34, "the value \"b\" is also the label of a");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: {a: 甲, b: a}}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 37, "the label \"a\" of b is also the id of a");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: [a, \"\"]}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 31, "an empty value");
    e = FAIL_ONE(HEAD L("  n: {type: text, values: tiers}"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 27, "values: tiers", "this ruleset has no tiers");
    /* missing_values */
    e = FAIL_ONE(HEAD L("missing_values: \"-\""), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 17, "missing_values must be a list");
    e = FAIL_ONE(HEAD L("missing_values: [\"-\", N/A, \"-\"]"), SCORE_ERULE);
    CHECK_ERR(&e, SCORE_ERULE, 5, 28, "\"-\" is listed twice in missing_values");
    /* a YAML 1.1 reader takes `true:` for a boolean key: hence true_values,
     * which the unknown key points to */
    e = FAIL_ONE(HEAD L("  n: {type: bool, true: [有]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 19, "unknown key 'true' in a field (did you mean 'true_values'?");
    e = FAIL_ONE(HEAD L("  n: {type: bool, false_value: [无]}"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 19, "(did you mean 'false_values'?");
    e = FAIL_ONE(HEAD L("missing: [\"-\"]"), SCORE_ESYNTAX);
    CHECK_ERR(&e, SCORE_ESYNTAX, 5, 1, "(did you mean 'missing_values'?");
}

/* ---- comparisons with a closed set, and unknown names explained ---- */

#define SET_HEAD                                                                          \
    L("ruleset: r") L("key: id") L("params:") L("  target: {value: clean}")              \
    L("  bad_target: {value: tidy}") L("fields:") L("  id: {type: text}")                 \
    L("  prior_tier: {type: text, values: tiers}")                                        \
    L("  kind: {type: text, values: {a: 甲类, b: 乙类}}") L("criteria:")                  \
    L("  c:") /* lines 1-11; `when` on line 12, tiers after it */

static void test_closed_set_comparisons(void **state)
{
    (void)state;
    const char *ok[] = {
        "prior_tier == \"boutique_demo\"",
        "\"clean\" != prior_tier",
        "coalesce(prior_tier, \"\") == \"boutique_demo\"",
        "coalesce(prior_tier, \"none\") == \"none\"", /* coalesce offers it */
        "(kind == \"a\" ? prior_tier : \"other\") == \"other\"",
        "prior_tier in [\"clean\", \"boutique_demo\"]",
        "prior_tier == target",
        "prior_tier == kind", /* two fields: not checked */
        "prior_tier == null",
    };
    char doc[2048];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        snprintf(doc, sizeof doc, SET_HEAD "    when: '%s'\n" TIERS, ok[i]);
        score_ruleset *rs = LOAD_OK(doc, NULL);
        score_ruleset_free(rs);
    }
    static const struct {
        const char *when;
        int col;
        const char *msg;
    } bad[] = {
        {"prior_tier == \"美好乡村精品示范村\"", 26,
         "\"美好乡村精品示范村\" is the label of boutique_demo; compare with the id"},
        {"\"清洁村\" == prior_tier", 12, "\"清洁村\" is the label of clean; compare with the id"},
        {"coalesce(prior_tier, \"\") == \"boutque_demo\"", 40,
         "\"boutque_demo\" is not one of the values of prior_tier (did you mean \"boutique_demo\"?)"},
        {"prior_tier in [\"clean\", \"tidy\"]", 36,
         "\"tidy\" is not one of the values of prior_tier (clean, boutique_demo)"},
        {"kind != \"甲\"", 20, "\"甲\" is not one of the values of kind (did you mean \"a\"?)"},
        {"prior_tier == bad_target", 26, "\"tidy\" is not one of the values of prior_tier"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(doc, sizeof doc, SET_HEAD "    when: '%s'\n" TIERS, bad[i].when);
        score_error e = FAIL_ONE(doc, SCORE_ERULE);
        CHECK_ERR(&e, SCORE_ERULE, 12, bad[i].col, bad[i].msg);
    }
}

#define NAME_HEAD                                                                        \
    L("ruleset: r") L("key: id") L("params:") L("  pass_line: {value: 80, label: 达标线}") \
    L("fields:") L("  id: {type: text, label: 村代码}")                                   \
    L("  civility: {type: number, label: 乡风文明得分}")                                  \
    L("  sewage_done: {type: bool, label: 污水革命完成}")                                 \
    L("  town: {type: text, label: 镇}") L("  smart: {type: bool, label: 智慧村}")        \
    L("  households: {type: number, label: 总户数}")                                      \
    L("criteria:") L("  ok: {label: 达标, when: civility >= 80}")                         \
    L("  c:") /* lines 1-14; `when` on line 15 */

static void test_unknown_names_explained(void **state)
{
    (void)state;
    static const struct {
        const char *when;
        int col;
        const char *msg;
    } bad[] = {
        /* a label where its id belongs: field, param, criterion */
        {"乡风文明得分 >= 80", 11, "'乡风文明得分' is the label of civility: expressions use the id"},
        {"civility >= 达标线", 23, "'达标线' is the label of pass_line"},
        {"达标 and sewage_done", 11, "'达标' is the label of ok"},
        /* near names and labels */
        {"sewage_don", 11, "unknown name 'sewage_don' (did you mean sewage_done?)"},
        {"civility > 1 and sewage_dnoe", 28, "(did you mean sewage_done?)"},
        {"户数 > 10", 11, "unknown name '户数' (did you mean households, labelled 总户数?)"},
        {"乡风文明 > 80", 11, "(did you mean civility, labelled 乡风文明得分?)"},
        {"nothing_like_it > 1", 11, "unknown name 'nothing_like_it'"},
        /* a bare word compared with a text or a bool */
        {"town == 孝泉镇", 19, "unknown name '孝泉镇': to compare with a text, write \"孝泉镇\" in quotes"},
        {"孝泉镇 != town", 11, "write \"孝泉镇\" in quotes"},
        {"town in [\"黄许镇\", 孝泉镇]", 27, "write \"孝泉镇\" in quotes"},
        {"smart == 是", 20, "unknown name '是': a bool is compared with true or false"},
        /* a label stays a label, even compared with a text */
        {"town == 镇", 19, "'镇' is the label of town"},
        /* with a number the bare word is just unknown */
        {"civility == 高", 23, "unknown name '高'"},
        /* a year index on an unknown name */
        {"收入[2019] > 1", 11, "unknown name '收入'"},
    };
    char doc[2048];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(doc, sizeof doc, NAME_HEAD "    when: %s\n", bad[i].when);
        score_error e = FAIL_ONE(doc, SCORE_ERULE);
        CHECK_ERR(&e, SCORE_ERULE, 15, bad[i].col, bad[i].msg);
    }
    /* the bare-word hint is not given for a name that would be unknown anyway */
    snprintf(doc, sizeof doc, NAME_HEAD "    when: civility == 高\n");
    score_error e = FAIL_ONE(doc, SCORE_ERULE);
    assert_null(strstr(e.message, "quotes"));
}

/* Every allocation of a load with cell rules fails in turn. */
static void test_cell_rules_out_of_memory(void **state)
{
    (void)state;
    oom_loop(HEAD L("  score: {type: number, unit: 分}")
             L("  income: {type: number, unit: 元, years: [2019, 2020]}")
             L("  smart: {type: bool, true_values: [有, 达标], false_values: [无]}")
             L("  grade: {type: text, values: [a, b]}")
             L("  kind: {type: text, values: {clean: 清洁村, tidy: 整洁村}}")
             L("  prior_tier: {type: text, label: 已获等级, values: tiers}")
             L("missing_values: [\"-\", N/A]")
             L("criteria:")
             L("  c: prior_tier == \"boutique_demo\" and kind in [\"clean\"] and smart")
             TIERS,
             NULL, 0, NULL, 1);
}

/* As `realistic` but with a single field, which steers clear of the
 * loader bug below: params, overrides, text literals and
 * criteria referring to criteria declared later still go through every
 * allocation of parsing, checking and compiling. */
static const char one_field[] =
    L("ruleset: one-field")
    L("title: 单字段")
    L("key: id")
    L("params:")
    L("  share_min: {value: 60%, label: 下限}")
    L("  line: 3万")
    L("  prefix: {value: V00}")
    L("  flag: {value: true}")
    L("fields:")
    L("  id: {type: text, label: 村代码}")
    L("criteria:")
    L("  all_ok: {label: 全部, when: listed and constant and not unlisted}")
    L("  listed: id in [\"V001\", \"V002\", prefix]")
    L("  unlisted: \"coalesce(id, '') == '' or id == 'zzz'\"")
    L("  constant:")
    L("    when: |")
    L("      flag and line * share_min >= 18000")
    L("      and round(line / 7, 2) > 0 ? true : false");

static void test_load_out_of_memory(void **state)
{
    (void)state;
    const score_param overrides[] = {{"share_min", "70%"}, {"prefix", "\"V01\""}};
    oom_loop(one_field, NULL, 0, NULL, 4);
    oom_loop(one_field, overrides, 2, NULL, 4);
}

/* Every allocation of a realistic load fails in turn: each failure is
 * SCORE_ENOMEM with nothing leaked (column names made before a failure in
 * the schema, and a field id lost before the label check, were both bugs
 * this loop found). */
static void test_load_out_of_memory_realistic(void **state)
{
    (void)state;
    const score_param overrides[] = {{"participation_min", "70%"}, {"demo_name", "\"demo\""}};
    oom_loop(realistic, NULL, 0, NULL, 8);
    oom_loop(realistic, overrides, 2, NULL, 8);
    oom_loop(NULL, NULL, 0, SCORE_EXAMPLES "/rulesets/clean-village.yaml", 7);
}

/* A chain of 20000 criteria, each reading the one before: the cycle
 * check and the compiler do not recurse along it, and it evaluates. (It
 * is twice the default limit on criteria, so it raises the limit.) */
static void test_long_chain_of_criteria(void **state)
{
    (void)state;
    enum { N = 20000 };
    score_limits limits = {0};
    limits.criteria = N + 2;
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.limits = &limits;
    size_t cap = (size_t)N * 40 + 256;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t k = (size_t)snprintf(text, cap, "ruleset: chain\nkey: id\nfields:\n  id: {type: text}\n"
                                            "  x: {type: number}\ncriteria:\n  c0: x > 0\n");
    for (int i = 1; i < N; i++)
        k += (size_t)snprintf(text + k, cap - k, "  c%d: c%d and x > %d\n", i, i - 1, i % 100);
    score_ruleset *rs;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, text, k, NULL, &opts, &err), 0);
    /* x = 50 holds while i % 100 < 50: c49 is true, c50 and all later false */
    const char csv[] = "id,x\nA,50\n";
    score_table *t;
    score_result *r;
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), NULL, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    assert_int_equal(score_result_verdict(r, 49, 0), SCORE_TRUE);
    assert_int_equal(score_result_verdict(r, 50, 0), SCORE_FALSE);
    assert_int_equal(score_result_verdict(r, N - 1, 0), SCORE_FALSE);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
    /* closing the chain into a cycle is found and named */
    k += (size_t)snprintf(text + k, cap - k, "  loop: c%d and loop2\n  loop2: loop\n", N - 1);
    assert_int_equal(score_ruleset_load_string(&rs, text, k, NULL, &opts, &err), SCORE_ERULE);
    assert_non_null(strstr(err.message, "cycle: loop -> loop2 -> loop"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_chain_of_criteria),
        cmocka_unit_test(test_unknown_top_level_key),
        cmocka_unit_test(test_unknown_keys_reported_all_in_order),
        cmocka_unit_test(test_missing_required_keys),
        cmocka_unit_test(test_yaml_level_errors),
        cmocka_unit_test(test_field_type_errors),
        cmocka_unit_test(test_field_years_errors),
        cmocka_unit_test(test_duplicate_names),
        cmocka_unit_test(test_invalid_names),
        cmocka_unit_test(test_label_clashes),
        cmocka_unit_test(test_key_errors),
        cmocka_unit_test(test_expression_syntax_positions),
        cmocka_unit_test(test_expression_name_and_type_errors),
        cmocka_unit_test(test_year_index_errors),
        cmocka_unit_test(test_criterion_cycles),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_json_loads_like_yaml),
        cmocka_unit_test(test_param_null_spellings),
        cmocka_unit_test(test_param_overrides),
        cmocka_unit_test(test_param_override_errors),
        cmocka_unit_test(test_options_and_arguments),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_load_out_of_memory),
        cmocka_unit_test(test_load_out_of_memory_realistic),
        cmocka_unit_test(test_diagnostic_without_err),
        cmocka_unit_test(test_year_column_name_clash),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_field_cell_rules),
        cmocka_unit_test(test_field_cell_rule_errors),
        cmocka_unit_test(test_closed_set_comparisons),
        cmocka_unit_test(test_unknown_names_explained),
        cmocka_unit_test(test_cell_rules_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
