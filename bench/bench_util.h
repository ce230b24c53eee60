/*
 * Small helpers of the benchmark programs: a monotonic clock, medians,
 * peak memory, and reading a number the way the data files write it.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);

/* CPU seconds of the whole process, every thread (CLOCK_PROCESS_CPUTIME_ID):
 * on a shared machine the wall time also counts the time the process
 * waited for a core, the CPU time does not. */
double bench_cpu_now(void);

/* The median of n values (sorts them in place); NaN when n is 0. */
double bench_median(double *v, size_t n);

/* The smallest and largest of n values. */
double bench_min(const double *v, size_t n);
double bench_max(const double *v, size_t n);

/* Peak resident set size of this process so far (getrusage ru_maxrss),
 * in bytes. */
double bench_peak_rss(void);

/*
 * A decimal as the data and the param values write it: plain digits with
 * optional sign, fraction and exponent, then at most one suffix % 千 万 亿
 * that scales the decimal exactly ("44.6万" reads as 446000, "67%" as the
 * double nearest 0.67). Returns 0 and *out, or -1 if s[0..len) is not
 * such a number.
 */
int bench_parse_number(const char *s, size_t len, double *out);

#endif
