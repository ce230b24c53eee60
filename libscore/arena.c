/* An arena: trees built while loading are freed in one go. */
#include <string.h>

#include "internal.h"

struct sc_arena_block {
    sc_arena_block *next;
    size_t used;
    size_t size;
    max_align_t data[];
};

#define ARENA_BLOCK 8192

void sc_arena_init(sc_arena *ar, const score_allocator *alloc)
{
    ar->alloc = alloc;
    ar->head = NULL;
}

void *sc_arena_alloc(sc_arena *ar, size_t size)
{
    const size_t align = sizeof(max_align_t);
    if (size > SIZE_MAX - align)
        return NULL;
    size = (size + align - 1) / align * align;
    sc_arena_block *b = ar->head;
    if (!b || b->size - b->used < size) {
        size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        if (bsize > SIZE_MAX - sizeof *b)
            return NULL;
        b = sc_malloc(ar->alloc, sizeof *b + bsize);
        if (!b)
            return NULL;
        b->size = bsize;
        b->used = 0;
        b->next = ar->head;
        ar->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *sc_arena_strndup(sc_arena *ar, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = sc_arena_alloc(ar, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

void sc_arena_free(sc_arena *ar)
{
    sc_arena_block *b = ar->head;
    while (b) {
        sc_arena_block *next = b->next;
        sc_free(ar->alloc, b);
        b = next;
    }
    ar->head = NULL;
}
