/*
 * The expression tree built by the parser and annotated by the checker.
 * Nodes live in an arena owned by whoever compiles the ruleset.
 */
#ifndef SCORE_AST_H
#define SCORE_AST_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "lexer.h"

/* Value types. The numbers match score_type; NULL is the type of the
 * literal `null`, which fits anywhere. */
typedef enum sc_type {
    SC_TYPE_NULL = 0,
    SC_TYPE_BOOL = SCORE_TYPE_BOOL,
    SC_TYPE_NUMBER = SCORE_TYPE_NUMBER,
    SC_TYPE_TEXT = SCORE_TYPE_TEXT
} sc_type;

const char *sc_type_name(sc_type t);

typedef enum sc_ast_kind {
    SC_AST_NUMBER, /* num */
    SC_AST_STRING, /* text */
    SC_AST_BOOL,   /* num 0 or 1 */
    SC_AST_NULL,
    SC_AST_NAME,   /* text: a field, param, criterion or scorecard */
    SC_AST_INDEX,  /* args[0] NAME, args[1] the year */
    SC_AST_UNARY,  /* op MINUS or NOT; args[0] */
    SC_AST_BINARY, /* op: arithmetic, comparison, AND, OR; args[0], args[1] */
    SC_AST_IN,     /* args[0] in [args[1..]]; op NOT for `not in` */
    SC_AST_COND,   /* args[0] ? args[1] : args[2] */
    SC_AST_CALL    /* text: function name; args */
} sc_ast_kind;

/* What a name resolved to (set by the checker). */
typedef enum sc_sym_kind {
    SC_SYM_NONE = 0,
    SC_SYM_PARAM,
    SC_SYM_FIELD,
    SC_SYM_CRITERION,
    SC_SYM_SCORECARD
} sc_sym_kind;

typedef struct sc_ast sc_ast;
struct sc_ast {
    sc_ast_kind kind;
    sc_tok_kind op;
    uint32_t pos;     /* byte offset of the node's first token */
    uint32_t depth;   /* height of the subtree, bounded by the parser */
    double num;
    const char *text; /* not NUL-terminated for NAME and CALL */
    size_t text_len;
    sc_ast **args;
    size_t nargs;
    /* set by the checker */
    sc_type type;
    sc_sym_kind sym;
    size_t sym_index; /* param, criterion, scorecard, or column for fields */
    int is_const;     /* value known at load time: num, or text for TEXT */
};

/*
 * The tree height allowed whatever the limits say: every pass over a tree
 * (checker, compiler, explanations) recurses along it, and so does the
 * parser along nested parentheses, so this bounds the C stack they use.
 * Long chains such as a + b + ... grow the height too.
 */
#define SC_MAX_EXPR_HEIGHT 1000

/*
 * Parse one expression into a tree in `arena`, within the limits'
 * expression_bytes and expression_depth (NULL: the defaults; SCORE_ELIMIT
 * naming the limit when exceeded). On error returns a code, fills err's
 * message (no position) and sets *err_pos to the byte offset the error
 * points at.
 */
int sc_parse_expr(sc_ast **out, const char *src, size_t len, const score_limits *limits,
                  sc_arena *arena, score_error *err, size_t *err_pos);

#endif
