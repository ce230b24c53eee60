/* Every allocation of the library goes through the caller's hooks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *std_malloc(void *ud, size_t size)
{
    (void)ud;
    return malloc(size);
}

static void *std_realloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    return realloc(ptr, size);
}

static void std_free(void *ud, void *ptr)
{
    (void)ud;
    free(ptr);
}

static const score_allocator default_allocator = {std_malloc, std_realloc, std_free, NULL};

const score_allocator *sc_default_allocator(void)
{
    return &default_allocator;
}

void *sc_malloc(const score_allocator *a, size_t size)
{
    return a->malloc(a->ud, size ? size : 1);
}

void *sc_calloc(const score_allocator *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t total = count * size;
    void *p = sc_malloc(a, total);
    if (p)
        memset(p, 0, total ? total : 1);
    return p;
}

void *sc_realloc(const score_allocator *a, void *ptr, size_t size)
{
    return a->realloc(a->ud, ptr, size ? size : 1);
}

int sc_grow(const score_allocator *a, void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return -1;
    void *p = sc_realloc(a, *array, ncap * elem);
    if (!p)
        return -1;
    *array = p;
    *cap = ncap;
    return 0;
}

void sc_free(const score_allocator *a, void *ptr)
{
    if (ptr)
        a->free(a->ud, ptr);
}

char *sc_strndup(const score_allocator *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = sc_malloc(a, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *sc_strdup(const score_allocator *a, const char *s)
{
    return sc_strndup(a, s, strlen(s));
}
