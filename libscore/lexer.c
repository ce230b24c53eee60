/* The expression lexer. */
#include <string.h>

#include "decimal.h"
#include "lexer.h"

static const char *const spellings[] = {
#define X(name, spelling) spelling,
    SC_TOKENS(X)
#undef X
};

const char *sc_tok_spelling(sc_tok_kind kind)
{
    return spellings[kind];
}

void sc_lexer_init(sc_lexer *lx, const char *src, size_t len, sc_arena *arena,
                   score_error *err)
{
    lx->src = src;
    lx->len = len;
    lx->pos = 0;
    lx->arena = arena;
    lx->err = err;
}

/* Punctuation outside ASCII: never part of a name, so that `（` or `，`
 * is reported as such instead of gluing onto a neighbouring word. */
static int is_wide_punct(uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0xBF)
        return cp != 0xAA && cp != 0xB5 && cp != 0xBA;
    if (cp == 0xD7 || cp == 0xF7)
        return 1;
    if (cp >= 0x2000 && cp <= 0x206F) /* general punctuation, spaces */
        return 1;
    if (cp >= 0x2190 && cp <= 0x22FF) /* arrows, math operators (≥ ≤ ≠) */
        return 1;
    if (cp >= 0x3000 && cp <= 0x303F) /* CJK symbols: 、。「」 */
        return 1;
    if (cp >= 0xFE30 && cp <= 0xFE4F)
        return 1;
    if (cp >= 0xFF00 && cp <= 0xFF65) /* full-width ASCII, but its letters and digits */
        return !((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
                 (cp >= 0xFF41 && cp <= 0xFF5A));
    if (cp == 0xFEFF)
        return 1;
    return 0;
}

/* Length of the name character at s, or 0. `first`: digits not allowed. */
static size_t name_char(const char *s, size_t n, int first)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
            return 1;
        return !first && c >= '0' && c <= '9';
    }
    uint32_t cp;
    size_t k = sc_utf8_decode(s, n, &cp);
    if (k == 0 || is_wide_punct(cp))
        return 0;
    return k;
}

static size_t name_span(const char *s, size_t n)
{
    size_t i = name_char(s, n, 1);
    if (i == 0)
        return 0;
    for (;;) {
        size_t k = i < n ? name_char(s + i, n - i, 0) : 0;
        if (k == 0)
            return i;
        i += k;
    }
}

static const struct {
    const char *word;
    sc_tok_kind kind;
} keywords[] = {
    {"and", SC_TOK_AND}, {"or", SC_TOK_OR},     {"not", SC_TOK_NOT},   {"in", SC_TOK_IN},
    {"true", SC_TOK_TRUE}, {"false", SC_TOK_FALSE}, {"null", SC_TOK_NULL},
};

static sc_tok_kind keyword(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i].word) == len && memcmp(keywords[i].word, s, len) == 0)
            return keywords[i].kind;
    return SC_TOK_NAME;
}

int sc_is_identifier(const char *s, size_t len)
{
    return len > 0 && name_span(s, len) == len && keyword(s, len) == SC_TOK_NAME;
}

static int fail(sc_lexer *lx, size_t pos, size_t *err_pos, score_code code, const char *msg,
                const char *arg)
{
    *err_pos = pos;
    return sc_error(lx->err, code, NULL, 0, 0, msg, arg);
}

static int lex_string(sc_lexer *lx, sc_token *tok, size_t *err_pos)
{
    const char *s = lx->src;
    char quote = s[lx->pos];
    size_t start = lx->pos, i = start + 1;
    /* The unescaped text is never longer than the source. */
    char *out = sc_arena_alloc(lx->arena, lx->len - start);
    if (!out)
        return sc_nomem(lx->err);
    size_t n = 0;
    for (;;) {
        if (i >= lx->len)
            return fail(lx, start, err_pos, SCORE_ESYNTAX, "unterminated text%s", "");
        char c = s[i];
        if (c == quote)
            break;
        if (c == '\\') {
            if (i + 1 >= lx->len)
                return fail(lx, start, err_pos, SCORE_ESYNTAX, "unterminated text%s", "");
            char e = s[i + 1];
            switch (e) {
            case '\\': case '"': case '\'': out[n++] = e; break;
            case 'n': out[n++] = '\n'; break;
            case 't': out[n++] = '\t'; break;
            default:
                return fail(lx, i, err_pos, SCORE_ESYNTAX,
                            "unknown escape in text (use \\\\, \\\", \\', \\n or \\t)%s", "");
            }
            i += 2;
            continue;
        }
        out[n++] = c;
        i++;
    }
    out[n] = '\0';
    tok->kind = SC_TOK_STRING;
    tok->text = out;
    tok->text_len = n;
    lx->pos = i + 1;
    return 0;
}

static int lex_number(sc_lexer *lx, sc_token *tok, size_t *err_pos)
{
    size_t start = lx->pos;
    size_t n = sc_decimal_span(lx->src + start, lx->len - start);
    size_t end = start + n;
    /* A number glued to a name (3元, 2x) or a second suffix (3万万). */
    if (end < lx->len && (name_char(lx->src + end, lx->len - end, 0) ||
                          lx->src[end] == '%' || lx->src[end] == '.')) {
        size_t bad_end = end + name_span(lx->src + end, lx->len - end);
        if (bad_end == end)
            bad_end = end + 1;
        char tmp[64];
        size_t k = bad_end - start < sizeof tmp - 1 ? bad_end - start : sizeof tmp - 1;
        memcpy(tmp, lx->src + start, k);
        tmp[k] = '\0';
        return fail(lx, start, err_pos, SCORE_ESYNTAX, "malformed number '%s'", tmp);
    }
    const char *why = sc_decimal_parse(lx->src + start, n, 0, &tok->num);
    if (why)
        return fail(lx, start, err_pos, SCORE_ESYNTAX, "%s", why);
    tok->kind = SC_TOK_NUMBER;
    lx->pos = end;
    return 0;
}

int sc_lexer_next(sc_lexer *lx, sc_token *tok, size_t *err_pos)
{
    const char *s = lx->src;
    while (lx->pos < lx->len &&
           (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\n' || s[lx->pos] == '\r'))
        lx->pos++;
    memset(tok, 0, sizeof *tok);
    size_t start = lx->pos;
    tok->pos = (uint32_t)start;
    int rc = 0;
    if (start >= lx->len) {
        tok->kind = SC_TOK_EOF;
        return 0;
    }
    char c = s[start], d = start + 1 < lx->len ? s[start + 1] : '\0';
    sc_tok_kind k = SC_TOK_EOF;
    size_t width = 1;
    switch (c) {
    case '+': k = SC_TOK_PLUS; break;
    case '-': k = SC_TOK_MINUS; break;
    case '*': k = SC_TOK_STAR; break;
    case '/': k = SC_TOK_SLASH; break;
    case '?': k = SC_TOK_QUESTION; break;
    case ':': k = SC_TOK_COLON; break;
    case '(': k = SC_TOK_LPAREN; break;
    case ')': k = SC_TOK_RPAREN; break;
    case '[': k = SC_TOK_LBRACKET; break;
    case ']': k = SC_TOK_RBRACKET; break;
    case ',': k = SC_TOK_COMMA; break;
    case '<': k = d == '=' ? (width = 2, SC_TOK_LE) : SC_TOK_LT; break;
    case '>': k = d == '=' ? (width = 2, SC_TOK_GE) : SC_TOK_GT; break;
    case '!': k = d == '=' ? (width = 2, SC_TOK_NE) : SC_TOK_NOT; break;
    case '=':
        if (d != '=')
            return fail(lx, start, err_pos, SCORE_ESYNTAX, "'=' is not an operator: use '==' to compare%s", "");
        k = SC_TOK_EQ;
        width = 2;
        break;
    case '&':
        if (d != '&')
            return fail(lx, start, err_pos, SCORE_ESYNTAX, "'&' is not an operator: use 'and' or '&&'%s", "");
        k = SC_TOK_AND;
        width = 2;
        break;
    case '|':
        if (d != '|')
            return fail(lx, start, err_pos, SCORE_ESYNTAX, "'|' is not an operator: use 'or' or '||'%s", "");
        k = SC_TOK_OR;
        width = 2;
        break;
    case '"':
    case '\'':
        rc = lex_string(lx, tok, err_pos);
        tok->len = (uint32_t)(lx->pos - start);
        return rc;
    default:
        break;
    }
    if (k != SC_TOK_EOF) {
        tok->kind = k;
        lx->pos = start + width;
        tok->len = (uint32_t)width;
        return 0;
    }
    if (c >= '0' && c <= '9') {
        rc = lex_number(lx, tok, err_pos);
        tok->len = (uint32_t)(lx->pos - start);
        return rc;
    }
    if (c == '.' && d >= '0' && d <= '9')
        return fail(lx, start, err_pos, SCORE_ESYNTAX, "a number must start with a digit (write 0.5)%s", "");
    size_t n = name_span(s + start, lx->len - start);
    if (n > 0) {
        tok->kind = keyword(s + start, n);
        tok->text = s + start;
        tok->text_len = n;
        tok->len = (uint32_t)n;
        lx->pos = start + n;
        return 0;
    }
    uint32_t cp;
    size_t cl = sc_utf8_decode(s + start, lx->len - start, &cp);
    if (cl == 0)
        return fail(lx, start, err_pos, SCORE_ESYNTAX, "invalid UTF-8%s", "");
    char ch[8];
    memcpy(ch, s + start, cl);
    ch[cl] = '\0';
    if (cp >= 0xFF00 && cp <= 0xFF65)
        return fail(lx, start, err_pos, SCORE_ESYNTAX,
                    "unexpected full-width character '%s' (use its ASCII form)", ch);
    return fail(lx, start, err_pos, SCORE_ESYNTAX, "unexpected character '%s'", ch);
}
