/*
 * The checker resolves the names of a parsed expression (fields, params,
 * criteria), gives every node a type, marks constant subtrees, and
 * rejects what cannot be evaluated: unknown names, type mismatches,
 * aggregates outside targets, year indexes that are not constant years
 * of the field.
 */
#ifndef SCORE_CHECK_H
#define SCORE_CHECK_H

#include "ast.h"
#include "schema.h"

typedef struct sc_symbol {
    sc_sym_kind kind;
    size_t index;      /* param, criterion or scorecard index; field: its first column */
    sc_type type;
    const int *years;  /* a year-indexed field's years, else NULL */
    size_t nyears;
    double num;        /* a param's value (number or bool; NaN for missing) */
    const char *text;  /* a text param's value */
    const sc_valueset *values; /* a text field's closed set (`values:`), or NULL */
    /* Set by the checker before it looks up a name it knows is unknown:
     * the lookup may write there the message for it and set `noted` to 2
     * when the name is a label (the message says whose), to 1 for another
     * message (a did-you-mean). A lookup that does not is fine. */
    char *note;
    size_t note_cap;
    int noted;
} sc_symbol;

/* Find a name; returns 1 and fills *sym, or 0 if the name is unknown
 * (then it may explain, see sc_symbol.note: so the caller passes a
 * zeroed *sym). */
typedef int (*sc_lookup_fn)(void *ud, const char *name, size_t len, sc_symbol *sym);

typedef struct sc_checker {
    sc_lookup_fn lookup;
    void *ud;
    const score_allocator *alloc;
    score_error *err;
    size_t *err_pos; /* byte offset of the error in the expression */
    int targets;     /* a target's require: aggregates allowed, and row
                        values (fields, criteria, scorecards) only inside them */
    int in_aggregate;
} sc_checker;

/* 1 if the call node is an aggregate (count, share, ..., min/max of one). */
int sc_is_aggregate(const sc_ast *n);

/* Check a tree in place. Returns 0 or a score_code (err and *err_pos set). */
int sc_check(sc_checker *c, sc_ast *n);

#endif
