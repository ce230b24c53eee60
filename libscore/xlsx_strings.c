/*
 * sharedStrings.xml: the table of strings that cells of type "s" index.
 * Each <si> is a plain <t> or rich-text runs <r><t>, joined; phonetic
 * guides (<rPh>, furigana) are not part of the text. All strings live in
 * one buffer, each NUL-terminated, and count against the memory limit.
 */
#include <string.h>

#include "xlsx_part.h"

typedef struct strings_state {
    sc_xbook *b;   /* first: see sc_xzip_parse */
    int in_si;
    int in_t;      /* inside a <t> that belongs to the text */
    int rph_depth; /* inside <rPh> */
    size_t si_start, t_start;
} strings_state;

static int sst_append(strings_state *st, const char *s, size_t len)
{
    sc_xbook *b = st->b;
    if (b->sst_used - st->si_start + len > b->limits.cell_bytes)
        return sc_xfail(b, SCORE_ELIMIT,
                        "a shared string longer than the cell_bytes limit (%zu bytes)",
                        b->limits.cell_bytes);
    if (b->sst_used + len + 1 > b->limits.memory_bytes)
        return sc_xfail(b, SCORE_ELIMIT,
                        "the shared strings take more than the memory_bytes limit (%zu bytes)",
                        b->limits.memory_bytes);
    if (sc_grow(b->alloc, (void **)&b->sst, &b->sst_cap, b->sst_used + len + 1, 1) != 0)
        return sc_xfail(b, SCORE_ENOMEM, "out of memory");
    memcpy(b->sst + b->sst_used, s, len);
    b->sst_used += len;
    return 0;
}

static void XMLCALL strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    strings_state *st = ud;
    const char *local = sc_xml_local(name);
    (void)atts;
    if (strcmp(local, "si") == 0) {
        st->in_si = 1;
        st->si_start = st->b->sst_used;
    } else if (st->in_si && strcmp(local, "rPh") == 0) {
        st->rph_depth++;
    } else if (st->in_si && !st->rph_depth && strcmp(local, "t") == 0) {
        st->in_t = 1;
        st->t_start = st->b->sst_used;
    }
}

static void XMLCALL strings_end(void *ud, const XML_Char *name)
{
    strings_state *st = ud;
    sc_xbook *b = st->b;
    const char *local = sc_xml_local(name);
    if (st->in_t && strcmp(local, "t") == 0) {
        st->in_t = 0;
        size_t n = sc_xml_unescape(b->sst + st->t_start, b->sst_used - st->t_start);
        b->sst_used = st->t_start + n;
    } else if (st->in_si && strcmp(local, "rPh") == 0) {
        st->rph_depth--;
    } else if (st->in_si && strcmp(local, "si") == 0) {
        st->in_si = 0;
        size_t len = b->sst_used - st->si_start;
        if (sst_append(st, "", 0))
            return;
        b->sst[b->sst_used++] = '\0'; /* room made by sst_append */
        if (sc_grow(b->alloc, (void **)&b->strings, &b->strings_cap, b->nstrings + 1,
                    sizeof *b->strings) != 0) {
            sc_xfail(b, SCORE_ENOMEM, "out of memory");
            return;
        }
        b->strings[b->nstrings].off = st->si_start;
        b->strings[b->nstrings].len = len;
        b->nstrings++;
    }
}

static void XMLCALL strings_text(void *ud, const XML_Char *s, int len)
{
    strings_state *st = ud;
    if (st->in_t && len > 0)
        sst_append(st, s, (size_t)len);
}

static const sc_xhandlers strings_handlers = {strings_start, strings_end, strings_text};

int sc_xbook_strings(sc_xbook *b)
{
    if (!b->strings_part || !sc_xzip_has(b, b->strings_part))
        return 0; /* no shared strings: a sheet of numbers, or inline text */
    strings_state st;
    memset(&st, 0, sizeof st);
    st.b = b;
    return sc_xzip_parse(b, b->strings_part, &strings_handlers, &st);
}
