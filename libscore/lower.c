/* From checked trees to the operations they stand for (see lower.h). */
#include <string.h>

#include "lower.h"

/* == and != compare numbers as decimals, bools and text codes exactly. */
static sc_opcode equality(const sc_ast *x, const sc_ast *y, int negate)
{
    int number = x->type == SC_TYPE_NUMBER || y->type == SC_TYPE_NUMBER;
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

/* A function of many arguments as a chain of binary operations. */
static int chain(const sc_lowering *l, sc_opcode op, const sc_ast *n, uint32_t *out)
{
    uint32_t acc, next;
    int rc = sc_lower(l, n->args[0], &acc);
    for (size_t i = 1; !rc && i < n->nargs; i++)
        if (!(rc = sc_lower(l, n->args[i], &next)))
            rc = l->op(l->ud, op, acc, next, 0, &acc);
    *out = acc;
    return rc;
}

static int call(const sc_lowering *l, const sc_ast *n, uint32_t *out)
{
    const char *f = n->text;
    size_t len = n->text_len;
#define IS(name) (len == strlen(name) && memcmp(f, name, len) == 0)
    uint32_t a, b, lo, hi;
    int rc;
    if (IS("min"))
        return chain(l, SC_OP_MIN, n, out);
    if (IS("max"))
        return chain(l, SC_OP_MAX, n, out);
    if (IS("coalesce"))
        return chain(l, SC_OP_COALESCE, n, out);
    if ((rc = sc_lower(l, n->args[0], &a)))
        return rc;
    if (IS("between")) {
        if ((rc = sc_lower(l, n->args[1], &lo)) || (rc = sc_lower(l, n->args[2], &hi)) ||
            (rc = l->op(l->ud, SC_OP_GE, a, lo, 0, &lo)) ||
            (rc = l->op(l->ud, SC_OP_LE, a, hi, 0, &hi)))
            return rc;
        return l->op(l->ud, SC_OP_AND, lo, hi, 0, out);
    }
    if (IS("round") && n->nargs == 2) {
        if ((rc = sc_lower(l, n->args[1], &b)))
            return rc;
        return l->op(l->ud, SC_OP_ROUNDN, a, b, 0, out);
    }
    sc_opcode op = IS("abs") ? SC_OP_ABS : IS("round") ? SC_OP_ROUND : IS("floor") ? SC_OP_FLOOR
                 : IS("ceil") ? SC_OP_CEIL : SC_OP_ISMISSING;
#undef IS
    return l->op(l->ud, op, a, a, a, out);
}

int sc_lower(const sc_lowering *l, const sc_ast *n, uint32_t *out)
{
    uint32_t a, b, cc;
    int rc;
    switch (n->kind) {
    case SC_AST_NUMBER:
    case SC_AST_STRING:
    case SC_AST_BOOL:
    case SC_AST_NULL:
    case SC_AST_NAME:
    case SC_AST_INDEX:
        return l->leaf(l->ud, n, out);
    case SC_AST_UNARY:
        if ((rc = sc_lower(l, n->args[0], &a)))
            return rc;
        return l->op(l->ud, n->op == SC_TOK_MINUS ? SC_OP_NEG : SC_OP_NOT, a, a, a, out);
    case SC_AST_BINARY:
        if ((rc = sc_lower(l, n->args[0], &a)) || (rc = sc_lower(l, n->args[1], &b)))
            return rc;
        return l->op(l->ud, binary_opcode(n), a, b, 0, out);
    case SC_AST_IN: {
        /* x in [a, b] is (x == a) or (x == b) under Kleene logic: true on a
         * match, unknown if nothing matched but something was missing. */
        uint32_t acc = 0, eq;
        if ((rc = sc_lower(l, n->args[0], &a)))
            return rc;
        for (size_t i = 1; i < n->nargs; i++) {
            if ((rc = sc_lower(l, n->args[i], &b)) ||
                (rc = l->op(l->ud, equality(n->args[0], n->args[i], 0), a, b, 0, &eq)))
                return rc;
            if (i == 1)
                acc = eq;
            else if ((rc = l->op(l->ud, SC_OP_OR, acc, eq, 0, &acc)))
                return rc;
        }
        if (n->op == SC_TOK_NOT)
            return l->op(l->ud, SC_OP_NOT, acc, acc, acc, out);
        *out = acc;
        return 0;
    }
    case SC_AST_COND:
        if ((rc = sc_lower(l, n->args[0], &a)) || (rc = sc_lower(l, n->args[1], &b)) ||
            (rc = sc_lower(l, n->args[2], &cc)))
            return rc;
        return l->op(l->ud, SC_OP_SELECT, a, b, cc, out);
    case SC_AST_CALL:
        return call(l, n, out);
    }
    return SCORE_EINVAL;
}
