/*
 * read_bench: how fast a CSV file is read into a table (score_table_read)
 * on 1, 2, ... threads, in the same run so that the load of the machine
 * falls on every thread count alike; the tables are checked to be the
 * same (rows and every column's values, bit for bit).
 *
 *   read_bench RULESET FILE.csv [--threads 1,2] [--repeat N]
 *
 * Prints one line per thread count: the median wall time (and CPU time)
 * of N reads, MB/s of the file, rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_util.h"
#include "score/score.h"

#define MAX_COUNTS 8
#define MAX_REPEAT 64

static int read_once(score_table **t, const score_ruleset *rs, const char *path,
                     unsigned threads)
{
    score_read_options opts = SCORE_READ_OPTIONS_INIT;
    opts.threads = threads;
    opts.format = SCORE_DATA_CSV;
    score_error err;
    if (score_table_read(t, rs, path, &opts, &err) != 0) {
        fprintf(stderr, "read_bench: %s:%d:%d: %s\n", err.source, err.line, err.column,
                err.message);
        return -1;
    }
    return 0;
}

/* 1 when the tables hold the same rows and values. */
static int same(const score_table *a, const score_table *b, const score_ruleset *rs)
{
    size_t n = score_table_row_count(a);
    if (n != score_table_row_count(b))
        return 0;
    for (size_t r = 0; r < n; r++)
        if (strcmp(score_table_key(a, r), score_table_key(b, r)) != 0)
            return 0;
    size_t ncols = score_ruleset_field_count(rs);
    for (size_t j = 0; j < ncols; j++) {
        const char *name = score_ruleset_field_id(rs, j);
        const double *va, *vb;
        if (score_table_column(a, name, &va, NULL, NULL) != 0 ||
            score_table_column(b, name, &vb, NULL, NULL) != 0)
            continue;
        if (memcmp(va, vb, n * sizeof *va) != 0)
            return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: read_bench RULESET FILE.csv [--threads 1,2] [--repeat N]\n");
        return 2;
    }
    const char *ruleset = argv[1], *path = argv[2];
    unsigned counts[MAX_COUNTS] = {1, 2};
    size_t ncounts = 2, repeat = 3;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--threads") == 0) {
            ncounts = 0;
            for (char *s = argv[i + 1]; *s && ncounts < MAX_COUNTS;) {
                counts[ncounts++] = (unsigned)strtoul(s, &s, 10);
                if (*s == ',')
                    s++;
            }
        } else if (strcmp(argv[i], "--repeat") == 0) {
            repeat = strtoul(argv[i + 1], NULL, 10);
            if (repeat < 1 || repeat > MAX_REPEAT)
                repeat = 3;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "read_bench: %s: no such file\n", path);
        return 1;
    }
    score_error err;
    score_ruleset *rs = NULL;
    if (score_ruleset_load(&rs, ruleset, NULL, &err)) {
        fprintf(stderr, "read_bench: %s: %s\n", ruleset, err.message);
        return 1;
    }
    double wall[MAX_COUNTS][MAX_REPEAT], cpu[MAX_COUNTS][MAX_REPEAT];
    size_t rows = 0;
    score_table *first = NULL;
    int rc = 0;
    for (size_t k = 0; k < repeat && !rc; k++) {
        for (size_t c = 0; c < ncounts && !rc; c++) {
            score_table *t = NULL;
            double w0 = bench_now(), c0 = bench_cpu_now();
            if (read_once(&t, rs, path, counts[c]) != 0) {
                rc = 1;
                break;
            }
            wall[c][k] = bench_now() - w0;
            cpu[c][k] = bench_cpu_now() - c0;
            rows = score_table_row_count(t);
            if (!first) {
                first = t;
                continue;
            }
            if (k == 0 && !same(first, t, rs)) {
                fprintf(stderr, "read_bench: %u threads read another table\n", counts[c]);
                rc = 1;
            }
            score_table_free(t);
        }
    }
    for (size_t c = 0; c < ncounts && !rc; c++) {
        double w = bench_median(wall[c], repeat), u = bench_median(cpu[c], repeat);
        printf("threads %u: %.0f ms (cpu %.0f ms), %.0f MB/s, %zu rows\n", counts[c], w * 1e3,
               u * 1e3, (double)st.st_size / 1e6 / w, rows);
    }
    printf("peak RSS %.0f MB\n", bench_peak_rss() / 1e6);
    score_table_free(first);
    score_ruleset_free(rs);
    return rc;
}
