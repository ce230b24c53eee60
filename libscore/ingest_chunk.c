/*
 * What a chunk of a parallel read notes for the merge (see ingest.h and
 * csv_chunks.c): the order of its new texts and keys, and its keys.
 */
#include <stdint.h>
#include <string.h>

#include "ingest.h"

/* A note is the key's offset in key_text << 16 | its length, exact in
 * a double. The keys are copied there, end to end, so that the merge
 * reads them from a few pages, not from the whole input again (whose
 * pages the chunk gave back as it read). */
#define NOTE_LEN_BITS 16
#define NOTE_MAX ((uint64_t)1 << 53)

int sc_ingest_order(sc_ingest *in, size_t hdr, size_t what)
{
    if (in->norder == in->order_cap &&
        sc_grow(in->alloc, (void **)&in->order, &in->order_cap, in->norder + 1,
                sizeof *in->order) != 0)
        return -1;
    in->order[in->norder++] = (uint64_t)hdr << 32 | (uint32_t)what;
    return 0;
}

int sc_ingest_key_note(sc_ingest *in, const char *s, size_t len, double *note)
{
    size_t off = in->key_text.len;
    if (len >> NOTE_LEN_BITS || (uint64_t)off >= NOTE_MAX >> NOTE_LEN_BITS ||
        sc_ingest_order(in, in->key_hdr, in->row) != 0)
        return -1;
    sc_buf_append(&in->key_text, s, len);
    if (in->key_text.failed)
        return -1;
    *note = (double)((uint64_t)off << NOTE_LEN_BITS | len);
    return 0;
}

void sc_ingest_key_text(const sc_buf *key_text, double note, const char **s, size_t *len)
{
    uint64_t v = (uint64_t)note;
    *len = (size_t)(v & (((uint64_t)1 << NOTE_LEN_BITS) - 1));
    *s = key_text->data + (v >> NOTE_LEN_BITS);
}
