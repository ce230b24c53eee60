/*
 * Running one task on several threads: part i of n of the work runs on
 * its own thread (part 0 on the caller's), and the call returns when all
 * are done. The parts must touch disjoint memory and allocate nothing.
 */
#ifndef SCORE_PARALLEL_H
#define SCORE_PARALLEL_H

#include <stddef.h>

/* At most this many threads per call, whatever is asked. */
#define SC_MAX_THREADS 64

typedef void (*sc_part_fn)(void *ctx, size_t part, size_t nparts);

/* Run fn(ctx, i, n) for every i < n (n is clamped to 1..SC_MAX_THREADS).
 * A part whose thread cannot be started runs on the caller's thread: the
 * outcome never depends on how many threads there were. */
void sc_parallel(size_t n, sc_part_fn fn, void *ctx);

/* The rows [*lo, *hi) of part i of n of `rows` rows: contiguous, in order,
 * as even as can be. */
void sc_part_range(size_t rows, size_t part, size_t nparts, size_t *lo, size_t *hi);

#endif
