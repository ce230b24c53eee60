/*
 * An allocator for the tests: it counts the blocks not yet freed and can
 * fail the N-th request, so that a test can fail every allocation of an
 * operation in turn and check that each failure is reported and leaks
 * nothing.
 */
#ifndef SCORE_TEST_COUNTING_ALLOC_H
#define SCORE_TEST_COUNTING_ALLOC_H

#include <stddef.h>

#include "score/score.h"

typedef struct counting {
    long calls;   /* allocation requests so far */
    long fail_at; /* the request to fail, 1-based; 0: never */
    long live;    /* blocks allocated and not yet freed */
} counting;

/* The hooks, for a score_allocator whose ud is a counting. */
void *c_malloc(void *ud, size_t size);
void *c_realloc(void *ud, void *ptr, size_t size);
void c_free(void *ud, void *ptr);

/* A score_allocator over c. */
score_allocator counting_allocator(counting *c);

#endif
