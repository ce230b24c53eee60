/* used by doc_read.c, ruleset_load.c, cases_load.c and every reader of a document;
 * uses libyaml. */
/*
 * A YAML (and so JSON) document read with libyaml into a small tree whose
 * every node remembers where it stands in the text, so that later stages
 * can report "FILE:LINE:COL: message". The tree lives in one arena.
 */
#ifndef SCORE_YAML_DOM_H
#define SCORE_YAML_DOM_H

#include <stddef.h>

#include "internal.h"

typedef enum sc_node_kind {
    SC_NODE_SCALAR = 1,
    SC_NODE_MAP = 2,
    SC_NODE_SEQ = 3
} sc_node_kind;

typedef enum sc_scalar_style {
    SC_STYLE_PLAIN = 1,   /* bare: 42, true, a + b */
    SC_STYLE_SINGLE = 2,  /* 'quoted' */
    SC_STYLE_DOUBLE = 3,  /* "quoted" */
    SC_STYLE_LITERAL = 4, /* | block */
    SC_STYLE_FOLDED = 5   /* > block */
} sc_scalar_style;

typedef struct sc_node sc_node;
struct sc_node {
    sc_node_kind kind;
    int line;            /* 1-based position of the node's first character */
    int column;          /* 1-based, in characters (code points) */
    /* scalar */
    sc_scalar_style style;
    const char *text;    /* NUL-terminated, after YAML unescaping/folding */
    size_t len;
    /* For mapping a byte offset inside `text` back to the document: where
     * the first character of the content stands, and whether the mapping
     * offset -> (line, column) is exact (plain or quoted without escapes,
     * or a literal block). */
    int text_line;
    int text_column;
    int text_exact;
    /* map: keys[i] -> values[i]; seq: values[i] */
    sc_node **keys;
    sc_node **values;
    size_t count;
};

typedef struct sc_doc {
    sc_arena arena;
    const char *source; /* file name for errors, in the arena */
    sc_node *root;      /* NULL for an empty document */
} sc_doc;

/*
 * Parse one YAML document of `len` bytes. Errors (SCORE_ESYNTAX with the
 * position libyaml reports; duplicate mapping keys; aliases, which are
 * refused so that a document cannot expand without bound; more than one
 * document; SCORE_ELIMIT past max_depth levels of nesting) fill err and
 * return non-zero; on error *doc holds nothing to free.
 * On success free with sc_doc_free().
 */
int sc_yaml_parse(sc_doc *doc, const score_allocator *alloc, const char *text,
                  size_t len, const char *source, int max_depth, score_error *err);

void sc_doc_free(sc_doc *doc);

/* Document position of byte `offset` inside a scalar's text (best effort
 * when !text_exact: the start of the scalar). */
void sc_node_pos(const sc_node *n, size_t offset, int *line, int *column);

/* The value under `key` in a map, or NULL. */
const sc_node *sc_map_get(const sc_node *map, const char *key);

/* Whether a value spells null, as YAML 1.2's core schema reads it: a
 * plain scalar that is empty, ~, null, Null or NULL (quoted, "null" is
 * text). An absent value (NULL) is null too. The one decision for every
 * document the library reads (rulesets and cases files). */
int sc_node_is_null(const sc_node *n);

/* Human name of a node kind for messages: "a mapping", "a list", "a scalar". */
const char *sc_node_kind_name(sc_node_kind kind);

#endif
