/*
 * The .xlsx container: libzip reads the archive straight from the
 * caller's memory, and each XML part is decompressed in chunks and fed to
 * expat as it comes, so that no part is ever held whole.
 *
 * Memory: expat allocates through the caller's allocator (see xml_alloc
 * below). libzip allocates on its own (malloc) for its directory and its
 * inflate state: its API has no allocator hooks; what it takes is small
 * and bounded by the archive's directory, and freed before we return.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xlsx_part.h"

/* Decompressed bytes handed to expat at a time. */
#define XZIP_CHUNK 65536

/*
 * expat's memory hooks take no user data, so the allocator for the
 * parser's blocks is passed in the one way open to them: a thread-local
 * pointer, set by sc_xzip_parse() only while it runs expat on this thread
 * and restored before it returns (nothing outlives the call). Each block
 * carries its allocator in a header, so that realloc and free do not
 * depend on the pointer at all.
 */
static _Thread_local const score_allocator *xml_alloc;

typedef union xml_block {
    const score_allocator *alloc;
    max_align_t align;
} xml_block;

static void *xml_malloc(size_t size)
{
    const score_allocator *a = xml_alloc;
    if (!a || size > SIZE_MAX - sizeof(xml_block))
        return NULL;
    xml_block *h = sc_malloc(a, sizeof *h + size);
    if (!h)
        return NULL;
    h->alloc = a;
    return h + 1;
}

static void *xml_realloc(void *ptr, size_t size)
{
    if (!ptr)
        return xml_malloc(size);
    xml_block *h = (xml_block *)ptr - 1;
    const score_allocator *a = h->alloc;
    if (size > SIZE_MAX - sizeof(xml_block))
        return NULL;
    xml_block *n = sc_realloc(a, h, sizeof *n + size);
    if (!n)
        return NULL;
    return n + 1; /* the header moved with the block */
}

static void xml_free(void *ptr)
{
    if (!ptr)
        return;
    xml_block *h = (xml_block *)ptr - 1;
    sc_free(h->alloc, h);
}

static const XML_Memory_Handling_Suite xml_memory = {xml_malloc, xml_realloc, xml_free};

/* "villages.xlsx:xl/worksheets/sheet1.xml", cut to the error's size. */
static void part_source(const sc_xbook *b, const char *part, char *out, size_t size)
{
    if (b->source && b->source[0])
        snprintf(out, size, "%s:%s", b->source, part);
    else
        snprintf(out, size, "%s", part);
}

int sc_xfail(sc_xbook *b, score_code code, const char *fmt, ...)
{
    if (b->rc)
        return b->rc; /* the first error stands */
    char src[SCORE_ERROR_SOURCE_LEN];
    int line = 0, column = 0;
    if (b->part) {
        part_source(b, b->part, src, sizeof src);
        if (b->parser) {
            line = (int)XML_GetCurrentLineNumber(b->parser);
            column = (int)XML_GetCurrentColumnNumber(b->parser) + 1;
        }
    } else {
        snprintf(src, sizeof src, "%s", b->source ? b->source : "");
    }
    va_list ap;
    va_start(ap, fmt);
    if (code == SCORE_ENOMEM)
        sc_nomem(b->err);
    else
        sc_verror(b->err, code, src, line, column, fmt, ap);
    va_end(ap);
    b->rc = (int)code;
    if (b->parser)
        XML_StopParser(b->parser, XML_FALSE);
    return b->rc;
}

void sc_xstop(sc_xbook *b, int value)
{
    if (b->rc)
        return;
    b->rc = value;
    b->stopped = 1;
    if (b->parser)
        XML_StopParser(b->parser, XML_FALSE);
}

int sc_xzip_open(sc_xbook *b, const char *data, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    /* The buffer source reads the caller's bytes in place (freep = 0). */
    zip_source_t *src = zip_source_buffer_create(len ? data : NULL, len, 0, &ze);
    if (src) {
        b->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!b->zip)
            zip_source_free(src);
    }
    if (!b->zip) {
        int rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY
                     ? sc_xfail(b, SCORE_ENOMEM, "out of memory")
                     : sc_xfail(b, SCORE_EDATA,
                                "not an xlsx workbook: %s (a damaged or non-ZIP file)",
                                zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    return 0;
}

void sc_xzip_close(sc_xbook *b)
{
    if (b->zip)
        zip_discard(b->zip); /* read-only: nothing to write back */
    b->zip = NULL;
}

int sc_xzip_has(sc_xbook *b, const char *part)
{
    return zip_name_locate(b->zip, part, ZIP_FL_NOCASE) >= 0;
}

static void XMLCALL doctype_refused(void *ud, const XML_Char *name, const XML_Char *sysid,
                                    const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    /* No part of a workbook has a DTD; refusing one rules out entity
     * tricks altogether. */
    sc_xfail(*(sc_xbook **)ud, SCORE_EDATA, "a DOCTYPE is not allowed in a workbook part");
}

/* Feed the open entry to the parser, chunk by chunk. */
static int feed(sc_xbook *b, zip_file_t *zf, XML_Parser p)
{
    zip_uint64_t total = 0;
    for (;;) {
        void *buf = XML_GetBuffer(p, XZIP_CHUNK);
        if (!buf)
            return sc_xfail(b, SCORE_ENOMEM, "out of memory");
        zip_int64_t n = zip_fread(zf, buf, XZIP_CHUNK);
        if (n < 0)
            return sc_xfail(b, SCORE_EDATA, "damaged ZIP entry: %s", zip_file_strerror(zf));
        total += (zip_uint64_t)n;
        if (total > b->limits.memory_bytes)
            return sc_xfail(b, SCORE_ELIMIT,
                            "the part inflates to more than the memory_bytes limit (%zu bytes)",
                            b->limits.memory_bytes);
        if (XML_ParseBuffer(p, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (b->rc)
                return b->rc; /* a handler stopped it */
            if (XML_GetErrorCode(p) == XML_ERROR_NO_MEMORY)
                return sc_xfail(b, SCORE_ENOMEM, "out of memory");
            return sc_xfail(b, SCORE_EDATA, "malformed XML: %s",
                            XML_ErrorString(XML_GetErrorCode(p)));
        }
        if (b->rc)
            return b->rc;
        if (n == 0)
            return 0;
    }
}

int sc_xzip_parse(sc_xbook *b, const char *part, const sc_xhandlers *h, void *ud)
{
    if (b->rc)
        return b->rc;
    zip_int64_t idx = zip_name_locate(b->zip, part, ZIP_FL_NOCASE);
    if (idx < 0)
        return sc_xfail(b, SCORE_EDATA, "not an xlsx workbook: it has no part %s", part);
    b->part = part;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > b->limits.memory_bytes)
        return sc_xfail(b, SCORE_ELIMIT,
                        "the part is %" PRIu64
                        " bytes uncompressed, over the memory_bytes limit (%zu bytes)",
                        (uint64_t)st.size, b->limits.memory_bytes);
    zip_file_t *zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        zip_error_t *ze = zip_get_error(b->zip);
        if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
            return sc_xfail(b, SCORE_ENOMEM, "out of memory");
        return sc_xfail(b, SCORE_EDATA, "cannot read the part: %s", zip_strerror(b->zip));
    }

    const score_allocator *outer = xml_alloc;
    xml_alloc = b->alloc;
    XML_Parser p = XML_ParserCreate_MM(NULL, &xml_memory, NULL);
    int rc;
    if (!p) {
        rc = sc_xfail(b, SCORE_ENOMEM, "out of memory");
    } else {
        /* Handlers get a pointer whose first member is the book. */
        XML_SetUserData(p, ud);
        XML_SetElementHandler(p, h->start, h->end);
        if (h->text)
            XML_SetCharacterDataHandler(p, h->text);
        XML_SetStartDoctypeDeclHandler(p, doctype_refused);
        b->parser = p;
        rc = feed(b, zf, p);
        b->parser = NULL;
        XML_ParserFree(p);
    }
    xml_alloc = outer;
    zip_fclose(zf);
    b->part = NULL;
    return rc;
}

const char *sc_xml_local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

const char *sc_xml_attr(const char **atts, const char *local, int prefixed)
{
    for (size_t i = 0; atts[i]; i += 2) {
        const char *colon = strrchr(atts[i], ':');
        const char *name = colon ? colon + 1 : atts[i];
        if ((colon != NULL) == (prefixed != 0) && strcmp(name, local) == 0)
            return atts[i + 1];
    }
    return NULL;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The UTF-16 unit of an escape _xHHHH_ at s (n bytes left), or -1. */
static long escape_at(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hex_value(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t sc_xml_unescape(char *s, size_t len)
{
    /* Excel writes characters XML cannot hold (controls, and a literal
     * "_x" sequence as _x005F_) as _xHHHH_, UTF-16 units. Each escape is
     * longer than its UTF-8, so the text shrinks in place. */
    size_t r = 0, w = 0;
    while (r < len) {
        long u = escape_at(s + r, len - r);
        if (u < 0) {
            s[w++] = s[r++];
            continue;
        }
        r += 7;
        uint32_t cp = (uint32_t)u;
        if (u >= 0xD800 && u <= 0xDBFF) {
            long lo = escape_at(s + r, len - r);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                r += 7;
            } else {
                cp = 0xFFFD;
            }
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            cp = 0xFFFD;
        }
        w += put_utf8(s + w, cp);
    }
    return w;
}
