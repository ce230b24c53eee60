/*
 * What the database extensions share: a ruleset named by a built-in id or
 * given as its document, parameters from a JSON object, a query's result
 * gathered as text cells and turned into a score_table, and the JSON text
 * of a row's scores and criteria and of a ledger. Only score.h's public
 * API is used; memory is the C library's, owned by the structures here,
 * so that a host (PostgreSQL) can free it on its error paths.
 */
#ifndef SCORE_DB_H
#define SCORE_DB_H

#include <stddef.h>

#include "score/score.h"

/* A growable string (for JSON and messages); NULL data after a failed
 * allocation, which every later append keeps. */
typedef struct sdb_buf {
    char *data;
    size_t len, cap;
    int failed;
} sdb_buf;

void sdb_buf_free(sdb_buf *b);
void sdb_buf_add(sdb_buf *b, const char *s, size_t len);
void sdb_buf_puts(sdb_buf *b, const char *s);
void sdb_buf_json_string(sdb_buf *b, const char *s);
void sdb_buf_json_number(sdb_buf *b, double v);

/* Load `ruleset` (a built-in id, else a YAML/JSON document) with the
 * parameters of `params_json` (a JSON object of scalars, or NULL). A
 * document's errors are at "ruleset:LINE:COL". */
int sdb_ruleset_load(score_ruleset **out, const char *ruleset, const char *params_json,
                     score_error *err);

/* Compiled rulesets by their text and params, for one connection or
 * backend: the least recently used of CACHE_SIZE goes first, never one a
 * caller still holds. */
typedef struct sdb_cache sdb_cache;

sdb_cache *sdb_cache_new(void);
void sdb_cache_free(sdb_cache *c);
/* The compiled ruleset for (ruleset, params), loaded (sdb_ruleset_load)
 * on a miss; hold it until sdb_cache_release(). */
int sdb_cache_get(sdb_cache *c, const char *ruleset, const char *params, score_ruleset **out,
                  score_error *err);
void sdb_cache_release(sdb_cache *c, score_ruleset *rs);

/* A query's result as text cells, kept only for the columns that name a
 * field of the ruleset (as the CSV reader ignores the others). */
/* The cells of one column, in one block of text: a cell is at[row] bytes
 * into text, NUL-terminated, or missing (SDB_MISSING). One allocation per
 * column grows, not one per cell: a query of a million rows has tens of
 * millions of cells. */
#define SDB_MISSING ((size_t)-1)
typedef struct sdb_cells {
    size_t *at;
    char *text;
    size_t len, size;
} sdb_cells;

typedef struct sdb_columns {
    const score_ruleset *rs;
    size_t ncols;       /* of the query */
    char **names;       /* the query's column names */
    int *used;          /* 1 if the column names a field */
    size_t key_col;     /* the column of the key field, or (size_t)-1 */
    sdb_cells *cells;   /* per used column, nrows cells */
    size_t nrows, cap;
} sdb_columns;

/* Start gathering for the query's columns `names`. */
int sdb_columns_init(sdb_columns *c, const score_ruleset *rs, const char *const *names,
                     size_t ncols, score_error *err);
/* Add a row; then set each used column's cell with sdb_columns_set(). */
int sdb_columns_add_row(sdb_columns *c, score_error *err);
/* Set the last row's cell of column j to `len` bytes of text (NULL:
 * missing); ignored for a column that names no field. */
int sdb_columns_set(sdb_columns *c, size_t j, const char *text, size_t len, score_error *err);
/* The key of row i as the query gave it ("" when it has none), for
 * messages. */
const char *sdb_columns_key(const sdb_columns *c, size_t row);
void sdb_columns_free(sdb_columns *c);

/* Build the table: each used column's cells read by the field's type as
 * the CSV reader reads them. A refused cell is SCORE_EDATA naming the
 * column and the row's key. */
int sdb_table_build(score_table **out, const sdb_columns *c, score_error *err);

/* The JSON object of a row's scorecard totals (and ID_grade for those
 * with bands), and of its criteria (true, false or null). */
int sdb_scores_json(sdb_buf *b, const score_ruleset *rs, const score_result *r, size_t row);
int sdb_criteria_json(sdb_buf *b, const score_ruleset *rs, const score_result *r, size_t row);
/* The keys of an outcome's failing rows as a JSON array. */
int sdb_failing_json(sdb_buf *b, const score_table *t, const score_target_outcome *oc);

/* The id of a tier level, NULL for none (-1). */
const char *sdb_tier_id(const score_ruleset *rs, int level);

/* "met", "not_met" or "unknown", as the CLI writes them. */
const char *sdb_verdict_name(score_target_verdict v);

/* Whether outcome i is kept by a year filter (0: all), as --year does. */
int sdb_outcome_in_year(const score_ruleset *rs, const score_target_outcome *oc, int year);

/* The message of an error with its position ("ruleset:2:1: ..."). */
const char *sdb_error_text(const score_error *err, char *buf, size_t size);

#endif
