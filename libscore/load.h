/*
 * Loading a ruleset document, shared by the files that read its parts:
 * ruleset_load.c (params, fields, criteria, and the order of it all),
 * scorecard_load.c, tiers_load.c and targets_load.c. Errors are reported
 * with their document position and loading goes on where it can, so that
 * `score check` lists them all.
 */
#ifndef SCORE_LOAD_H
#define SCORE_LOAD_H

#include "compile.h"
#include "ruleset.h"
#include "yaml_dom.h"

/* The sources of a criterion or scorecard: the trees it computes from,
 * for the cycle check and for compiling on demand. */
typedef struct sc_named {
    sc_ast **trees;
    const sc_node **nodes; /* where each tree's text stands, for errors */
    size_t ntrees;
    unsigned char state;   /* 0 new, 1 being visited/compiled, 2 done */
} sc_named;

typedef struct sc_builder {
    score_ruleset *rs;
    const score_allocator *alloc;
    const char *source;
    const score_load_options *opts;
    score_error *err;
    int nerrors;
    score_code first;         /* the code of the first error */
    int nomem;
    sc_arena arena;           /* expression trees and their arrays */
    size_t kind_cap, index_cap;
    sc_named *named;          /* criteria first, then scorecards from named_base */
    size_t named_base;
    sc_compiler compiler;
    /* tiers and targets: their trees, compiled last */
    sc_ast *eligible, *rank_by;
    sc_ast ***level_require;  /* per level, one tree per requirement */
    sc_ast **population;      /* per target; NULL for all rows */
    sc_ast **target_arg;      /* per target: the aggregate's argument, or NULL */
    const sc_node *tiers_node; /* the document's tiers, for a field's `values: tiers` */
} sc_builder;

void sc_report(sc_builder *b, score_code code, int line, int column, const char *fmt, ...)
    SC_PRINTF(5, 6);
void sc_report_at(sc_builder *b, const sc_node *n, score_code code, const char *fmt, ...)
    SC_PRINTF(4, 5);
/* A copy owned by the ruleset ("" for NULL); NULL (reported) when out of memory. */
char *sc_dup(sc_builder *b, const char *s);

/* Report every key of a mapping that is not one of `allowed` (NULL-ended);
 * 1 if there was none. */
int sc_only_keys(sc_builder *b, const sc_node *map, const char *what, const char *const *allowed);
/* n if it is a scalar (or NULL); else reported, NULL. */
const sc_node *sc_scalar(sc_builder *b, const sc_node *n, const char *what);
const sc_node *sc_mapping(sc_builder *b, const sc_node *n, const char *what);
const sc_node *sc_list(sc_builder *b, const sc_node *n, const char *what);
void sc_missing_key(sc_builder *b, const sc_node *where, const char *key, const char *what);

/* Parse and check the expression in a scalar node; errors are reported at
 * their position in the document. `targets`: a target's require. Returns
 * the tree (in the builder's arena) or NULL. */
sc_ast *sc_load_expr(sc_builder *b, const sc_node *n, int targets);

/* A constant number: a literal (30%, 3万), a param, or an expression of
 * them. Returns 0, or -1 (reported). */
int sc_load_number(sc_builder *b, const sc_node *n, const char *what, double *out);

/* Declare a name in the one namespace of params, fields, criteria and
 * scorecards. Returns 0, or -1 (reported). */
int sc_declare(sc_builder *b, const sc_node *key, sc_sym_kind kind, size_t index);

/* The parts (scorecard_load.c, tiers_load.c, targets_load.c). */
void sc_load_scorecards(sc_builder *b, const sc_node *map);
/* Parse the scorecards' expressions, once every name is declared. */
void sc_parse_scorecards(sc_builder *b);
int sc_compile_scorecard(sc_builder *b, size_t index);
void sc_load_tiers(sc_builder *b, const sc_node *map);
int sc_compile_tiers(sc_builder *b);
void sc_load_targets(sc_builder *b, const sc_node *list);
int sc_compile_targets(sc_builder *b);

/* field_rules_load.c: the keys unit, true_values, false_values and
 * values of a field of `type` (0, or -1 reported; r holds what was read,
 * to be freed), and the document's missing_values (reported; kept in the
 * schema, freed with the ruleset). */
int sc_read_cellrules(sc_builder *b, const sc_node *val, sc_type type, sc_cellrules *r);
void sc_read_missing_values(sc_builder *b, const sc_node *n);

#endif
