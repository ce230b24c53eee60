/* Threads for evaluation (see parallel.h), on POSIX threads. */
#include <pthread.h>

#include "parallel.h"

typedef struct part_call {
    sc_part_fn fn;
    void *ctx;
    size_t part, nparts;
    pthread_t thread;
    int started;
} part_call;

static void *run_part(void *arg)
{
    part_call *c = arg;
    c->fn(c->ctx, c->part, c->nparts);
    return NULL;
}

void sc_parallel(size_t n, sc_part_fn fn, void *ctx)
{
    if (n < 1)
        n = 1;
    if (n > SC_MAX_THREADS)
        n = SC_MAX_THREADS;
    part_call calls[SC_MAX_THREADS];
    for (size_t i = 0; i < n; i++) {
        calls[i].fn = fn;
        calls[i].ctx = ctx;
        calls[i].part = i;
        calls[i].nparts = n;
        calls[i].started = i > 0 && pthread_create(&calls[i].thread, NULL, run_part, &calls[i]) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if (!calls[i].started)
            run_part(&calls[i]);
    for (size_t i = 1; i < n; i++)
        if (calls[i].started)
            pthread_join(calls[i].thread, NULL);
}

void sc_part_range(size_t rows, size_t part, size_t nparts, size_t *lo, size_t *hi)
{
    size_t base = rows / nparts, extra = rows % nparts;
    *lo = part * base + (part < extra ? part : extra);
    *hi = *lo + base + (part < extra);
}
