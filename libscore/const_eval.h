/*
 * Constants: the folding rules the compiler applies as it emits, and the
 * value of a constant subtree, which the checker needs (a year index,
 * round()'s places) before anything is compiled. Both run the kernels
 * (kernel.h) on one row, so folding and evaluation cannot disagree.
 */
#ifndef SCORE_CONST_EVAL_H
#define SCORE_CONST_EVAL_H

#include <stdint.h>

#include "ast.h"
#include "program.h"

/*
 * Fold one operation on registers of p when its operands allow: every
 * operand constant (the kernel runs now), or a decisive constant (false
 * and x, true or x, a constant condition, coalesce of a present value).
 * *folded is 1 and *out the register of the value (a new constant or an
 * operand) when it folded; 0 when an instruction is needed. Returns 0 or
 * SCORE_ENOMEM.
 */
int sc_fold(sc_program *p, sc_opcode op, uint32_t a, uint32_t b, uint32_t c, uint32_t *out,
            int *folded);

/* The register of a literal or a param: a text constant, or a number
 * constant (NaN for null). Returns 0 or SCORE_ENOMEM. */
int sc_fold_literal(sc_program *p, const sc_ast *n, uint32_t *out);

/* The value of a checked constant subtree (is_const) of type number or
 * bool. Returns 0, SCORE_ENOMEM, or SCORE_EINVAL when it is not a
 * number constant after all. */
int sc_const_number(const score_allocator *alloc, const sc_ast *n, double *out);

#endif
