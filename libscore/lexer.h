/*
 * The expression lexer: turns the text of one expression into tokens.
 * Names may be ASCII identifiers or Unicode words (集体收入); numbers take
 * the unit suffixes % 千 万 亿.
 */
#ifndef SCORE_LEXER_H
#define SCORE_LEXER_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Token kinds, each with its spelling for messages. */
#define SC_TOKENS(X)                 \
    X(EOF, "end of expression")      \
    X(NUMBER, "number")              \
    X(STRING, "text")                \
    X(NAME, "name")                  \
    X(TRUE, "'true'")                \
    X(FALSE, "'false'")              \
    X(NULL, "'null'")                \
    X(AND, "'and'")                  \
    X(OR, "'or'")                    \
    X(NOT, "'not'")                  \
    X(IN, "'in'")                    \
    X(PLUS, "'+'")                   \
    X(MINUS, "'-'")                  \
    X(STAR, "'*'")                   \
    X(SLASH, "'/'")                  \
    X(EQ, "'=='")                    \
    X(NE, "'!='")                    \
    X(LT, "'<'")                     \
    X(LE, "'<='")                    \
    X(GT, "'>'")                     \
    X(GE, "'>='")                    \
    X(QUESTION, "'?'")               \
    X(COLON, "':'")                  \
    X(LPAREN, "'('")                 \
    X(RPAREN, "')'")                 \
    X(LBRACKET, "'['")               \
    X(RBRACKET, "']'")               \
    X(COMMA, "','")

typedef enum sc_tok_kind {
#define X(name, spelling) SC_TOK_##name,
    SC_TOKENS(X)
#undef X
} sc_tok_kind;

typedef struct sc_token {
    sc_tok_kind kind;
    uint32_t pos; /* byte offset in the expression */
    uint32_t len; /* byte length in the expression */
    double num;       /* NUMBER */
    const char *text; /* STRING (unescaped, in the arena) or NAME (in the source) */
    size_t text_len;
} sc_token;

typedef struct sc_lexer {
    const char *src;
    size_t len;
    size_t pos;
    sc_arena *arena;  /* unescaped strings live here */
    score_error *err; /* errors carry the byte offset in err->column */
} sc_lexer;

void sc_lexer_init(sc_lexer *lx, const char *src, size_t len, sc_arena *arena,
                   score_error *err);

/* Read the next token. Returns 0, or a score_code with err filled and
 * *err_pos set to the offending byte offset. */
int sc_lexer_next(sc_lexer *lx, sc_token *tok, size_t *err_pos);

const char *sc_tok_spelling(sc_tok_kind kind);

/* 1 if the bytes form a valid name (as a field, param or criterion id):
 * a letter or _ first, then letters, digits or _, and not a keyword. */
int sc_is_identifier(const char *s, size_t len);

#endif
