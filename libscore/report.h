/*
 * The read report (score_read_report): what a read of data found, kept
 * by the table it made or handed to the caller by score_data_check().
 */
#ifndef SCORE_REPORT_H
#define SCORE_REPORT_H

#include <stddef.h>

#include "schema.h"
#include "score/score.h"

#define SC_REPORT_KEPT 1000  /* problems kept; all are counted */
#define SC_CELL_KINDS 9      /* score_cell_count values */

typedef struct sc_problem {
    score_error e;
    int is_error;
} sc_problem;

struct score_read_report {
    const score_allocator *alloc;
    const sc_schema *schema;   /* the ruleset's: names of the columns */
    size_t counts[7];          /* by score_read_count */
    score_encoding encoding;
    const char *encoding_name;
    int encoding_detected;
    char sheet[128];
    int is_sheet;
    int *present;              /* per schema column */
    size_t (*cells)[SC_CELL_KINDS]; /* per schema column */
    sc_problem *problems;
    size_t nproblems, cap;
    /* The table the report stays with, whose missing cells are counted
     * when asked (not on every read); NULL for a report handed over by
     * score_data_check(), whose counts were made as it read. */
    const score_table *table;
};

/* A report for `schema`'s columns; NULL when out of memory. */
score_read_report *sc_report_new(const score_allocator *alloc, const sc_schema *schema);

/* Add a problem (copied). Returns 0, or -1 when out of memory. */
int sc_report_add(score_read_report *r, const score_error *e, int is_error);

/* Count the missing cells of every column of t, less those refused (a
 * report that will not stay with its table). */
void sc_report_count_missing(score_read_report *r, const score_table *t);

/* Drop the problems after the first `keep` (a record that turned out
 * not to be a row), and uncount them. */
void sc_report_truncate(score_read_report *r, size_t keep);

#endif
