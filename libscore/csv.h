/*
 * The CSV reader (csv.c): UTF-8 CSV or TAB-separated text into a table,
 * built through table.h and ingest.h. read.c picks it for text input.
 */
#ifndef SCORE_CSV_H
#define SCORE_CSV_H

#include <stddef.h>

#include "report.h"
#include "table.h"

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
    size_t chunk_min; /* the least bytes of a chunk of a parallel read
                         (0: 1 MiB); smaller input is read the plain way.
                         The tests make it small. */
} sc_csv_input;

/* Read UTF-8 CSV (or TAB-separated) text into a table. The read report
 * goes to *report (the caller's, also on failure; NULL: freed). */
int sc_csv_read(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                const score_allocator *alloc, const char *data, size_t len, const char *source,
                const sc_csv_input *how, score_read_report **report, score_error *err);

/* sc_csv_read() with the default options, the read report kept by the
 * table (as score_table_parse keeps it), for a hand-made schema (the
 * unit tests; rs may then be NULL). */
int sc_table_parse_csv(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                       const score_allocator *alloc, const char *data, size_t len,
                       const char *source, score_error *err);

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
