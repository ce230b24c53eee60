/* used by ruleset_load.c and the parts it drives (ruleset_parts.h); uses doc_read.c,
 * ruleset_names.c (the namespace), parser.c, check.c. */
/*
 * The state of building a ruleset from its document, shared by the files
 * that read its parts, and what they all need: a copy owned by the
 * ruleset, declaring a name, reading an expression or a constant number.
 * Errors are reported with their document position (b->rd) and loading
 * goes on where it can, so that `score check` lists them all.
 */
#ifndef SCORE_RULESET_BUILDER_H
#define SCORE_RULESET_BUILDER_H

#include "compile.h"
#include "doc_read.h"
#include "ruleset.h"

/* The sources of a criterion or scorecard: the trees it computes from,
 * for the cycle check and for compiling on demand. */
typedef struct sc_named {
    sc_ast **trees;
    const sc_node **nodes; /* where each tree's text stands, for errors */
    size_t ntrees;
    unsigned char state;   /* 0 new, 1 being visited/compiled, 2 done */
} sc_named;

typedef struct sc_builder {
    sc_doc_reader rd;         /* errors: their count, the first, out of memory */
    score_ruleset *rs;
    const score_allocator *alloc;
    const score_load_options *opts;
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

/* A copy owned by the ruleset ("" for NULL); NULL (reported) when out of memory. */
char *sc_dup(sc_builder *b, const char *s);

/* A label as the ruleset keeps it: {param} replaced by the param's value
 * in force (labels.c; params are loaded first). Reported errors: a {name}
 * that is no param, a lone '}'. NULL only when out of memory. */
char *sc_load_label(sc_builder *b, const sc_node *label);

/* Declare a name in the one namespace of params, fields, criteria and
 * scorecards. Returns 0, or -1 (reported). */
int sc_declare(sc_builder *b, const sc_node *key, sc_sym_kind kind, size_t index);

/* Parse and check the expression in a scalar node; errors are reported at
 * their position in the document. `targets`: a target's require. Returns
 * the tree (in the builder's arena) or NULL. */
sc_ast *sc_load_expr(sc_builder *b, const sc_node *n, int targets);

/* A constant number: a literal (30%, 3万), a param, or an expression of
 * them. Returns 0, or -1 (reported). */
int sc_load_number(sc_builder *b, const sc_node *n, const char *what, double *out);

#endif
