/* From checked trees to instructions, folding constants on the way. */
#include <math.h>
#include <string.h>

#include "compile.h"
#include "kernel.h"

static int new_reg(sc_compiler *c, sc_reg_kind kind, uint32_t index, double value, uint32_t *out)
{
    int64_t r = sc_program_reg(c->prog, kind, index, value);
    if (r < 0)
        return SCORE_ENOMEM;
    *out = (uint32_t)r;
    return 0;
}

static int constant(sc_compiler *c, double value, uint32_t *out)
{
    return new_reg(c, SC_REG_CONST, 0, value, out);
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

static int kind_is(const sc_compiler *c, uint32_t reg, sc_reg_kind kind)
{
    return c->prog->regs[reg].kind == kind;
}

/* A constant's value if `reg` is a number/bool constant. */
static int const_value(const sc_compiler *c, uint32_t reg, double *v)
{
    if (!kind_is(c, reg, SC_REG_CONST))
        return 0;
    *v = c->prog->regs[reg].value;
    return 1;
}

/*
 * Emit one instruction, or fold it: when every operand is constant the
 * kernel runs now on one row; and logic with one decisive constant
 * operand (false and x, true or x, a constant condition) needs no
 * instruction at all.
 */
static int emit(sc_compiler *c, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc, uint32_t *out)
{
    double va = 0.0, vb = 0.0;
    int ka = const_value(c, a, &va), kb = arity(op) >= 2 && const_value(c, b, &vb);
    int ta = kind_is(c, a, SC_REG_TEXT), tb = arity(op) >= 2 && kind_is(c, b, SC_REG_TEXT);

    /* text constants never are missing, and are equal when their text is */
    if ((op == SC_OP_EQX || op == SC_OP_NEX) && ta && tb) {
        uint32_t ia = c->prog->regs[a].index, ib = c->prog->regs[b].index;
        return constant(c, (double)((ia == ib) == (op == SC_OP_EQX)), out);
    }
    if (op == SC_OP_ISMISSING && ta)
        return constant(c, 0.0, out);
    if (op == SC_OP_COALESCE && (ta || (ka && va == va))) {
        *out = a;
        return 0;
    }
    if (op == SC_OP_COALESCE && ka) { /* a is the constant missing */
        *out = b;
        return 0;
    }
    if (op == SC_OP_SELECT && ka) {
        if (va != va)
            return constant(c, NAN, out);
        *out = va != 0.0 ? b : cc;
        return 0;
    }
    if (op == SC_OP_AND || op == SC_OP_OR) {
        double decisive = op == SC_OP_AND ? 0.0 : 1.0;
        if ((ka && va == decisive) || (kb && vb == decisive))
            return constant(c, decisive, out);
        if (ka && va == 1.0 - decisive) {
            *out = b;
            return 0;
        }
        if (kb && vb == 1.0 - decisive) {
            *out = a;
            return 0;
        }
    }
    int all_const = ka && (arity(op) < 2 || kb) &&
                    (arity(op) < 3 || kind_is(c, cc, SC_REG_CONST));
    if ((op == SC_OP_EQX || op == SC_OP_NEX) && (ta || tb) && (ka || kb))
        return constant(c, NAN, out); /* text against the constant null */
    if (all_const) {
        double r, x = va, y = arity(op) >= 2 ? vb : 0.0;
        double z = arity(op) >= 3 ? c->prog->regs[cc].value : 0.0;
        sc_kernel(op, 1, &r, &x, &y, &z);
        return constant(c, r, out);
    }
    int rc = new_reg(c, SC_REG_TEMP, 0, 0.0, out);
    if (rc)
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

static int literal(sc_compiler *c, const sc_ast *n, uint32_t *out)
{
    if (n->type == SC_TYPE_TEXT && n->text) {
        int64_t t = sc_program_text(c->prog, n->text, n->text_len);
        if (t < 0)
            return SCORE_ENOMEM;
        return new_reg(c, SC_REG_TEXT, (uint32_t)t, 0.0, out);
    }
    return constant(c, n->kind == SC_AST_NULL ? NAN : n->num, out);
}

/* == and != compare numbers as decimals, bools and text codes exactly. */
static sc_opcode equality(const sc_ast *l, const sc_ast *r, int negate)
{
    int number = l->type == SC_TYPE_NUMBER || r->type == SC_TYPE_NUMBER;
    if (number)
        return negate ? SC_OP_NE : SC_OP_EQ;
    return negate ? SC_OP_NEX : SC_OP_EQX;
}

static sc_opcode binary_opcode(const sc_ast *n)
{
    switch (n->op) {
    case SC_TOK_PLUS: return SC_OP_ADD;
    case SC_TOK_MINUS: return SC_OP_SUB;
    case SC_TOK_STAR: return SC_OP_MUL;
    case SC_TOK_SLASH: return SC_OP_DIV;
    case SC_TOK_LT: return SC_OP_LT;
    case SC_TOK_LE: return SC_OP_LE;
    case SC_TOK_GT: return SC_OP_GT;
    case SC_TOK_GE: return SC_OP_GE;
    case SC_TOK_AND: return SC_OP_AND;
    case SC_TOK_OR: return SC_OP_OR;
    case SC_TOK_NE: return equality(n->args[0], n->args[1], 1);
    default: return equality(n->args[0], n->args[1], 0);
    }
}

/* Fold a function of many arguments into a chain of binary instructions. */
static int chain(sc_compiler *c, sc_opcode op, const sc_ast *n, uint32_t *out)
{
    uint32_t acc, next;
    int rc = sc_compile_expr(c, n->args[0], &acc);
    for (size_t i = 1; !rc && i < n->nargs; i++)
        if (!(rc = sc_compile_expr(c, n->args[i], &next)))
            rc = emit(c, op, acc, next, 0, &acc);
    *out = acc;
    return rc;
}

static int call(sc_compiler *c, const sc_ast *n, uint32_t *out)
{
    const char *f = n->text;
    size_t len = n->text_len;
#define IS(name) (len == strlen(name) && memcmp(f, name, len) == 0)
    uint32_t a, b, lo, hi;
    int rc;
    if (IS("min"))
        return chain(c, SC_OP_MIN, n, out);
    if (IS("max"))
        return chain(c, SC_OP_MAX, n, out);
    if (IS("coalesce"))
        return chain(c, SC_OP_COALESCE, n, out);
    if ((rc = sc_compile_expr(c, n->args[0], &a)))
        return rc;
    if (IS("between")) {
        if ((rc = sc_compile_expr(c, n->args[1], &lo)) || (rc = sc_compile_expr(c, n->args[2], &hi)) ||
            (rc = emit(c, SC_OP_GE, a, lo, 0, &lo)) || (rc = emit(c, SC_OP_LE, a, hi, 0, &hi)))
            return rc;
        return emit(c, SC_OP_AND, lo, hi, 0, out);
    }
    if (IS("round") && n->nargs == 2) {
        if ((rc = sc_compile_expr(c, n->args[1], &b)))
            return rc;
        return emit(c, SC_OP_ROUNDN, a, b, 0, out);
    }
    sc_opcode op = IS("abs") ? SC_OP_ABS : IS("round") ? SC_OP_ROUND : IS("floor") ? SC_OP_FLOOR
                 : IS("ceil") ? SC_OP_CEIL : SC_OP_ISMISSING;
#undef IS
    return emit(c, op, a, a, a, out);
}

int sc_compile_expr(sc_compiler *c, const sc_ast *n, uint32_t *out)
{
    uint32_t a, b, cc;
    int rc;
    switch (n->kind) {
    case SC_AST_NUMBER:
    case SC_AST_STRING:
    case SC_AST_BOOL:
    case SC_AST_NULL:
        return literal(c, n, out);
    case SC_AST_NAME:
        if (n->sym == SC_SYM_PARAM)
            return literal(c, n, out);
        if (n->sym == SC_SYM_CRITERION || n->sym == SC_SYM_SCORECARD)
            return c->named(c->ud, n->sym, n->sym_index, out);
        return column(c, n->sym_index, out);
    case SC_AST_INDEX:
        return column(c, n->sym_index, out);
    case SC_AST_UNARY:
        if ((rc = sc_compile_expr(c, n->args[0], &a)))
            return rc;
        return emit(c, n->op == SC_TOK_MINUS ? SC_OP_NEG : SC_OP_NOT, a, a, a, out);
    case SC_AST_BINARY:
        if ((rc = sc_compile_expr(c, n->args[0], &a)) || (rc = sc_compile_expr(c, n->args[1], &b)))
            return rc;
        return emit(c, binary_opcode(n), a, b, 0, out);
    case SC_AST_IN: {
        /* x in [a, b] is (x == a) or (x == b) under Kleene logic: true on a
         * match, unknown if nothing matched but something was missing. */
        uint32_t acc = 0, eq;
        if ((rc = sc_compile_expr(c, n->args[0], &a)))
            return rc;
        for (size_t i = 1; i < n->nargs; i++) {
            if ((rc = sc_compile_expr(c, n->args[i], &b)) ||
                (rc = emit(c, equality(n->args[0], n->args[i], 0), a, b, 0, &eq)))
                return rc;
            if (i == 1)
                acc = eq;
            else if ((rc = emit(c, SC_OP_OR, acc, eq, 0, &acc)))
                return rc;
        }
        if (n->op == SC_TOK_NOT)
            return emit(c, SC_OP_NOT, acc, acc, acc, out);
        *out = acc;
        return 0;
    }
    case SC_AST_COND:
        if ((rc = sc_compile_expr(c, n->args[0], &a)) || (rc = sc_compile_expr(c, n->args[1], &b)) ||
            (rc = sc_compile_expr(c, n->args[2], &cc)))
            return rc;
        return emit(c, SC_OP_SELECT, a, b, cc, out);
    case SC_AST_CALL:
        return call(c, n, out);
    }
    return SCORE_EINVAL;
}

int sc_compile_op(sc_compiler *c, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc,
                  uint32_t *out)
{
    return emit(c, op, a, b, cc, out);
}

int sc_compile_const(sc_compiler *c, double value, uint32_t *out)
{
    return constant(c, value, out);
}

int sc_const_number(const score_allocator *alloc, const sc_ast *n, double *out)
{
    sc_program prog;
    sc_program_init(&prog, alloc);
    sc_compiler c;
    memset(&c, 0, sizeof c);
    c.prog = &prog;
    uint32_t reg;
    int rc = sc_compile_expr(&c, n, &reg);
    if (!rc) {
        if (prog.regs[reg].kind == SC_REG_CONST)
            *out = prog.regs[reg].value;
        else
            rc = SCORE_EINVAL;
    }
    sc_program_free(&prog);
    return rc;
}
