/*
 * The column layout a ruleset expects of its data: one column per plain
 * field and one per year of a year-indexed field. Tables are built against
 * it; the compiled program reads columns by their index here.
 */
#ifndef SCORE_SCHEMA_H
#define SCORE_SCHEMA_H

#include <stddef.h>

#include "score/score.h"

typedef struct sc_colspec {
    const char *name;  /* field id, or "id_YYYY" for a year column */
    const char *label; /* field label, or "label_YYYY"; NULL if none */
    score_type type;
    size_t field;      /* index of the field in the ruleset */
    int year;          /* 0 for a plain field */
} sc_colspec;

typedef struct sc_schema {
    const sc_colspec *cols;
    size_t ncols;
    size_t key_col; /* the key field's column; it is always text */
} sc_schema;

/* The schema of a compiled ruleset (borrowed). */
const sc_schema *sc_ruleset_schema(const score_ruleset *rs);
/* The ruleset's allocator (borrowed). */
const score_allocator *sc_ruleset_allocator(const score_ruleset *rs);

#endif
