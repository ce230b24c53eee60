/* The metered allocator of tables and results (the memory_bytes limit). */
#if defined(__linux__)
#define _DEFAULT_SOURCE 1 /* madvise, MADV_HUGEPAGE */
#include <sys/mman.h>
#endif
#include <stdalign.h>
#include <stdint.h>

#include "internal.h"
#include "meter.h"

/* The header before each block: its size, padded so that the block
 * keeps the alignment malloc gives. */
#define HEADER (alignof(max_align_t) > sizeof(size_t) ? alignof(max_align_t) : sizeof(size_t))

static int admit(sc_meter *m, size_t old, size_t size)
{
    if (size > m->limit || m->live - old > m->limit - size) {
        m->refused = 1;
        return 0;
    }
    return 1;
}

/*
 * Columns of millions of rows are written once, front to back: with pages
 * of 4 KiB, faulting them in costs more than parsing the cells (much more
 * in a virtual machine). Blocks of the C library's malloc that large are
 * advised to use huge pages where the system does so on request; memory
 * of a caller's own allocator is left alone.
 */
#define HUGE_FROM ((size_t)4 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

static void advise_huge(const sc_meter *m, void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (size < HUGE_FROM || m->base->malloc != sc_default_allocator()->malloc)
        return;
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t b = ((uintptr_t)p + size) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (a < b)
        madvise((void *)a, b - a, MADV_HUGEPAGE); /* advice: failure is harmless */
#else
    (void)m;
    (void)p;
    (void)size;
#endif
}

static void *meter_malloc(void *ud, size_t size)
{
    sc_meter *m = ud;
    if (size > SIZE_MAX - HEADER || !admit(m, 0, size + HEADER))
        return NULL;
    char *p = m->base->malloc(m->base->ud, size + HEADER);
    if (!p)
        return NULL;
    *(size_t *)p = size + HEADER;
    m->live += size + HEADER;
    if (m->live > m->peak)
        m->peak = m->live;
    advise_huge(m, p, size + HEADER);
    return p + HEADER;
}

static void meter_free(void *ud, void *ptr)
{
    sc_meter *m = ud;
    if (!ptr)
        return;
    char *p = (char *)ptr - HEADER;
    m->live -= *(size_t *)p;
    m->base->free(m->base->ud, p);
}

static void *meter_realloc(void *ud, void *ptr, size_t size)
{
    sc_meter *m = ud;
    if (!ptr)
        return meter_malloc(ud, size);
    char *p = (char *)ptr - HEADER;
    size_t old = *(size_t *)p;
    if (size > SIZE_MAX - HEADER || !admit(m, old, size + HEADER))
        return NULL;
    char *q = m->base->realloc(m->base->ud, p, size + HEADER);
    if (!q)
        return NULL;
    *(size_t *)q = size + HEADER;
    m->live = m->live - old + size + HEADER;
    if (m->live > m->peak)
        m->peak = m->live;
    advise_huge(m, q, size + HEADER);
    return q + HEADER;
}

void sc_meter_init(sc_meter *m, const score_allocator *base, size_t limit)
{
    m->hooks.malloc = meter_malloc;
    m->hooks.realloc = meter_realloc;
    m->hooks.free = meter_free;
    m->hooks.ud = m;
    m->base = base;
    m->limit = limit;
    m->live = 0;
    m->peak = 0;
    m->refused = 0;
}

int sc_meter_error(const sc_meter *m, const char *what, const char *source, score_error *err)
{
    if (m->refused)
        return sc_error(err, SCORE_ELIMIT, source, 0, 0,
                        "the %s needs more memory than the memory_bytes limit (%zu bytes)",
                        what, m->limit);
    return sc_nomem(err);
}
