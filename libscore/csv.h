/*
 * Between a table (table.c) and its CSV reader (csv.c): the table
 * internals the reader fills in.
 */
#ifndef SCORE_CSV_H
#define SCORE_CSV_H

#include <stddef.h>

#include "table.h"

/* Add the key of `row` (already in the key column) to the key index.
 * *prev is (size_t)-1 when it was added, else the earlier row with the
 * same key. Returns 0, or -1 when out of memory. */
int sc_table_key_add(score_table *t, size_t row, size_t *prev);

/* Rebuild t->absent from the columns' `present` flags (no allocation). */
void sc_table_update_absent(score_table *t);

#endif
