/* The counting, failing allocator of the tests. */
#include <stdlib.h>

#include "counting_alloc.h"

void *c_malloc(void *ud, size_t size)
{
    counting *c = ud;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        c->live++;
    return p;
}

void *c_realloc(void *ud, void *ptr, size_t size)
{
    counting *c = ud;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        c->live++;
    return p;
}

void c_free(void *ud, void *ptr)
{
    counting *c = ud;
    if (ptr)
        c->live--;
    free(ptr);
}

score_allocator counting_allocator(counting *c)
{
    score_allocator a = {c_malloc, c_realloc, c_free, c};
    return a;
}
