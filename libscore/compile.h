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

/* The value of a checked constant subtree (is_const) of type number or
 * bool: compiled into a scratch program whose folding yields it. Returns
 * 0, or SCORE_ENOMEM. */
int sc_const_number(const score_allocator *alloc, const sc_ast *n, double *out);

/* Emit one instruction, folded when its operands allow (see compile.c). */
int sc_compile_op(sc_compiler *c, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc,
                  uint32_t *out);
/* A register holding a constant number. */
int sc_compile_const(sc_compiler *c, double value, uint32_t *out);

#endif
