/* used by csv.c and csv_chunks.c */
/*
 * The CSV reader's state, shared by its one-thread loop (csv.c) and the
 * parallel read that runs that loop on chunks of the file (csv_chunks.c).
 */
#ifndef SCORE_CSV_PARSE_H
#define SCORE_CSV_PARSE_H

#include <stddef.h>

#include "csv.h"
#include "ingest.h"

typedef struct sc_csv_reader {
    const char *p, *end;
    size_t line; /* physical line of p */
    char sep;    /* ',' or '\t' */
    const unsigned char *stop;
} sc_csv_reader;

typedef struct sc_csv_parse {
    sc_ingest in;
    sc_csv_reader r;
    const char *data;    /* the input, from its first byte */
    const char *rows_p;  /* the first record after the header */
    size_t rows_line;
    size_t newlines;     /* in the whole input */
    sc_csv_release_fn release;
    void *release_ud;
    size_t released;     /* offset up to which the input was given back */
    size_t *not_utf8;    /* set to the first byte that is not UTF-8 */
} sc_csv_parse;

/* The one-thread loop that csv.c lends the parallel read, so that the
 * two files do not call each other: the first pass (the first byte of
 * s[0..n) that is not valid UTF-8 or is NUL, n if none; the newlines and
 * the double quotes before it), and the rows (from ps->r on into
 * ps->in's columns, at most max_rows; 0 or the error). */
typedef struct sc_csv_loop {
    size_t (*prepass)(const char *s, size_t n, size_t *newlines, size_t *quotes);
    int (*read_rows)(sc_csv_parse *ps, size_t max_rows);
} sc_csv_loop;

/* The parallel read (csv_chunks.c). A plan made before the header is
 * read, from a first pass over the whole input on `threads` threads. */
typedef struct sc_csv_plan sc_csv_plan;

/* Returned when the input is to be read again on one thread, the plain
 * way: the parallel read met an error (which the plain read words as
 * it always does) or something it does not do. */
#define SC_CSV_SERIAL (-1)

/* The first pass over start..end on `threads` threads: newlines (into
 * ps->newlines), quotes and encoding. Returns 0 (*plan NULL when the
 * input is too small to be worth it), or SC_CSV_SERIAL: a byte that is
 * not UTF-8 (the plain read words the error), out of memory. */
int sc_csv_plan_make(sc_csv_parse *ps, const sc_csv_loop *loop, const char *start,
                     const char *end, unsigned threads, size_t chunk_min, sc_csv_plan **plan);

/* Read the rows (ps->r at the first record after the header, the table
 * made for `cap` rows) in chunks on the plan's threads: 0, or
 * SC_CSV_SERIAL for anything else (an error, a duplicate key, out of
 * memory, the memory_bytes limit), which the plain read then meets. */
int sc_csv_read_chunked(sc_csv_parse *ps, sc_csv_plan *plan, size_t cap);

void sc_csv_plan_free(const score_allocator *alloc, sc_csv_plan *plan);

#endif
