/*
 * The column layout a ruleset expects of its data: one column per plain
 * field and one per year of a year-indexed field. Tables are built against
 * it; the compiled program reads columns by their index here.
 */
#ifndef SCORE_SCHEMA_H
#define SCORE_SCHEMA_H

#include <stddef.h>

#include "score/score.h"

/* A list of strings owned by the ruleset. */
typedef struct sc_strlist {
    const char *const *items;
    size_t count;
} sc_strlist;

/* A closed set of text values (a field's `values:`): a cell may hold an
 * id or its label, and is stored as the id. */
typedef struct sc_valueset {
    const char *const *ids;
    const char *const *labels; /* labels[i] may be NULL */
    size_t count;
} sc_valueset;

/* How the cells of one field are read from text (cell.c), beyond its
 * type: the field's declared unit and spellings. All owned by the
 * ruleset; zeroed for a field that declares none. */
typedef struct sc_cellrules {
    const char *unit;          /* `unit:` ("分", "元", "万元"), NULL if none */
    sc_strlist true_values;    /* `true_values:`: more spellings of true */
    sc_strlist false_values;   /* `false_values:` */
    const sc_valueset *values; /* `values:` of a text field, NULL if open */
} sc_cellrules;

/* No rules: for hand-made schemas (the unit tests). */
#define SC_NO_RULES { NULL, { NULL, 0 }, { NULL, 0 }, NULL }

typedef struct sc_colspec {
    const char *name;  /* field id, or "id_YYYY" for a year column */
    const char *label; /* field label, or "label_YYYY"; NULL if none */
    score_type type;
    size_t field;      /* index of the field in the ruleset */
    int year;          /* 0 for a plain field */
    sc_cellrules rules; /* the field's, shared by its year columns */
} sc_colspec;

typedef struct sc_schema {
    const sc_colspec *cols;
    size_t ncols;
    size_t key_col; /* the key field's column; it is always text */
    /* The document's `missing_values:` (cells read as missing besides
     * the empty cell); NULL items when it has none: the defaults apply. */
    sc_strlist missing_values;
} sc_schema;

/* The schema of a compiled ruleset (borrowed). */
const sc_schema *sc_ruleset_schema(const score_ruleset *rs);
/* The ruleset's allocator (borrowed). */
const score_allocator *sc_ruleset_allocator(const score_ruleset *rs);

#endif
