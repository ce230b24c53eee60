/*
 * Recursive-descent parser, one function per precedence level, loosest
 * first: ?:  or  and  not  comparison/in  + -  * /  unary minus.
 * Comparisons do not chain (a < b < c is an error, not a surprise).
 */
#include <stdio.h>
#include <string.h>

#include "ast.h"

typedef struct parser {
    sc_lexer lx;
    sc_token tok;   /* current token */
    sc_arena *arena;
    score_error *err;
    size_t *err_pos;
    size_t nesting;
    size_t max_nesting; /* the expression_depth limit, at most SC_MAX_EXPR_HEIGHT */
} parser;

const char *sc_type_name(sc_type t)
{
    switch (t) {
    case SC_TYPE_NULL: return "null";
    case SC_TYPE_BOOL: return "bool";
    case SC_TYPE_NUMBER: return "number";
    case SC_TYPE_TEXT: return "text";
    }
    return "?";
}

static int advance(parser *p)
{
    return sc_lexer_next(&p->lx, &p->tok, p->err_pos);
}

static int fail_at(parser *p, size_t pos, score_code code, const char *fmt, const char *arg)
{
    *p->err_pos = pos;
    return sc_error(p->err, code, NULL, 0, 0, fmt, arg);
}

static int unexpected(parser *p, const char *wanted)
{
    char msg[160];
    snprintf(msg, sizeof msg, "expected %s, found %s", wanted, sc_tok_spelling(p->tok.kind));
    return fail_at(p, p->tok.pos, SCORE_ESYNTAX, "%s", msg);
}

static int expect(parser *p, sc_tok_kind kind)
{
    if (p->tok.kind != kind)
        return unexpected(p, sc_tok_spelling(kind));
    return advance(p);
}

static sc_ast *node(parser *p, sc_ast_kind kind, uint32_t pos, size_t nargs)
{
    sc_ast *n = sc_arena_alloc(p->arena, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->pos = pos;
    n->depth = 1;
    if (nargs) {
        n->args = sc_arena_alloc(p->arena, nargs * sizeof *n->args);
        if (!n->args)
            return NULL;
        n->nargs = nargs;
    }
    return n;
}

/* Set a node's height from its children; deep trees are refused so that
 * every later pass may recurse. */
static int seal(parser *p, sc_ast *n)
{
    for (size_t i = 0; i < n->nargs; i++)
        if (n->args[i]->depth + 1 > n->depth)
            n->depth = n->args[i]->depth + 1;
    if (n->depth > SC_MAX_EXPR_HEIGHT) {
        char msg[120];
        snprintf(msg, sizeof msg, "expression has more than %d levels of operators",
                 SC_MAX_EXPR_HEIGHT);
        return fail_at(p, n->pos, SCORE_ELIMIT, "%s", msg);
    }
    return 0;
}

static int binary(parser *p, sc_ast **out, sc_tok_kind op, uint32_t pos, sc_ast *l, sc_ast *r)
{
    sc_ast *n = node(p, SC_AST_BINARY, pos, 2);
    if (!n)
        return sc_nomem(p->err);
    n->op = op;
    n->args[0] = l;
    n->args[1] = r;
    *out = n;
    return seal(p, n);
}

static int parse_cond(parser *p, sc_ast **out);

/* Guards the recursion of nested parentheses, unary operators, calls,
 * indexes, lists and ?:. */
static int enter(parser *p)
{
    if (++p->nesting > p->max_nesting) {
        char msg[120];
        snprintf(msg, sizeof msg, "expression nested deeper than %zu levels (limit expression_depth)",
                 p->max_nesting);
        return fail_at(p, p->tok.pos, SCORE_ELIMIT, "%s", msg);
    }
    return 0;
}

/* Comma-separated expressions up to `close`; the opening token is
 * already consumed. Collected in a small growing array in the arena. */
static int parse_list(parser *p, sc_tok_kind close, sc_ast ***items, size_t *count)
{
    size_t cap = 4, n = 0;
    sc_ast **v = sc_arena_alloc(p->arena, cap * sizeof *v);
    if (!v)
        return sc_nomem(p->err);
    if (p->tok.kind != close) {
        for (;;) {
            sc_ast *e;
            int rc = parse_cond(p, &e);
            if (rc)
                return rc;
            if (n == cap) {
                sc_ast **bigger = sc_arena_alloc(p->arena, 2 * cap * sizeof *v);
                if (!bigger)
                    return sc_nomem(p->err);
                memcpy(bigger, v, n * sizeof *v);
                v = bigger;
                cap *= 2;
            }
            v[n++] = e;
            if (p->tok.kind != SC_TOK_COMMA)
                break;
            if ((rc = advance(p)))
                return rc;
        }
    }
    if (p->tok.kind != close)
        return unexpected(p, close == SC_TOK_RPAREN ? "',' or ')'" : "',' or ']'");
    *items = v;
    *count = n;
    return advance(p);
}

static int parse_primary(parser *p, sc_ast **out)
{
    sc_token t = p->tok;
    sc_ast *n;
    int rc;
    switch (t.kind) {
    case SC_TOK_NUMBER:
    case SC_TOK_STRING:
    case SC_TOK_TRUE:
    case SC_TOK_FALSE:
    case SC_TOK_NULL:
        n = node(p, t.kind == SC_TOK_NUMBER   ? SC_AST_NUMBER
                    : t.kind == SC_TOK_STRING ? SC_AST_STRING
                    : t.kind == SC_TOK_NULL   ? SC_AST_NULL
                                              : SC_AST_BOOL,
                 t.pos, 0);
        if (!n)
            return sc_nomem(p->err);
        n->num = t.kind == SC_TOK_TRUE ? 1.0 : t.num;
        n->text = t.text;
        n->text_len = t.text_len;
        *out = n;
        return advance(p);
    case SC_TOK_NAME:
        if ((rc = advance(p)))
            return rc;
        if (p->tok.kind == SC_TOK_LPAREN) {
            if ((rc = enter(p)) || (rc = advance(p)))
                return rc;
            n = node(p, SC_AST_CALL, t.pos, 0);
            if (!n)
                return sc_nomem(p->err);
            if ((rc = parse_list(p, SC_TOK_RPAREN, &n->args, &n->nargs)))
                return rc;
            p->nesting--;
        } else {
            n = node(p, SC_AST_NAME, t.pos, 0);
            if (!n)
                return sc_nomem(p->err);
        }
        n->text = t.text;
        n->text_len = t.text_len;
        *out = n;
        return seal(p, n);
    case SC_TOK_LPAREN:
        if ((rc = enter(p)) || (rc = advance(p)) || (rc = parse_cond(p, out)))
            return rc;
        p->nesting--;
        return expect(p, SC_TOK_RPAREN);
    default:
        return unexpected(p, "a value, a name or '('");
    }
}

static int parse_postfix(parser *p, sc_ast **out)
{
    int rc = parse_primary(p, out);
    if (rc || p->tok.kind != SC_TOK_LBRACKET)
        return rc;
    uint32_t pos = (*out)->pos;
    if ((rc = enter(p)) || (rc = advance(p)))
        return rc;
    sc_ast *n = node(p, SC_AST_INDEX, pos, 2);
    if (!n)
        return sc_nomem(p->err);
    n->args[0] = *out;
    if ((rc = parse_cond(p, &n->args[1])) || (rc = expect(p, SC_TOK_RBRACKET)))
        return rc;
    p->nesting--;
    *out = n;
    return seal(p, n);
}

typedef int (*parse_fn)(parser *p, sc_ast **out);

/* A prefix operator (unary minus, not) and its operand, which `self`
 * parses, so that it may repeat ("- -x", "not not a"); without the
 * operator, what `next` parses. */
static int parse_prefix(parser *p, sc_tok_kind op, parse_fn self, parse_fn next, sc_ast **out)
{
    if (p->tok.kind != op)
        return next(p, out);
    uint32_t pos = p->tok.pos;
    int rc;
    if ((rc = enter(p)) || (rc = advance(p)))
        return rc;
    sc_ast *n = node(p, SC_AST_UNARY, pos, 1);
    if (!n)
        return sc_nomem(p->err);
    n->op = op;
    if ((rc = self(p, &n->args[0])))
        return rc;
    p->nesting--;
    *out = n;
    return seal(p, n);
}

static int parse_unary(parser *p, sc_ast **out)
{
    return parse_prefix(p, SC_TOK_MINUS, parse_unary, parse_postfix, out);
}

static int parse_mul(parser *p, sc_ast **out)
{
    int rc = parse_unary(p, out);
    while (!rc && (p->tok.kind == SC_TOK_STAR || p->tok.kind == SC_TOK_SLASH)) {
        sc_token op = p->tok;
        sc_ast *r;
        if ((rc = advance(p)) || (rc = parse_unary(p, &r)))
            return rc;
        rc = binary(p, out, op.kind, op.pos, *out, r);
    }
    return rc;
}

static int parse_add(parser *p, sc_ast **out)
{
    int rc = parse_mul(p, out);
    while (!rc && (p->tok.kind == SC_TOK_PLUS || p->tok.kind == SC_TOK_MINUS)) {
        sc_token op = p->tok;
        sc_ast *r;
        if ((rc = advance(p)) || (rc = parse_mul(p, &r)))
            return rc;
        rc = binary(p, out, op.kind, op.pos, *out, r);
    }
    return rc;
}

static int is_comparison(sc_tok_kind k)
{
    return k == SC_TOK_EQ || k == SC_TOK_NE || k == SC_TOK_LT || k == SC_TOK_LE ||
           k == SC_TOK_GT || k == SC_TOK_GE;
}

/* `x in [a, b]` and `x not in [a, b]`; the `in` is the current token. */
static int parse_in(parser *p, sc_ast **out, int negated, uint32_t pos)
{
    int rc;
    if ((rc = advance(p)))
        return rc;
    if (p->tok.kind != SC_TOK_LBRACKET)
        return unexpected(p, "'[' after 'in'");
    if ((rc = enter(p)) || (rc = advance(p)))
        return rc;
    sc_ast **items;
    size_t n;
    if ((rc = parse_list(p, SC_TOK_RBRACKET, &items, &n)))
        return rc;
    p->nesting--;
    if (n == 0)
        return fail_at(p, pos, SCORE_ESYNTAX, "empty list after 'in'%s", "");
    sc_ast *node_in = node(p, SC_AST_IN, pos, n + 1);
    if (!node_in)
        return sc_nomem(p->err);
    node_in->op = negated ? SC_TOK_NOT : SC_TOK_IN;
    node_in->args[0] = *out;
    memcpy(node_in->args + 1, items, n * sizeof *items);
    *out = node_in;
    return seal(p, node_in);
}

static int parse_comparison(parser *p, sc_ast **out)
{
    int rc = parse_add(p, out);
    if (rc)
        return rc;
    sc_token op = p->tok;
    if (op.kind == SC_TOK_IN)
        rc = parse_in(p, out, 0, op.pos);
    else if (op.kind == SC_TOK_NOT) {
        /* `not in`: look ahead one token without losing this one */
        sc_lexer save = p->lx;
        if ((rc = advance(p)))
            return rc;
        if (p->tok.kind != SC_TOK_IN) {
            p->lx = save;
            p->tok = op;
            return unexpected(p, "an operator");
        }
        rc = parse_in(p, out, 1, op.pos);
    } else if (is_comparison(op.kind)) {
        sc_ast *r;
        if ((rc = advance(p)) || (rc = parse_add(p, &r)) ||
            (rc = binary(p, out, op.kind, op.pos, *out, r)))
            return rc;
    } else {
        return 0;
    }
    if (!rc && (is_comparison(p->tok.kind) || p->tok.kind == SC_TOK_IN))
        return fail_at(p, p->tok.pos, SCORE_ESYNTAX,
                       "comparisons do not chain: write 'a < b and b < c'%s", "");
    return rc;
}

static int parse_not(parser *p, sc_ast **out)
{
    return parse_prefix(p, SC_TOK_NOT, parse_not, parse_comparison, out);
}

static int parse_and(parser *p, sc_ast **out)
{
    int rc = parse_not(p, out);
    while (!rc && p->tok.kind == SC_TOK_AND) {
        sc_token op = p->tok;
        sc_ast *r;
        if ((rc = advance(p)) || (rc = parse_not(p, &r)))
            return rc;
        rc = binary(p, out, SC_TOK_AND, op.pos, *out, r);
    }
    return rc;
}

static int parse_or(parser *p, sc_ast **out)
{
    int rc = parse_and(p, out);
    while (!rc && p->tok.kind == SC_TOK_OR) {
        sc_token op = p->tok;
        sc_ast *r;
        if ((rc = advance(p)) || (rc = parse_and(p, &r)))
            return rc;
        rc = binary(p, out, SC_TOK_OR, op.pos, *out, r);
    }
    return rc;
}

static int parse_cond(parser *p, sc_ast **out)
{
    int rc = parse_or(p, out);
    if (rc || p->tok.kind != SC_TOK_QUESTION)
        return rc;
    uint32_t pos = (*out)->pos;
    if ((rc = enter(p)) || (rc = advance(p)))
        return rc;
    sc_ast *n = node(p, SC_AST_COND, pos, 3);
    if (!n)
        return sc_nomem(p->err);
    n->args[0] = *out;
    if ((rc = parse_cond(p, &n->args[1])) || (rc = expect(p, SC_TOK_COLON)) ||
        (rc = parse_cond(p, &n->args[2])))
        return rc;
    p->nesting--;
    *out = n;
    return seal(p, n);
}

int sc_parse_expr(sc_ast **out, const char *src, size_t len, const score_limits *limits,
                  sc_arena *arena, score_error *err, size_t *err_pos)
{
    /* a limit of 0 (or none given) is the default */
    score_limits d;
    score_limits_default(&d);
    size_t max_bytes = limits && limits->expression_bytes ? limits->expression_bytes
                                                          : d.expression_bytes;
    size_t max_depth = limits && limits->expression_depth ? limits->expression_depth
                                                          : d.expression_depth;
    parser p;
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.err = err;
    p.err_pos = err_pos;
    p.max_nesting = max_depth < SC_MAX_EXPR_HEIGHT ? max_depth : SC_MAX_EXPR_HEIGHT;
    if (max_bytes > UINT32_MAX) /* node positions are 32-bit offsets */
        max_bytes = UINT32_MAX;
    *err_pos = 0;
    if (len > max_bytes) {
        char msg[120];
        snprintf(msg, sizeof msg, "expression longer than %zu bytes (limit expression_bytes)",
                 max_bytes);
        return fail_at(&p, max_bytes, SCORE_ELIMIT, "%s", msg);
    }
    sc_lexer_init(&p.lx, src, len, arena, err);
    int rc = advance(&p);
    if (rc)
        return rc;
    if (p.tok.kind == SC_TOK_EOF)
        return fail_at(&p, 0, SCORE_ESYNTAX, "empty expression%s", "");
    if ((rc = parse_cond(&p, out)))
        return rc;
    if (p.tok.kind != SC_TOK_EOF)
        return unexpected(&p, "an operator or the end");
    return 0;
}
