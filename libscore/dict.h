/*
 * A dictionary of text values: each distinct string gets a dense code
 * 0, 1, 2, ... so that text columns hold codes and equality of text is
 * equality of codes.
 */
#ifndef SCORE_DICT_H
#define SCORE_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "score/score.h"

typedef struct sc_dict_block sc_dict_block;

typedef struct sc_dict {
    const score_allocator *alloc;
    char **strings;   /* code -> NUL-terminated string */
    uint32_t *lens;   /* code -> byte length */
    size_t count;
    size_t cap;
    uint64_t *slots;  /* open addressing: hash << 32 | (code + 1), 0 empty */
    size_t nslots;    /* power of two */
    sc_dict_block *blocks; /* the strings, packed end to end, freed at once */
} sc_dict;

void sc_dict_init(sc_dict *d, const score_allocator *alloc);
void sc_dict_free(sc_dict *d);
/* Room for n strings in all, so that adding them does not grow the
 * dictionary again. Returns 0, or -1 when out of memory. */
int sc_dict_reserve(sc_dict *d, size_t n);
/* Code of the string, adding it if new. Returns 0, or -1 when out of
 * memory (the dictionary is unchanged). */
int sc_dict_intern(sc_dict *d, const char *s, size_t len, uint32_t *code);
/* The same, for a string whose sc_dict_hash() the caller has. */
int sc_dict_intern_hashed(sc_dict *d, const char *s, size_t len, uint64_t h, uint32_t *code);
/* The hash the dictionary files a string under. */
uint64_t sc_dict_hash(const char *s, size_t len);
/* Start loading the slot where a string of hash h is looked up first, so
 * that interning it a little later does not wait for memory (the slots of
 * millions of keys are far bigger than the caches). */
static inline void sc_dict_prefetch(const sc_dict *d, uint64_t h)
{
#if defined(__GNUC__)
    if (d->nslots)
        __builtin_prefetch(&d->slots[(size_t)(h >> 32) & (d->nslots - 1)]);
#else
    (void)d;
    (void)h;
#endif
}
/* Code of the string, or -1 if it is not in the dictionary. */
int64_t sc_dict_find(const sc_dict *d, const char *s, size_t len);
/* The string of a code (borrowed). */
static inline const char *sc_dict_str(const sc_dict *d, uint32_t code)
{
    return d->strings[code];
}

#endif
