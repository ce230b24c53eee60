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

typedef struct sc_symbol {
    sc_sym_kind kind;
    size_t index;      /* param, criterion or scorecard index; field: its first column */
    sc_type type;
    const int *years;  /* a year-indexed field's years, else NULL */
    size_t nyears;
    double num;        /* a param's value (number or bool; NaN for missing) */
    const char *text;  /* a text param's value */
} sc_symbol;

/* Find a name; returns 1 and fills *sym, or 0 if the name is unknown. */
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
