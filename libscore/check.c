/* Name resolution and type checking of expressions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "const_eval.h"
#include "suggest.h"

typedef enum fn_kind { FN_SCALAR, FN_AGGREGATE } fn_kind;

/* The functions of the language; min and max with one argument are the
 * aggregates of the same name. */
static const struct function {
    const char *name;
    int min_args, max_args; /* max -1: any number */
    fn_kind kind;
} functions[] = {
    {"min", 2, -1, FN_SCALAR},      {"max", 2, -1, FN_SCALAR},
    {"abs", 1, 1, FN_SCALAR},       {"round", 1, 2, FN_SCALAR},
    {"floor", 1, 1, FN_SCALAR},     {"ceil", 1, 1, FN_SCALAR},
    {"coalesce", 2, -1, FN_SCALAR}, {"is_missing", 1, 1, FN_SCALAR},
    {"between", 3, 3, FN_SCALAR},   {"count", 0, 1, FN_AGGREGATE},
    {"share", 1, 1, FN_AGGREGATE},  {"sum", 1, 1, FN_AGGREGATE},
    {"avg", 1, 1, FN_AGGREGATE},    {"all", 1, 1, FN_AGGREGATE},
    {"none", 1, 1, FN_AGGREGATE},
};

static const struct function *find_function(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        if (strlen(functions[i].name) == len && memcmp(functions[i].name, name, len) == 0)
            return &functions[i];
    return NULL;
}

static int fail(sc_checker *c, uint32_t pos, score_code code, const char *fmt, ...)
    SC_PRINTF(4, 5);

static int fail(sc_checker *c, uint32_t pos, score_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    *c->err_pos = pos;
    int rc = sc_verror(c->err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return rc;
}

/* The common type of two operands, NULL fitting anything; -1 if none. */
static int unify(sc_type a, sc_type b)
{
    if (a == SC_TYPE_NULL)
        return (int)b;
    if (b == SC_TYPE_NULL || a == b)
        return (int)a;
    return -1;
}

static int is_const_all(const sc_ast *n)
{
    for (size_t i = 0; i < n->nargs; i++)
        if (!n->args[i]->is_const)
            return 0;
    return 1;
}

/* Demand a type of an operand; NULL (the literal) is always accepted. */
static int want(sc_checker *c, const sc_ast *arg, sc_type type, const char *what)
{
    if (arg->type == type || arg->type == SC_TYPE_NULL)
        return 0;
    return fail(c, arg->pos, SCORE_ERULE, "%s needs a %s, found a %s", what, sc_type_name(type),
                sc_type_name(arg->type));
}

static int row_value_outside_aggregate(sc_checker *c, const sc_ast *n)
{
    return fail(c, n->pos, SCORE_ERULE,
                "'%.*s' is a value of each row: in a target it can only be read inside an "
                "aggregate such as share(...) or all(...)",
                (int)n->text_len, n->text);
}

/* What the lookup can say of an unknown name: 2 for a label, 1 for
 * another message, 0 for nothing (see sc_symbol.note). */
static int explain_unknown(sc_checker *c, const sc_ast *n, char *msg, size_t cap)
{
    sc_symbol sym = {0};
    sym.note = msg;
    sym.note_cap = cap;
    if (c->lookup(c->ud, n->text, n->text_len, &sym))
        return 0;
    return sym.noted == 1 || sym.noted == 2 ? sym.noted : 0;
}

static int unknown_name(sc_checker *c, const sc_ast *n)
{
    char msg[SCORE_ERROR_MESSAGE_LEN];
    if (explain_unknown(c, n, msg, sizeof msg))
        return fail(c, n->pos, SCORE_ERULE, "%s", msg);
    return fail(c, n->pos, SCORE_ERULE, "unknown name '%.*s'", (int)n->text_len, n->text);
}

static int check_name(sc_checker *c, sc_ast *n)
{
    sc_symbol sym = {0};
    if (!c->lookup(c->ud, n->text, n->text_len, &sym))
        return unknown_name(c, n);
    if (c->targets && !c->in_aggregate && sym.kind != SC_SYM_PARAM)
        return row_value_outside_aggregate(c, n);
    n->sym = sym.kind;
    n->sym_index = sym.index;
    n->type = sym.type;
    if (sym.kind == SC_SYM_FIELD && sym.years)
        return fail(c, n->pos, SCORE_ERULE,
                    "'%.*s' has a value per year: write %.*s[%d] (or a year param)",
                    (int)n->text_len, n->text, (int)n->text_len, n->text, sym.years[0]);
    if (sym.kind == SC_SYM_PARAM) {
        n->is_const = 1;
        n->num = sym.num;
        if (sym.type == SC_TYPE_TEXT) {
            n->text = sym.text;
            n->text_len = strlen(sym.text);
        }
    }
    return 0;
}

static int check_index(sc_checker *c, sc_ast *n)
{
    sc_ast *base = n->args[0], *year = n->args[1];
    int rc;
    if (base->kind != SC_AST_NAME)
        return fail(c, base->pos, SCORE_ERULE, "only a year-indexed field can be indexed");
    sc_symbol sym = {0};
    if (!c->lookup(c->ud, base->text, base->text_len, &sym))
        return unknown_name(c, base);
    if (sym.kind != SC_SYM_FIELD || !sym.years)
        return fail(c, base->pos, SCORE_ERULE, "'%.*s' is not a year-indexed field",
                    (int)base->text_len, base->text);
    if (c->targets && !c->in_aggregate)
        return row_value_outside_aggregate(c, base);
    if ((rc = sc_check(c, year)))
        return rc;
    if (year->type != SC_TYPE_NUMBER || !year->is_const)
        return fail(c, year->pos, SCORE_ERULE,
                    "the year index must be a constant number (a year or a param)");
    double y;
    if ((rc = sc_const_number(c->alloc, year, &y)))
        return rc == SCORE_ENOMEM ? sc_nomem(c->err) : rc;
    base->sym = SC_SYM_FIELD;
    base->sym_index = sym.index;
    for (size_t i = 0; i < sym.nyears; i++) {
        if ((double)sym.years[i] == y) {
            n->sym = SC_SYM_FIELD;
            n->sym_index = sym.index + i;
            n->type = sym.type;
            return 0;
        }
    }
    char list[160] = "";
    size_t used = 0;
    for (size_t i = 0; i < sym.nyears && used < sizeof list - 16; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%d", i ? ", " : "",
                                 sym.years[i]);
    if (y != y)
        return fail(c, year->pos, SCORE_ERULE, "the year index is missing (null)");
    return fail(c, year->pos, SCORE_ERULE, "'%.*s' has no year %.15g (its years: %s)",
                (int)base->text_len, base->text, y, list);
}

/* ---- closed sets: a text field with `values:` ---- */

/* The field with a closed set of values that an operand reads, directly
 * or through coalesce() and ?: (coalesce(prior_tier, "")); NULL if none. */
static const sc_ast *closed_field(sc_checker *c, const sc_ast *n, const sc_valueset **values)
{
    if (n->kind == SC_AST_INDEX)
        n = n->args[0];
    if (n->kind == SC_AST_NAME && n->sym == SC_SYM_FIELD) {
        sc_symbol sym = {0};
        if (c->lookup(c->ud, n->text, n->text_len, &sym) && sym.values) {
            *values = sym.values;
            return n;
        }
        return NULL;
    }
    int coalesce = n->kind == SC_AST_CALL && n->text_len == 8 && memcmp(n->text, "coalesce", 8) == 0;
    if (coalesce || n->kind == SC_AST_COND)
        for (size_t i = n->kind == SC_AST_COND ? 1 : 0; i < n->nargs; i++) {
            const sc_ast *f = closed_field(c, n->args[i], values);
            if (f)
                return f;
        }
    return NULL;
}

/* A text known at load time: a literal or a text param. */
static int text_const(const sc_ast *n)
{
    return n->is_const && n->type == SC_TYPE_TEXT &&
           (n->kind == SC_AST_STRING || n->kind == SC_AST_NAME);
}

static int same(const char *s, size_t len, const char *z)
{
    return z && strlen(z) == len && memcmp(s, z, len) == 0;
}

/* Whether a coalesce() or ?: offers the text itself, besides the field's
 * values: coalesce(prior_tier, "none") == "none". */
static int offers(const sc_ast *n, const char *s, size_t len)
{
    if (text_const(n))
        return n->text_len == len && memcmp(n->text, s, len) == 0;
    int coalesce = n->kind == SC_AST_CALL && n->text_len == 8 && memcmp(n->text, "coalesce", 8) == 0;
    if (coalesce || n->kind == SC_AST_COND)
        for (size_t i = n->kind == SC_AST_COND ? 1 : 0; i < n->nargs; i++)
            if (offers(n->args[i], s, len))
                return 1;
    return 0;
}

/* A text compared with a field of a closed set must be one of its ids:
 * a label is read into its id, so comparing with it would never hold. */
static int check_value(sc_checker *c, const sc_ast *operand, const sc_ast *text)
{
    const sc_valueset *vs = NULL;
    const sc_ast *field = text_const(text) ? closed_field(c, operand, &vs) : NULL;
    if (!field)
        return 0;
    const char *s = text->text;
    size_t len = text->text_len;
    for (size_t i = 0; i < vs->count; i++)
        if (same(s, len, vs->ids[i]))
            return 0;
    if (offers(operand, s, len))
        return 0;
    for (size_t i = 0; i < vs->count; i++)
        if (same(s, len, vs->labels[i]))
            return fail(c, text->pos, SCORE_ERULE, "\"%.*s\" is the label of %s; compare with the id",
                        (int)len, s, vs->ids[i]);
    char word[256];
    size_t near = (size_t)-1;
    if (len < sizeof word) {
        memcpy(word, s, len);
        word[len] = '\0';
        near = sc_suggest_value(word, vs);
    }
    if (near != (size_t)-1)
        return fail(c, text->pos, SCORE_ERULE,
                    "\"%.*s\" is not one of the values of %.*s (did you mean \"%s\"?)", (int)len, s,
                    (int)field->text_len, field->text, vs->ids[near]);
    char list[200] = "";
    size_t used = 0, i = 0;
    for (; i < vs->count && used < sizeof list - 40; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                 vs->ids[i]);
    return fail(c, text->pos, SCORE_ERULE, "\"%.*s\" is not one of the values of %.*s (%s%s)",
                (int)len, s, (int)field->text_len, field->text, list,
                i < vs->count ? ", ..." : "");
}

/* ---- comparisons ---- */

/* A name not yet resolved that the namespace does not hold. */
static int unresolved(sc_checker *c, const sc_ast *n)
{
    sc_symbol sym = {0};
    return n->kind == SC_AST_NAME && n->sym == SC_SYM_NONE &&
           !c->lookup(c->ud, n->text, n->text_len, &sym);
}

/*
 * The operands of ==, != and `in`. A bare word compared with a text is a
 * text written without quotes (town == 孝泉镇): the other operands are
 * checked first, so that the message can say so.
 */
static int check_compared(sc_checker *c, sc_ast *n)
{
    int rc;
    for (size_t i = 0; i < n->nargs; i++)
        if (!unresolved(c, n->args[i]) && (rc = sc_check(c, n->args[i])))
            return rc;
    for (size_t i = 0; i < n->nargs; i++) {
        const sc_ast *w = n->args[i];
        if (!unresolved(c, w))
            continue;
        char msg[SCORE_ERROR_MESSAGE_LEN];
        int said = explain_unknown(c, w, msg, sizeof msg);
        if (said == 2)
            return fail(c, w->pos, SCORE_ERULE, "%s", msg);
        /* the operand it is compared with: the other side, or for `in`
         * the value before it (or, for that value, any item of the list) */
        const sc_ast *other = NULL;
        for (size_t k = 0; k < n->nargs && !other; k++) {
            int partner = n->kind == SC_AST_IN ? (i == 0 ? k > 0 : k == 0) : k != i;
            if (partner && !unresolved(c, n->args[k]))
                other = n->args[k];
        }
        if (other && other->type == SC_TYPE_TEXT)
            return fail(c, w->pos, SCORE_ERULE,
                        "unknown name '%.*s': to compare with a text, write \"%.*s\" in quotes",
                        (int)w->text_len, w->text, (int)w->text_len, w->text);
        if (other && other->type == SC_TYPE_BOOL)
            return fail(c, w->pos, SCORE_ERULE,
                        "unknown name '%.*s': a bool is compared with true or false",
                        (int)w->text_len, w->text);
        return said ? fail(c, w->pos, SCORE_ERULE, "%s", msg) : unknown_name(c, w);
    }
    return 0;
}

static int check_binary(sc_checker *c, sc_ast *n)
{
    sc_ast *l = n->args[0], *r = n->args[1];
    const char *op = sc_tok_spelling(n->op);
    switch (n->op) {
    case SC_TOK_PLUS:
    case SC_TOK_MINUS:
    case SC_TOK_STAR:
    case SC_TOK_SLASH:
        n->type = SC_TYPE_NUMBER;
        if (want(c, l, SC_TYPE_NUMBER, op) || want(c, r, SC_TYPE_NUMBER, op))
            return SCORE_ERULE;
        return 0;
    case SC_TOK_LT:
    case SC_TOK_LE:
    case SC_TOK_GT:
    case SC_TOK_GE:
        n->type = SC_TYPE_BOOL;
        if (want(c, l, SC_TYPE_NUMBER, op) || want(c, r, SC_TYPE_NUMBER, op))
            return SCORE_ERULE;
        return 0;
    case SC_TOK_EQ:
    case SC_TOK_NE:
        n->type = SC_TYPE_BOOL;
        if (unify(l->type, r->type) < 0)
            return fail(c, n->pos, SCORE_ERULE, "%s compares a %s with a %s", op,
                        sc_type_name(l->type), sc_type_name(r->type));
        if (check_value(c, l, r) || check_value(c, r, l))
            return SCORE_ERULE;
        return 0;
    case SC_TOK_AND:
    case SC_TOK_OR:
        n->type = SC_TYPE_BOOL;
        if (want(c, l, SC_TYPE_BOOL, op) || want(c, r, SC_TYPE_BOOL, op))
            return SCORE_ERULE;
        return 0;
    default:
        return fail(c, n->pos, SCORE_ERULE, "unsupported operator %s", op);
    }
}

int sc_is_aggregate(const sc_ast *n)
{
    if (n->kind != SC_AST_CALL)
        return 0;
    const struct function *f = find_function(n->text, n->text_len);
    return f && (f->kind == FN_AGGREGATE ||
                 ((strcmp(f->name, "min") == 0 || strcmp(f->name, "max") == 0) && n->nargs == 1));
}

/* count(c) share(c) all(c) none(c) take a condition, sum avg min max a
 * number; the arguments are row values, checked inside the aggregate. */
static int check_aggregate(sc_checker *c, sc_ast *n)
{
    const struct function *f = find_function(n->text, n->text_len);
    if (!c->targets)
        return fail(c, n->pos, SCORE_ERULE,
                    "'%s' is an aggregate: aggregates are allowed only in a target's require",
                    f->name);
    if (c->in_aggregate)
        return fail(c, n->pos, SCORE_ERULE, "aggregates do not nest: '%s' inside another",
                    f->name);
    int nargs = (int)n->nargs;
    int min_args = strcmp(f->name, "count") == 0 ? 0 : 1; /* min/max: their one-argument form */
    if (nargs < min_args || nargs > 1)
        return fail(c, n->pos, SCORE_ERULE, "%s() takes %s argument, found %d", f->name,
                    min_args ? "1" : "0 or 1", nargs);
    c->in_aggregate = 1;
    int rc = nargs ? sc_check(c, n->args[0]) : 0;
    c->in_aggregate = 0;
    if (rc)
        return rc;
    int condition = strcmp(f->name, "count") == 0 || strcmp(f->name, "share") == 0 ||
                    strcmp(f->name, "all") == 0 || strcmp(f->name, "none") == 0;
    char what[40];
    snprintf(what, sizeof what, "%s()", f->name);
    if (nargs && want(c, n->args[0], condition ? SC_TYPE_BOOL : SC_TYPE_NUMBER, what))
        return SCORE_ERULE;
    n->type = strcmp(f->name, "all") == 0 || strcmp(f->name, "none") == 0 ? SC_TYPE_BOOL
                                                                           : SC_TYPE_NUMBER;
    n->is_const = 0;
    return 0;
}

static int check_call(sc_checker *c, sc_ast *n)
{
    const struct function *f = find_function(n->text, n->text_len);
    if (!f)
        return fail(c, n->pos, SCORE_ERULE, "unknown function '%.*s'", (int)n->text_len, n->text);
    int nargs = (int)n->nargs;
    if (nargs < f->min_args || (f->max_args >= 0 && nargs > f->max_args)) {
        if (f->min_args == f->max_args)
            return fail(c, n->pos, SCORE_ERULE, "%s() takes %d argument%s, found %d", f->name,
                        f->min_args, f->min_args == 1 ? "" : "s", nargs);
        if (f->max_args < 0)
            return fail(c, n->pos, SCORE_ERULE, "%s() takes at least %d arguments, found %d",
                        f->name, f->min_args, nargs);
        return fail(c, n->pos, SCORE_ERULE, "%s() takes %d to %d arguments, found %d", f->name,
                    f->min_args, f->max_args, nargs);
    }
    char what[40];
    snprintf(what, sizeof what, "%s()", f->name);
    if (strcmp(f->name, "is_missing") == 0) {
        n->type = SC_TYPE_BOOL;
        return 0;
    }
    if (strcmp(f->name, "coalesce") == 0) {
        int t = SC_TYPE_NULL;
        for (size_t i = 0; i < n->nargs; i++) {
            int u = unify((sc_type)t, n->args[i]->type);
            if (u < 0)
                return fail(c, n->args[i]->pos, SCORE_ERULE,
                            "coalesce() mixes a %s with a %s", sc_type_name((sc_type)t),
                            sc_type_name(n->args[i]->type));
            t = u;
        }
        n->type = (sc_type)t;
        return 0;
    }
    /* the numeric functions */
    for (size_t i = 0; i < n->nargs; i++)
        if (want(c, n->args[i], SC_TYPE_NUMBER, what))
            return SCORE_ERULE;
    n->type = strcmp(f->name, "between") == 0 ? SC_TYPE_BOOL : SC_TYPE_NUMBER;
    if (strcmp(f->name, "round") == 0 && nargs == 2) {
        const sc_ast *d = n->args[1];
        double v = NAN;
        int rc;
        if (d->is_const && (rc = sc_const_number(c->alloc, d, &v)))
            return sc_nomem(c->err);
        if (!d->is_const || v != floor(v) || v < -15 || v > 15)
            return fail(c, d->pos, SCORE_ERULE,
                        "round()'s decimal places must be a constant whole number from -15 to 15");
    }
    return 0;
}

int sc_check(sc_checker *c, sc_ast *n)
{
    int rc;
    if (sc_is_aggregate(n))
        return check_aggregate(c, n);
    int compared = n->kind == SC_AST_IN ||
                   (n->kind == SC_AST_BINARY && (n->op == SC_TOK_EQ || n->op == SC_TOK_NE));
    if (compared) {
        if ((rc = check_compared(c, n)))
            return rc;
    } else if (n->kind != SC_AST_INDEX) { /* an index checks its own parts */
        for (size_t i = 0; i < n->nargs; i++)
            if ((rc = sc_check(c, n->args[i])))
                return rc;
    }
    switch (n->kind) {
    case SC_AST_NUMBER:
        n->type = SC_TYPE_NUMBER;
        n->is_const = 1;
        return 0;
    case SC_AST_STRING:
        n->type = SC_TYPE_TEXT;
        n->is_const = 1;
        return 0;
    case SC_AST_BOOL:
        n->type = SC_TYPE_BOOL;
        n->is_const = 1;
        return 0;
    case SC_AST_NULL:
        n->type = SC_TYPE_NULL;
        n->num = NAN;
        n->is_const = 1;
        return 0;
    case SC_AST_NAME:
        return check_name(c, n);
    case SC_AST_INDEX:
        return check_index(c, n);
    case SC_AST_UNARY:
        n->is_const = is_const_all(n);
        if (n->op == SC_TOK_MINUS) {
            n->type = SC_TYPE_NUMBER;
            return want(c, n->args[0], SC_TYPE_NUMBER, "'-'");
        }
        n->type = SC_TYPE_BOOL;
        return want(c, n->args[0], SC_TYPE_BOOL, "'not'");
    case SC_AST_BINARY:
        n->is_const = is_const_all(n);
        return check_binary(c, n);
    case SC_AST_IN: {
        n->is_const = is_const_all(n);
        n->type = SC_TYPE_BOOL;
        for (size_t i = 1; i < n->nargs; i++)
            if (unify(n->args[0]->type, n->args[i]->type) < 0)
                return fail(c, n->args[i]->pos, SCORE_ERULE,
                            "'in' compares a %s with a %s in the list",
                            sc_type_name(n->args[0]->type), sc_type_name(n->args[i]->type));
        for (size_t i = 1; i < n->nargs; i++)
            if (check_value(c, n->args[0], n->args[i]))
                return SCORE_ERULE;
        return 0;
    }
    case SC_AST_COND: {
        n->is_const = is_const_all(n);
        if (want(c, n->args[0], SC_TYPE_BOOL, "the condition of '?'"))
            return SCORE_ERULE;
        int t = unify(n->args[1]->type, n->args[2]->type);
        if (t < 0)
            return fail(c, n->args[2]->pos, SCORE_ERULE,
                        "the branches of '?:' differ: a %s and a %s",
                        sc_type_name(n->args[1]->type), sc_type_name(n->args[2]->type));
        n->type = (sc_type)t;
        return 0;
    }
    case SC_AST_CALL:
        n->is_const = is_const_all(n);
        return check_call(c, n);
    }
    return 0;
}
