/*
 * Numbers as decimals: parsing of literals and CSV cells, comparison to 15
 * significant digits, and shortest round-trip formatting.
 */
#ifndef SCORE_DECIMAL_H
#define SCORE_DECIMAL_H

#include <math.h>
#include <stddef.h>

/*
 * Parse a whole decimal number: [+|-] digits [. digits] [(e|E) [+|-] digits]
 * followed by at most one suffix: % (x 0.01), 千 (x 1e3), 万 (x 1e4) or
 * 亿 (x 1e8). The suffix scales the decimal exactly (3.5万 is read as the
 * decimal 35000, not 3.5 * 10000 in binary). `allow_sign` permits a
 * leading sign. Returns NULL on success, else a short English reason
 * ("not a number", "number out of range", ...).
 */
const char *sc_decimal_parse(const char *s, size_t len, int allow_sign, double *out);

/*
 * Length of the longest prefix of s that lexes as an unsigned number with
 * optional suffix (for the expression lexer); 0 if s does not start with
 * a digit. The prefix is not validated beyond its shape.
 */
size_t sc_decimal_span(const char *s, size_t len);

/* Two finite numbers are equal when they agree to about 15 significant
 * digits, as in a spreadsheet: 0.1 + 0.2 == 0.3. */
#define SC_DECIMAL_TOLERANCE 5e-15

static inline int sc_num_near(double a, double b)
{
    double d = fabs(a - b);
    double m = fmax(fabs(a), fabs(b));
    /* an infinity is near nothing but itself */
    return a == b || (m < HUGE_VAL && d <= m * SC_DECIMAL_TOLERANCE);
}

/* -1, 0 or 1 by decimal comparison (neither may be NaN). */
static inline int sc_num_cmp(double a, double b)
{
    if (sc_num_near(a, b))
        return 0;
    return a < b ? -1 : 1;
}

/* The shortest decimal text that agrees with v when both are rounded to
 * 15 significant digits (0.1 + 0.2 prints as 0.3, 24/69 as
 * 0.347826086956522), plain digits for everyday magnitudes; "" for NaN.
 * "" for an infinity too. Returns the length. */
size_t sc_decimal_format(double v, char *buf, size_t size);
/* The same without the shortcut for decimals of few digits (for tests). */
size_t sc_decimal_format_general(double v, char *buf, size_t size);

#endif
