/*
 * String interning: open addressing with linear probing over a power-of-two
 * slot array kept at most three quarters full. The strings are packed end
 * to end in large blocks (no alignment, no zeroing), so a table of ten
 * million distinct keys costs a few hundred allocations and little more
 * than the bytes of the keys.
 */
#include <string.h>

#include "dict.h"

#define DICT_MIN_SLOTS 16
#define DICT_BLOCK ((size_t)1 << 16)

struct sc_dict_block {
    sc_dict_block *next;
    size_t used;
    size_t size;
    char data[];
};

/* A fast 64-bit hash, eight bytes at a time. */
uint64_t sc_dict_hash(const char *s, size_t len)
{
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)len;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
        h ^= h >> 32;
        s += 8;
        len -= 8;
    }
    uint64_t w = 0;
    if (len)
        memcpy(&w, s, len);
    h = (h ^ w) * UINT64_C(0xC4CEB9FE1A85EC53);
    h ^= h >> 29;
    h *= UINT64_C(0x94D049BB133111EB);
    h ^= h >> 32;
    return h;
}

void sc_dict_init(sc_dict *d, const score_allocator *alloc)
{
    memset(d, 0, sizeof *d);
    d->alloc = alloc;
}

void sc_dict_free(sc_dict *d)
{
    sc_free(d->alloc, d->strings);
    sc_free(d->alloc, d->lens);
    sc_free(d->alloc, d->slots);
    for (sc_dict_block *b = d->blocks, *next; b; b = next) {
        next = b->next;
        sc_free(d->alloc, b);
    }
    d->blocks = NULL;
    d->strings = NULL;
    d->lens = NULL;
    d->slots = NULL;
    d->count = d->cap = d->nslots = 0;
}

/* A copy of the string, NUL-terminated, in the current block. */
static char *store_string(sc_dict *d, const char *s, size_t len)
{
    sc_dict_block *b = d->blocks;
    if (!b || b->size - b->used < len + 1) {
        size_t size = len + 1 > DICT_BLOCK ? len + 1 : DICT_BLOCK;
        if (size > SIZE_MAX - sizeof *b)
            return NULL;
        b = sc_malloc(d->alloc, sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        b->next = d->blocks;
        d->blocks = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, len);
    p[len] = '\0';
    b->used += len + 1;
    return p;
}

/* The slot holding s, or the empty slot where it would go. The upper
 * half of a slot is the upper half of the string's hash: it picks the
 * first slot to probe (so growing needs no string rehashed) and lets a
 * probe skip strings whose hash differs. */
static inline size_t probe(const sc_dict *d, const char *s, size_t len, uint64_t h)
{
    size_t mask = d->nslots - 1;
    uint64_t tag = h >> 32;
    size_t i = (size_t)tag & mask;
    for (;;) {
        uint64_t v = d->slots[i];
        if (v == 0)
            return i;
        if (v >> 32 == tag) {
            uint32_t code = (uint32_t)v - 1;
            if (d->lens[code] == len && memcmp(d->strings[code], s, len) == 0)
                return i;
        }
        i = (i + 1) & mask;
    }
}

static int rehash(sc_dict *d, size_t nslots)
{
    if (nslots > SIZE_MAX / sizeof(uint64_t))
        return -1;
    uint64_t *slots = sc_calloc(d->alloc, nslots, sizeof *slots);
    if (!slots)
        return -1;
    size_t mask = nslots - 1;
    for (size_t k = 0; k < d->nslots; k++) {
        uint64_t v = d->slots[k];
        if (!v)
            continue;
        size_t i = (size_t)(v >> 32) & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = v;
    }
    sc_free(d->alloc, d->slots);
    d->slots = slots;
    d->nslots = nslots;
    return 0;
}

/* At most three quarters of the slots in use: short probes, and a third
 * less memory than a half-full table for the millions of keys of a big
 * file. */
static int slots_full(size_t count, size_t nslots)
{
    return count > nslots / 4 * 3;
}

/* Room for n strings; the dictionary's contents are unchanged on failure
 * (a larger array may have been kept, which is harmless). */
int sc_dict_reserve(sc_dict *d, size_t n)
{
    if (n >= UINT32_MAX)
        return -1;
    if (n > d->cap) {
        size_t ncap = d->cap ? d->cap : 16;
        while (ncap < n)
            ncap *= 2;
        if (ncap > SIZE_MAX / sizeof(char *))
            return -1;
        char **strings = sc_realloc(d->alloc, d->strings, ncap * sizeof *strings);
        if (!strings)
            return -1;
        d->strings = strings;
        uint32_t *lens = sc_realloc(d->alloc, d->lens, ncap * sizeof *lens);
        if (!lens)
            return -1;
        d->lens = lens;
        d->cap = ncap;
    }
    if (slots_full(n, d->nslots)) {
        size_t nslots = d->nslots ? d->nslots : DICT_MIN_SLOTS;
        while (slots_full(n, nslots)) {
            if (nslots > SIZE_MAX / 4)
                return -1;
            nslots *= 2;
        }
        if (rehash(d, nslots) != 0)
            return -1;
    }
    return 0;
}

int sc_dict_intern(sc_dict *d, const char *s, size_t len, uint32_t *code)
{
    return sc_dict_intern_hashed(d, s, len, sc_dict_hash(s, len), code);
}

int sc_dict_intern_hashed(sc_dict *d, const char *s, size_t len, uint64_t h, uint32_t *code)
{
    if (len > UINT32_MAX)
        return -1;
    size_t i = 0;
    if (d->nslots) {
        i = probe(d, s, len, h);
        if (d->slots[i]) {
            *code = (uint32_t)d->slots[i] - 1;
            return 0;
        }
    }
    if (d->count == d->cap || slots_full(d->count + 1, d->nslots)) {
        if (sc_dict_reserve(d, d->count + 1) != 0)
            return -1;
        i = probe(d, s, len, h); /* the slots may have moved */
    }
    char *copy = store_string(d, s, len);
    if (!copy)
        return -1;
    uint32_t c = (uint32_t)d->count++;
    d->strings[c] = copy;
    d->lens[c] = (uint32_t)len;
    d->slots[i] = (h >> 32) << 32 | (uint64_t)(c + 1);
    *code = c;
    return 0;
}

int64_t sc_dict_find(const sc_dict *d, const char *s, size_t len)
{
    if (d->nslots == 0 || len > UINT32_MAX)
        return -1;
    size_t i = probe(d, s, len, sc_dict_hash(s, len));
    return d->slots[i] ? (int64_t)((uint32_t)d->slots[i] - 1) : -1;
}
