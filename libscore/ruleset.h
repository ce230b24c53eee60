/*
 * A compiled ruleset: the document's metadata, params, fields and
 * criteria, the column schema its tables follow, and one program that
 * evaluates every criterion on a batch of rows. Immutable once built.
 */
#ifndef SCORE_RULESET_H
#define SCORE_RULESET_H

#include "ast.h"
#include "check.h"
#include "dict.h"
#include "program.h"
#include "schema.h"

typedef struct sc_param {
    char *name;
    char *label;
    sc_type type;
    double num;          /* number or bool value in force; NaN for null */
    char *text;          /* text value in force */
    char *value_text;    /* the value in force, as literal text */
    char *default_text;  /* the document's value, as literal text */
    int line, column;
} sc_param;

typedef struct sc_field {
    char *id;
    char *label;
    sc_type type;
    int *years;          /* NULL for a plain field */
    size_t nyears;
    size_t column;       /* first column in the schema */
    int line, column_pos;
} sc_field;

typedef struct sc_criterion {
    char *id;
    char *label;
    char *expr;          /* the source text of `when` */
    uint32_t reg;        /* register holding its verdicts after a batch */
    int line, column;
} sc_criterion;

struct score_ruleset {
    score_allocator alloc;
    char *source;
    char *id, *version, *title, *entity, *key;
    sc_param *params;
    size_t nparams;
    sc_field *fields;
    size_t nfields;
    sc_criterion *criteria;
    size_t ncriteria;
    sc_colspec *cols;    /* the schema's columns; names owned here */
    sc_schema schema;
    sc_program prog;
    sc_dict names;          /* the one namespace: params, fields, criteria */
    sc_sym_kind *name_kind; /* per name code */
    size_t *name_index;     /* per name code: index in params/fields/criteria */
};

/* Resolve a name of the ruleset's namespace (for the checker). */
int sc_ruleset_lookup(const score_ruleset *rs, const char *name, size_t len, sc_symbol *sym);

struct sc_doc;

/* Build a ruleset from a parsed document (ruleset_load.c). */
int sc_ruleset_build(score_ruleset **out, const struct sc_doc *doc,
                     const score_load_options *opts, const score_allocator *alloc,
                     score_error *err);

#endif
