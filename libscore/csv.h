/*
 * Between a table (table.c) and its CSV reader (csv.c): the table
 * internals the reader fills in, and the reader's entry point.
 */
#ifndef SCORE_CSV_H
#define SCORE_CSV_H

#include <stddef.h>

#include "report.h"
#include "table.h"

/* Add the key of `row` (already in the key column) to the key index.
 * *prev is (size_t)-1 when it was added, else the earlier row with the
 * same key. Returns 0, or -1 when out of memory. */
int sc_table_key_add(score_table *t, size_t row, size_t *prev);

/* Room in the key index for key codes below n, so that it need not
 * grow while a file is read. Returns 0, or -1 when out of memory. */
int sc_table_key_reserve(score_table *t, size_t n);

/* Rebuild t->absent from the columns' `present` flags (no allocation). */
void sc_table_update_absent(score_table *t);

/* A table of `rows` rows with no column yet (every column absent and
 * its values unset): the reader's start. */
int sc_table_create(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                    const score_allocator *alloc, size_t rows, const char *source,
                    score_error *err);

/* Point every column not supplied at the shared all-missing array
 * (made here if needed). Returns 0, or -1 when out of memory. */
int sc_table_point_absent(score_table *t);

/* Called as the reader goes: the bytes of the input from offset `from`
 * to `upto` are not needed again (except to word an error). */
typedef void (*sc_csv_release_fn)(void *ud, size_t from, size_t upto);

/* How to read: all optional (a NULL sc_csv_input reads with the
 * defaults). */
typedef struct sc_csv_input {
    const score_read_options *opts; /* NULL: the defaults */
    sc_csv_release_fn release;      /* NULL for none */
    void *release_ud;
    size_t *not_utf8; /* set to the offset of the first byte that is not
                         UTF-8 when the input is refused for it (so that
                         another encoding can be tried) */
} sc_csv_input;

/* Read UTF-8 CSV (or TAB-separated) text into a table. The read report
 * goes to *report (the caller's, also on failure; NULL: freed). */
int sc_csv_read(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                const score_allocator *alloc, const char *data, size_t len, const char *source,
                const sc_csv_input *how, score_read_report **report, score_error *err);

/*
 * The fast path for a number cell at p: an optional sign, decimal digits
 * with an optional fraction and nothing else, up to a comma, a line end
 * or `end`. When the value is exact by one correctly rounded operation
 * (a whole number up to 2^53 divided by a power of ten up to 10^22), as
 * sc_decimal_parse() computes it, stores it in *out and returns the end
 * of the cell; else NULL, and the cell goes the slow way. An empty cell
 * is missing (NaN).
 */
const char *sc_csv_number(const char *p, const char *end, double *out);

#endif
