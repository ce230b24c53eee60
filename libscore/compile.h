/*
 * The compiler turns checked trees into instructions of one program.
 * Constant operands are folded as instructions are emitted (const_eval.h:
 * the very kernel the evaluator would run, on one row).
 */
#ifndef SCORE_COMPILE_H
#define SCORE_COMPILE_H

#include "ast.h"
#include "const_eval.h" /* sc_fold, and sc_const_number for the loader */
#include "program.h"

typedef struct sc_compiler sc_compiler;

/* Resolves a reference to a criterion or scorecard to the register that
 * holds its value (compiling it first if need be). Returns 0 or a code. */
typedef int (*sc_named_fn)(void *ud, sc_sym_kind kind, size_t index, uint32_t *reg);

struct sc_compiler {
    sc_program *prog;
    sc_named_fn named;
    void *ud;
    uint32_t *column_regs; /* column -> register + 1, 0 if not loaded yet */
    size_t ncolumns;
};

/* Compile a checked tree; *reg receives the register of its value.
 * Returns 0 or SCORE_ENOMEM (or what the criterion callback returns). */
int sc_compile_expr(sc_compiler *c, const sc_ast *n, uint32_t *reg);

/* Emit one instruction, folded when its operands allow (see sc_fold()). */
int sc_compile_op(sc_compiler *c, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc,
                  uint32_t *out);
/* A register holding a constant number. */
int sc_compile_const(sc_compiler *c, double value, uint32_t *out);

#endif
