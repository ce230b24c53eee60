/*
 * A plain CSV reader for the baselines: the whole file into memory, one
 * array of doubles per field of a ruleset (NaN = missing), so that a
 * hand-written loop can score the same data as libscore. It is simple on
 * purpose and reads what bench/generate.py writes (no quoted cells); it is
 * not what is being measured.
 *
 * Cells: empty is missing; bools are 是/否, 1/0 or true/false; numbers as
 * bench_parse_number(); text is dictionary-encoded (codes 0, 1, ... in
 * order of first appearance, by a linear search: meant for columns of
 * few distinct values), except the key, kept as strings.
 */
#ifndef BENCH_CSV_COLUMNS_H
#define BENCH_CSV_COLUMNS_H

#include <stddef.h>

#include <score/score.h>

typedef struct bench_columns {
    size_t nrows;
    size_t ncols;        /* one per field and year of the ruleset */
    char **names;        /* "id" or "collective_income_2019" */
    score_type *types;
    double **values;     /* [col][row]; NULL for the key and unwanted columns */
    const char **keys;   /* the key of each row (NULL if empty) */
    char ***dicts;       /* [col]: the texts of a text column's codes */
    size_t *dict_counts;
    char *text;          /* the file, cut into cells in place */
} bench_columns;

/* Read `path` for the columns named in `wanted` (field ids, NAME_YYYY
 * for a year column; a NULL-terminated list) and the key of `rs`,
 * matching headers by field id or label. Other columns stay NULL.
 * Returns 0, or -1 with a message in msg (an unreadable file, a bad cell,
 * a missing column). */
int bench_columns_read(bench_columns *out, const score_ruleset *rs, const char *path,
                       const char *const *wanted, char *msg, size_t msgsize);

/* The values of a column by name, or NULL. */
const double *bench_columns_get(const bench_columns *c, const char *name);

/* The code of `text` in a text column, or -1 (equal to no cell). */
double bench_columns_code(const bench_columns *c, const char *name, const char *text);

void bench_columns_free(bench_columns *c);

#endif
