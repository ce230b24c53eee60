/*
 * Solving a requirement for one row (docs/rulesets.md, "Gaps"): the
 * smallest change that makes it hold. A comparison of numbers is solved
 * for one field at a time, the others held at the row's values: the set
 * the comparison allows is carried back through + - * / by constants,
 * min, max, abs and scorecards (their items, caps, floor and ceiling) to
 * the set of the field's values, and the point of that set nearest the
 * row's value is the change. A bool field is set; a text field compared
 * with a text is set to it; `and` needs every failing part, `or` its
 * cheapest part, `not` flips what is wanted. Anything else is listed as
 * unresolved with its expression, never guessed. Every change is checked
 * by evaluating the requirement again with it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "gap.h"
#include "kernel.h"

#define MAX_COLS 32

static int is_field(const sc_ast *n)
{
    return (n->kind == SC_AST_NAME || n->kind == SC_AST_INDEX) && n->sym == SC_SYM_FIELD;
}

static int is_call(const sc_ast *n, const char *name)
{
    return n->kind == SC_AST_CALL && n->text_len == strlen(name) &&
           memcmp(n->text, name, n->text_len) == 0;
}

/* ---- plans ---- */

void sc_gap_plan_free(const score_allocator *a, sc_gap_plan *p)
{
    sc_free(a, p->changes);
    sc_free(a, (void *)p->unresolved);
    memset(p, 0, sizeof *p);
}

int sc_gap_plan_unresolved(sc_gap_ctx *c, sc_gap_plan *p, const char *text)
{
    if (!text)
        return SCORE_ENOMEM;
    for (size_t i = 0; i < p->nun; i++)
        if (strcmp(p->unresolved[i], text) == 0)
            return 0;
    void *arr = (void *)p->unresolved;
    if (sc_grow(&c->rs->alloc, &arr, &p->capun, p->nun + 1, sizeof *p->unresolved))
        return SCORE_ENOMEM;
    p->unresolved = arr;
    p->unresolved[p->nun++] = text;
    return 0;
}

static int unresolved_node(sc_gap_ctx *c, sc_gap_plan *p, const sc_ast *n)
{
    return sc_gap_plan_unresolved(c, p, sc_gap_unparse(c, n));
}

/* ---- values ---- */

/* The original value of a cell, before any change. */
static double original(const sc_gap_ctx *c, size_t col, const char **text)
{
    double v = c->t->cols[col].values[c->row];
    if (text)
        *text = c->rs->cols[col].type == SCORE_TYPE_TEXT && v == v ? sc_table_text(c->t, v) : NULL;
    return v;
}

/* A number that the tree has on the row: 1, or 0 when unknown. */
static int known(sc_gap_ctx *c, const sc_ast *n, double *k)
{
    return n->type != SC_TYPE_TEXT && sc_gap_value(c, n, k, NULL) == 0 && *k == *k;
}

/* Does a tree with one cell changed have the value wanted? */
static int holds_with(sc_gap_ctx *c, const sc_ast *n, int want, size_t col, double num,
                      const char *text)
{
    size_t keep = c->ncells;
    double v;
    int ok = sc_gap_set_cell(c, col, num, text) == 0 && sc_gap_value(c, n, &v, NULL) == 0 &&
             v == (double)want;
    sc_gap_unset_from(c, keep);
    return ok;
}

/* How often column col occurs in n, through scorecards. */
static size_t occurrences(sc_gap_ctx *c, const sc_ast *n, size_t col)
{
    if (is_field(n))
        return n->sym_index == col;
    size_t k = 0;
    if (n->kind == SC_AST_NAME && n->sym == SC_SYM_SCORECARD) {
        const sc_scorecard *sc = &c->rs->scorecards[n->sym_index];
        for (size_t i = 0; i < sc->nitems + sc->nvetoes; i++) {
            const sc_ast *part = sc_gap_card_part(c, n->sym_index, i);
            if (part)
                k += occurrences(c, part, col);
        }
        return k;
    }
    for (size_t i = 0; i < n->nargs; i++)
        k += occurrences(c, n->args[i], col);
    return k;
}

/* The distinct columns n reads, through scorecards. */
static void columns(sc_gap_ctx *c, const sc_ast *n, size_t *cols, size_t *ncols)
{
    if (is_field(n)) {
        for (size_t i = 0; i < *ncols; i++)
            if (cols[i] == n->sym_index)
                return;
        if (*ncols < MAX_COLS)
            cols[(*ncols)++] = n->sym_index;
        return;
    }
    if (n->kind == SC_AST_NAME && n->sym == SC_SYM_SCORECARD) {
        const sc_scorecard *sc = &c->rs->scorecards[n->sym_index];
        for (size_t i = 0; i < sc->nitems + sc->nvetoes; i++) {
            const sc_ast *part = sc_gap_card_part(c, n->sym_index, i);
            if (part)
                columns(c, part, cols, ncols);
        }
        return;
    }
    for (size_t i = 0; i < n->nargs; i++)
        columns(c, n->args[i], cols, ncols);
}

/* ---- inversion: the values of col that put n's value in *s ---- */

/* {x : min(x, m) in s} (is_min) or {x : max(x, m) in s}. */
static void through_min_max(sc_gset *s, int is_min, double m)
{
    sc_gset side, rest;
    sc_gset_cmp(&side, is_min ? SC_TOK_LE : SC_TOK_GE, m);
    int m_in = sc_gset_has(s, m);
    sc_gset_intersect(s, s, &side);
    if (m_in) {
        sc_gset_cmp(&rest, is_min ? SC_TOK_GT : SC_TOK_LT, m);
        sc_gset_union(s, &rest);
    }
}

static int invert(sc_gap_ctx *c, const sc_ast *n, size_t col, sc_gset *s);

static int invert_card(sc_gap_ctx *c, size_t card, size_t col, sc_gset *s)
{
    const sc_scorecard *sc = &c->rs->scorecards[card];
    for (size_t v = 0; v < sc->nvetoes; v++) {
        const sc_ast *t = sc_gap_card_part(c, card, sc->nitems + v);
        double cond;
        if (!t || sc_gap_value(c, t, &cond, NULL) || cond != 0.0 || occurrences(c, t, col))
            return 0; /* a veto holds, or may: the items do not decide */
    }
    size_t item = SIZE_MAX;
    double rest = 0.0, z = 0.0, r;
    for (size_t i = 0; i < sc->nitems; i++) {
        const sc_ast *t = sc_gap_card_part(c, card, i);
        if (!t)
            return 0;
        if (occurrences(c, t, col)) {
            if (item != SIZE_MAX)
                return 0;
            item = i;
            continue;
        }
        double v;
        if (!known(c, t, &v))
            return 0;
        if (sc->items[i].max == sc->items[i].max) {
            double capped;
            sc_kernel(SC_OP_MIN, 1, &capped, &v, &sc->items[i].max, &z);
            v = capped;
        }
        sc_kernel(sc->items[i].deduction ? SC_OP_SUB : SC_OP_ADD, 1, &r, &rest, &v, &z);
        rest = r;
    }
    if (item == SIZE_MAX || rest != rest)
        return 0;
    if (sc->max == sc->max) /* total = min(max(sum, min), max) */
        through_min_max(s, 1, sc->max);
    if (sc->min == sc->min)
        through_min_max(s, 0, sc->min);
    if (sc->items[item].deduction)
        sc_gset_affine(s, 1, 1.0, rest); /* sum = rest - v */
    else
        sc_gset_affine(s, 0, 1.0, -rest);
    if (sc->items[item].max == sc->items[item].max)
        through_min_max(s, 1, sc->items[item].max);
    return invert(c, sc_gap_card_part(c, card, item), col, s);
}

static int invert_call(sc_gap_ctx *c, const sc_ast *n, size_t col, sc_gset *s)
{
    if (is_call(n, "abs")) {
        sc_gset pos, neg;
        sc_gset_cmp(&pos, SC_TOK_GE, 0.0);
        sc_gset_intersect(&pos, s, &pos);
        neg = pos;
        sc_gset_affine(&neg, 1, 1.0, 0.0);
        sc_gset_union(&pos, &neg);
        *s = pos;
        return invert(c, n->args[0], col, s);
    }
    if (is_call(n, "coalesce")) {
        for (size_t i = 1; i < n->nargs; i++)
            if (occurrences(c, n->args[i], col))
                return 0;
        return invert(c, n->args[0], col, s); /* a present value is itself */
    }
    int is_min = is_call(n, "min");
    if (!is_min && !is_call(n, "max"))
        return 0;
    const sc_ast *x = NULL;
    double m = NAN, z = 0.0;
    for (size_t i = 0; i < n->nargs; i++) {
        if (occurrences(c, n->args[i], col)) {
            if (x)
                return 0;
            x = n->args[i];
            continue;
        }
        double v;
        if (!known(c, n->args[i], &v))
            return 0;
        if (m != m)
            m = v;
        else {
            double r;
            sc_kernel(is_min ? SC_OP_MIN : SC_OP_MAX, 1, &r, &m, &v, &z);
            m = r;
        }
    }
    if (!x)
        return 0;
    if (m == m)
        through_min_max(s, is_min, m);
    return invert(c, x, col, s);
}

static int invert(sc_gap_ctx *c, const sc_ast *n, size_t col, sc_gset *s)
{
    if (is_field(n))
        return n->sym_index == col;
    if (n->kind == SC_AST_NAME && n->sym == SC_SYM_SCORECARD)
        return invert_card(c, n->sym_index, col, s);
    if (n->kind == SC_AST_UNARY && n->op == SC_TOK_MINUS) {
        sc_gset_affine(s, 1, 1.0, 0.0);
        return invert(c, n->args[0], col, s);
    }
    if (n->kind == SC_AST_CALL)
        return invert_call(c, n, col, s);
    if (n->kind != SC_AST_BINARY || (n->op != SC_TOK_PLUS && n->op != SC_TOK_MINUS &&
                                     n->op != SC_TOK_STAR && n->op != SC_TOK_SLASH))
        return 0;
    int left = occurrences(c, n->args[0], col) > 0;
    const sc_ast *x = n->args[left ? 0 : 1], *other = n->args[left ? 1 : 0];
    double k;
    if (!known(c, other, &k))
        return 0;
    switch (n->op) {
    case SC_TOK_PLUS:
        sc_gset_affine(s, 0, 1.0, -k);
        break;
    case SC_TOK_MINUS: /* x - k in s: x in s + k; k - x in s: x in k - s */
        sc_gset_affine(s, !left, 1.0, k);
        break;
    case SC_TOK_STAR:
        if (k == 0.0)
            return 0; /* the field does not count */
        sc_gset_affine(s, k < 0, 1.0 / fabs(k), 0.0);
        break;
    default: /* x / k in s: x in s * k */
        if (!left || k == 0.0)
            return 0;
        sc_gset_affine(s, k < 0, fabs(k), 0.0);
        break;
    }
    return invert(c, x, col, s);
}

/* ---- choosing a point of a set ---- */

/* Decimal places of v as written (at most 15). */
static int decimals(double v)
{
    char b[40];
    sc_decimal_format(v, b, sizeof b);
    if (strchr(b, 'e') || strchr(b, 'E'))
        return 6;
    const char *dot = strchr(b, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

/*
 * The point of s nearest x0 (x0 missing: the finite bound nearest 0):
 * `to`, rounded to 15 significant digits, and whether it is an open
 * bound (strict) and on which side the set lies (dir). 0 if s is empty.
 */
static int nearest(const sc_gset *s, double x0, double *to, int *strict, int *dir)
{
    double best = INFINITY, ref = x0 == x0 ? x0 : 0.0;
    int found = 0;
    *to = NAN;
    *strict = 0;
    *dir = 0;
    for (size_t i = 0; i < s->n; i++) {
        const sc_interval *iv = &s->iv[i];
        if (x0 == x0 && sc_gset_has(s, x0) && iv->lo <= x0 && x0 <= iv->hi) {
            *to = x0;
            *strict = 0;
            return 1;
        }
        double ends[2] = {iv->lo, iv->hi};
        int open[2] = {iv->lo_open, iv->hi_open};
        for (int e = 0; e < 2; e++) {
            if (!isfinite(ends[e]) || fabs(ends[e] - ref) >= best)
                continue;
            best = fabs(ends[e] - ref);
            *to = ends[e];
            *strict = open[e];
            *dir = e == 0 ? 1 : -1;
            found = 1;
        }
    }
    if (!found && s->n) { /* every number: any value will do */
        *to = NAN;
        return 1;
    }
    if (found)
        *to = sc_rank_canonical(*to);
    return found;
}

/* A value that satisfies: `to` itself, or beyond a strict bound by one
 * unit of the last decimal place of `to` and x0 (a tenth of that on
 * attempt 1, and so on). */
static double beyond(double to, int strict, int dir, double x0, int attempt)
{
    if (to != to)
        return x0 == x0 ? x0 : 0.0;
    if (!strict)
        return to;
    int d = decimals(to);
    if (x0 == x0 && decimals(x0) > d)
        d = decimals(x0);
    double step = pow(10.0, -(double)(d + attempt));
    return sc_rank_canonical(to + dir * step);
}

static double relative(double from, double to)
{
    if (from != from)
        return 1.0;
    double m = fmax(fmax(fabs(from), fabs(to)), 1e-300);
    return fabs(to - from) / m;
}

static void set_kind(sc_gap_change *ch, const sc_ast *field)
{
    (void)field;
    if (ch->from != ch->from && !ch->from_text)
        ch->kind = SCORE_GAP_FILL;
    else if (ch->to_text || ch->set.n == 0)
        ch->kind = SCORE_GAP_SET;
    else
        ch->kind = ch->value >= ch->from ? SCORE_GAP_INCREASE : SCORE_GAP_DECREASE;
}

/* A change of numeric column col into set s that makes n `want`. */
static int number_change(sc_gap_ctx *c, const sc_ast *n, int want, size_t col, const sc_gset *s,
                         sc_gap_change *ch)
{
    memset(ch, 0, sizeof *ch);
    ch->col = col;
    ch->from = original(c, col, NULL);
    ch->set = *s;
    int dir;
    if (!nearest(s, ch->from, &ch->to, &ch->strict, &dir))
        return 0;
    int strict = ch->strict;
    for (int attempt = 0; attempt < 8; attempt++) {
        ch->value = beyond(ch->to, strict, dir, ch->from, attempt);
        if (holds_with(c, n, want, col, ch->value, NULL)) {
            set_kind(ch, NULL);
            if (c->rs->cols[col].type == SCORE_TYPE_BOOL)
                ch->kind = ch->from != ch->from ? SCORE_GAP_FILL : SCORE_GAP_SET;
            return 1;
        }
        if (!strict && dir) { /* the bound fails after all, as a decimal: go beyond */
            strict = ch->strict = 1;
            attempt = -1;
        } else if (!dir) {
            break;
        }
    }
    return 0;
}

/* Add a change, merging it with one of the same column (the values both
 * allow); a contradiction is left unresolved. */
static int plan_add(sc_gap_ctx *c, sc_gap_plan *p, const sc_gap_change *ch)
{
    for (size_t i = 0; i < p->n; i++) {
        sc_gap_change *e = &p->changes[i];
        if (e->col != ch->col)
            continue;
        if (e->to_text || ch->to_text) {
            if (e->to_text && ch->to_text && strcmp(e->to_text, ch->to_text) == 0)
                return 0;
        } else {
            sc_gset both;
            sc_gset_intersect(&both, &e->set, &ch->set);
            int dir, strict;
            double to;
            if (nearest(&both, e->from, &to, &strict, &dir)) {
                double value = beyond(to, strict, dir, e->from, 0);
                for (int a = 1; a < 8 && !sc_gset_has(&both, value); a++)
                    value = beyond(to, strict, dir, e->from, a);
                if (to == to && !sc_num_near(to, e->to))
                    e->criterion = ch->criterion;
                p->cost += relative(e->from, value) - relative(e->from, e->value);
                e->set = both;
                e->to = to;
                e->strict = strict;
                e->value = value;
                set_kind(e, NULL);
                if (c->rs->cols[e->col].type == SCORE_TYPE_BOOL)
                    e->kind = e->from != e->from ? SCORE_GAP_FILL : SCORE_GAP_SET;
                return 0;
            }
        }
        char buf[200];
        snprintf(buf, sizeof buf, "%s: 条件相互矛盾", c->rs->cols[ch->col].name);
        return sc_gap_plan_unresolved(c, p, sc_arena_strndup(c->arena, buf, strlen(buf)));
    }
    void *arr = p->changes;
    if (sc_grow(&c->rs->alloc, &arr, &p->cap, p->n + 1, sizeof *p->changes))
        return SCORE_ENOMEM;
    p->changes = arr;
    p->changes[p->n++] = *ch;
    p->cost += relative(ch->from, ch->value);
    return 0;
}

int sc_gap_plan_merge(sc_gap_ctx *c, sc_gap_plan *to, const sc_gap_plan *from, int unresolved)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < from->n; i++)
        rc = plan_add(c, to, &from->changes[i]);
    for (size_t i = 0; !rc && unresolved && i < from->nun; i++)
        rc = sc_gap_plan_unresolved(c, to, from->unresolved[i]);
    return rc;
}

/* a is cheaper than b: fewer unresolved, fewer changes, smaller change. */
static int cheaper(const sc_gap_plan *a, const sc_gap_plan *b)
{
    if (a->nun != b->nun)
        return a->nun < b->nun;
    if (a->n != b->n)
        return a->n < b->n;
    return a->cost < b->cost;
}

/* ---- solving ---- */

static sc_tok_kind negated(sc_tok_kind op)
{
    switch (op) {
    case SC_TOK_GE: return SC_TOK_LT;
    case SC_TOK_GT: return SC_TOK_LE;
    case SC_TOK_LE: return SC_TOK_GT;
    case SC_TOK_LT: return SC_TOK_GE;
    case SC_TOK_EQ: return SC_TOK_NE;
    default: return SC_TOK_EQ;
    }
}

static sc_tok_kind flipped(sc_tok_kind op) /* a op b is b flipped(op) a */
{
    switch (op) {
    case SC_TOK_GE: return SC_TOK_LE;
    case SC_TOK_GT: return SC_TOK_LT;
    case SC_TOK_LE: return SC_TOK_GE;
    case SC_TOK_LT: return SC_TOK_GT;
    default: return op;
    }
}

/*
 * Solve n (whose value must become `want`) for one numeric column: the
 * part `x` of n holding it must take a value in *s (computed by the
 * caller from the other parts, held fixed). Tries each column x reads
 * (only the missing one when one is missing) and keeps the cheapest.
 */
typedef int (*set_of_fn)(sc_gap_ctx *c, const sc_ast *n, int want, size_t col,
                         const sc_ast **x, sc_gset *s);

static int solve_numbers(sc_gap_ctx *c, const sc_ast *n, int want, const char *crit,
                         sc_gap_plan *plan, set_of_fn set_of)
{
    size_t cols[MAX_COLS], ncols = 0, missing[MAX_COLS], nmissing = 0;
    columns(c, n, cols, &ncols);
    for (size_t i = 0; i < ncols; i++)
        if (sc_gap_cell_value(c, cols[i], NULL) != sc_gap_cell_value(c, cols[i], NULL))
            missing[nmissing++] = cols[i];
    if (nmissing > 1)
        return unresolved_node(c, plan, n);
    const size_t *cand = nmissing ? missing : cols;
    size_t ncand = nmissing ? nmissing : ncols;
    sc_gap_change best;
    int have = 0;
    double best_cost = INFINITY;
    for (size_t i = 0; i < ncand; i++) {
        size_t col = cand[i];
        const sc_ast *x;
        sc_gset s;
        if (c->rs->cols[col].type == SCORE_TYPE_TEXT || occurrences(c, n, col) != 1 ||
            !set_of(c, n, want, col, &x, &s) || !invert(c, x, col, &s))
            continue;
        sc_gap_change ch;
        if (!number_change(c, n, want, col, &s, &ch))
            continue;
        double cost = relative(ch.from, ch.value);
        if (!have || cost < best_cost) {
            best = ch;
            best_cost = cost;
            have = 1;
        }
    }
    if (c->nomem)
        return SCORE_ENOMEM;
    if (!have)
        return unresolved_node(c, plan, n);
    best.criterion = crit;
    return plan_add(c, plan, &best);
}

/* a op b: the side holding col must lie in {y : y op k} (or flipped). */
static int compare_set(sc_gap_ctx *c, const sc_ast *n, int want, size_t col, const sc_ast **x,
                       sc_gset *s)
{
    sc_tok_kind op = want ? n->op : negated(n->op);
    int left = occurrences(c, n->args[0], col) > 0;
    double k;
    if (!known(c, n->args[left ? 1 : 0], &k))
        return 0;
    *x = n->args[left ? 0 : 1];
    sc_gset_cmp(s, left ? op : flipped(op), k);
    return 1;
}

/* between(x, lo, hi): x in [lo, hi], or out of it. */
static int between_set(sc_gap_ctx *c, const sc_ast *n, int want, size_t col, const sc_ast **x,
                       sc_gset *s)
{
    double lo, hi;
    if (occurrences(c, n->args[1], col) || occurrences(c, n->args[2], col) ||
        !known(c, n->args[1], &lo) || !known(c, n->args[2], &hi))
        return 0;
    sc_gset up;
    sc_gset_cmp(s, SC_TOK_GE, lo);
    sc_gset_cmp(&up, SC_TOK_LE, hi);
    sc_gset_intersect(s, s, &up);
    if (!want)
        sc_gset_complement(s);
    *x = n->args[0];
    return 1;
}

/* x in [a, b, ...]: one of the values, or none of them. */
static int in_set(sc_gap_ctx *c, const sc_ast *n, int want, size_t col, const sc_ast **x,
                  sc_gset *s)
{
    s->n = 0;
    for (size_t i = 1; i < n->nargs; i++) {
        double k;
        sc_gset one;
        if (occurrences(c, n->args[i], col) || !known(c, n->args[i], &k))
            return 0;
        sc_gset_cmp(&one, SC_TOK_EQ, k);
        sc_gset_union(s, &one);
    }
    if (n->op == SC_TOK_NOT ? want : !want)
        sc_gset_complement(s);
    *x = n->args[0];
    return 1;
}

/* The text field a text expression stands for: a field, or the first
 * argument of coalesce(). */
static const sc_ast *text_field(const sc_ast *n)
{
    while (is_call(n, "coalesce"))
        n = n->args[0];
    return is_field(n) ? n : NULL;
}

/* A text field that must equal a text: set it. */
static int solve_text(sc_gap_ctx *c, const sc_ast *n, int want, const char *crit,
                      sc_gap_plan *plan, const sc_ast *side, const sc_ast *value)
{
    const sc_ast *f = text_field(side);
    const char *text = NULL;
    double k;
    if (!f || occurrences(c, value, f->sym_index) || sc_gap_value(c, value, &k, &text) || !text)
        return c->nomem ? SCORE_ENOMEM : unresolved_node(c, plan, n);
    if (!holds_with(c, n, want, f->sym_index, 0.0, text))
        return unresolved_node(c, plan, n);
    sc_gap_change ch;
    memset(&ch, 0, sizeof ch);
    ch.col = f->sym_index;
    ch.criterion = crit;
    ch.from = original(c, ch.col, &ch.from_text);
    ch.to = ch.value = NAN;
    ch.to_text = sc_arena_strndup(c->arena, text, strlen(text));
    if (!ch.to_text)
        return SCORE_ENOMEM;
    set_kind(&ch, NULL);
    return plan_add(c, plan, &ch);
}

static int solve_bool_field(sc_gap_ctx *c, const sc_ast *n, int want, const char *crit,
                            sc_gap_plan *plan)
{
    sc_gset s;
    sc_gset_cmp(&s, SC_TOK_EQ, (double)want);
    sc_gap_change ch;
    if (!number_change(c, n, want, n->sym_index, &s, &ch))
        return unresolved_node(c, plan, n);
    ch.criterion = crit;
    ch.kind = ch.from != ch.from ? SCORE_GAP_FILL : SCORE_GAP_SET;
    return plan_add(c, plan, &ch);
}

/* The cheapest of solving each part (or), or every part (and). */
static int solve_parts(sc_gap_ctx *c, const sc_ast *n, int want, const char *crit,
                       sc_gap_plan *plan, int every)
{
    if (every) {
        int rc = 0;
        for (size_t i = 0; !rc && i < n->nargs; i++)
            rc = sc_gap_solve(c, n->args[i], want, crit, plan);
        return rc;
    }
    sc_gap_plan best, next;
    memset(&best, 0, sizeof best);
    int have = 0, rc = 0;
    for (size_t i = 0; !rc && i < n->nargs; i++) {
        memset(&next, 0, sizeof next);
        rc = sc_gap_solve(c, n->args[i], want, crit, &next);
        if (!rc && (!have || cheaper(&next, &best))) {
            sc_gap_plan_free(&c->rs->alloc, &best);
            best = next;
            have = 1;
        } else {
            sc_gap_plan_free(&c->rs->alloc, &next);
        }
    }
    if (!rc && have)
        rc = sc_gap_plan_merge(c, plan, &best, 1);
    sc_gap_plan_free(&c->rs->alloc, &best);
    return rc;
}

int sc_gap_solve(sc_gap_ctx *c, const sc_ast *n, int want, const char *crit, sc_gap_plan *plan)
{
    double v;
    int rc = sc_gap_value(c, n, &v, NULL);
    if (rc == SCORE_ENOMEM)
        return rc;
    if (!rc && v == (double)want)
        return 0;
    switch (n->kind) {
    case SC_AST_NAME:
        if (n->sym == SC_SYM_CRITERION) {
            const sc_ast *t = sc_gap_criterion(c, n->sym_index);
            if (!t)
                return c->nomem ? SCORE_ENOMEM : unresolved_node(c, plan, n);
            return sc_gap_solve(c, t, want, c->rs->criteria[n->sym_index].id, plan);
        }
        if (n->sym == SC_SYM_FIELD && n->type == SC_TYPE_BOOL)
            return solve_bool_field(c, n, want, crit, plan);
        break;
    case SC_AST_INDEX:
        if (n->sym == SC_SYM_FIELD && n->type == SC_TYPE_BOOL)
            return solve_bool_field(c, n, want, crit, plan);
        break;
    case SC_AST_UNARY:
        if (n->op == SC_TOK_NOT)
            return sc_gap_solve(c, n->args[0], !want, crit, plan);
        break;
    case SC_AST_BINARY:
        if (n->op == SC_TOK_AND || n->op == SC_TOK_OR)
            return solve_parts(c, n, want, crit, plan, (n->op == SC_TOK_AND) == (want != 0));
        if (n->op < SC_TOK_EQ || n->op > SC_TOK_GE)
            break;
        if (n->args[0]->type == SC_TYPE_TEXT || n->args[1]->type == SC_TYPE_TEXT) {
            int eq = (n->op == SC_TOK_EQ) == (want != 0);
            if (!eq)
                break; /* "anything but": not a change one can name */
            int left = text_field(n->args[0]) != NULL;
            return solve_text(c, n, want, crit, plan, n->args[left ? 0 : 1],
                              n->args[left ? 1 : 0]);
        }
        if (n->args[0]->type == SC_TYPE_BOOL && n->args[1]->type == SC_TYPE_BOOL) {
            double b;
            int left = !n->args[1]->is_const;
            if (!known(c, n->args[left ? 1 : 0], &b))
                break;
            int same = (n->op == SC_TOK_EQ) == (want != 0);
            return sc_gap_solve(c, n->args[left ? 0 : 1], same ? b != 0.0 : b == 0.0, crit, plan);
        }
        return solve_numbers(c, n, want, crit, plan, compare_set);
    case SC_AST_IN:
        if (n->args[0]->type == SC_TYPE_TEXT) {
            if ((n->op == SC_TOK_NOT) == (want != 0) || n->nargs < 2)
                break;
            return solve_text(c, n, want, crit, plan, n->args[0], n->args[1]);
        }
        if (n->args[0]->type == SC_TYPE_NUMBER)
            return solve_numbers(c, n, want, crit, plan, in_set);
        break;
    case SC_AST_CALL:
        if (is_call(n, "between"))
            return solve_numbers(c, n, want, crit, plan, between_set);
        if (is_call(n, "is_missing") && !want) {
            /* the value must be there: every missing cell it reads is to be filled */
            size_t cols[MAX_COLS], ncols = 0;
            columns(c, n->args[0], cols, &ncols);
            for (size_t i = 0; i < ncols; i++) {
                if (sc_gap_cell_value(c, cols[i], NULL) == sc_gap_cell_value(c, cols[i], NULL))
                    continue;
                sc_gap_change ch;
                memset(&ch, 0, sizeof ch);
                ch.col = cols[i];
                ch.criterion = crit;
                ch.from = NAN;
                ch.to = NAN;
                ch.value = 0.0;
                ch.kind = SCORE_GAP_FILL;
                sc_gset_all(&ch.set);
                if (c->rs->cols[cols[i]].type == SCORE_TYPE_TEXT)
                    return unresolved_node(c, plan, n);
                if ((rc = plan_add(c, plan, &ch)))
                    return rc;
            }
            return 0;
        }
        break;
    default:
        break;
    }
    return unresolved_node(c, plan, n);
}

int sc_gap_apply(sc_gap_ctx *c, const sc_gap_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++) {
        const sc_gap_change *ch = &plan->changes[i];
        if (sc_gap_set_cell(c, ch->col, ch->to_text ? 0.0 : ch->value, ch->to_text))
            return SCORE_ENOMEM;
    }
    return 0;
}
