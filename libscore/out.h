/* used by the writers (out_*.c, output.c); uses internal.h (sc_buf). */
/*
 * The building blocks every writer of results is made of: a sink that
 * buffers text and hands it to the caller's callback, CSV fields, JSON
 * strings and numbers, the provenance block, and aligned tables for a
 * terminal (text width of CJK counted as two). Nothing here fails but
 * allocation and the callback; both stick in the sink until it is
 * flushed.
 */
#ifndef SCORE_OUT_H
#define SCORE_OUT_H

#include <stddef.h>

#include "internal.h"

typedef struct sc_out {
    score_write_fn write;
    void *ud;
    sc_buf buf;
    int stopped; /* the callback asked to stop */
} sc_out;

void sc_out_init(sc_out *o, const score_allocator *a, score_write_fn write, void *ud);
void sc_out_puts(sc_out *o, const char *s);
void sc_out_putc(sc_out *o, char c);
void sc_out_printf(sc_out *o, const char *fmt, ...) SC_PRINTF(2, 3);
/* Hand what is buffered to the callback; also done as the buffer fills. */
void sc_out_flush(sc_out *o);
/* Flush and release: 0, or SCORE_ENOMEM / SCORE_EIO (err filled). */
int sc_out_finish(sc_out *o, score_error *err);

/* A number in its shortest form (score_format_number); NaN is "". */
const char *sc_out_number(double v, char buf[32]);
/* A field of RFC 4180: quoted when it holds a comma, quote, CR or LF;
 * NULL is an empty cell. */
void sc_out_csv_field(sc_out *o, const char *s);
/* A JSON string (NULL is null) and a JSON number (NaN is null). */
void sc_out_json_string(sc_out *o, const char *s);
void sc_out_json_number(sc_out *o, double v);
/* "ruleset":{"id":..,"version":..,"hash":..,"params":{NAME:VALUE,..}},
 * the params whose value in force differs from the default. */
void sc_out_json_provenance(sc_out *o, const score_ruleset *rs);

/* Display width of UTF-8 text in terminal columns: East Asian wide and
 * fullwidth characters count 2, combining marks 0, invalid bytes and
 * control characters 1. */
size_t sc_text_width(const char *s);

/*
 * A table for a terminal: cells of text in rows, printed with aligned
 * columns (two spaces apart, no trailing blanks, control characters shown
 * as spaces). A row may carry a note, a line under it outside the
 * alignment.
 */
typedef struct sc_grid {
    const score_allocator *alloc;
    size_t ncols, nrows;
    size_t ncells, capcells;
    char **cells; /* row-major, ncols per row */
    char **notes; /* one per row, NULL for none */
    size_t capnotes;
    int failed;   /* an allocation failed */
} sc_grid;

void sc_grid_init(sc_grid *g, const score_allocator *a, size_t ncols);
/* Append a cell (copied) to the last row; NULL is an empty cell. */
void sc_grid_cell(sc_grid *g, const char *s);
/* Set the note of the last complete row (copied). */
void sc_grid_note(sc_grid *g, const char *s);
/* Print it; 0, or -1 if memory ran out at any point. */
int sc_grid_print(sc_out *o, const sc_grid *g);
void sc_grid_free(sc_grid *g);

#endif
