/*
 * The rule authors' test cases (score_run_cases): the case files of the
 * built-in rulesets, and fixtures under data/cases/ that check the runner
 * itself: exact differences, errors at their position, `error:` cases,
 * params merging, allocation failures.
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

#include "score/score.h"

#define CASES SCORE_TEST_DATA "/cases/"
#define MINI CASES "mini.yaml"

/* What the runner reported: "PASS name" / "FAIL name" lines, then the
 * detail of each failed case. */
typedef struct run_log {
    char text[16384];
    size_t len;
    size_t calls;
} run_log;

static void add(run_log *l, const char *s)
{
    size_t n = strlen(s);
    assert_true(l->len + n < sizeof l->text);
    memcpy(l->text + l->len, s, n + 1);
    l->len += n;
}

static void record(void *ud, const char *name, int passed, const char *detail)
{
    run_log *l = ud;
    l->calls++;
    add(l, passed ? "PASS " : "FAIL ");
    add(l, name);
    add(l, "\n");
    assert_true(passed ? detail[0] == '\0' : detail[0] != '\0');
    if (!passed) {
        add(l, detail);
        add(l, "\n");
    }
}

static size_t run(const char *ruleset, const char *path, run_log *l, score_error *err, int *rc)
{
    size_t failed = 12345;
    memset(l, 0, sizeof *l);
    memset(err, 0, sizeof *err);
    *rc = score_run_cases(ruleset, path, NULL, record, l, &failed, err);
    return failed;
}

/* ---- the case files of the built-in rulesets ---- */

static void run_builtin(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, "%s/../rulesets/%s.cases.yaml", SCORE_TEST_DATA, id);
    run_log l;
    score_error err;
    int rc;
    size_t failed = run(id, path, &l, &err, &rc);
    if (rc) {
        char buf[1024];
        fail_msg("%s: %s", id, score_error_format(&err, buf, sizeof buf));
    }
    assert_true(l.calls > 0);
    for (const char *p = l.text; *p;) {
        const char *end = strchr(p, '\n');
        if (strncmp(p, "FAIL ", 5) == 0)
            fail_msg("%s: case failed:\n%s", id, p);
        p = end + 1;
    }
    printf("%s: %zu cases, %zu failed\n", id, l.calls, failed);
    assert_int_equal(failed, 0);
}

static void test_meihao_xiangcun(void **state)
{
    (void)state;
    run_builtin("meihao-xiangcun");
}

static void test_zuzhi_zhenxing(void **state)
{
    (void)state;
    run_builtin("zuzhi-zhenxing");
}

static void test_renju_huanjing(void **state)
{
    (void)state;
    run_builtin("renju-huanjing");
}

static void test_dangzuzhi_pingxing(void **state)
{
    (void)state;
    run_builtin("dangzuzhi-pingxing");
}

static void test_dangyuan_jifen(void **state)
{
    (void)state;
    run_builtin("dangyuan-jifen");
}

/* ---- the runner itself ---- */

/* File params, case params over them, labels and ids mixed, missing
 * cells, zero rows, ledgers in any order. */
static void test_all_pass(void **state)
{
    (void)state;
    run_log l;
    score_error err;
    int rc;
    size_t failed = run(MINI, CASES "good.cases.yaml", &l, &err, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(l.text, "PASS 文件级参数：优秀名额1\n"
                                "PASS 用例参数覆盖文件参数\n"
                                "PASS 没有记录\n");
    assert_int_equal(failed, 0);
}

/* Null is spelled as in a ruleset (null, Null, NULL, ~, nothing) in
 * cells and expectations; a quoted "NULL" is text, a town of its own. */
static void test_null_spellings(void **state)
{
    (void)state;
    run_log l;
    score_error err;
    int rc;
    size_t failed = run(MINI, CASES "null.cases.yaml", &l, &err, &rc);
    if (rc)
        fail_msg("rc %d at %d:%d: %s", rc, err.line, err.column, err.message);
    assert_string_equal(l.text, "PASS 缺失的五种写法\n");
    assert_int_equal(failed, 0);
}

/* Exactly the differences written into the file, in file order. */
static void test_wrong_expectations(void **state)
{
    (void)state;
    run_log l;
    score_error err;
    int rc;
    size_t failed = run(MINI, CASES "wrong.cases.yaml", &l, &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(failed, 1);
    assert_string_equal(l.text,
                        "PASS 全部正确\n"
                        "FAIL 故意写错\n"
                        "A: qualified: expected passed, got excellent\n"
                        "A: score total: expected 95.0000001, got 95\n"
                        "A: grade total: expected 合格, got 优\n"
                        "B: tier: expected null, got passed\n"
                        "B: criterion pass: expected false, got true\n"
                        "B: criterion top: expected null, got false\n"
                        "B: score total: expected null, got 70\n"
                        "C: tier: expected passed, got null\n"
                        "C: grade total: expected null, got 差\n"
                        "target pass_half [all]: verdict: expected not_met, got met\n"
                        "target pass_half [all]: op: expected >, got >=\n"
                        "target pass_half [all]: actual: expected 0.5, got 0.666666666666667\n"
                        "target pass_half [all]: required: expected 0.4, got 0.5\n"
                        "target pass_half [all]: shortfall: expected 1, got null\n"
                        "target pass_half [all]: satisfied: expected 1, got 2\n"
                        "target pass_half [all]: unknown: expected 1, got 0\n"
                        "target pass_half [all]: population: expected 2, got 3\n"
                        "target pass_half [all]: failing: expected [A, B], got [C]\n"
                        "target pass_half [town=乙]: no such outcome (scopes: all, town=甲)\n");
}

/* `error:` passes iff loading or reading fails with that text; a data
 * error points into the cases file, not at the CSV made from the rows. */
static void test_error_cases(void **state)
{
    (void)state;
    run_log l;
    score_error err;
    int rc;
    size_t failed = run(MINI, CASES "error.cases.yaml", &l, &err, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(failed, 3);
    const char *path = CASES "error.cases.yaml";
    char want[4096];
    snprintf(want, sizeof want,
             "PASS 坏单元格\n"
             "PASS 坏参数\n"
             "FAIL 错误信息不符\n"
             "expected an error containing \"is not a number\", got: %s:14:26: column "
             "\"applied\" (2): \"也许\" is not yes or no (write 是/否, 1/0, √/×, Y/N, yes/no, "
             "true/false or 有/无)\n"
             "FAIL 期望出错但没有\n"
             "expected an error containing \"anything\", but the case loaded and ran\n"
             "FAIL 未期望的数据错误\n"
             "%s:23:14: duplicate key \"A\" on lines 2 and 3\n",
             path, path);
    assert_string_equal(l.text, want);
}

/* Errors in the shape of the file stop the run at their position. */
static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int code, line, column;
        const char *message;
    } cases[] = {
        {"bad_key", SCORE_ESYNTAX, 7, 25, "unknown key 'critera' in an expected row"},
        {"bad_criterion", SCORE_ERULE, 7, 22, "unknown criterion 'passes'"},
        {"bad_row", SCORE_ERULE, 7, 7, "no row of this case has the key 'Z'"},
        {"bad_column", SCORE_ERULE, 5, 17, "'pionts' is not a field of ruleset 'mini'"},
        {"bad_tier", SCORE_ERULE, 7, 17, "unknown tier 'gold'"},
        {"bad_yaml", SCORE_ESYNTAX, 5, 1, "did not find expected ','"},
        {"bad_verdict", SCORE_ESYNTAX, 7, 38, "verdict must be met, not_met or unknown"},
        {"bad_same_field", SCORE_ERULE, 5, 17, "'id' and '代码' give the same field"},
        {"bad_param_null", SCORE_ESYNTAX, 5, 25, "param 'pass_line' needs a value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, CASES "%s.cases.yaml", cases[i].file);
        run_log l;
        score_error err;
        int rc;
        size_t failed = run(MINI, path, &l, &err, &rc);
        if (rc != cases[i].code || err.line != cases[i].line || err.column != cases[i].column ||
            !strstr(err.message, cases[i].message) || strcmp(err.source, path) != 0)
            fail_msg("%s: rc %d at %d:%d: %s", cases[i].file, rc, err.line, err.column,
                     err.message);
        assert_int_equal(l.calls, 0); /* nothing ran */
        assert_int_equal(failed, 0);
    }
}

static void test_missing_files(void **state)
{
    (void)state;
    run_log l;
    score_error err;
    int rc;
    run(MINI, CASES "no-such.cases.yaml", &l, &err, &rc);
    assert_int_equal(rc, SCORE_EIO);
    assert_string_equal(err.source, CASES "no-such.cases.yaml");
    /* a ruleset that does not load is the run's error, not a case's */
    run(CASES "no-such.yaml", CASES "good.cases.yaml", &l, &err, &rc);
    assert_int_equal(rc, SCORE_EIO);
    assert_string_equal(err.source, CASES "no-such.yaml");
    assert_int_equal(l.calls, 0);
    rc = score_run_cases(NULL, CASES "good.cases.yaml", NULL, NULL, NULL, NULL, &err);
    assert_int_equal(rc, SCORE_EINVAL);
}

/* ---- allocation failures ---- */

static void out_of_memory(const char *file, size_t want_failed)
{
    counting c = {0, 0, 0};
    score_allocator a = {c_malloc, c_realloc, c_free, &c};
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.allocator = &a;
    int succeeded = 0;
    long n;
    for (n = 1; n < 100000 && !succeeded; n++) {
        c.calls = 0;
        c.fail_at = n;
        run_log l;
        memset(&l, 0, sizeof l);
        score_error err;
        size_t failed = 0;
        int rc = score_run_cases(MINI, file, &o, record, &l, &failed, &err);
        if (rc == 0) {
            assert_int_equal(failed, want_failed);
            succeeded = 1;
        } else if (rc != SCORE_ENOMEM) {
            fail_msg("allocation %ld failed: rc %d: %s", n, rc, err.message);
        }
        if (c.live != 0)
            fail_msg("allocation %ld failed: %ld blocks leaked", n, c.live);
    }
    assert_true(succeeded);
    assert_true(n > 10);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    out_of_memory(CASES "good.cases.yaml", 0);
    out_of_memory(CASES "wrong.cases.yaml", 1);
    out_of_memory(CASES "error.cases.yaml", 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meihao_xiangcun),
        cmocka_unit_test(test_zuzhi_zhenxing),
        cmocka_unit_test(test_renju_huanjing),
        cmocka_unit_test(test_dangzuzhi_pingxing),
        cmocka_unit_test(test_dangyuan_jifen),
        cmocka_unit_test(test_all_pass),
        cmocka_unit_test(test_null_spellings),
        cmocka_unit_test(test_wrong_expectations),
        cmocka_unit_test(test_error_cases),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_missing_files),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
