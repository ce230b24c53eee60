/*
 * The kernels over a batch give, row for row and bit for bit, what they
 * give on one row (the path of the constant folder, and of the rows left
 * over after the vectors of four): comparisons and logic on values that
 * sit on the decimal tolerance's edge, missing values, infinities, zeros of
 * both signs, and every batch length from 0 to past a vector's width.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "decimal.h"
#include "kernel.h"
#include "score/score.h"

#define N 4099 /* not a multiple of four */

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* A value near `base`: itself, a few ulps off, just inside or outside the
 * tolerance, or something special. */
static double around(double base, uint64_t *seed)
{
    uint64_t x = next_random(seed);
    switch (x % 12) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return -INFINITY;
    case 3: return 0.0;
    case 4: return -0.0;
    case 5: return nextafter(base, INFINITY);
    case 6: return nextafter(base, -INFINITY);
    case 7: return base * (1 + SC_DECIMAL_TOLERANCE);
    case 8: return base * (1 - SC_DECIMAL_TOLERANCE * 1.01);
    case 9: return (double)(x >> 20 & 0xFF) / 10.0;
    case 10: return (double)(x >> 30 & 1); /* a bool */
    default: return base;
    }
}

static void fill(double *a, double *b, size_t n, uint64_t *seed)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t x = next_random(seed);
        double base = (double)(x % 100000) / 100.0;
        if (x % 17 == 0)
            base = 1e300;
        a[i] = around(base, seed);
        b[i] = around(base, seed);
    }
}

static void check_op(sc_opcode op, const double *a, const double *b, size_t n)
{
    static double batch[N], one[N];
    sc_kernel(op, n, batch, a, b, b);
    for (size_t i = 0; i < n; i++)
        sc_kernel(op, 1, &one[i], &a[i], &b[i], &b[i]);
    for (size_t i = 0; i < n; i++)
        if (!same_bits(batch[i], one[i]))
            fail_msg("op %d, row %zu of %zu: %.17g vs %.17g: batch %.17g, one row %.17g", (int)op,
                     i, n, a[i], b[i], batch[i], one[i]);
}

static void test_batch_equals_rows(void **state)
{
    (void)state;
    static double a[N], b[N];
    uint64_t seed = 0x2545F4914F6CDD1Du;
    for (int round = 0; round < 4; round++) {
        fill(a, b, N, &seed);
        for (int op = 0; op < SC_OP_COUNT; op++) {
            if (op == SC_OP_ROUNDN) /* its second operand is a small whole constant */
                continue;
            check_op((sc_opcode)op, a, b, N);
            for (size_t n = 0; n < 11; n++) /* every tail length */
                check_op((sc_opcode)op, a + round, b + round, n);
        }
    }
}

/* Kleene logic on the verdict values themselves: false and unknown is
 * false, true or unknown is true, unknown otherwise. */
static void test_three_valued(void **state)
{
    (void)state;
    const double v[3] = {0.0, 1.0, NAN};
    double a[9], b[9], and_[9], or_[9];
    for (int i = 0; i < 9; i++) {
        a[i] = v[i / 3];
        b[i] = v[i % 3];
    }
    sc_kernel(SC_OP_AND, 9, and_, a, b, b);
    sc_kernel(SC_OP_OR, 9, or_, a, b, b);
    for (int i = 0; i < 9; i++) {
        int fa = a[i] == 0.0, fb = b[i] == 0.0, ta = a[i] == 1.0, tb = b[i] == 1.0;
        double want_and = fa || fb ? 0.0 : ta && tb ? 1.0 : NAN;
        double want_or = ta || tb ? 1.0 : fa && fb ? 0.0 : NAN;
        assert_true(same_bits(and_[i], want_and) || (isnan(and_[i]) && isnan(want_and)));
        assert_true(same_bits(or_[i], want_or) || (isnan(or_[i]) && isnan(want_or)));
    }
}

/* Verdict bytes, four at a time and one by one. */
static void test_verdicts(void **state)
{
    (void)state;
    static double a[N], b[N];
    static unsigned char out[N];
    uint64_t seed = 0x9E3779B97F4A7C15u;
    fill(a, b, N, &seed);
    for (size_t n = 0; n < 40; n++) {
        memset(out, 0xAA, sizeof out);
        sc_kernel_verdicts(out, a + n, N - n);
        for (size_t i = 0; i < N - n; i++) {
            double x = a[n + i];
            unsigned char want = x != x ? SCORE_UNKNOWN : x != 0.0 ? SCORE_TRUE : SCORE_FALSE;
            if (out[i] != want)
                fail_msg("offset %zu row %zu: %.17g gave %u", n, i, x, out[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_equals_rows),
        cmocka_unit_test(test_three_valued),
        cmocka_unit_test(test_verdicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
