/* The sink of the writers and their CSV and JSON pieces (see out.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "out.h"

#define FLUSH_AT 65536 /* bytes buffered before the callback gets them */

void sc_out_init(sc_out *o, const score_allocator *a, score_write_fn write, void *ud)
{
    memset(o, 0, sizeof *o);
    o->write = write;
    o->ud = ud;
    sc_buf_init(&o->buf, a);
}

void sc_out_flush(sc_out *o)
{
    if (!o->stopped && !o->buf.failed && o->buf.len && o->write(o->ud, o->buf.data, o->buf.len))
        o->stopped = 1;
    o->buf.len = 0;
    if (o->buf.data)
        o->buf.data[0] = '\0';
}

static void maybe_flush(sc_out *o)
{
    if (o->buf.len >= FLUSH_AT)
        sc_out_flush(o);
}

void sc_out_puts(sc_out *o, const char *s)
{
    sc_buf_puts(&o->buf, s);
    maybe_flush(o);
}

/* Room for n more bytes (and the NUL) without growing: the common case
 * of a short piece, written without a call per byte. */
static inline int has_room(const sc_out *o, size_t n)
{
    return !o->buf.failed && o->buf.cap - o->buf.len > n;
}

void sc_out_putc(sc_out *o, char c)
{
    if (has_room(o, 1)) {
        o->buf.data[o->buf.len++] = c;
        o->buf.data[o->buf.len] = '\0';
    } else {
        sc_buf_append(&o->buf, &c, 1);
    }
    maybe_flush(o);
}

void sc_out_printf(sc_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc_buf_vprintf(&o->buf, fmt, ap);
    va_end(ap);
    maybe_flush(o);
}

int sc_out_finish(sc_out *o, score_error *err)
{
    sc_out_flush(o);
    int failed = o->buf.failed, stopped = o->stopped;
    sc_buf_free(&o->buf);
    if (failed)
        return sc_nomem(err);
    if (stopped)
        return sc_error(err, SCORE_EIO, NULL, 0, 0, "the output could not be written");
    return 0;
}

const char *sc_out_number(double v, char buf[32])
{
    score_format_number(v, buf, 32);
    return buf;
}

/* Bytes that make a CSV field quoted. */
static const unsigned char csv_special[256] = {[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1};

void sc_out_csv_field(sc_out *o, const char *s)
{
    if (!s)
        return;
    size_t n = 0;
    int special = 0;
    for (; s[n]; n++)
        special |= csv_special[(unsigned char)s[n]];
    if (!special) {
        if (has_room(o, n)) {
            memcpy(o->buf.data + o->buf.len, s, n + 1);
            o->buf.len += n;
        } else {
            sc_buf_append(&o->buf, s, n);
        }
        maybe_flush(o);
        return;
    }
    sc_out_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"')
            sc_out_putc(o, '"');
        sc_out_putc(o, *s);
    }
    sc_out_putc(o, '"');
}

void sc_out_json_string(sc_out *o, const char *s)
{
    sc_buf_json_string(&o->buf, s);
    maybe_flush(o);
}

void sc_out_json_number(sc_out *o, double v)
{
    char buf[32];
    sc_out_puts(o, v != v ? "null" : sc_out_number(v, buf));
}

void sc_out_json_provenance(sc_out *o, const score_ruleset *rs)
{
    sc_out_puts(o, "\"ruleset\":{\"id\":");
    sc_out_json_string(o, score_ruleset_id(rs));
    sc_out_puts(o, ",\"version\":");
    sc_out_json_string(o, score_ruleset_version(rs));
    sc_out_puts(o, ",\"hash\":");
    sc_out_json_string(o, score_ruleset_hash(rs));
    sc_out_puts(o, ",\"params\":{");
    size_t nshown = 0;
    for (size_t i = 0; i < score_ruleset_param_count(rs); i++) {
        const char *value = score_ruleset_param_value(rs, i);
        const char *dflt = score_ruleset_param_default(rs, i);
        if (value && dflt && strcmp(value, dflt) == 0)
            continue;
        if (nshown++)
            sc_out_putc(o, ',');
        sc_out_json_string(o, score_ruleset_param_name(rs, i));
        sc_out_putc(o, ':');
        sc_out_json_string(o, value);
    }
    sc_out_puts(o, "}}");
}
