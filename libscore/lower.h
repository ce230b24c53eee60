/*
 * Lowering: the operations (opcodes.h) a checked expression tree stands
 * for, in the order they run, without deciding where values live. The
 * compiler lowers a tree into registers of a program, the constant
 * evaluator into constant values: both read a tree the same way.
 */
#ifndef SCORE_LOWER_H
#define SCORE_LOWER_H

#include <stdint.h>

#include "ast.h"
#include "opcodes.h"

typedef struct sc_lowering {
    /* The value of a leaf: a literal, a param, a field (NAME or INDEX), a
     * criterion or a scorecard. Returns 0 or a code. */
    int (*leaf)(void *ud, const sc_ast *n, uint32_t *out);
    /* The value of one operation on earlier values (a unary one gets its
     * operand as a, b and c). Returns 0 or a code. */
    int (*op)(void *ud, sc_opcode op, uint32_t a, uint32_t b, uint32_t c, uint32_t *out);
    void *ud;
} sc_lowering;

/* Lower a checked tree; *out receives its value. Returns 0 or what a
 * callback returned (SCORE_EINVAL for a node kind it does not know). */
int sc_lower(const sc_lowering *l, const sc_ast *n, uint32_t *out);

#endif
