/* used by the ruleset builder (ruleset_builder.c and the *_load.c parts) and cases_load.c;
 * uses yaml_dom.c, suggest.c. */
/*
 * Reading a YAML document into the library's structures: reporting an
 * error at its document position (counting them, so that a reader can
 * go on and list them all), and checking the shape of nodes: their kind
 * and the keys a mapping may have.
 */
#ifndef SCORE_DOC_READ_H
#define SCORE_DOC_READ_H

#include "yaml_dom.h"

typedef struct sc_doc_reader {
    const char *source;           /* the document's name, for errors */
    score_error *err;             /* receives the first error; may be NULL */
    score_diagnostic_fn diagnostic; /* told of every error; may be NULL */
    void *diagnostic_ud;
    int nerrors;
    score_code first;             /* the code of the first error */
    int nomem;                    /* an SCORE_ENOMEM was reported */
} sc_doc_reader;

void sc_report(sc_doc_reader *rd, score_code code, int line, int column, const char *fmt, ...)
    SC_PRINTF(5, 6);
/* At the position of node n (none for NULL). */
void sc_report_at(sc_doc_reader *rd, const sc_node *n, score_code code, const char *fmt, ...)
    SC_PRINTF(4, 5);

/* Report every key of a mapping that is not one of `allowed` (NULL-ended),
 * with the allowed key it was probably meant as; 1 if there was none. */
int sc_only_keys(sc_doc_reader *rd, const sc_node *map, const char *what,
                 const char *const *allowed);
/* n if it is of `kind` (or NULL); else reported ("WHAT must be a mapping,
 * not a list"), NULL. */
const sc_node *sc_doc_kind(sc_doc_reader *rd, const sc_node *n, sc_node_kind kind,
                           const char *what);
/* sc_doc_kind for each kind. */
const sc_node *sc_scalar(sc_doc_reader *rd, const sc_node *n, const char *what);
const sc_node *sc_mapping(sc_doc_reader *rd, const sc_node *n, const char *what);
const sc_node *sc_list(sc_doc_reader *rd, const sc_node *n, const char *what);
/* "WHAT needs a 'KEY'", at `where`. */
void sc_missing_key(sc_doc_reader *rd, const sc_node *where, const char *key, const char *what);

#endif
