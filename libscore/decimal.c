/*
 * Decimal numbers. Parsing is our own so that it does not depend on the
 * C locale and so that a unit suffix scales the decimal digits exactly:
 * the digits and the decimal exponent are gathered first, then converted
 * once (exactly when they fit Clinger's fast path, else by strtod on a
 * locale-free "DIGITSeEXP" string).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "score/score.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the unit suffix at s and its power of ten; 0 if none. */
static size_t suffix_at(const char *s, size_t len, int *exp10)
{
    if (len >= 1 && s[0] == '%') {
        *exp10 = -2;
        return 1;
    }
    if (len >= 3) {
        if (memcmp(s, "\xe5\x8d\x83", 3) == 0) { /* 千 */
            *exp10 = 3;
            return 3;
        }
        if (memcmp(s, "\xe4\xb8\x87", 3) == 0) { /* 万 */
            *exp10 = 4;
            return 3;
        }
        if (memcmp(s, "\xe4\xba\xbf", 3) == 0) { /* 亿 */
            *exp10 = 8;
            return 3;
        }
    }
    return 0;
}

size_t sc_decimal_span(const char *s, size_t len)
{
    size_t i = 0;
    if (i >= len || !is_digit(s[i]))
        return 0;
    while (i < len && is_digit(s[i]))
        i++;
    if (i + 1 < len && s[i] == '.' && is_digit(s[i + 1])) {
        i++;
        while (i < len && is_digit(s[i]))
            i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < len && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < len && is_digit(s[j])) {
            while (j < len && is_digit(s[j]))
                j++;
            i = j;
        }
    }
    int e;
    i += suffix_at(s + i, len - i, &e);
    return i;
}

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

const char *sc_decimal_parse(const char *s, size_t len, int allow_sign, double *out)
{
    size_t i = 0;
    int negative = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) {
        if (!allow_sign)
            return "not a number";
        negative = s[i] == '-';
        i++;
    }
    /* Significant digits, at most 19 kept exactly; the rest only shift
     * the exponent (and are checked to be digits). */
    char digits[40];
    size_t ndig = 0;
    long exp10 = 0;
    int any = 0, lost = 0;
    while (i < len && is_digit(s[i])) {
        any = 1;
        if (ndig == 0 && s[i] == '0') {
            i++;
            continue;
        }
        if (ndig < 19)
            digits[ndig++] = s[i];
        else {
            exp10++;
            lost |= s[i] != '0';
        }
        i++;
    }
    if (i < len && s[i] == '.') {
        i++;
        int frac = 0;
        while (i < len && is_digit(s[i])) {
            frac = 1;
            if (ndig == 0 && s[i] == '0') {
                exp10--;
            } else if (ndig < 19) {
                digits[ndig++] = s[i];
                exp10--;
            } else {
                lost |= s[i] != '0';
            }
            i++;
        }
        if (!frac && !any)
            return "not a number";
        any = 1;
    }
    if (!any)
        return "not a number";
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= len || !is_digit(s[i]))
            return "not a number";
        long e = 0;
        while (i < len && is_digit(s[i])) {
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
            i++;
        }
        exp10 += eneg ? -e : e;
    }
    int sexp;
    size_t sl = suffix_at(s + i, len - i, &sexp);
    if (sl) {
        exp10 += sexp;
        i += sl;
        int dummy;
        if (i < len && suffix_at(s + i, len - i, &dummy))
            return "more than one unit suffix";
    }
    if (i != len)
        return "not a number";

    double v;
    if (ndig == 0) {
        v = 0.0;
    } else {
        uint64_t m = 0;
        for (size_t k = 0; k < ndig; k++)
            m = m * 10 + (uint64_t)(digits[k] - '0');
        if (!lost && m <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
            v = exp10 >= 0 ? (double)m * pow10_exact[exp10] : (double)m / pow10_exact[-exp10];
        } else if (exp10 > 400) {
            return "number out of range";
        } else if (exp10 < -400) {
            return "number out of range";
        } else {
            /* Locale-free: no decimal point in what strtod sees. A lost
             * nonzero digit is kept as a trailing 1 so rounding goes the
             * right way. */
            char tmp[64];
            memcpy(tmp, digits, ndig);
            size_t n = ndig;
            long e = exp10;
            if (lost) {
                tmp[n++] = '1';
                e--;
            }
            snprintf(tmp + n, sizeof tmp - n, "e%ld", e);
            errno = 0;
            v = strtod(tmp, NULL);
            if (errno == ERANGE || v == 0.0 || v > 1.7976931348623157e308)
                return "number out of range";
        }
    }
    *out = negative ? -v : v;
    if (*out == 0.0)
        *out = 0.0; /* no negative zero */
    return NULL;
}

size_t sc_decimal_format_general(double v, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    if (!isfinite(v)) { /* NaN is missing; an infinity is never printed */
        buf[0] = '\0';
        return 0;
    }
    if (v == 0.0)
        v = 0.0;
    char tmp[48], ref[48], back_text[48];
    int n = 0, prec;
    /* v to 15 significant digits: a shorter text must agree with it there */
    snprintf(ref, sizeof ref, "%.14e", v);
    for (prec = 1; prec <= 17; prec++) {
        n = snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        for (int k = 0; k < n; k++)
            if (tmp[k] == ',')
                tmp[k] = '.'; /* a locale with a decimal comma */
        /* Numbers are decimals to 15 significant digits: the shortest
         * text that reads back equal in that sense (93.6, not the binary
         * sum's 93.60000000000001). */
        double back;
        if (sc_decimal_parse(tmp, (size_t)n, 1, &back) != NULL)
            continue;
        snprintf(back_text, sizeof back_text, "%.14e", back);
        if (back == v || (prec <= 15 && strcmp(back_text, ref) == 0))
            break;
    }
    /* Plain digits for everyday magnitudes (2020, 0.3, 30000), the
     * exponent form only for the very large or small. */
    int exp10 = atoi(strchr(tmp, 'e') + 1);
    if (exp10 >= -6 && exp10 < 17) {
        int decimals = prec - 1 - exp10;
        n = snprintf(tmp, sizeof tmp, "%.*f", decimals > 0 ? decimals : 0, v);
        for (int k = 0; k < n; k++)
            if (tmp[k] == ',')
                tmp[k] = '.';
    } else {
        n = snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    }
    size_t len = (size_t)n < size - 1 ? (size_t)n : size - 1;
    memcpy(buf, tmp, len);
    buf[len] = '\0';
    return len;
}

/*
 * The common case without printf: v is the double nearest a decimal
 * m / 10^k with k <= 6 and |m| < 10^15 (a score, an amount, a share). The
 * general code then finds the digits of m as the shortest text (fewer
 * digits read back as another number) and prints them with k decimals,
 * so here they are written directly; likewise for the double next to
 * such a value (a sum's rounding). Returns 0 when v is not such a value.
 */
static size_t format_fast(double v, char *buf, size_t size)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    if (!(fabs(v) < 1e15))
        return 0; /* NaN, infinities and large numbers too */
    for (size_t k = 0; k < sizeof p10 / sizeof p10[0]; k++) {
        double m = nearbyint(v * p10[k]);
        if (!(fabs(m) < 1e15))
            continue;
        double c = m / p10[k];
        /* A sum's 93.60000000000001, the neighbour of 93.6: with at most
         * 13 digits, m / 10^k is then v's value to 15 significant digits
         * (the two differ by at most 1.5 units in the last place of v,
         * less than half a unit of the 15th digit), which the general
         * code prints as m with k decimals too. */
        if (c != v && !(fabs(m) < 1e13 && m != 0.0 && nextafter(v, c) == c))
            continue;
        char digits[24], tmp[32];
        uint64_t u = (uint64_t)fabs(m);
        size_t nd = 0, n = 0;
        do {
            digits[nd++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        while (nd <= k)
            digits[nd++] = '0'; /* 0.05: at least one digit before the point */
        if (m < 0)
            tmp[n++] = '-';
        for (size_t i = nd; i-- > 0;) {
            tmp[n++] = digits[i];
            if (i == k && k > 0)
                tmp[n++] = '.';
        }
        size_t len = n < size - 1 ? n : size - 1;
        memcpy(buf, tmp, len);
        buf[len] = '\0';
        return len; /* at least 1: size > 1 */
    }
    return 0;
}

size_t sc_decimal_format(double v, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    if (v == 0.0) {
        buf[0] = size > 1 ? '0' : '\0';
        if (size > 1)
            buf[1] = '\0';
        return size > 1;
    }
    if (size > 1) {
        size_t n = format_fast(v, buf, size);
        if (n)
            return n;
    }
    return sc_decimal_format_general(v, buf, size);
}

size_t score_format_number(double v, char *buf, size_t size)
{
    return sc_decimal_format(v, buf, size);
}
