/*
 * A table: the data of one ruleset's columns, column by column.
 * Every column is an array of doubles with NaN for a missing cell:
 * numbers as themselves, bools as 0/1, text as dictionary codes.
 */
#ifndef SCORE_TABLE_H
#define SCORE_TABLE_H

#include <stddef.h>

#include "dict.h"
#include "meter.h"
#include "schema.h"
#include "score/score.h"

typedef struct sc_column {
    const double *values; /* nrows values, NaN missing */
    double *owned;        /* == values when the table allocated them alone
                             (not in its block) */
    int present;          /* supplied by the data, not defaulted */
} sc_column;

struct score_table {
    const score_allocator *alloc; /* &meter.hooks: counts what the table holds */
    const score_allocator *base;  /* the ruleset's: the struct itself */
    sc_meter meter;               /* the memory_bytes limit */
    const score_ruleset *rs;
    const sc_schema *schema;
    size_t nrows;
    sc_column *cols;       /* schema->ncols columns */
    double *block;         /* the columns read from a file, in one block */
    sc_dict dict;          /* the text of every text column */
    double *missing;       /* nrows NaN, shared by the absent columns; NULL
                              until a column is absent */
    uint32_t *key_slots;   /* key code -> row + 1, 0 empty; indexed by the code */
    size_t key_nslots;     /* > every key code (codes are dense) */
    char **absent;         /* names of columns not supplied */
    size_t nabsent;
    score_read_report *report; /* of the read that made it, or NULL */
};

/* The index of the column named `name` (id, label or NAME_YYYY), or
 * SCORE_ENOTFOUND saying which names there are. */
int sc_table_column_index(const score_table *t, const char *name, size_t *col, score_error *err);

/* Text of a code read from a text column (borrowed). */
static inline const char *sc_table_text(const score_table *t, double code)
{
    return sc_dict_str(&t->dict, (uint32_t)code);
}
/*
 * The constructor behind score_table_new, taking the schema and
 * allocator directly (the unit tests use a hand-made schema; rs may then
 * be NULL).
 */
int sc_table_new(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                 const score_allocator *alloc, size_t rows, score_error *err);

/* The limits in force for tables of rs (the defaults when rs is NULL). */
void sc_table_limits(const score_ruleset *rs, score_limits *out);

/* After an allocation for t failed: SCORE_ELIMIT if it was refused for
 * the memory_bytes limit, else SCORE_ENOMEM. `source` may be NULL. */
int sc_table_nomem(const score_table *t, const char *source, score_error *err);

/*
 * Building a table, for the readers (ingest.c): they fill in the columns
 * of a table made by sc_table_create(); the table never calls them.
 */

/* A table of `rows` rows with no column yet (every column absent and
 * its values unset): the reader's start. */
int sc_table_create(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                    const score_allocator *alloc, size_t rows, const char *source,
                    score_error *err);

/* Add the key of `row` (already in the key column) to the key index.
 * *prev is (size_t)-1 when it was added, else the earlier row with the
 * same key. Returns 0, or -1 when out of memory. */
int sc_table_key_add(score_table *t, size_t row, size_t *prev);

/* Room in the key index for key codes below n, so that it need not
 * grow while a file is read. Returns 0, or -1 when out of memory. */
int sc_table_key_reserve(score_table *t, size_t n);

/* Rebuild t->absent from the columns' `present` flags (no allocation). */
void sc_table_update_absent(score_table *t);

/* Point every column not supplied at the shared all-missing array
 * (made here if needed). Returns 0, or -1 when out of memory. */
int sc_table_point_absent(score_table *t);
#endif
