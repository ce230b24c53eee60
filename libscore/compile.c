/*
 * From checked trees to instructions: the tree is lowered (lower.c) into
 * registers of the program, folding constants on the way (const_eval.c).
 */
#include <string.h>

#include "compile.h"
#include "lower.h"

static int new_reg(sc_compiler *c, sc_reg_kind kind, uint32_t index, double value, uint32_t *out)
{
    int64_t r = sc_program_reg(c->prog, kind, index, value);
    if (r < 0)
        return SCORE_ENOMEM;
    *out = (uint32_t)r;
    return 0;
}

/* Emit one instruction, unless it folds (see sc_fold()). */
static int emit(sc_compiler *c, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc, uint32_t *out)
{
    int folded;
    int rc = sc_fold(c->prog, op, a, b, cc, out, &folded);
    if (rc || folded)
        return rc;
    if ((rc = new_reg(c, SC_REG_TEMP, 0, 0.0, out)))
        return rc;
    if (sc_program_emit(c->prog, op, *out, a, b, cc))
        return SCORE_ENOMEM;
    return 0;
}

static int column(sc_compiler *c, size_t col, uint32_t *out)
{
    if (c->column_regs && c->column_regs[col]) {
        *out = c->column_regs[col] - 1;
        return 0;
    }
    int rc = new_reg(c, SC_REG_COLUMN, (uint32_t)col, 0.0, out);
    if (!rc && c->column_regs)
        c->column_regs[col] = *out + 1;
    return rc;
}

static int leaf(void *ud, const sc_ast *n, uint32_t *out)
{
    sc_compiler *c = ud;
    switch (n->kind) {
    case SC_AST_NAME:
        if (n->sym == SC_SYM_PARAM)
            return sc_fold_literal(c->prog, n, out);
        if (n->sym == SC_SYM_CRITERION || n->sym == SC_SYM_SCORECARD)
            return c->named(c->ud, n->sym, n->sym_index, out);
        return column(c, n->sym_index, out);
    case SC_AST_INDEX:
        return column(c, n->sym_index, out);
    default:
        return sc_fold_literal(c->prog, n, out);
    }
}

static int operation(void *ud, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc, uint32_t *out)
{
    return emit(ud, op, a, b, cc, out);
}

int sc_compile_expr(sc_compiler *c, const sc_ast *n, uint32_t *out)
{
    sc_lowering l = {leaf, operation, c};
    return sc_lower(&l, n, out);
}

int sc_compile_op(sc_compiler *c, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc,
                  uint32_t *out)
{
    return emit(c, op, a, b, cc, out);
}

int sc_compile_const(sc_compiler *c, double value, uint32_t *out)
{
    return new_reg(c, SC_REG_CONST, 0, value, out);
}
