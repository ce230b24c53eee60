/*
 * The fast paths of reading, ranking and printing numbers must agree with
 * the general code bit for bit: a number cell read by sc_csv_number() has
 * the value sc_decimal_parse() gives it, a rank rounded by the shortcut of
 * sc_rank_canonical() equals the full rounding to 15 digits, and
 * sc_decimal_format() prints what sc_decimal_format_general() prints.
 * Checked on many random values of the shapes data has, and on the edges.
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

#include "csv.h"
#include "decimal.h"
#include "result.h"

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Compare the fast path with the slow one on s (followed by `after`);
 * returns 1 if the fast path took it. */
static int check_cell(const char *s, char after)
{
    char cell[96];
    size_t len = strlen(s);
    assert_true(len + 2 < sizeof cell);
    memcpy(cell, s, len);
    cell[len] = after;
    const char *end = after ? cell + len + 1 : cell + len;
    double fast = 0, slow = 0;
    const char *stop = sc_csv_number(cell, end, &fast);
    if (!stop)
        return 0;
    assert_ptr_equal(stop, cell + len); /* the whole cell, not the comma */
    if (len == 0) {
        assert_true(isnan(fast)); /* an empty cell is missing */
        return 1;
    }
    const char *why = sc_decimal_parse(s, len, 1, &slow);
    if (why)
        fail_msg("\"%s\": the fast path read %.17g, the slow one says %s", s, fast, why);
    if (!same_double(fast, slow))
        fail_msg("\"%s\": fast %.17g, slow %.17g", s, fast, slow);
    return 1;
}

static void random_decimal(uint64_t *seed, char *out)
{
    uint64_t x = next_random(seed);
    char *p = out;
    if (x % 5 == 0)
        *p++ = x % 10 == 0 ? '-' : '+';
    size_t whole = (size_t)(next_random(seed) % 21), frac = (size_t)(next_random(seed) % 24);
    if (next_random(seed) % 4 == 0)
        frac = 0;
    for (size_t i = 0; i < whole; i++) {
        /* leading zeros now and then */
        uint64_t d = next_random(seed) % 10;
        *p++ = (char)('0' + (i == 0 && next_random(seed) % 3 ? (d ? d : 1) : d));
    }
    if (frac || next_random(seed) % 8 == 0) {
        *p++ = '.';
        for (size_t i = 0; i < frac; i++)
            *p++ = (char)('0' + next_random(seed) % 10);
    }
    *p = '\0';
}

static void test_random_cells(void **state)
{
    (void)state;
    uint64_t seed = 0x243F6A8885A308D3u;
    char s[64];
    size_t fast = 0, total = 0;
    for (int i = 0; i < 400000; i++) {
        random_decimal(&seed, s);
        fast += check_cell(s, i % 3 == 0 ? ',' : i % 3 == 1 ? '\n' : '\0');
        total++;
    }
    /* printed doubles, as exports write them */
    for (int i = 0; i < 200000; i++) {
        uint64_t bits = next_random(&seed);
        double v = (double)(bits >> 11) / (double)(UINT64_C(1) << 53) *
                   pow(10.0, (double)(next_random(&seed) % 12));
        snprintf(s, sizeof s, "%.*f", (int)(next_random(&seed) % 8), v);
        fast += check_cell(s, ',');
        snprintf(s, sizeof s, "%.17g", v);
        fast += check_cell(s, ',');
        total += 2;
    }
    /* a good share of them went the fast way (not all can: many have too
     * many digits) */
    printf("fast path: %zu of %zu cells\n", fast, total);
    assert_true(fast > total / 4);
}

static void test_edges(void **state)
{
    (void)state;
    static const char *const taken[] = {
        "", "0", "-0", "+0", "0.0", "-0.000", "00012", "5.", "0.1", "0.3", "2.675", "1.005",
        "9007199254740992", "900719925474099.2", "0.0000000000000000000001", "123456789012345678",
        "99999999999999999", "-17.25", "3.0000000000000004"};
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
        check_cell(taken[i], ',');
    /* -0 reads as 0, not -0 */
    double v;
    assert_non_null(sc_csv_number("-0.0,", "-0.0," + 5, &v));
    assert_true(same_double(v, 0.0));
    /* left to the slow path: units, exponents, spaces, signs alone,
     * too many digits, a mantissa past 2^53, anything else */
    static const char *const refused[] = {
        "3万", "30%", "1e5", "1E-3", " 1", "1 ", "-", "+", ".", "-.", "1.2.3", "12a",
        "9007199254740993", "12345678901234567890", "1,5", "0x10", "\"1\"", "1\r2"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const char *s = refused[i];
        const char *end = s + strlen(s);
        const char *stop = sc_csv_number(s, end, &v);
        /* either refused, or it stopped at a comma or line end: "1,5" is
         * the cell "1" */
        if (stop)
            assert_true(*stop == ',' || *stop == '\r');
    }
}

/* The rounding of tiers.c before its shortcut. */
static double canonical_reference(double x)
{
    if (x == 0 || !isfinite(x))
        return x;
    int e = (int)floor(log10(fabs(x)));
    if (e < -280 || e > 280)
        return x;
    double scale = pow(10.0, 14 - e);
    return nearbyint(x * scale) / scale;
}

static void check_rank(double x)
{
    double a = sc_rank_canonical(x), b = canonical_reference(x);
    if (!same_double(a, b) && !(isnan(a) && isnan(b)))
        fail_msg("%.17g: %.17g, reference %.17g", x, a, b);
}

static void test_rank_rounding(void **state)
{
    (void)state;
    uint64_t seed = 0x13198A2E03707344u;
    for (int i = 0; i < 300000; i++) {
        /* decimals of a few digits, as scores are */
        int64_t m = (int64_t)(next_random(&seed) % 200000000) - 100000000;
        int k = (int)(next_random(&seed) % 8);
        check_rank((double)m / pow(10.0, k));
        /* sums of such values: binary noise past 15 digits */
        check_rank((double)m / pow(10.0, k) + 0.1 * (double)(next_random(&seed) % 7));
        /* any double */
        uint64_t bits = next_random(&seed);
        double v;
        memcpy(&v, &bits, sizeof v);
        check_rank(v);
        check_rank((double)(bits >> 11) / (double)(UINT64_C(1) << 53) * 1e6);
    }
    static const double edges[] = {0.0,   -0.0,   1.0,    0.1,  0.3,   1e-6,  1e-7,    1e13,
                                   1e14,  1e15,   1e16,   99.5, 89.6,  93.60000000000001,
                                   0.30000000000000004, 1e300, 1e-300, 5e-324, 123456789.123};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        check_rank(edges[i]);
        check_rank(-edges[i]);
    }
    check_rank(NAN);
    /* around every power of ten the shortcut covers, and past its ends:
     * where the decade changes, a few ulps and a relative 1e-12 off, and
     * halves of the 15th digit (ties, which round to even) */
    for (int e = -10; e <= 17; e++) {
        double p = pow(10.0, e);
        double x = p;
        for (int k = 0; k < 6; k++, x = nextafter(x, INFINITY))
            check_rank(x), check_rank(-x);
        x = p;
        for (int k = 0; k < 6; k++, x = nextafter(x, 0.0))
            check_rank(x), check_rank(-x);
        for (int k = -3; k <= 3; k++) {
            check_rank(p * (1 + k * 1e-12));
            check_rank(p * (1 + k * 1e-13));
            check_rank(p * (1 + (2 * k + 1) * 5e-15)); /* halves of the last digit */
        }
    }
}

static void check_format(double v, int cut)
{
    char fast[40], general[40];
    size_t a = sc_decimal_format(v, fast, sizeof fast);
    size_t b = sc_decimal_format_general(v, general, sizeof general);
    if (a != b || strcmp(fast, general) != 0)
        fail_msg("%.17g: \"%s\", general \"%s\"", v, fast, general);
    /* and cut short the same way */
    for (size_t size = 0; cut && size < 6; size++) {
        memset(fast, 'x', sizeof fast);
        memset(general, 'x', sizeof general);
        a = sc_decimal_format(v, fast, size);
        b = sc_decimal_format_general(v, general, size);
        assert_int_equal(a, b);
        assert_memory_equal(fast, general, size);
    }
}

static void test_format(void **state)
{
    (void)state;
    uint64_t seed = 0xA4093822299F31D0u;
    for (int i = 0; i < 30000; i++) {
        int64_t m = (int64_t)(next_random(&seed) % 2000000000000) - 1000000000000;
        int k = (int)(next_random(&seed) % 9), cut = i % 100 == 0;
        check_format((double)m / pow(10.0, k), cut);
        check_format((double)(m % 100000) / pow(10.0, k) + 0.1 * (double)(next_random(&seed) % 3),
                     cut);
        uint64_t bits = next_random(&seed);
        double v;
        memcpy(&v, &bits, sizeof v);
        check_format(v, cut);
        check_format((double)(bits >> 11) / (double)(UINT64_C(1) << 53) * 1e9, cut);
    }
    static const double edges[] = {0.0,  -0.0, 1.0,     0.1,   0.3,  0.05, 1e-6,   1e-7,
                                   1e14, 1e15, 999999999999999.0, 1e16, 2020, 30000, 0.347826086956522,
                                   93.60000000000001, 0.30000000000000004, 1e21, 5e-324};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        check_format(edges[i], 1);
        check_format(-edges[i], 1);
    }
    check_format(NAN, 1);
    check_format(INFINITY, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_cells),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_rank_rounding),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
