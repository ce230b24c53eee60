/* Reporting errors at their document position and checking the shape of
 * a document's nodes, for every reader of a YAML document. */
#include <stdio.h>
#include <string.h>

#include "doc_read.h"
#include "suggest.h"

void sc_report(sc_doc_reader *rd, score_code code, int line, int column, const char *fmt, ...)
{
    score_error e;
    va_list ap;
    va_start(ap, fmt);
    sc_verror(&e, code, rd->source, line, column, fmt, ap);
    va_end(ap);
    if (code == SCORE_ENOMEM)
        rd->nomem = 1;
    if (rd->nerrors++ == 0) {
        rd->first = code;
        if (rd->err)
            *rd->err = e;
    }
    if (rd->diagnostic)
        rd->diagnostic(rd->diagnostic_ud, &e);
}

void sc_report_at(sc_doc_reader *rd, const sc_node *n, score_code code, const char *fmt, ...)
{
    char msg[SCORE_ERROR_MESSAGE_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sc_report(rd, code, n ? n->line : 0, n ? n->column : 0, "%s", msg);
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

int sc_only_keys(sc_doc_reader *rd, const sc_node *map, const char *what,
                 const char *const *allowed)
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
                sc_report_at(rd, k, SCORE_ESYNTAX,
                             "unknown key '%s' in %s (did you mean '%s'? expected: %s)", k->text,
                             what, near, list);
            else
                sc_report_at(rd, k, SCORE_ESYNTAX, "unknown key '%s' in %s (expected: %s)",
                             k->text, what, list);
            ok = 0;
        }
    }
    return ok;
}

const sc_node *sc_doc_kind(sc_doc_reader *rd, const sc_node *n, sc_node_kind kind,
                           const char *what)
{
    if (n && n->kind != kind) {
        sc_report_at(rd, n, SCORE_ESYNTAX, "%s must be %s, not %s", what, sc_node_kind_name(kind),
                     sc_node_kind_name(n->kind));
        return NULL;
    }
    return n;
}

const sc_node *sc_scalar(sc_doc_reader *rd, const sc_node *n, const char *what)
{
    return sc_doc_kind(rd, n, SC_NODE_SCALAR, what);
}

const sc_node *sc_mapping(sc_doc_reader *rd, const sc_node *n, const char *what)
{
    return sc_doc_kind(rd, n, SC_NODE_MAP, what);
}

const sc_node *sc_list(sc_doc_reader *rd, const sc_node *n, const char *what)
{
    return sc_doc_kind(rd, n, SC_NODE_SEQ, what);
}

void sc_missing_key(sc_doc_reader *rd, const sc_node *where, const char *key, const char *what)
{
    sc_report_at(rd, where, SCORE_ESYNTAX, "%s needs a '%s'", what, key);
}
