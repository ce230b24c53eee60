/*
 * A metered allocator: it passes every request on to another allocator
 * and keeps count of the bytes live, refusing a request that would take
 * them past a limit (the memory_bytes limit of one table or one result).
 * Each block carries its size in a small header, so that frees and
 * reallocations are counted exactly. Only the thread that builds the
 * table or result allocates through it: there is no locking.
 */
#ifndef SCORE_METER_H
#define SCORE_METER_H

#include <stddef.h>

#include "score/score.h"

typedef struct sc_meter {
    score_allocator hooks;       /* allocate through these */
    const score_allocator *base; /* where the memory comes from */
    size_t limit;                /* bytes live at most */
    size_t live;                 /* bytes live now, headers included */
    size_t peak;                 /* the most live at any time */
    int refused;                 /* a request was refused for the limit */
} sc_meter;

/* Start counting; m must not move while its hooks are in use. */
void sc_meter_init(sc_meter *m, const score_allocator *base, size_t limit);

/*
 * After an allocation through m failed: SCORE_ELIMIT naming the limit if
 * the meter refused it (`source`, which may be NULL, names the data) ("the WHAT needs more memory than the memory_bytes
 * limit (N bytes)"), else SCORE_ENOMEM.
 */
int sc_meter_error(const sc_meter *m, const char *what, const char *source, score_error *err);

#endif
