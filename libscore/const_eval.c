/* Constant folding and the value of constant subtrees (see const_eval.h). */
#include <math.h>
#include <string.h>

#include "const_eval.h"
#include "kernel.h"
#include "lower.h"

static int new_reg(sc_program *p, sc_reg_kind kind, uint32_t index, double value, uint32_t *out)
{
    int64_t r = sc_program_reg(p, kind, index, value);
    if (r < 0)
        return SCORE_ENOMEM;
    *out = (uint32_t)r;
    return 0;
}

static int constant(sc_program *p, double value, uint32_t *out)
{
    return new_reg(p, SC_REG_CONST, 0, value, out);
}

static int arity(sc_opcode op)
{
    static const int n[] = {
#define X(name, nargs, doc) nargs,
        SC_OPCODES(X)
#undef X
    };
    return n[op];
}

static int kind_is(const sc_program *p, uint32_t reg, sc_reg_kind kind)
{
    return p->regs[reg].kind == kind;
}

/* A constant's value if `reg` is a number/bool constant. */
static int const_value(const sc_program *p, uint32_t reg, double *v)
{
    if (!kind_is(p, reg, SC_REG_CONST))
        return 0;
    *v = p->regs[reg].value;
    return 1;
}

static int folded_to(uint32_t reg, uint32_t *out, int *folded)
{
    *out = reg;
    *folded = 1;
    return 0;
}

static int folded_const(sc_program *p, double value, uint32_t *out, int *folded)
{
    *folded = 1;
    return constant(p, value, out);
}

int sc_fold(sc_program *p, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc, uint32_t *out,
            int *folded)
{
    double va = 0.0, vb = 0.0;
    int ka = const_value(p, a, &va), kb = arity(op) >= 2 && const_value(p, b, &vb);
    int ta = kind_is(p, a, SC_REG_TEXT), tb = arity(op) >= 2 && kind_is(p, b, SC_REG_TEXT);
    *folded = 0;

    /* text constants never are missing, and are equal when their text is */
    if ((op == SC_OP_EQX || op == SC_OP_NEX) && ta && tb) {
        uint32_t ia = p->regs[a].index, ib = p->regs[b].index;
        return folded_const(p, (double)((ia == ib) == (op == SC_OP_EQX)), out, folded);
    }
    if (op == SC_OP_ISMISSING && ta)
        return folded_const(p, 0.0, out, folded);
    if (op == SC_OP_COALESCE && (ta || (ka && va == va)))
        return folded_to(a, out, folded);
    if (op == SC_OP_COALESCE && ka) /* a is the constant missing */
        return folded_to(b, out, folded);
    if (op == SC_OP_SELECT && ka) {
        if (va != va)
            return folded_const(p, NAN, out, folded);
        return folded_to(va != 0.0 ? b : cc, out, folded);
    }
    if (op == SC_OP_AND || op == SC_OP_OR) {
        double decisive = op == SC_OP_AND ? 0.0 : 1.0;
        if ((ka && va == decisive) || (kb && vb == decisive))
            return folded_const(p, decisive, out, folded);
        if (ka && va == 1.0 - decisive)
            return folded_to(b, out, folded);
        if (kb && vb == 1.0 - decisive)
            return folded_to(a, out, folded);
    }
    int all_const = ka && (arity(op) < 2 || kb) &&
                    (arity(op) < 3 || kind_is(p, cc, SC_REG_CONST));
    if ((op == SC_OP_EQX || op == SC_OP_NEX) && (ta || tb) && (ka || kb))
        return folded_const(p, NAN, out, folded); /* text against the constant null */
    if (all_const) {
        double r, x = va, y = arity(op) >= 2 ? vb : 0.0;
        double z = arity(op) >= 3 ? p->regs[cc].value : 0.0;
        sc_kernel(op, 1, &r, &x, &y, &z);
        return folded_const(p, r, out, folded);
    }
    return 0;
}

int sc_fold_literal(sc_program *p, const sc_ast *n, uint32_t *out)
{
    if (n->type == SC_TYPE_TEXT && n->text) {
        int64_t t = sc_program_text(p, n->text, n->text_len);
        if (t < 0)
            return SCORE_ENOMEM;
        return new_reg(p, SC_REG_TEXT, (uint32_t)t, 0.0, out);
    }
    return constant(p, n->kind == SC_AST_NULL ? NAN : n->num, out);
}

/*
 * Constant evaluation lowers the tree into registers of a scratch program
 * and folds every operation, as the compiler would, but emits nothing: an
 * operation that does not fold (a value only known per row) gets a plain
 * register, and the tree is a number constant when its root register is.
 */
static int leaf(void *ud, const sc_ast *n, uint32_t *out)
{
    sc_program *p = ud;
    int literal = n->kind == SC_AST_NUMBER || n->kind == SC_AST_STRING ||
                  n->kind == SC_AST_BOOL || n->kind == SC_AST_NULL ||
                  (n->kind == SC_AST_NAME && n->sym == SC_SYM_PARAM);
    if (literal)
        return sc_fold_literal(p, n, out);
    return new_reg(p, SC_REG_TEMP, 0, 0.0, out); /* a field, criterion, scorecard */
}

static int operation(void *ud, sc_opcode op, uint32_t a, uint32_t b, uint32_t c, uint32_t *out)
{
    sc_program *p = ud;
    int folded;
    int rc = sc_fold(p, op, a, b, c, out, &folded);
    if (rc || folded)
        return rc;
    return new_reg(p, SC_REG_TEMP, 0, 0.0, out);
}

int sc_const_number(const score_allocator *alloc, const sc_ast *n, double *out)
{
    sc_program prog;
    sc_program_init(&prog, alloc);
    sc_lowering l = {leaf, operation, &prog};
    uint32_t reg;
    int rc = sc_lower(&l, n, &reg);
    if (!rc) {
        if (prog.regs[reg].kind == SC_REG_CONST)
            *out = prog.regs[reg].value;
        else
            rc = SCORE_EINVAL;
    }
    sc_program_free(&prog);
    return rc;
}
