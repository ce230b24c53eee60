/*
 * Evaluating one ad-hoc expression over a table, outside any criterion:
 * the expression tests run every case through it. The expression may read
 * fields and params, not criteria or scorecards.
 */
#ifndef SCORE_EXPR_EVAL_H
#define SCORE_EXPR_EVAL_H

#include "ast.h"
#include "ruleset.h"

/*
 * Parse, check and compile `expr` against the ruleset's names, evaluate it
 * on every row of t, and store one value per row in out (NaN missing;
 * bools 0/1; text as codes of t's dictionary, or beyond its count for
 * text constants not in it). *type receives the expression's type. On
 * error returns a code, err holds the message and *err_pos the byte
 * offset in expr.
 */
int sc_eval_expr(const score_ruleset *rs, const score_table *t, const char *expr, double *out,
                 sc_type *type, score_error *err, size_t *err_pos);


#endif
