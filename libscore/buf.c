/* A growable string buffer; a failed append is remembered, not fatal. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void sc_buf_init(sc_buf *b, const score_allocator *alloc)
{
    memset(b, 0, sizeof *b);
    b->alloc = alloc;
}

void sc_buf_append(sc_buf *b, const char *s, size_t len)
{
    if (b->failed)
        return;
    if (len > SIZE_MAX - b->len - 1 ||
        sc_grow(b->alloc, (void **)&b->data, &b->cap, b->len + len + 1, 1) != 0) {
        b->failed = 1;
        return;
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void sc_buf_puts(sc_buf *b, const char *s)
{
    sc_buf_append(b, s, strlen(s));
}

void sc_buf_vprintf(sc_buf *b, const char *fmt, va_list ap)
{
    char tmp[512];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < 0) {
        b->failed = 1;
    } else if ((size_t)n < sizeof tmp) {
        sc_buf_append(b, tmp, (size_t)n);
    } else {
        char *big = sc_malloc(b->alloc, (size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            sc_buf_append(b, big, (size_t)n);
            sc_free(b->alloc, big);
        } else {
            b->failed = 1;
        }
    }
    va_end(again);
}

void sc_buf_printf(sc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void sc_buf_free(sc_buf *b)
{
    sc_free(b->alloc, b->data);
    sc_buf_init(b, b->alloc);
}

void sc_buf_json_string(sc_buf *b, const char *s)
{
    if (!s) {
        sc_buf_append(b, "null", 4);
        return;
    }
    sc_buf_append(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = NULL;
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc)
            sc_buf_puts(b, esc);
        else if (*p < 0x20 || *p == 0x7F)
            sc_buf_printf(b, "\\u%04x", (unsigned)*p);
        else
            sc_buf_append(b, (const char *)p, 1);
    }
    sc_buf_append(b, "\"", 1);
}
