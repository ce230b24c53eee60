/*
 * One YAML (or JSON) document into a tree of sc_node, with libyaml's event
 * parser. Every node keeps its position so that later stages can say
 * "FILE:LINE:COL: message".
 *
 * Memory: the tree lives in the doc's arena; our temporaries (the stack of
 * open containers, their pending children, the duplicate-key set) go
 * through the caller's allocator too. libyaml has no allocator hooks: its
 * own short-lived buffers come from malloc (documented in score.h).
 *
 * Refused on purpose: aliases and anchors (a document must not expand
 * without bound), more than one document, tags outside the standard
 * "tag:yaml.org,2002:" set, non-scalar keys, duplicate keys, NUL
 * characters (the "\0" escape) in scalars.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <yaml.h>

#include "yaml_dom.h"

#define STD_TAG "tag:yaml.org,2002:"

typedef struct frame {
    sc_node *node;
    size_t start;  /* its first child in loader.pending */
    size_t serial; /* names the mapping in the duplicate-key set */
} frame;

typedef struct key_slot {
    size_t serial;
    const sc_node *key; /* NULL: free slot */
} key_slot;

typedef struct loader {
    sc_doc *doc;
    const score_allocator *alloc;
    score_error *err;
    const char *source;
    const char *src; /* the text libyaml reads (after a UTF-8 BOM) */
    size_t len;
    int max_depth;
    int documents;
    /* libyaml marks count characters; this cursor turns them into byte
     * offsets in one forward pass, since events come in document order. */
    size_t cur_index, cur_byte;
    sc_node **pending; /* children of the open containers, in order */
    size_t npending, cap_pending;
    frame *frames;
    size_t nframes, cap_frames;
    key_slot *keys; /* open addressing, power-of-two size */
    size_t nkeys, cap_keys;
    size_t next_serial;
} loader;

/* ---- positions ---- */

static int to_pos(size_t zero_based)
{
    return zero_based >= (size_t)INT_MAX ? INT_MAX : (int)zero_based + 1;
}

/* Length of the line break at s[i] as libyaml counts them (CR LF, CR, LF,
 * NEL, LS, PS), or 0. */
static size_t break_len(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = n - i;
    if (i >= n)
        return 0;
    if (u[0] == '\r')
        return left > 1 && u[1] == '\n' ? 2 : 1;
    if (u[0] == '\n')
        return 1;
    if (left >= 2 && u[0] == 0xC2 && u[1] == 0x85)
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
        return 3;
    return 0;
}

static size_t char_len(const char *s, size_t n, size_t i)
{
    uint32_t cp;
    size_t k = sc_utf8_decode(s + i, n - i, &cp);
    return k ? k : 1;
}

/* Byte offset of the character with libyaml index `index`. */
static size_t byte_at(loader *ld, size_t index)
{
    if (index < ld->cur_index) {
        ld->cur_index = 0;
        ld->cur_byte = 0;
    }
    while (ld->cur_index < index && ld->cur_byte < ld->len) {
        ld->cur_byte += char_len(ld->src, ld->len, ld->cur_byte);
        ld->cur_index++;
    }
    return ld->cur_byte;
}

/* Index just after the next line break at or after p, or SIZE_MAX. */
static size_t next_line(const char *s, size_t end, size_t p)
{
    while (p < end) {
        size_t b = break_len(s, end, p);
        if (b)
            return p + b;
        p += char_len(s, end, p);
    }
    return SIZE_MAX;
}

static int same_text(const char *raw, size_t rawlen, const sc_node *n)
{
    return rawlen == n->len && memcmp(raw, n->text, rawlen) == 0;
}

/* A literal block: text line k is source line (first content line + k),
 * less the block's indentation. */
static void literal_text_pos(sc_node *n, const char *s, size_t p, size_t end, int line)
{
    p = next_line(s, end, p); /* past the header "|-2 # comment" */
    if (p == SIZE_MAX) {
        if (n->len == 0) {
            n->text_line = line < INT_MAX ? line + 1 : line;
            n->text_column = 1;
            n->text_exact = 1;
        }
        return;
    }
    /* LS and PS break source lines but stay in the text as they are */
    for (size_t i = p; i + 2 < end; i++)
        if ((unsigned char)s[i] == 0xE2 && break_len(s, end, i) == 3)
            return;
    size_t t = 0, indent = 0;
    while (t < n->len && n->text[t] == '\n')
        t++;
    if (t < n->len) {
        size_t q = p;
        for (size_t k = 0; k < t && q != SIZE_MAX; k++)
            q = next_line(s, end, q);
        if (q == SIZE_MAX)
            return;
        size_t sp = 0, tsp = 0;
        while (q + sp < end && s[q + sp] == ' ')
            sp++;
        while (t + tsp < n->len && n->text[t + tsp] == ' ')
            tsp++;
        if (sp < tsp)
            return;
        indent = sp - tsp;
    }
    n->text_line = line < INT_MAX ? line + 1 : line;
    n->text_column = indent >= (size_t)INT_MAX ? INT_MAX : (int)indent + 1;
    n->text_exact = 1;
}

/* Where the scalar's text starts in the document, and whether byte
 * offsets in it map exactly (see sc_node_pos). */
static void scalar_text_pos(loader *ld, sc_node *n, const yaml_event_t *ev)
{
    n->text_line = n->line;
    n->text_column = n->column;
    n->text_exact = 0;
    if (n->style == SC_STYLE_FOLDED || ev->end_mark.index < ev->start_mark.index)
        return;
    const char *s = ld->src;
    size_t p = byte_at(ld, ev->start_mark.index);
    size_t end = byte_at(ld, ev->end_mark.index);
    int col = n->column;
    if (ev->data.scalar.tag) {
        /* the event starts at the tag: step over it and the blanks after
         * it; a scalar on another line is left inexact */
        while (p < end && s[p] != ' ' && s[p] != '\t' && !break_len(s, end, p)) {
            p += char_len(s, end, p);
            col++;
        }
        while (p < end && (s[p] == ' ' || s[p] == '\t')) {
            p++;
            col++;
        }
        if (p >= end || s[p] == '#' || break_len(s, end, p))
            return;
    }
    switch (n->style) {
    case SC_STYLE_PLAIN:
        /* one line: the text is the source */
        if (same_text(s + p, end - p, n)) {
            n->text_column = col;
            n->text_exact = 1;
        }
        break;
    case SC_STYLE_SINGLE:
    case SC_STYLE_DOUBLE:
        /* no escapes and no folding: the text is what stands between the quotes */
        if (end - p >= 2 && same_text(s + p + 1, end - p - 2, n)) {
            n->text_column = col < INT_MAX ? col + 1 : col;
            n->text_exact = 1;
        }
        break;
    case SC_STYLE_LITERAL:
        literal_text_pos(n, s, p, end, n->line);
        break;
    case SC_STYLE_FOLDED:
        break;
    }
}

/* ---- errors ---- */

static int fail_at(loader *ld, score_code code, const yaml_mark_t *m, const char *fmt, ...)
    SC_PRINTF(4, 5);

static int fail_at(loader *ld, score_code code, const yaml_mark_t *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sc_verror(ld->err, code, ld->source, to_pos(m->line), to_pos(m->column), fmt, ap);
    va_end(ap);
    return rc;
}

/* Whether the text before byte `off` on its line holds a ': ' (or ':'
 * ending it): that line already has a key and its value. */
static int key_before(const char *s, size_t line_start, size_t off)
{
    for (size_t i = line_start; i + 1 < off; i++)
        if (s[i] == ':' && (s[i + 1] == ' ' || s[i + 1] == '\t'))
            return 1;
    return 0;
}

/*
 * libyaml's messages for the mistakes rule authors make most, said in
 * their terms: a tab, a line indented wrongly, a ':' or a leading '? ' or
 * '"' in an unquoted expression. Returns the error code, or 0 to keep
 * libyaml's own message.
 */
static int explained(loader *ld, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "";
    const yaml_mark_t *m = &p->problem_mark;
    size_t off = byte_at(ld, m->index);
    const char *s = ld->src;
    char at = off < ld->len ? s[off] : '\0';
    size_t line_start = off;
    while (line_start > 0 && s[line_start - 1] != '\n' && s[line_start - 1] != '\r')
        line_start--;
    size_t indent = 0;
    while (line_start + indent < ld->len && s[line_start + indent] == ' ')
        indent++;
    int at_line_start = line_start + indent == off;
    if (at == '\t' && (strstr(problem, "cannot start any token") ||
                       strstr(problem, "tab character")))
        return fail_at(ld, SCORE_ESYNTAX, m, "a tab character: YAML indents with spaces, not tabs");
    if (strcmp(problem, "mapping values are not allowed in this context") == 0) {
        if (key_before(s, line_start, off))
            return fail_at(ld, SCORE_ESYNTAX, m,
                           "a ': ' inside an unquoted value: quote the whole expression "
                           "(\"c ? a : b\") or write it as a | block");
        /* "a: 1\n  b: 2": the deeper line reads as more of the value 1 */
        return sc_error(ld->err, SCORE_ESYNTAX, ld->source, to_pos(m->line), to_pos(indent),
                        "bad indentation: this line is indented deeper than the key above it, "
                        "which has its value already (keys of one mapping line up)");
    }
    if (strcmp(problem, "mapping keys are not allowed in this context") == 0 && at == '?')
        return fail_at(ld, SCORE_ESYNTAX, m,
                       "a value that starts with '? ' reads as a YAML key: quote the whole "
                       "expression");
    int keys = strcmp(problem, "did not find expected key") == 0;
    if ((keys || strcmp(problem, "did not find expected '-' indicator") == 0) && at_line_start)
        return fail_at(ld, SCORE_ESYNTAX, m,
                       "bad indentation: this line does not line up with the %s above it "
                       "(the %s that starts at line %d, column %d)",
                       keys ? "keys" : "items", keys ? "mapping" : "list",
                       to_pos(p->context_mark.line), to_pos(p->context_mark.column));
    size_t before = off;
    while (before > line_start && (s[before - 1] == ' ' || s[before - 1] == '\t'))
        before--;
    if (keys && before > line_start && (s[before - 1] == '"' || s[before - 1] == '\''))
        return fail_at(ld, SCORE_ESYNTAX, m,
                       "text after a quoted value: a value that starts with a quote ends at the "
                       "closing quote; quote the whole expression ('\"x\" == s')");
    if (strncmp(problem, "did not find expected ',' or ", 29) == 0 && at == ':')
        return fail_at(ld, SCORE_ESYNTAX, m,
                       "a ':' inside a value in { }: quote the whole expression (\"c ? a : b\")");
    return 0;
}

static int libyaml_error(loader *ld, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "malformed document";
    if (p->error == YAML_MEMORY_ERROR)
        return sc_nomem(ld->err);
    if (p->error == YAML_READER_ERROR) {
        /* the reader gives a byte offset, not a mark */
        size_t off = p->problem_offset < ld->len ? p->problem_offset : ld->len;
        const unsigned char *u = (const unsigned char *)ld->src;
        if (strstr(problem, "trailing")) {
            /* point at the start of the broken character, not inside it */
            while (off > 0 && (u[off - 1] & 0xC0) == 0x80)
                off--;
            if (off > 0 && u[off - 1] >= 0xC0)
                off--;
        }
        size_t i = 0, line = 0, col = 0;
        while (i < off) {
            size_t b = break_len(ld->src, ld->len, i);
            if (b) {
                i += b;
                line++;
                col = 0;
            } else {
                i += char_len(ld->src, ld->len, i);
                col++;
            }
        }
        int value = p->problem_value;
        if (strstr(problem, "UTF-8"))
            return sc_error(ld->err, SCORE_ESYNTAX, ld->source, to_pos(line), to_pos(col),
                            value >= 0 ? "the text is not valid UTF-8 (%s 0x%02X)"
                                       : "the text is not valid UTF-8 (%s)",
                            problem, (unsigned)value);
        return sc_error(ld->err, SCORE_ESYNTAX, ld->source, to_pos(line), to_pos(col),
                        value >= 0 ? "%s (U+%04X)" : "%s", problem, (unsigned)value);
    }
    const yaml_mark_t *m = &p->problem_mark, *c = &p->context_mark;
    int rc = explained(ld, p);
    if (rc)
        return rc;
    if (p->context && (c->line != m->line || c->column != m->column))
        return fail_at(ld, SCORE_ESYNTAX, m, "%s (%s that starts at line %d, column %d)",
                       problem, p->context, to_pos(c->line), to_pos(c->column));
    if (p->context)
        return fail_at(ld, SCORE_ESYNTAX, m, "%s (%s)", problem, p->context);
    return fail_at(ld, SCORE_ESYNTAX, m, "%s", problem);
}

/* ---- building ---- */

static size_t key_hash(size_t serial, const char *s, size_t len)
{
    uint64_t h = 14695981039346656037u ^ ((uint64_t)serial * 0x9E3779B97F4A7C15u);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return (size_t)(h ^ (h >> 32));
}

/* Add a key of mapping `serial` to the set; *first gets an equal key
 * already there (and nothing is added). One set for the whole document
 * keeps the check linear however large a mapping is. */
static int key_insert(loader *ld, size_t serial, const sc_node *key, const sc_node **first)
{
    *first = NULL;
    if ((ld->nkeys + 1) * 2 > ld->cap_keys) {
        size_t ncap = ld->cap_keys ? ld->cap_keys * 2 : 64;
        if (ncap > SIZE_MAX / 2 / sizeof(key_slot))
            return sc_nomem(ld->err);
        key_slot *slots = sc_calloc(ld->alloc, ncap, sizeof *slots);
        if (!slots)
            return sc_nomem(ld->err);
        for (size_t i = 0; i < ld->cap_keys; i++) {
            const sc_node *k = ld->keys[i].key;
            if (!k)
                continue;
            size_t j = key_hash(ld->keys[i].serial, k->text, k->len) & (ncap - 1);
            while (slots[j].key)
                j = (j + 1) & (ncap - 1);
            slots[j] = ld->keys[i];
        }
        sc_free(ld->alloc, ld->keys);
        ld->keys = slots;
        ld->cap_keys = ncap;
    }
    size_t mask = ld->cap_keys - 1;
    size_t j = key_hash(serial, key->text, key->len) & mask;
    for (; ld->keys[j].key; j = (j + 1) & mask) {
        const sc_node *k = ld->keys[j].key;
        if (ld->keys[j].serial == serial && k->len == key->len &&
            memcmp(k->text, key->text, k->len) == 0) {
            *first = k;
            return 0;
        }
    }
    ld->keys[j].serial = serial;
    ld->keys[j].key = key;
    ld->nkeys++;
    return 0;
}

/* The innermost open container is a mapping waiting for a key. */
static int expecting_key(const loader *ld)
{
    if (!ld->nframes)
        return 0;
    const frame *f = &ld->frames[ld->nframes - 1];
    return f->node->kind == SC_NODE_MAP && (ld->npending - f->start) % 2 == 0;
}

/* Give n to the innermost open container (or make it the root). */
static int attach(loader *ld, sc_node *n)
{
    if (!ld->nframes) {
        ld->doc->root = n;
        return 0;
    }
    if (expecting_key(ld)) {
        const sc_node *first;
        int rc = key_insert(ld, ld->frames[ld->nframes - 1].serial, n, &first);
        if (rc)
            return rc;
        if (first)
            return sc_error(ld->err, SCORE_ESYNTAX, ld->source, n->line, n->column,
                            "duplicate key \"%s\" (first at line %d)", n->text, first->line);
    }
    void *arr = ld->pending;
    if (sc_grow(ld->alloc, &arr, &ld->cap_pending, ld->npending + 1, sizeof *ld->pending))
        return sc_nomem(ld->err);
    ld->pending = arr;
    ld->pending[ld->npending++] = n;
    return 0;
}

static int check_props(loader *ld, const yaml_event_t *ev, const yaml_char_t *anchor,
                       const yaml_char_t *tag)
{
    if (anchor)
        return fail_at(ld, SCORE_ESYNTAX, &ev->start_mark, "aliases and anchors are not supported");
    if (tag && strncmp((const char *)tag, STD_TAG, strlen(STD_TAG)) != 0)
        return fail_at(ld, SCORE_ESYNTAX, &ev->start_mark,
                       "unsupported tag \"%s\" (only the standard !! tags are allowed)",
                       (const char *)tag);
    return 0;
}

static sc_node *new_node(loader *ld, sc_node_kind kind, const yaml_mark_t *m)
{
    sc_node *n = sc_arena_alloc(&ld->doc->arena, sizeof *n);
    if (n) {
        n->kind = kind;
        n->line = to_pos(m->line);
        n->column = to_pos(m->column);
    }
    return n;
}

static sc_scalar_style style_of(yaml_scalar_style_t style)
{
    switch (style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return SC_STYLE_SINGLE;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return SC_STYLE_DOUBLE;
    case YAML_LITERAL_SCALAR_STYLE: return SC_STYLE_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return SC_STYLE_FOLDED;
    default: return SC_STYLE_PLAIN;
    }
}

static int on_scalar(loader *ld, const yaml_event_t *ev)
{
    int rc = check_props(ld, ev, ev->data.scalar.anchor, ev->data.scalar.tag);
    if (rc)
        return rc;
    sc_node *n = new_node(ld, SC_NODE_SCALAR, &ev->start_mark);
    if (!n)
        return sc_nomem(ld->err);
    n->style = style_of(ev->data.scalar.style);
    n->len = ev->data.scalar.length;
    n->text = sc_arena_strndup(&ld->doc->arena, (const char *)ev->data.scalar.value, n->len);
    if (!n->text)
        return sc_nomem(ld->err);
    scalar_text_pos(ld, n, ev);
    /* "\0" is a valid YAML escape, but a name or an expression with a NUL
     * inside would be cut short wherever it is used as a C string */
    const char *nul = memchr(n->text, '\0', n->len);
    if (nul) {
        int line, column;
        sc_node_pos(n, (size_t)(nul - n->text), &line, &column);
        return sc_error(ld->err, SCORE_ESYNTAX, ld->source, line, column,
                        "a NUL character (\\0) is not allowed in a document");
    }
    return attach(ld, n);
}

static int open_container(loader *ld, const yaml_event_t *ev, sc_node_kind kind,
                          const yaml_char_t *anchor, const yaml_char_t *tag)
{
    int rc = check_props(ld, ev, anchor, tag);
    if (rc)
        return rc;
    if (expecting_key(ld))
        return fail_at(ld, SCORE_ESYNTAX, &ev->start_mark,
                       "a mapping key must be a scalar, not %s", sc_node_kind_name(kind));
    if (ld->max_depth > 0 && ld->nframes >= (size_t)ld->max_depth)
        return fail_at(ld, SCORE_ELIMIT, &ev->start_mark, "nesting deeper than %d levels",
                       ld->max_depth);
    sc_node *n = new_node(ld, kind, &ev->start_mark);
    if (!n)
        return sc_nomem(ld->err);
    void *arr = ld->frames;
    if (sc_grow(ld->alloc, &arr, &ld->cap_frames, ld->nframes + 1, sizeof *ld->frames))
        return sc_nomem(ld->err);
    ld->frames = arr;
    if ((rc = attach(ld, n)) != 0)
        return rc;
    frame *f = &ld->frames[ld->nframes++];
    f->node = n;
    f->start = ld->npending;
    f->serial = ld->next_serial++;
    return 0;
}

/* Move the finished container's children from the pending stack into
 * arrays of its own in the arena. */
static int close_container(loader *ld)
{
    if (!ld->nframes)
        return 0;
    frame *f = &ld->frames[--ld->nframes];
    sc_node *n = f->node;
    sc_node **items = ld->pending ? ld->pending + f->start : NULL;
    size_t count = ld->npending - f->start;
    if (n->kind == SC_NODE_MAP)
        count /= 2;
    if (count) {
        if (count > SIZE_MAX / sizeof(sc_node *))
            return sc_nomem(ld->err);
        n->values = sc_arena_alloc(&ld->doc->arena, count * sizeof(sc_node *));
        if (!n->values)
            return sc_nomem(ld->err);
        if (n->kind == SC_NODE_MAP) {
            n->keys = sc_arena_alloc(&ld->doc->arena, count * sizeof(sc_node *));
            if (!n->keys)
                return sc_nomem(ld->err);
            for (size_t i = 0; i < count; i++) {
                n->keys[i] = items[2 * i];
                n->values[i] = items[2 * i + 1];
            }
        } else {
            memcpy(n->values, items, count * sizeof(sc_node *));
        }
    }
    n->count = count;
    ld->npending = f->start;
    return 0;
}

static int on_event(loader *ld, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (ld->documents++)
            return fail_at(ld, SCORE_ESYNTAX, &ev->start_mark,
                           "a second document is not allowed (one document per file)");
        return 0;
    case YAML_ALIAS_EVENT:
        return fail_at(ld, SCORE_ESYNTAX, &ev->start_mark, "aliases and anchors are not supported");
    case YAML_SCALAR_EVENT:
        return on_scalar(ld, ev);
    case YAML_SEQUENCE_START_EVENT:
        return open_container(ld, ev, SC_NODE_SEQ, ev->data.sequence_start.anchor,
                              ev->data.sequence_start.tag);
    case YAML_MAPPING_START_EVENT:
        return open_container(ld, ev, SC_NODE_MAP, ev->data.mapping_start.anchor,
                              ev->data.mapping_start.tag);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_container(ld);
    default:
        return 0;
    }
}

static int run(loader *ld, yaml_parser_t *parser)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(parser, &ev))
            return libyaml_error(ld, parser);
        int rc = on_event(ld, &ev);
        int done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (rc || done)
            return rc;
    }
}

int sc_yaml_parse(sc_doc *doc, const score_allocator *alloc, const char *text,
                  size_t len, const char *source, int max_depth, score_error *err)
{
    if (!alloc)
        alloc = sc_default_allocator();
    memset(doc, 0, sizeof *doc);
    sc_arena_init(&doc->arena, alloc);
    /* Drop a UTF-8 BOM here and tell libyaml the text is UTF-8: then its
     * character marks and our byte offsets count the same text, and a
     * UTF-16 file is reported instead of silently decoded. */
    if (!text) {
        text = ""; /* libyaml insists on a non-NULL string */
        len = 0;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    loader ld = {0};
    ld.doc = doc;
    ld.alloc = alloc;
    ld.err = err;
    ld.source = source;
    ld.src = text;
    ld.len = len;
    ld.max_depth = max_depth;

    int rc = 0;
    if (source && !(doc->source = sc_arena_strndup(&doc->arena, source, strlen(source))))
        rc = sc_nomem(err);
    yaml_parser_t parser;
    if (!rc && !yaml_parser_initialize(&parser))
        rc = sc_nomem(err);
    else if (!rc) {
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
        rc = run(&ld, &parser);
        yaml_parser_delete(&parser);
    }
    sc_free(alloc, ld.pending);
    sc_free(alloc, ld.frames);
    sc_free(alloc, ld.keys);
    if (rc) {
        sc_arena_free(&doc->arena);
        memset(doc, 0, sizeof *doc);
    }
    return rc;
}

void sc_doc_free(sc_doc *doc)
{
    if (!doc)
        return;
    if (doc->arena.alloc)
        sc_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}

void sc_node_pos(const sc_node *n, size_t offset, int *line, int *column)
{
    if (n->kind != SC_NODE_SCALAR) {
        *line = n->line;
        *column = n->column;
        return;
    }
    if (!n->text_exact) {
        *line = n->text_line;
        *column = n->text_column;
        return;
    }
    if (offset > n->len)
        offset = n->len;
    size_t l = (size_t)n->text_line, start = 0;
    for (size_t i = 0; i < offset; i++) {
        if (n->text[i] == '\n') {
            l++;
            start = i + 1;
        }
    }
    size_t c = (size_t)n->text_column + sc_utf8_count(n->text + start, offset - start);
    *line = l > (size_t)INT_MAX ? INT_MAX : (int)l;
    *column = c > (size_t)INT_MAX ? INT_MAX : (int)c;
}

const sc_node *sc_map_get(const sc_node *map, const char *key)
{
    if (!map || map->kind != SC_NODE_MAP || !key)
        return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < map->count; i++) {
        const sc_node *k = map->keys[i];
        if (k->len == len && memcmp(k->text, key, len) == 0)
            return map->values[i];
    }
    return NULL;
}

int sc_node_is_null(const sc_node *n)
{
    static const char *const spellings[] = {"~", "null", "Null", "NULL"};
    if (!n)
        return 1;
    if (n->kind != SC_NODE_SCALAR || n->style != SC_STYLE_PLAIN)
        return 0;
    if (n->len == 0)
        return 1;
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        if (strcmp(n->text, spellings[i]) == 0)
            return 1;
    return 0;
}

const char *sc_node_kind_name(sc_node_kind kind)
{
    switch (kind) {
    case SC_NODE_MAP: return "a mapping";
    case SC_NODE_SEQ: return "a list";
    case SC_NODE_SCALAR: return "a scalar";
    }
    return "a node";
}
