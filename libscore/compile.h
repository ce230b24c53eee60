/*
 * The compiler turns checked trees into instructions of one program.
 * Constant operands are folded as instructions are emitted, by running
 * the very kernel the evaluator would run, on one row.
 */
#ifndef SCORE_COMPILE_H
#define SCORE_COMPILE_H

#include "ast.h"
#include "program.h"

typedef struct sc_compiler sc_compiler;

/* Resolves a reference to criterion `index` to the register holding its
 * verdicts (compiling it first if need be). Returns 0 or a score_code. */
typedef int (*sc_criterion_fn)(void *ud, size_t index, uint32_t *reg);

struct sc_compiler {
    sc_program *prog;
    sc_criterion_fn criterion;
    void *ud;
    uint32_t *column_regs; /* column -> register + 1, 0 if not loaded yet */
    size_t ncolumns;
};

/* Compile a checked tree; *reg receives the register of its value.
 * Returns 0 or SCORE_ENOMEM (or what the criterion callback returns). */
int sc_compile_expr(sc_compiler *c, const sc_ast *n, uint32_t *reg);

/* The value of a checked constant subtree (is_const) of type number or
 * bool: compiled into a scratch program whose folding yields it. Returns
 * 0, or SCORE_ENOMEM. */
int sc_const_number(const score_allocator *alloc, const sc_ast *n, double *out);

#endif
