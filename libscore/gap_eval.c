/*
 * One row's values for the gap solver: the cells with the changes tried
 * so far, and the value of any checked tree on them. A tree is lowered
 * into a scratch program whose every leaf is a constant (a cell, a
 * param, a criterion's or scorecard's value computed the same way), so
 * every operation folds through the kernels: the solver and the
 * evaluation cannot disagree.
 */
#include <math.h>
#include <string.h>

#include "const_eval.h"
#include "decimal.h"
#include "gap.h"
#include "kernel.h"
#include "lower.h"

static int lookup(void *ud, const char *name, size_t len, sc_symbol *sym)
{
    return sc_ruleset_lookup(ud, name, len, sym);
}

int sc_gap_ctx_init(sc_gap_ctx *c, const score_result *r, const score_table *t, size_t row,
                    sc_arena *arena)
{
    memset(c, 0, sizeof *c);
    c->rs = r->rs;
    c->t = t;
    c->row = row;
    c->arena = arena;
    const score_ruleset *rs = r->rs;
    c->crit = sc_arena_alloc(arena, (rs->ncriteria + 1) * sizeof *c->crit);
    c->card = sc_arena_alloc(arena, (rs->nscorecards + 1) * sizeof *c->card);
    if (!c->crit || !c->card)
        return SCORE_ENOMEM;
    memset(c->crit, 0, (rs->ncriteria + 1) * sizeof *c->crit);
    memset(c->card, 0, (rs->nscorecards + 1) * sizeof *c->card);
    return 0;
}

void sc_gap_ctx_free(sc_gap_ctx *c)
{
    sc_free(&c->rs->alloc, c->cells);
    c->cells = NULL;
}

static sc_ast *parse(sc_gap_ctx *c, const char *expr, int targets)
{
    const score_ruleset *rs = c->rs;
    sc_ast *tree;
    score_error err;
    size_t pos;
    int rc = sc_parse_expr(&tree, expr, strlen(expr), &rs->limits, c->arena, &err, &pos);
    if (!rc) {
        sc_checker chk = {lookup, (void *)rs, &rs->alloc, &err, &pos, targets, 0};
        rc = sc_check(&chk, tree);
    }
    if (rc == SCORE_ENOMEM)
        c->nomem = 1;
    return rc ? NULL : tree;
}

sc_ast *sc_gap_parse(sc_gap_ctx *c, const char *expr)
{
    return parse(c, expr, 0);
}

sc_ast *sc_gap_parse_target(sc_gap_ctx *c, const char *expr)
{
    return parse(c, expr, 1);
}

sc_ast *sc_gap_criterion(sc_gap_ctx *c, size_t i)
{
    if (!c->crit[i])
        c->crit[i] = sc_gap_parse(c, c->rs->criteria[i].expr);
    return c->crit[i];
}

sc_ast *sc_gap_card_part(sc_gap_ctx *c, size_t card, size_t part)
{
    const sc_scorecard *sc = &c->rs->scorecards[card];
    size_t n = sc->nitems + sc->nvetoes;
    if (!c->card[card]) {
        c->card[card] = sc_arena_alloc(c->arena, (n + 1) * sizeof **c->card);
        if (!c->card[card]) {
            c->nomem = 1;
            return NULL;
        }
        memset(c->card[card], 0, (n + 1) * sizeof **c->card);
    }
    if (!c->card[card][part])
        c->card[card][part] = sc_gap_parse(c, part < sc->nitems ? sc->items[part].expr
                                                                : sc->vetoes[part - sc->nitems].expr);
    return c->card[card][part];
}

/* ---- cells ---- */

double sc_gap_cell_value(const sc_gap_ctx *c, size_t col, const char **text)
{
    for (size_t i = c->ncells; i-- > 0;)
        if (c->cells[i].col == col) {
            if (text)
                *text = c->cells[i].text;
            return c->cells[i].num;
        }
    double v = c->t->cols[col].values[c->row];
    if (text)
        *text = c->rs->cols[col].type == SCORE_TYPE_TEXT && v == v ? sc_table_text(c->t, v) : NULL;
    return v;
}

int sc_gap_set_cell(sc_gap_ctx *c, size_t col, double num, const char *text)
{
    if (c->ncells == c->capcells) {
        size_t cap = c->capcells ? 2 * c->capcells : 16;
        sc_gap_cell *p = sc_realloc(&c->rs->alloc, c->cells, cap * sizeof *p);
        if (!p) {
            c->nomem = 1;
            return SCORE_ENOMEM;
        }
        c->cells = p;
        c->capcells = cap;
    }
    const char *copy = NULL;
    if (text && !(copy = sc_arena_strndup(c->arena, text, strlen(text)))) {
        c->nomem = 1;
        return SCORE_ENOMEM;
    }
    sc_gap_cell *cell = &c->cells[c->ncells++];
    cell->col = col;
    cell->num = copy ? 0.0 : num;
    cell->text = copy;
    return 0;
}

void sc_gap_unset_from(sc_gap_ctx *c, size_t keep)
{
    if (keep < c->ncells)
        c->ncells = keep;
}

/* ---- values ---- */

typedef struct eval_state {
    sc_gap_ctx *c;
    sc_program prog;
    unsigned depth; /* criteria refer to criteria: bounded by the checker's cycles */
} eval_state;

static int constant(sc_program *p, double v, uint32_t *out)
{
    int64_t r = sc_program_reg(p, SC_REG_CONST, 0, v);
    if (r < 0)
        return SCORE_ENOMEM;
    *out = (uint32_t)r;
    return 0;
}

static int text_reg(sc_program *p, const char *s, uint32_t *out)
{
    if (!s)
        return constant(p, NAN, out);
    int64_t t = sc_program_text(p, s, strlen(s));
    if (t < 0)
        return SCORE_ENOMEM;
    int64_t r = sc_program_reg(p, SC_REG_TEXT, (uint32_t)t, 0.0);
    if (r < 0)
        return SCORE_ENOMEM;
    *out = (uint32_t)r;
    return 0;
}

static int lower_tree(eval_state *s, const sc_ast *n, uint32_t *out);

static int leaf(void *ud, const sc_ast *n, uint32_t *out)
{
    eval_state *s = ud;
    sc_gap_ctx *c = s->c;
    if (n->kind == SC_AST_NAME || n->kind == SC_AST_INDEX) {
        if (n->sym == SC_SYM_FIELD) {
            const char *text = NULL;
            double v = sc_gap_cell_value(c, n->sym_index, &text);
            if (c->rs->cols[n->sym_index].type == SCORE_TYPE_TEXT)
                return text_reg(&s->prog, text, out);
            return constant(&s->prog, v, out);
        }
        if (n->sym == SC_SYM_CRITERION) {
            const sc_ast *tree = sc_gap_criterion(c, n->sym_index);
            if (!tree || s->depth > 64)
                return c->nomem ? SCORE_ENOMEM : SCORE_EINVAL;
            s->depth++;
            int rc = lower_tree(s, tree, out);
            s->depth--;
            return rc;
        }
        if (n->sym == SC_SYM_SCORECARD) {
            double v;
            int rc = sc_gap_card_total(c, n->sym_index, &v);
            return rc ? rc : constant(&s->prog, v, out);
        }
    }
    return sc_fold_literal(&s->prog, n, out);
}

static int operation(void *ud, sc_opcode op, uint32_t a, uint32_t b, uint32_t cc, uint32_t *out)
{
    eval_state *s = ud;
    int folded;
    int rc = sc_fold(&s->prog, op, a, b, cc, out, &folded);
    if (rc)
        return rc;
    return folded ? 0 : SCORE_EINVAL; /* every leaf is constant: cannot happen */
}

static int lower_tree(eval_state *s, const sc_ast *n, uint32_t *out)
{
    sc_lowering l = {leaf, operation, s};
    return sc_lower(&l, n, out);
}

int sc_gap_value(sc_gap_ctx *c, const sc_ast *n, double *num, const char **text)
{
    eval_state s;
    memset(&s, 0, sizeof s);
    s.c = c;
    sc_program_init(&s.prog, &c->rs->alloc);
    uint32_t reg;
    int rc = lower_tree(&s, n, &reg);
    *num = NAN;
    if (text)
        *text = NULL;
    if (!rc) {
        const sc_reg *r = &s.prog.regs[reg];
        if (r->kind == SC_REG_CONST) {
            *num = r->value;
        } else if (r->kind == SC_REG_TEXT) {
            *num = 0.0;
            if (text && !(*text = sc_arena_strndup(c->arena, s.prog.texts[r->index],
                                                   strlen(s.prog.texts[r->index]))))
                rc = SCORE_ENOMEM;
        } else {
            rc = SCORE_EINVAL;
        }
    }
    sc_program_free(&s.prog);
    if (rc == SCORE_ENOMEM)
        c->nomem = 1;
    return rc;
}

static double kernel2(sc_opcode op, double x, double y)
{
    double r, z = 0.0;
    sc_kernel(op, 1, &r, &x, &y, &z);
    return r;
}

int sc_gap_card_total(sc_gap_ctx *c, size_t card, double *out)
{
    const sc_scorecard *sc = &c->rs->scorecards[card];
    double total = 0.0;
    int rc;
    for (size_t i = 0; i < sc->nitems; i++) {
        const sc_ast *tree = sc_gap_card_part(c, card, i);
        double v;
        if (!tree)
            return c->nomem ? SCORE_ENOMEM : SCORE_EINVAL;
        if ((rc = sc_gap_value(c, tree, &v, NULL)))
            return rc;
        if (sc->items[i].max == sc->items[i].max)
            v = kernel2(SC_OP_MIN, v, sc->items[i].max);
        total = kernel2(sc->items[i].deduction ? SC_OP_SUB : SC_OP_ADD, total, v);
    }
    if (sc->min == sc->min)
        total = kernel2(SC_OP_MAX, total, sc->min);
    if (sc->max == sc->max)
        total = kernel2(SC_OP_MIN, total, sc->max);
    for (size_t v = 0; v < sc->nvetoes; v++) {
        const sc_ast *tree = sc_gap_card_part(c, card, sc->nitems + v);
        double cond;
        if (!tree)
            return c->nomem ? SCORE_ENOMEM : SCORE_EINVAL;
        if ((rc = sc_gap_value(c, tree, &cond, NULL)))
            return rc;
        double forced = sc->vetoes[v].value;
        if (cond == 1.0) {
            total = forced;
            break;
        }
        /* an unknown veto leaves the total unknown unless it would force
         * the same value (the evaluation also compares the grade) */
        if (cond != cond && !(forced == forced && total == total && sc_num_near(forced, total))) {
            total = NAN;
            break;
        }
    }
    *out = total;
    return 0;
}

/* ---- source text ---- */

static const char *op_text(sc_tok_kind op)
{
    switch (op) {
    case SC_TOK_PLUS: return " + ";
    case SC_TOK_MINUS: return " - ";
    case SC_TOK_STAR: return " * ";
    case SC_TOK_SLASH: return " / ";
    case SC_TOK_EQ: return " == ";
    case SC_TOK_NE: return " != ";
    case SC_TOK_LT: return " < ";
    case SC_TOK_LE: return " <= ";
    case SC_TOK_GT: return " > ";
    case SC_TOK_GE: return " >= ";
    case SC_TOK_AND: return " and ";
    case SC_TOK_OR: return " or ";
    default: return " ? ";
    }
}

static void unparse(sc_buf *b, const sc_gap_ctx *c, const sc_ast *n, int top)
{
    char num[40];
    switch (n->kind) {
    case SC_AST_NUMBER:
        sc_decimal_format(n->num, num, sizeof num);
        sc_buf_puts(b, num);
        return;
    case SC_AST_STRING:
        sc_buf_json_string(b, n->text ? n->text : "");
        return;
    case SC_AST_BOOL:
        sc_buf_puts(b, n->num != 0.0 ? "true" : "false");
        return;
    case SC_AST_NULL:
        sc_buf_puts(b, "null");
        return;
    case SC_AST_NAME:
        if (n->sym == SC_SYM_PARAM) {
            sc_buf_puts(b, c->rs->params[n->sym_index].name);
            return;
        }
        if (n->sym == SC_SYM_FIELD) {
            sc_buf_puts(b, c->rs->cols[n->sym_index].name);
            return;
        }
        sc_buf_append(b, n->text, n->text_len);
        return;
    case SC_AST_INDEX:
        unparse(b, c, n->args[0], 0);
        sc_buf_printf(b, "[%d]", c->rs->cols[n->sym_index].year);
        return;
    case SC_AST_UNARY:
        sc_buf_puts(b, n->op == SC_TOK_MINUS ? "-" : "not ");
        unparse(b, c, n->args[0], 0);
        return;
    case SC_AST_BINARY:
        if (!top)
            sc_buf_puts(b, "(");
        unparse(b, c, n->args[0], 0);
        sc_buf_puts(b, op_text(n->op));
        unparse(b, c, n->args[1], 0);
        if (!top)
            sc_buf_puts(b, ")");
        return;
    case SC_AST_IN:
        unparse(b, c, n->args[0], 0);
        sc_buf_puts(b, n->op == SC_TOK_NOT ? " not in [" : " in [");
        for (size_t i = 1; i < n->nargs; i++) {
            if (i > 1)
                sc_buf_puts(b, ", ");
            unparse(b, c, n->args[i], 1);
        }
        sc_buf_puts(b, "]");
        return;
    case SC_AST_COND:
        if (!top)
            sc_buf_puts(b, "(");
        unparse(b, c, n->args[0], 0);
        sc_buf_puts(b, " ? ");
        unparse(b, c, n->args[1], 0);
        sc_buf_puts(b, " : ");
        unparse(b, c, n->args[2], 0);
        if (!top)
            sc_buf_puts(b, ")");
        return;
    case SC_AST_CALL:
        sc_buf_append(b, n->text, n->text_len);
        sc_buf_puts(b, "(");
        for (size_t i = 0; i < n->nargs; i++) {
            if (i)
                sc_buf_puts(b, ", ");
            unparse(b, c, n->args[i], 1);
        }
        sc_buf_puts(b, ")");
        return;
    }
}

char *sc_gap_unparse(sc_gap_ctx *c, const sc_ast *n)
{
    sc_buf b;
    sc_buf_init(&b, &c->rs->alloc);
    unparse(&b, c, n, 1);
    char *out = NULL;
    if (!b.failed && b.data)
        out = sc_arena_strndup(c->arena, b.data, b.len);
    sc_buf_free(&b);
    if (!out)
        c->nomem = 1;
    return out;
}
