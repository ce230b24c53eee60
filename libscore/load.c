/* Helpers for reading a ruleset document: reporting errors at their
 * position, checking the shape of nodes, and reading expressions. */
#include <stdio.h>
#include <string.h>

#include "load.h"
#include "suggest.h"

void sc_report(sc_builder *b, score_code code, int line, int column, const char *fmt, ...)
{
    score_error e;
    va_list ap;
    va_start(ap, fmt);
    sc_verror(&e, code, b->source, line, column, fmt, ap);
    va_end(ap);
    if (code == SCORE_ENOMEM)
        b->nomem = 1;
    if (b->nerrors++ == 0) {
        b->first = code;
        if (b->err)
            *b->err = e;
    }
    if (b->opts && b->opts->diagnostic)
        b->opts->diagnostic(b->opts->diagnostic_ud, &e);
}

void sc_report_at(sc_builder *b, const sc_node *n, score_code code, const char *fmt, ...)
{
    char msg[SCORE_ERROR_MESSAGE_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sc_report(b, code, n ? n->line : 0, n ? n->column : 0, "%s", msg);
}

char *sc_dup(sc_builder *b, const char *s)
{
    char *p = sc_strdup(b->alloc, s ? s : "");
    if (!p)
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
    return p;
}

/* The allowed key an unknown one was probably meant as: a near spelling
 * (lable), or a key it begins (true for true_values: a YAML 1.1 reader
 * would take a bare `true:` for a boolean, hence the longer keys). */
static const char *near_key(const char *key, const char *const *allowed, size_t n)
{
    size_t i = sc_suggest(key, allowed, n);
    if (i != (size_t)-1)
        return allowed[i];
    size_t len = strlen(key);
    for (i = 0; len && i < n; i++)
        if (strncmp(allowed[i], key, len) == 0 && allowed[i][len] == '_')
            return allowed[i];
    return NULL;
}

int sc_only_keys(sc_builder *b, const sc_node *map, const char *what, const char *const *allowed)
{
    int ok = 1;
    for (size_t i = 0; i < map->count; i++) {
        const sc_node *k = map->keys[i];
        int known = 0;
        for (const char *const *a = allowed; *a; a++)
            known |= strcmp(k->text, *a) == 0;
        if (!known) {
            char list[240] = "";
            size_t used = 0, n = 0;
            for (const char *const *a = allowed; *a && used < sizeof list - 24; a++, n++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                         a == allowed ? "" : ", ", *a);
            const char *near = near_key(k->text, allowed, n);
            if (near)
                sc_report_at(b, k, SCORE_ESYNTAX,
                             "unknown key '%s' in %s (did you mean '%s'? expected: %s)", k->text,
                             what, near, list);
            else
                sc_report_at(b, k, SCORE_ESYNTAX, "unknown key '%s' in %s (expected: %s)",
                             k->text, what, list);
            ok = 0;
        }
    }
    return ok;
}

static const sc_node *of_kind(sc_builder *b, const sc_node *n, sc_node_kind kind,
                              const char *what)
{
    if (n && n->kind != kind) {
        sc_report_at(b, n, SCORE_ESYNTAX, "%s must be %s, not %s", what, sc_node_kind_name(kind),
                     sc_node_kind_name(n->kind));
        return NULL;
    }
    return n;
}

const sc_node *sc_scalar(sc_builder *b, const sc_node *n, const char *what)
{
    return of_kind(b, n, SC_NODE_SCALAR, what);
}

const sc_node *sc_mapping(sc_builder *b, const sc_node *n, const char *what)
{
    return of_kind(b, n, SC_NODE_MAP, what);
}

const sc_node *sc_list(sc_builder *b, const sc_node *n, const char *what)
{
    return of_kind(b, n, SC_NODE_SEQ, what);
}

void sc_missing_key(sc_builder *b, const sc_node *where, const char *key, const char *what)
{
    sc_report_at(b, where, SCORE_ESYNTAX, "%s needs a '%s'", what, key);
}

static int lookup(void *ud, const char *name, size_t len, sc_symbol *sym)
{
    const sc_builder *b = ud;
    if (sc_ruleset_lookup(b->rs, name, len, sym))
        return 1;
    if (sym->note)
        sym->noted = sc_ruleset_unknown_name(b->rs, name, len, sym->note, sym->note_cap);
    return 0;
}

sc_ast *sc_load_expr(sc_builder *b, const sc_node *n, int targets)
{
    score_error e;
    size_t pos = 0;
    sc_ast *tree = NULL;
    int rc = sc_parse_expr(&tree, n->text, n->len, &b->rs->limits, &b->arena, &e, &pos);
    if (!rc) {
        sc_checker chk = {lookup, b, b->alloc, &e, &pos, targets, 0};
        rc = sc_check(&chk, tree);
    }
    if (!rc)
        return tree;
    int line, column;
    sc_node_pos(n, pos, &line, &column);
    sc_report(b, e.code, line, column, "%s", e.message);
    return NULL;
}

int sc_load_number(sc_builder *b, const sc_node *n, const char *what, double *out)
{
    if (!sc_scalar(b, n, what))
        return -1;
    sc_ast *tree = sc_load_expr(b, n, 0);
    if (!tree)
        return -1;
    if (!tree->is_const || tree->type != SC_TYPE_NUMBER) {
        sc_report_at(b, n, SCORE_ERULE, "%s must be a constant number (a literal or a param)",
                     what);
        return -1;
    }
    if (sc_const_number(b->alloc, tree, out)) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    if (*out != *out) {
        sc_report_at(b, n, SCORE_ERULE, "%s is missing (null)", what);
        return -1;
    }
    return 0;
}
