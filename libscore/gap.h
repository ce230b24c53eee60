/*
 * Gaps (还差多少): what one row must change to reach a tier. The
 * requirements on the path to the tier are parsed again from the
 * ruleset's source text and solved on the checked trees, one row at a
 * time, with the row's values held fixed except the field being solved
 * (gap_eval.c evaluates, gap_solve.c solves, gap.c is the public API,
 * gap_format.c the text and JSON).
 */
#ifndef SCORE_GAP_H
#define SCORE_GAP_H

#include "ast.h"
#include "result.h"

/* ---- sets of numbers: where a field may go ---- */

#define SC_GSET_MAX 8

typedef struct sc_interval {
    double lo, hi; /* -inf / +inf for none */
    unsigned char lo_open, hi_open;
} sc_interval;

typedef struct sc_gset {
    size_t n; /* intervals, disjoint, ascending; 0: empty */
    sc_interval iv[SC_GSET_MAX];
} sc_gset;

/* ---- one row's values, with some cells changed ---- */

typedef struct sc_gap_cell {
    size_t col;
    double num;       /* numbers, bools 0/1; NaN missing */
    const char *text; /* text columns: the value (arena), NULL missing */
} sc_gap_cell;

typedef struct sc_gap_ctx {
    const score_ruleset *rs;
    const score_table *t;
    size_t row;
    sc_arena *arena;     /* trees and strings live as long as the gap */
    sc_ast **crit;       /* per criterion, parsed when first needed */
    sc_ast ***card;      /* per scorecard: items then vetoes */
    sc_gap_cell *cells;  /* the changed cells */
    size_t ncells, capcells;
    int nomem;
} sc_gap_ctx;

int sc_gap_ctx_init(sc_gap_ctx *c, const score_result *r, const score_table *t, size_t row,
                    sc_arena *arena);
void sc_gap_ctx_free(sc_gap_ctx *c);

/* Parse and check an expression of the ruleset into c's arena; NULL when
 * it does not parse (cannot happen for a loaded ruleset) or out of memory. */
sc_ast *sc_gap_parse(sc_gap_ctx *c, const char *expr);
/* The tree of a criterion, of a scorecard item or veto (items first). */
sc_ast *sc_gap_criterion(sc_gap_ctx *c, size_t i);
sc_ast *sc_gap_card_part(sc_gap_ctx *c, size_t card, size_t part);

/* A cell of the row as it stands with the changes: number (NaN missing)
 * or, for text, *text (NULL missing). */
double sc_gap_cell_value(const sc_gap_ctx *c, size_t col, const char **text);
/* Change a cell (a copy of text is kept). Returns 0 or SCORE_ENOMEM. */
int sc_gap_set_cell(sc_gap_ctx *c, size_t col, double num, const char *text);
/* Forget the changes from index `keep` on. */
void sc_gap_unset_from(sc_gap_ctx *c, size_t keep);

/* The value of a checked tree on the row with the changes: a number (bool
 * 0/1, NaN unknown) or, for text, *text (NULL missing). Returns 0, or
 * SCORE_ENOMEM, or SCORE_EINVAL when the tree cannot be evaluated alone. */
int sc_gap_value(sc_gap_ctx *c, const sc_ast *n, double *num, const char **text);

/* The total of a scorecard on the row with the changes. */
int sc_gap_card_total(sc_gap_ctx *c, size_t card, double *out);

/* Source text of a tree (for what is left unresolved), into the arena. */
char *sc_gap_unparse(sc_gap_ctx *c, const sc_ast *n);

/* ---- what a gap holds ---- */

typedef struct sc_gap_change {
    const char *criterion; /* borrowed from the ruleset, or arena text */
    size_t col;
    int kind;              /* score_gap_kind */
    double from, to, value;
    const char *from_text, *to_text;
    int strict;
    sc_gset set;           /* every value that satisfies what asked for it */
} sc_gap_change;

typedef struct sc_gap_plan {
    sc_gap_change *changes;
    size_t n, cap;
    const char **unresolved; /* arena texts */
    size_t nun, capun;
    double cost;             /* sum of relative changes */
} sc_gap_plan;

void sc_gap_plan_free(const score_allocator *a, sc_gap_plan *p);
/* Add the changes of `from` to `to` (merged by column), and its
 * unresolved items when asked. Returns 0 or SCORE_ENOMEM. */
int sc_gap_plan_merge(sc_gap_ctx *c, sc_gap_plan *to, const sc_gap_plan *from, int unresolved);
/* Note what could not be solved (text outlives the plan). */
int sc_gap_plan_unresolved(sc_gap_ctx *c, sc_gap_plan *p, const char *text);

/* Solve `n` to be `want` (1 true, 0 false) on the row with the changes
 * of c, adding to plan what it needs. `criterion` names what is solved.
 * Returns 0 or SCORE_ENOMEM. */
int sc_gap_solve(sc_gap_ctx *c, const sc_ast *n, int want, const char *criterion,
                 sc_gap_plan *plan);

/* Apply a plan's changes to c's cells (the values that hold). */
int sc_gap_apply(sc_gap_ctx *c, const sc_gap_plan *plan);

struct score_gap {
    const score_result *r;
    const score_table *t;
    size_t row;
    int tier;          /* awarded */
    size_t target;
    sc_arena arena;
    sc_gap_plan plan;
    int reachable;
    int step_limit;    /* the highest level the prior-level step allows: -1
                          no limit, -2 none (score_result_step_limit) */
    int step_blocks;   /* the target is above it: out of reach this period */
    int has_rank;
    score_gap_rank rank;
    score_gap_headroom *head;
    size_t nhead;
};

/* One requirement to solve: a tree that must become `want`. */
typedef struct sc_gap_req {
    const sc_ast *tree;
    const char *crit; /* the criterion's id when it is one, else its text */
    int want;
} sc_gap_req;

/* A gap of row `row`, to no tier yet (target SIZE_MAX), or NULL. */
score_gap *sc_gap_alloc(const score_result *r, const score_table *t, size_t row);
/* Solve the requirements in rounds and decide g->reachable (gap.c). */
int sc_gap_solve_path(score_gap *g, sc_gap_ctx *c, const sc_gap_req *req, size_t n);
/* As sc_gap_parse(), for a target's require: aggregates allowed. */
sc_ast *sc_gap_parse_target(sc_gap_ctx *c, const char *expr);
/* Text or JSON of a gap into b (gap_format.c). */
void sc_gap_text(sc_buf *b, const score_gap *g);
void sc_gap_json(sc_buf *b, const score_gap *g);

/* ---- sets ---- */
void sc_gset_all(sc_gset *s);
void sc_gset_cmp(sc_gset *s, sc_tok_kind op, double k); /* {x : x op k} */
void sc_gset_intersect(sc_gset *out, const sc_gset *a, const sc_gset *b);
int sc_gset_has(const sc_gset *s, double x);
/* reflect (x -> -x) if asked, then x -> x * f + d with f > 0 */
void sc_gset_affine(sc_gset *s, int reflect, double f, double d);
void sc_gset_union(sc_gset *s, const sc_gset *b);
void sc_gset_complement(sc_gset *s);

#endif
