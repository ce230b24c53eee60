/* What every part of a ruleset's builder needs: a copy owned by the
 * ruleset, declaring a name in the one namespace, reading an expression
 * or a constant number from a document node. */
#include <stdio.h>
#include <string.h>

#include "ruleset_builder.h"

char *sc_dup(sc_builder *b, const char *s)
{
    char *p = sc_strdup(b->alloc, s ? s : "");
    if (!p)
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
    return p;
}

int sc_declare(sc_builder *b, const sc_node *key, sc_sym_kind kind, size_t index)
{
    static const char *const kinds[] = {"", "a param", "a field", "a criterion"};
    char msg[200];
    if (!sc_is_identifier(key->text, key->len)) {
        snprintf(msg, sizeof msg,
                 "'%s' is not a valid name (letters, digits and _, not starting with a digit, "
                 "not a keyword)", key->text);
        sc_report_at(&b->rd, key, SCORE_ERULE, "%s", msg);
        return -1;
    }
    size_t before = b->rs->names.count;
    uint32_t code;
    if (sc_dict_intern(&b->rs->names, key->text, key->len, &code)) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    if (code < before) {
        snprintf(msg, sizeof msg, "'%s' is already declared as %s", key->text,
                 kinds[b->rs->name_kind[code]]);
        sc_report_at(&b->rd, key, SCORE_ERULE, "%s", msg);
        return -1;
    }
    if (sc_grow(b->alloc, (void **)&b->rs->name_kind, &b->kind_cap, b->rs->names.count,
                sizeof *b->rs->name_kind) ||
        sc_grow(b->alloc, (void **)&b->rs->name_index, &b->index_cap, b->rs->names.count,
                sizeof *b->rs->name_index)) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    b->rs->name_kind[code] = kind;
    b->rs->name_index[code] = index;
    return 0;
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
    sc_report(&b->rd, e.code, line, column, "%s", e.message);
    return NULL;
}

int sc_load_number(sc_builder *b, const sc_node *n, const char *what, double *out)
{
    if (!sc_scalar(&b->rd, n, what))
        return -1;
    sc_ast *tree = sc_load_expr(b, n, 0);
    if (!tree)
        return -1;
    if (!tree->is_const || tree->type != SC_TYPE_NUMBER) {
        sc_report_at(&b->rd, n, SCORE_ERULE, "%s must be a constant number (a literal or a param)",
                     what);
        return -1;
    }
    if (sc_const_number(b->alloc, tree, out)) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    if (*out != *out) {
        sc_report_at(&b->rd, n, SCORE_ERULE, "%s is missing (null)", what);
        return -1;
    }
    return 0;
}
