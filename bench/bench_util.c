#define _POSIX_C_SOURCE 200809L

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int by_value(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

double bench_median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_min(const double *v, size_t n)
{
    double m = n ? v[0] : NAN;
    for (size_t i = 1; i < n; i++)
        if (v[i] < m)
            m = v[i];
    return m;
}

double bench_max(const double *v, size_t n)
{
    double m = n ? v[0] : NAN;
    for (size_t i = 1; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

double bench_peak_rss(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return NAN;
    return (double)ru.ru_maxrss * 1024.0; /* Linux reports kilobytes */
}

/* The power of ten of a unit suffix at s[0..len), and its length. */
static size_t suffix(const char *s, size_t len, int *exp10)
{
    static const struct {
        const char *text;
        int exp10;
    } units[] = {{"%", -2}, {"\xe5\x8d\x83", 3}, {"\xe4\xb8\x87", 4}, {"\xe4\xba\xbf", 8}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t n = strlen(units[i].text);
        if (len == n && memcmp(s, units[i].text, n) == 0) {
            *exp10 = units[i].exp10;
            return n;
        }
    }
    return 0;
}

int bench_parse_number(const char *s, size_t len, double *out)
{
    /* the digits up to the suffix, then "e<exp>" so that strtod rounds
     * the scaled decimal once, as libscore does */
    char buf[96];
    size_t end = 0;
    while (end < len && (s[end] == '+' || s[end] == '-' || s[end] == '.' || s[end] == 'e' ||
                         s[end] == 'E' || (s[end] >= '0' && s[end] <= '9')))
        end++;
    if (end == 0 || end + 8 >= sizeof buf)
        return -1;
    int exp10 = 0;
    if (end < len && suffix(s + end, len - end, &exp10) == 0)
        return -1;
    memcpy(buf, s, end);
    buf[end] = '\0';
    if (exp10 != 0) {
        if (memchr(buf, 'e', end) || memchr(buf, 'E', end))
            return -1; /* an exponent and a suffix: not in our data */
        snprintf(buf + end, sizeof buf - end, "e%d", exp10);
    }
    char *stop;
    double v = strtod(buf, &stop);
    if (*stop != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
