/*
 * Cells held as text, read as the CSV reader reads them
 * (score_parse_number, score_parse_bool): units, spaces, missing, errors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "score/score.h"

static double number(const char *text)
{
    double v = -1;
    score_error err;
    if (score_parse_number(text, strlen(text), &v, &err) != 0)
        fail_msg("\"%s\": %s", text, err.message);
    return v;
}

static void test_numbers(void **state)
{
    (void)state;
    assert_true(number("30000") == 30000);
    assert_true(number("3万") == 30000);
    assert_true(number(" 3.5万\t") == 35000);
    assert_true(number("30%") == 0.3);
    assert_true(number("-2.5") == -2.5);
    assert_true(number("1亿") == 1e8);
    assert_true(isnan(number("")));
    assert_true(isnan(number("   ")));
}

static void test_number_errors(void **state)
{
    (void)state;
    const char *bad[] = {"abc", "3万万", "--5", "1e999", "nan", "1,5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v = 0;
        score_error err;
        assert_int_equal(score_parse_number(bad[i], strlen(bad[i]), &v, &err), SCORE_EDATA);
        assert_true(isnan(v));
        assert_non_null(strstr(err.message, bad[i]));
    }
    double v;
    assert_int_equal(score_parse_number(NULL, 0, &v, NULL), SCORE_EINVAL);
}

static void test_bools(void **state)
{
    (void)state;
    const struct {
        const char *text;
        int want;
    } cases[] = {{"是", 1}, {"否", 0}, {"1", 1}, {"0", 0}, {"TRUE", 1}, {" false ", 0}, {"", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int b = 7;
        score_error err;
        assert_int_equal(score_parse_bool(cases[i].text, strlen(cases[i].text), &b, &err), 0);
        assert_int_equal(b, cases[i].want);
    }
    int b = 7;
    score_error err;
    assert_int_equal(score_parse_bool("maybe", 5, &b, &err), SCORE_EDATA);
    assert_int_equal(b, -1);
    assert_non_null(strstr(err.message, "not a bool"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_number_errors),
        cmocka_unit_test(test_bools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
