/*
 * Numbers as decimals: the syntax of literals and CSV cells (with the
 * units % 千 万 亿), exact scaling by the unit, what is refused, and the
 * shortest output that reads back equal to 15 significant digits.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "decimal.h"
#include "score/score.h"

static void test_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double want;
    } ok[] = {
        {"0", 0},          {"42", 42},       {"-5", -5},          {"+5", 5},
        {"3.5", 3.5},      {"0.1", 0.1},     {"1e3", 1000},       {"1E-3", 0.001},
        {"30%", 0.3},      {"3万", 30000},   {"3.5万", 35000},    {"1.2亿", 1.2e8},
        {"5千", 5000},     {"2.99万", 29900}, {"30000.00", 30000}, {"-0", 0},
        {"0.000000000000000000001", 1e-21},
        {"123456789012345678901234", 1.2345678901234568e23},
        {"1.7976931348623157e308", 1.7976931348623157e308},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = NAN;
        const char *why = sc_decimal_parse(ok[i].text, strlen(ok[i].text), 1, &v);
        if (why || v != ok[i].want)
            fail_msg("%s: %s, got %.17g", ok[i].text, why ? why : "ok", v);
        assert_false(signbit(v) && v == 0); /* no negative zero */
    }
    static const char *const bad[] = {"",    "-",     "--5", "1e",  "1e+", ".",     "nan",
                                      "inf", "1e999", "3万万", "3%%", "1,000", " 1",  "0x10",
                                      "1.2.3", "1e-400", "万"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        if (sc_decimal_parse(bad[i], strlen(bad[i]), 1, &v) == NULL)
            fail_msg("'%s' was accepted as %.17g", bad[i], v);
    }
    double v;
    assert_non_null(sc_decimal_parse("-5", 2, 0, &v)); /* no sign where none is allowed */
    assert_string_equal(sc_decimal_parse("1e999", 5, 1, &v), "number out of range");
    assert_string_equal(sc_decimal_parse("3万万", strlen("3万万"), 1, &v),
                        "more than one unit suffix");
}

/* A unit scales the decimal digits, not the binary value: 1.1万 is 11000
 * exactly, while 1.1 * 10000 in binary is 11000.000000000002. */
static void test_suffix_is_exact(void **state)
{
    (void)state;
    double v;
    assert_null(sc_decimal_parse("1.1万", strlen("1.1万"), 1, &v));
    assert_true(v == 11000.0);
    assert_null(sc_decimal_parse("0.07%", strlen("0.07%"), 1, &v));
    assert_true(v == 0.0007);
}

static void test_compare(void **state)
{
    (void)state;
    assert_int_equal(sc_num_cmp(0.1 + 0.2, 0.3), 0);
    assert_int_equal(sc_num_cmp(21.0 / 70.0, 0.3), 0);
    assert_int_equal(sc_num_cmp(0.4 * 91.5 + 0.2 * 88 + 0.2 * 90 + 0.2 * 92.5, 90.7), 0);
    assert_int_equal(sc_num_cmp(1.00000000000001, 1.0), 1); /* differs in the 15th digit */
    assert_int_equal(sc_num_cmp(1e-300, 0), 1);
    assert_int_equal(sc_num_cmp(-3, 2), -1);
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0.1 + 0.2, "0.3"}, {2020, "2020"},       {30000, "30000"},  {0.3, "0.3"},
        {-0.5, "-0.5"},     {1e21, "1e+21"},      {1.5e-7, "1.5e-07"}, {123456.789, "123456.789"},
        {0.000001, "0.000001"}, {93.60000000000001, "93.6"}, {-0.0, "0"},
        {1.0 / 3.0, "0.333333333333333"}, {1e16, "10000000000000000"},
        {24.0 / 69.0, "0.347826086956522"}, {3.0 / 69.0, "0.0434782608695652"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[40];
        size_t n = score_format_number(cases[i].v, buf, sizeof buf);
        if (strcmp(buf, cases[i].want) != 0 || n != strlen(buf))
            fail_msg("%.17g: want %s, got %s", cases[i].v, cases[i].want, buf);
    }
    char buf[40];
    assert_int_equal(score_format_number(NAN, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    /* an infinity is never printed (and is near nothing but itself) */
    assert_int_equal(score_format_number(INFINITY, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_false(sc_num_near(INFINITY, 1e308));
    assert_true(sc_num_near(INFINITY, INFINITY));
    /* every output reads back equal */
    for (double v = -1000; v < 1000; v += 0.37) {
        score_format_number(v, buf, sizeof buf);
        double back;
        assert_null(sc_decimal_parse(buf, strlen(buf), 1, &back));
        assert_true(sc_num_near(back, v));
    }
}

/* The fast path gives the general code's text: on decimals, their
 * neighbours (a sum's 93.60000000000001) and sums of scores. */
static void test_format_fast_is_general(void **state)
{
    (void)state;
    static const double scale[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7};
    char fast[64], general[64];
    unsigned seed = 12345;
    for (int i = 0; i < 200000; i++) {
        seed = seed * 1103515245u + 12345u;
        double v = (double)(seed >> 8) / scale[i % 8] - (i % 3 ? 0 : 5000.0);
        if (i % 4 == 1)
            v = nextafter(v, INFINITY);
        else if (i % 4 == 2)
            v = nextafter(nextafter(v, -INFINITY), -INFINITY);
        else if (i % 4 == 3)
            v = v * 0.3 + 0.1 * (i % 7) + 0.05 * (i % 11); /* a weighted sum */
        sc_decimal_format(v, fast, sizeof fast);
        sc_decimal_format_general(v, general, sizeof general);
        if (strcmp(fast, general) != 0)
            fail_msg("%.17g: fast %s, general %s", v, fast, general);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_suffix_is_exact),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_fast_is_general),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
