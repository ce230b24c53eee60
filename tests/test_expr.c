/*
 * The expression language, case by case: tests/data/expr.test holds the
 * cases (expression => expected value on each fixture row, or an error
 * with its column), so that adding one needs no C. The limits are tested
 * here in C, since their inputs are generated.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decimal.h"
#include "expr_eval.h"
#include "score/score.h"
#include "table.h"

#include "expr_fixture.h"

static const char fixture_csv[] =
    "id,p,q,n,m,t,s,y_2019,y_2020,数量\n"
    "r1,1,1,3,2,abc,abc,1,2,10\n"
    "r2,1,0,0.1,,,x,,5,\n"
    "r3,1,,-2.5,0,甲,甲,3,,0\n"
    "r4,0,1,0,0,x,abc,0,0,1\n"
    "r5,0,0,0.2,0.1,abc,,1万,2万,2\n"
    "r6,0,,2.5,-1,,,2.99万,5.98万,3\n"
    "r7,,1,,1,abc,ABC,3万,6万,4\n"
    "r8,,0,1e3,3,甲,乙,1,1,5\n"
    "r9,,,-0.5,,,甲,,,\n";

#define NROWS 9

typedef struct fixture {
    score_ruleset *rs;
    score_table *t;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    score_error err;
    if (!f || score_ruleset_load_string(&f->rs, fixture_ruleset, strlen(fixture_ruleset), NULL,
                                        NULL, &err) ||
        score_table_parse_csv(&f->t, f->rs, fixture_csv, strlen(fixture_csv), "fixture.csv",
                              &err)) {
        fprintf(stderr, "fixture: %s\n", err.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    score_table_free(f->t);
    score_ruleset_free(f->rs);
    free(f);
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Split the expected values: numbers, 1/0, ?, or "quoted text". */
static int split_values(char *s, char **out, int max)
{
    int n = 0;
    while (*s && n < max) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        out[n++] = s;
        if (*s == '"') {
            s = strchr(s + 1, '"');
            if (!s)
                return -1;
            s++;
        } else {
            while (*s && *s != ' ')
                s++;
        }
        if (*s)
            *s++ = '\0';
    }
    return n;
}

/* Compare one value; describe a mismatch into why. */
static int value_matches(const fixture *f, sc_type type, double got, const char *want,
                         char *why, size_t size)
{
    char shown[64];
    if (got != got)
        snprintf(shown, sizeof shown, "?");
    else if (type == SC_TYPE_TEXT)
        snprintf(shown, sizeof shown, "\"%s\"",
                 got < (double)f->t->dict.count ? sc_table_text(f->t, got) : "<a constant>");
    else
        sc_decimal_format(got, shown, sizeof shown);
    int ok;
    if (strcmp(want, "?") == 0) {
        ok = got != got;
    } else if (want[0] == '"') {
        size_t len = strlen(want) - 2;
        int64_t code = sc_dict_find(&f->t->dict, want + 1, len);
        /* text absent from the data: any code beyond the dictionary */
        ok = got == got && type == SC_TYPE_TEXT &&
             (code >= 0 ? got == (double)code : got >= (double)f->t->dict.count);
    } else {
        double w;
        ok = sc_decimal_parse(want, strlen(want), 1, &w) == NULL && got == got &&
             sc_num_near(got, w);
    }
    if (!ok)
        snprintf(why, size, "expected %s, got %s", want, shown);
    return ok;
}

/* Run one case; returns 1 if it passed, printing why not. */
static int run_case(const fixture *f, const char *file, int line, char *expr, char *expect)
{
    double out[NROWS];
    sc_type type = SC_TYPE_NULL;
    score_error err;
    memset(&err, 0, sizeof err);
    size_t pos = 0;
    int rc = sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos);
    if (expect[0] == '!') {
        char *msg;
        long col = strtol(expect + 1, &msg, 10);
        msg = trim(msg);
        long got_col = (long)sc_utf8_count(expr, pos) + 1;
        if (rc == 0) {
            printf("%s:%d: %s: expected error '%s', but it evaluated\n", file, line, expr, msg);
            return 0;
        }
        if (got_col != col || !strstr(err.message, msg)) {
            printf("%s:%d: %s: expected error at column %ld '%s', got column %ld '%s'\n", file,
                   line, expr, col, msg, got_col, err.message);
            return 0;
        }
        return 1;
    }
    if (rc) {
        printf("%s:%d: %s: unexpected error at column %ld: %s\n", file, line, expr,
               (long)sc_utf8_count(expr, pos) + 1, err.message);
        return 0;
    }
    char *values[NROWS + 1];
    int n = split_values(expect, values, NROWS + 1);
    if (n != 1 && n != NROWS) {
        printf("%s:%d: malformed case: %d expected values\n", file, line, n);
        return 0;
    }
    int ok = 1;
    for (int r = 0; r < NROWS; r++) {
        char why[160];
        if (!value_matches(f, type, out[r], values[n == 1 ? 0 : r], why, sizeof why)) {
            printf("%s:%d: %s: row r%d: %s\n", file, line, expr, r + 1, why);
            ok = 0;
        }
    }
    return ok;
}

static void test_case_file(void **state)
{
    const fixture *f = *state;
    const char *path = SCORE_TEST_DATA "/expr.test";
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char buf[1024];
    int line = 0, cases = 0, failed = 0;
    while (fgets(buf, sizeof buf, in)) {
        line++;
        char *s = trim(buf);
        if (!*s || *s == '#')
            continue;
        char *arrow = strstr(s, " => ");
        if (!arrow) {
            printf("%s:%d: malformed case (no ' => ')\n", path, line);
            failed++;
            continue;
        }
        *arrow = '\0';
        cases++;
        failed += !run_case(f, path, line, trim(s), trim(arrow + 4));
    }
    fclose(in);
    printf("%d expression cases, %d failed\n", cases, failed);
    assert_true(cases > 150);
    assert_int_equal(failed, 0);
}

/* Nesting is bounded, so that no later pass can recurse without limit. */
static void test_nesting_limit(void **state)
{
    const fixture *f = *state;
    char expr[2048];
    double out[NROWS];
    sc_type type;
    score_error err;
    size_t pos;
    /* 200 levels of parentheses are fine */
    size_t k = 0;
    for (int i = 0; i < 200; i++)
        expr[k++] = '(';
    expr[k++] = 'n';
    for (int i = 0; i < 200; i++)
        expr[k++] = ')';
    expr[k] = '\0';
    assert_int_equal(sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos), 0);
    assert_true(sc_num_near(out[0], 3));
    /* 300 are not */
    k = 0;
    for (int i = 0; i < 300; i++)
        expr[k++] = '(';
    expr[k++] = 'n';
    for (int i = 0; i < 300; i++)
        expr[k++] = ')';
    expr[k] = '\0';
    assert_int_equal(sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos), SCORE_ELIMIT);
    assert_non_null(strstr(err.message, "nested deeper than 256"));
    /* nor a long chain of unary minus, nor of not */
    k = 0;
    for (int i = 0; i < 300; i++)
        expr[k++] = '-';
    expr[k++] = 'n';
    expr[k] = '\0';
    assert_int_equal(sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos), SCORE_ELIMIT);
}

/* A flat chain builds a deep tree without deep parser recursion. */
static void test_chain_depth_limit(void **state)
{
    const fixture *f = *state;
    double out[NROWS];
    sc_type type;
    score_error err;
    size_t pos;
    char *expr = malloc(8 * 1100 + 8);
    assert_non_null(expr);
    size_t k = 0;
    for (int i = 0; i < 250; i++)
        k += (size_t)sprintf(expr + k, "%sn", i ? " + " : "");
    assert_int_equal(sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos), 0);
    assert_true(sc_num_near(out[0], 750));
    k = 0;
    for (int i = 0; i < 1100; i++)
        k += (size_t)sprintf(expr + k, "%sn", i ? " + " : "");
    assert_int_equal(sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos), SCORE_ELIMIT);
    free(expr);
}

static void test_length_limit(void **state)
{
    const fixture *f = *state;
    double out[NROWS];
    sc_type type;
    score_error err;
    size_t pos;
    size_t len = 70000;
    char *expr = malloc(len + 1);
    assert_non_null(expr);
    memset(expr, ' ', len);
    expr[0] = 'n';
    expr[len] = '\0';
    assert_int_equal(sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos), SCORE_ELIMIT);
    assert_non_null(strstr(err.message, "longer than"));
    free(expr);
}

/* An empty expression, which the case file cannot hold. */
static void test_empty(void **state)
{
    const fixture *f = *state;
    double out[NROWS];
    sc_type type;
    score_error err;
    size_t pos;
    assert_int_equal(sc_eval_expr(f->rs, f->t, "   ", out, &type, &err, &pos), SCORE_ESYNTAX);
    assert_non_null(strstr(err.message, "empty expression"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_file),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_chain_depth_limit),
        cmocka_unit_test(test_length_limit),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
