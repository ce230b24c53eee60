/*
 * What each instruction computes: a tight loop over one batch of rows,
 * with no branches on the data that a compiler cannot turn into selects.
 * Missing values are NaN, so arithmetic propagates them for free; logic
 * and comparisons test for them explicitly (Kleene three-valued logic).
 * The VM runs these over row batches; the constant folder runs them on
 * one row, so folding and evaluation cannot disagree.
 */
#include <math.h>

#include "decimal.h"
#include "kernel.h"

static inline double finite_or_missing(double r)
{
    return fabs(r) == HUGE_VAL ? NAN : r;
}

/* Half away from zero, with decimal halves: 2.675 * 100 is 267.4999... in
 * binary but 267.5 to 15 digits, so it rounds up as a person expects. */
static double round_half_away(double y)
{
    double ay = fabs(y), f = floor(ay), frac = ay - f;
    /* a fraction near .5 as a decimal rounds up; a whole number (which
     * any double past 2^52 is) stays */
    double r = frac >= 0.5 || (frac > 0.25 && sc_num_near(ay, f + 0.5)) ? f + 1.0 : f;
    if (r == 0.0)
        return 0.0;
    return y < 0 ? -r : r;
}

static const double pow10_table[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

static double round_digits(double x, double digits)
{
    if (x != x || digits != digits)
        return NAN;
    int d = (int)digits; /* the checker allows only constant integers in range */
    if (d >= 0) {
        double p = pow10_table[d];
        /* so large that it has no fraction digits to round */
        if (isinf(x * p))
            return x;
        return round_half_away(x * p) / p;
    }
    double p = pow10_table[-d];
    return finite_or_missing(round_half_away(x / p) * p);
}

/* sc_num_near() for operands that are not missing, without a call to
 * fmax() (which the compiler does not inline) and without branches, so
 * that the comparison loops vectorize; the same answer on every pair. */
static inline int near(double a, double b)
{
    /* d <= max(|a|, |b|) * tol, as d <= |a| * tol or d <= |b| * tol */
    double d = fabs(a - b), fa = fabs(a), fb = fabs(b);
    return (a == b) | (isless(fa, HUGE_VAL) & isless(fb, HUGE_VAL) &
                       (islessequal(d, fa * SC_DECIMAL_TOLERANCE) |
                        islessequal(d, fb * SC_DECIMAL_TOLERANCE)));
}

/* floor and ceil read their operand as a decimal, as round reads its
 * halves: within 15 significant digits of a whole number it is that
 * number, so floor(0.3 / 0.1) is 3 although the quotient is
 * 2.9999999999999996 in binary (and 0.3 / 0.1 == 3 holds). */
static inline double decimal_whole(double x)
{
    double w = round(x);
    return near(x, w) ? w : x;
}

static inline double decimal_floor(double x)
{
    double r = floor(decimal_whole(x));
    return r == 0.0 ? 0.0 : r; /* no -0 */
}

static inline double decimal_ceil(double x)
{
    double r = ceil(decimal_whole(x));
    return r == 0.0 ? 0.0 : r;
}

/* The kernels are written without branches on the data (conditions
 * combined with & and |, then one select) and with the quiet comparisons
 * isless() and isgreater() (which raise no exception on NaN, so the
 * compiler may evaluate them for every row), so that each loop compiles
 * to vector code. */
#define LOOP(expr)                      \
    for (size_t i = 0; i < n; i++) {    \
        double x = a[i];                \
        (void)x;                        \
        dst[i] = (expr);                \
    }
#define LOOP2(expr)                     \
    for (size_t i = 0; i < n; i++) {    \
        double x = a[i], y = b[i];      \
        dst[i] = (expr);                \
    }
#define MISSING2(x, y) (((x) != (x)) | ((y) != (y)))
/* A comparison: 1/0 first, then missing where an operand is (two passes
 * over the batch, each of which the compiler vectorizes; one pass with
 * both selects it does not). */
#define VERDICT(c)                                     \
    do {                                               \
        LOOP2((double)(c));                            \
        LOOP2(MISSING2(x, y) ? NAN : dst[i]);          \
    } while (0)

void sc_kernel(sc_opcode op, size_t n, double *restrict dst, const double *restrict a,
               const double *restrict b, const double *restrict c)
{
    switch (op) {
    case SC_OP_ADD: LOOP2(finite_or_missing(x + y)); break;
    case SC_OP_SUB: LOOP2(finite_or_missing(x - y)); break;
    case SC_OP_MUL: LOOP2(finite_or_missing(x * y)); break;
    case SC_OP_DIV: LOOP2(y == 0.0 ? NAN : finite_or_missing(x / y)); break;
    case SC_OP_NEG: LOOP(x == 0.0 ? 0.0 : -x); break;
    case SC_OP_EQ: VERDICT(near(x, y)); break;
    case SC_OP_NE: VERDICT(!near(x, y)); break;
    case SC_OP_LT: VERDICT(isless(x, y) & !near(x, y)); break;
    case SC_OP_LE: VERDICT(isless(x, y) | near(x, y)); break;
    case SC_OP_GT: VERDICT(isgreater(x, y) & !near(x, y)); break;
    case SC_OP_GE: VERDICT(isgreater(x, y) | near(x, y)); break;
    case SC_OP_EQX: VERDICT(x == y); break;
    case SC_OP_NEX: VERDICT(x != y); break;
    case SC_OP_AND:
        LOOP2(((x == 0.0) | (y == 0.0)) ? 0.0 : ((x == 1.0) & (y == 1.0)) ? 1.0 : NAN);
        break;
    case SC_OP_OR:
        LOOP2(((x == 1.0) | (y == 1.0)) ? 1.0 : ((x == 0.0) & (y == 0.0)) ? 0.0 : NAN);
        break;
    case SC_OP_NOT: LOOP(1.0 - x); break;
    case SC_OP_SELECT:
        for (size_t i = 0; i < n; i++)
            dst[i] = a[i] != a[i] ? NAN : a[i] != 0.0 ? b[i] : c[i];
        break;
    case SC_OP_MIN: LOOP2(MISSING2(x, y) ? NAN : (isless(y, x) ? y : x)); break;
    case SC_OP_MAX: LOOP2(MISSING2(x, y) ? NAN : (isgreater(y, x) ? y : x)); break;
    case SC_OP_ABS: LOOP(fabs(x)); break;
    case SC_OP_ROUND: LOOP(x != x ? NAN : round_half_away(x)); break;
    case SC_OP_ROUNDN: LOOP2(round_digits(x, y)); break;
    case SC_OP_FLOOR: LOOP(decimal_floor(x)); break;
    case SC_OP_CEIL: LOOP(decimal_ceil(x)); break;
    case SC_OP_COALESCE: LOOP2(x != x ? y : x); break;
    case SC_OP_ISMISSING: LOOP(x != x ? 1.0 : 0.0); break;
    case SC_OP_COUNT: break;
    }
}
