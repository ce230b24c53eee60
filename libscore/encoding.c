/*
 * Text encodings of data files (see encoding.h). The conversions are the
 * C library's iconv: no code tables of our own to get wrong.
 */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "encoding.h"

#define ADVICE "save the file as UTF-8 or choose its encoding with --encoding"

/* ---- names ---- */

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII-only and locale-free, unlike strcasecmp(). */
static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

static const struct {
    const char *name;
    score_encoding e;
} names[] = {
    {"auto", SCORE_ENCODING_AUTO},     {"utf-8", SCORE_ENCODING_UTF8},
    {"utf8", SCORE_ENCODING_UTF8},     {"gb18030", SCORE_ENCODING_GB18030},
    {"gbk", SCORE_ENCODING_GB18030},   {"gb2312", SCORE_ENCODING_GB18030},
    {"utf-16", SCORE_ENCODING_UTF16},  {"utf16", SCORE_ENCODING_UTF16},
};

int score_encoding_parse(const char *name, score_encoding *out)
{
    if (!name || !out)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (same_name(name, names[i].name)) {
            *out = names[i].e;
            return 0;
        }
    }
    return -1;
}

const char *sc_encoding_name(score_encoding e)
{
    switch (e) {
    case SCORE_ENCODING_AUTO: return "auto";
    case SCORE_ENCODING_UTF8: return "UTF-8";
    case SCORE_ENCODING_GB18030: return "GB18030";
    case SCORE_ENCODING_UTF16: return "UTF-16";
    }
    return "unknown";
}

/* ---- byte order marks ---- */

/* U+FEFF in GB18030: a 4-byte sequence. */
static const unsigned char gb18030_bom[4] = {0x84, 0x31, 0x95, 0x33};

static int starts_with(const char *data, size_t len, const unsigned char *prefix, size_t n)
{
    return len >= n && memcmp(data, prefix, n) == 0;
}

sc_bom sc_encoding_bom(const char *data, size_t len)
{
    static const unsigned char utf8[3] = {0xEF, 0xBB, 0xBF};
    static const unsigned char le[2] = {0xFF, 0xFE}, be[2] = {0xFE, 0xFF};
    if (!data)
        return SC_BOM_NONE;
    if (starts_with(data, len, utf8, 3))
        return SC_BOM_UTF8;
    if (starts_with(data, len, le, 2))
        return SC_BOM_UTF16LE;
    if (starts_with(data, len, be, 2))
        return SC_BOM_UTF16BE;
    return SC_BOM_NONE;
}

/* ---- where a bad byte is ---- */

/* How the bytes of a source form are read: iconv's name, the name shown
 * in a message, its code unit (1 or 2 bytes), byte order for UTF-16, and
 * the cell separator that files in it use. */
typedef struct form {
    const char *iconv_name;
    const char *shown;
    int unit;
    int big_endian;
    unsigned sep;
} form;

static const form form_gb18030 = {"GB18030", "GB18030", 1, 0, ','};
static const form form_utf16le = {"UTF-16LE", "UTF-16LE", 2, 0, '\t'};
static const form form_utf16be = {"UTF-16BE", "UTF-16BE", 2, 1, '\t'};

static unsigned unit_at(const form *f, const unsigned char *u)
{
    if (f->unit == 1)
        return u[0];
    return f->big_endian ? (unsigned)u[0] << 8 | u[1] : (unsigned)u[1] << 8 | u[0];
}

static int clamp_int(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* How many bytes at `bad` to quote: the sequence iconv refused, as far
 * as it can be told (iconv says where, not how long). */
static size_t bad_length(const form *f, const unsigned char *u, size_t left, int cut_short)
{
    size_t n;
    if (cut_short)
        n = left; /* all that is left is the start of one character */
    else if (f->unit == 2)
        /* a high surrogate with what follows it; else the one unit */
        n = unit_at(f, u) >= 0xD800 && unit_at(f, u) <= 0xDBFF ? 4 : 2;
    else if (f == &form_gb18030 && u[0] >= 0x81 && u[0] <= 0xFE)
        /* a lead byte: a 4-byte sequence has a digit second */
        n = left > 1 && u[1] >= 0x30 && u[1] <= 0x39 ? 4 : 2;
    else
        n = 1;
    return n < left ? n : left;
}

/* SCORE_EDATA for the bad sequence at data[bad]; `start` is where the
 * text begins after any BOM (a BOM holds no separator or newline). The
 * bytes before `bad` were read as valid, and in these encodings a
 * newline or separator never occurs inside a multibyte character, so
 * counting code units is exact, quotes aside. */
static int bad_input(const form *f, const char *data, size_t len, size_t start, size_t bad,
                     int cut_short, const char *source, score_error *err)
{
    const unsigned char *u = (const unsigned char *)data;
    size_t line = 1, cell = 1;
    for (size_t i = start; i + (size_t)f->unit <= bad; i += (size_t)f->unit) {
        unsigned c = unit_at(f, u + i);
        if (c == '\n') {
            line++;
            cell = 1;
        } else if (c == f->sep) {
            cell++;
        }
    }
    size_t n = bad_length(f, u + bad, len - bad, cut_short);
    char shown[4 * 5 + 1] = "";
    for (size_t i = 0, at = 0; i < n; i++, at = strlen(shown))
        snprintf(shown + at, sizeof shown - at, "%s0x%02X", i ? " " : "", u[bad + i]);
    return sc_error(err, SCORE_EDATA, source, clamp_int(line), clamp_int(cell),
                    "not valid %s (%s %s%s); " ADVICE, f->shown, n == 1 ? "byte" : "bytes",
                    shown, cut_short ? ", a character cut short at the end of the file" : "");
}

/* ---- converting ---- */

/* Convert data[start..len) with iconv into a new buffer. */
static int convert(const score_allocator *alloc, const form *f, const char *data, size_t len,
                   size_t start, const char *source, char **out, size_t *out_len,
                   score_error *err)
{
    iconv_t cd = iconv_open("UTF-8", f->iconv_name);
    if (cd == (iconv_t)-1)
        return sc_error(err, SCORE_EINVAL, source, 0, 0,
                        "cannot read %s: the C library's iconv does not convert it", f->shown);
    /* The room of plain ASCII text, plus the NUL; Chinese text needs up
     * to 1.5 times as much, and iconv's E2BIG asks for it. */
    char *buf = NULL;
    size_t cap = 0, used = 0;
    int rc = 0;
    if (len - start >= SIZE_MAX - 1 ||
        sc_grow(alloc, (void **)&buf, &cap, len - start + 1, 1)) {
        rc = sc_nomem(err);
        goto done;
    }
    /* iconv's prototype takes char **; it does not write the input. */
    char *in = (char *)(uintptr_t)(data + start);
    size_t in_left = len - start;
    int flushing = 0;
    for (;;) {
        char *o = buf + used;
        size_t o_left = cap - 1 - used; /* one byte kept for the NUL */
        size_t r = flushing ? iconv(cd, NULL, NULL, &o, &o_left)
                            : iconv(cd, &in, &in_left, &o, &o_left);
        int why = errno;
        used = (size_t)(o - buf);
        if (r != (size_t)-1) {
            if (flushing)
                break;
            flushing = 1; /* write out any shift state (none for these) */
            continue;
        }
        if (why == E2BIG) {
            if (sc_grow(alloc, (void **)&buf, &cap, cap + 1, 1)) {
                rc = sc_nomem(err);
                goto done;
            }
            continue;
        }
        /* EILSEQ: not valid; EINVAL: a character cut short by the end of
         * the input (the whole file is given at once). */
        rc = bad_input(f, data, len, start, (size_t)(in - data), why == EINVAL, source, err);
        goto done;
    }
    buf[used] = '\0';
    *out = buf;
    *out_len = used;
    buf = NULL;
done:
    sc_free(alloc, buf);
    iconv_close(cd);
    return rc;
}


/* The form UTF-16 data is read in: by its BOM (its length in *start),
 * else big-endian if the first unit is an ASCII character stored so
 * (00 xx), else little-endian, as Windows writes it. */
static const form *utf16_form(const char *data, size_t len, size_t *start)
{
    const unsigned char *u = (const unsigned char *)data;
    *start = 2;
    switch (sc_encoding_bom(data, len)) {
    case SC_BOM_UTF16LE: return &form_utf16le;
    case SC_BOM_UTF16BE: return &form_utf16be;
    default: break;
    }
    *start = 0;
    return len >= 2 && u[0] == 0 && u[1] != 0 ? &form_utf16be : &form_utf16le;
}

const char *sc_encoding_read_name(score_encoding e, const char *data, size_t len)
{
    if (!data) {
        data = "";
        len = 0;
    }
    if (e == SCORE_ENCODING_UTF16) {
        size_t start;
        return utf16_form(data, len, &start)->shown;
    }
    return sc_encoding_name(e);
}

int sc_encoding_to_utf8(const score_allocator *alloc, const char *data, size_t len,
                        score_encoding from, const char *source, char **out, size_t *out_len,
                        score_error *err)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len || (!data && len))
        return sc_error(err, SCORE_EINVAL, source, 0, 0, "no data or no place for the text");
    if (!alloc)
        alloc = sc_default_allocator();
    if (!data)
        data = "";
    switch (from) {
    case SCORE_ENCODING_GB18030: {
        size_t start = starts_with(data, len, gb18030_bom, 4) ? 4 : 0;
        return convert(alloc, &form_gb18030, data, len, start, source, out, out_len, err);
    }
    case SCORE_ENCODING_UTF16: {
        size_t start;
        const form *f = utf16_form(data, len, &start);
        return convert(alloc, f, data, len, start, source, out, out_len, err);
    }
    case SCORE_ENCODING_AUTO:
    case SCORE_ENCODING_UTF8:
        break; /* UTF-8 needs no conversion; which encoding, read.c decides */
    }
    return sc_error(err, SCORE_EINVAL, source, 0, 0, "no conversion from encoding %d", (int)from);
}
