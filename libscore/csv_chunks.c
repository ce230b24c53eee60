/*
 * The parallel CSV read: the file cut at record boundaries into one chunk
 * per thread, each chunk read by the one-thread loop of csv.c into its own
 * rows of the table's columns, with its own dictionaries; then, on the
 * caller's thread, the chunks merged in file order into exactly the table
 * one thread makes: the same rows, the same text codes (a chunk's texts
 * are interned into the table's dictionary in the order one thread meets
 * them), the same report.
 *
 * Where the file is cut: a newline is a record boundary when the double
 * quotes before it are even in number (a quoted field may hold
 * newlines; a doubled quote counts two). The first pass, which counts
 * the newlines and checks the encoding, counts the quotes too, on every
 * thread; each cut is then found by a short scan from a point of known
 * quote parity. A file with a stray quote (an error) may be cut inside a
 * record, but only after that error, which its chunk reports first.
 *
 * Anything unusual sends the file back to the one-thread read, which
 * words it as it always has (SC_CSV_SERIAL): an error in any chunk (so
 * the error is the first in file order, with the one-thread report), a
 * duplicate key, a byte that is not UTF-8. Errors cost a second read;
 * good files do not.
 *
 * Keys are not interned by the chunks (ten million distinct member ids
 * would each miss the caches twice: in the chunk's dictionary, then in
 * the table's), but copied end to end; the merge interns them once,
 * looking a few rows ahead. Each text column of a chunk has its own
 * dictionary, which the caches hold (a name is looked up among the
 * names, not among the branches and ids). A chunk keeps the order in
 * which one thread would have interned its texts and keys (sc_ingest
 * .order): the merge follows it, so the codes come out the same.
 *
 * A file of 1 MiB or more is read this way on one thread too, as one
 * chunk: keeping the keys and columns apart pays for the merge.
 *
 * The chunks allocate through the reader's allocator behind a mutex, so
 * that the caller's hooks need not be thread-safe.
 */
#include <pthread.h>
#include <string.h>

#include "csv_parse.h"
#include "internal.h"
#include "parallel.h"
#include "table.h"

/* Keys whose dictionary slot is loaded ahead of their interning. */
#define KEYS_AHEAD 16

/* ---- an allocator for the threads ---- */

typedef struct locked_alloc {
    score_allocator hooks;
    const score_allocator *base;
    pthread_mutex_t mu;
} locked_alloc;

static void *locked_malloc(void *ud, size_t size)
{
    locked_alloc *l = ud;
    pthread_mutex_lock(&l->mu);
    void *p = sc_malloc(l->base, size);
    pthread_mutex_unlock(&l->mu);
    return p;
}

static void *locked_realloc(void *ud, void *ptr, size_t size)
{
    locked_alloc *l = ud;
    pthread_mutex_lock(&l->mu);
    void *p = sc_realloc(l->base, ptr, size);
    pthread_mutex_unlock(&l->mu);
    return p;
}

static void locked_free(void *ud, void *ptr)
{
    locked_alloc *l = ud;
    pthread_mutex_lock(&l->mu);
    sc_free(l->base, ptr);
    pthread_mutex_unlock(&l->mu);
}

/* ---- the plan ---- */

typedef struct range {
    const char *from, *to; /* starts after a newline (or at the start) */
    size_t newlines, quotes, bad;
} range;

typedef struct chunk {
    sc_csv_parse ps;
    size_t first;  /* the first row it may fill in the columns */
    size_t bound;  /* the most rows it can hold: its newlines (+1 for the last) */
    sc_dict *dicts; /* per header cell: a text column's own */
    size_t ndicts;
    int rc;
} chunk;

static void chunk_dicts_free(const score_allocator *alloc, chunk *c)
{
    for (size_t i = 0; i < c->ndicts; i++)
        sc_dict_free(&c->dicts[i]);
    sc_free(alloc, c->dicts);
    c->dicts = NULL;
    c->ndicts = 0;
}

struct sc_csv_plan {
    const sc_csv_loop *loop;
    size_t n;
    range *ranges;
    chunk *chunks;
    locked_alloc lock;
    int locked;
};

void sc_csv_plan_free(const score_allocator *alloc, sc_csv_plan *plan)
{
    if (!plan)
        return;
    if (plan->chunks) {
        for (size_t k = 0; k < plan->n; k++) {
            sc_ingest *in = &plan->chunks[k].ps.in;
            chunk_dicts_free(alloc, &plan->chunks[k]);
            sc_free(in->alloc, in->scratch);
            sc_free(in->alloc, in->order);
            sc_buf_free(&in->key_text);
            sc_free(alloc, in->hdr);
            score_read_report_free(in->rep);
        }
    }
    if (plan->locked)
        pthread_mutex_destroy(&plan->lock.mu);
    sc_free(alloc, plan->chunks);
    sc_free(alloc, plan->ranges);
    sc_free(alloc, plan);
}

static void scan_range(void *ctx, size_t part, size_t nparts)
{
    (void)nparts;
    const sc_csv_plan *plan = ctx;
    range *r = &plan->ranges[part];
    size_t n = (size_t)(r->to - r->from);
    r->bad = plan->loop->prepass(r->from, n, &r->newlines, &r->quotes);
    if (r->bad == n)
        r->bad = SIZE_MAX;
}

/* The first byte after a newline at or after p (or end). */
static const char *after_newline(const char *p, const char *end)
{
    const char *q = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
    return q ? q + 1 : end;
}

int sc_csv_plan_make(sc_csv_parse *ps, const sc_csv_loop *loop, const char *start,
                     const char *end, unsigned threads, size_t chunk_min, sc_csv_plan **out)
{
    const score_allocator *a = ps->in.alloc;
    size_t len = (size_t)(end - start);
    *out = NULL;
    size_t n = threads > SC_MAX_THREADS ? SC_MAX_THREADS : threads;
    if (len / chunk_min < n)
        n = len / chunk_min;
    if (n < 1)
        return 0;
    sc_csv_plan *plan = sc_calloc(a, 1, sizeof *plan);
    if (!plan)
        return SC_CSV_SERIAL; /* which fails in its own words if it must */
    plan->loop = loop;
    plan->n = n;
    plan->ranges = sc_calloc(a, n, sizeof *plan->ranges);
    if (!plan->ranges) {
        sc_csv_plan_free(a, plan);
        return SC_CSV_SERIAL;
    }
    const char *p = start;
    for (size_t k = 0; k < n; k++) {
        plan->ranges[k].from = p;
        p = k + 1 == n ? end : after_newline(start + len / n * (k + 1), end);
        if (p < plan->ranges[k].from)
            p = plan->ranges[k].from;
        plan->ranges[k].to = p;
    }
    sc_parallel(n, scan_range, plan);
    ps->newlines = 0;
    for (size_t k = 0; k < n; k++) {
        if (plan->ranges[k].bad != SIZE_MAX) {
            sc_csv_plan_free(a, plan);
            return SC_CSV_SERIAL;
        }
        ps->newlines += plan->ranges[k].newlines;
    }
    *out = plan;
    return 0;
}

/* ---- the chunks ---- */

/* Where the chunk that begins in range k starts: the first record
 * boundary at or after the range's start and `least`; its line. */
static const char *chunk_start(const sc_csv_plan *plan, size_t k, const char *least,
                               const char *start, const char *end, size_t *line)
{
    const range *r = &plan->ranges[k];
    size_t quotes = 0, lines = 1;
    for (size_t i = 0; i < k; i++) {
        quotes += plan->ranges[i].quotes;
        lines += plan->ranges[i].newlines;
    }
    const char *p = r->from;
    if (p < least) {
        size_t nl;
        size_t q;
        plan->loop->prepass(p, (size_t)(least - p), &nl, &q); /* valid: checked */
        quotes += q;
        lines += nl;
        p = least;
    }
    int at_boundary = p == start || p == least || p[-1] == '\n';
    while (p < end && (quotes % 2 || !at_boundary)) {
        quotes += *p == '"';
        at_boundary = *p == '\n';
        lines += *p == '\n';
        p++;
    }
    *line = lines;
    return p;
}

static void read_chunk(void *ctx, size_t part, size_t nparts)
{
    (void)nparts;
    const sc_csv_plan *plan = ctx;
    chunk *c = &plan->chunks[part];
    c->rc = plan->loop->read_rows(&c->ps, c->bound);
}

/* Make the chunks' states from the main one: each its own copy of the
 * header (its recent texts are its own), its rows of the columns, its
 * dictionary, report and allocator. */
static int make_chunks(sc_csv_parse *ps, sc_csv_plan *plan, size_t cap)
{
    sc_ingest *in = &ps->in;
    const score_allocator *a = in->alloc;
    plan->lock.hooks = (score_allocator){locked_malloc, locked_realloc, locked_free, &plan->lock};
    plan->lock.base = a;
    if (pthread_mutex_init(&plan->lock.mu, NULL) != 0)
        return SC_CSV_SERIAL;
    plan->locked = 1;
    plan->chunks = sc_calloc(a, plan->n, sizeof *plan->chunks);
    if (!plan->chunks)
        return sc_nomem(in->err);
    const char *start = ps->r.p, *end = ps->r.end;
    const char *from = start;
    size_t line = ps->r.line, first = 0;
    for (size_t k = 0; k < plan->n; k++) {
        size_t next_line = 0;
        const char *to = end;
        if (k + 1 < plan->n)
            to = chunk_start(plan, k + 1, from, plan->ranges[0].from, end, &next_line);
        chunk *c = &plan->chunks[k];
        c->ps = *ps;
        sc_ingest *ci = &c->ps.in;
        ci->hdr = NULL;
        ci->rep = NULL;
        ci->scratch = NULL;
        ci->scratch_cap = 0;
        ci->order = NULL;
        ci->norder = ci->order_cap = 0;
        sc_buf_init(&ci->key_text, &plan->lock.hooks);
        ci->hdr = sc_malloc(a, in->nhdr * sizeof *in->hdr + 1);
        ci->rep = sc_report_new(a, in->schema);
        c->dicts = sc_calloc(a, in->nhdr + 1, sizeof *c->dicts);
        if (!ci->hdr || !ci->rep || !c->dicts)
            return sc_nomem(in->err);
        c->ndicts = in->nhdr;
        for (size_t i = 0; i < in->nhdr; i++)
            sc_dict_init(&c->dicts[i], &plan->lock.hooks);
        /* room for keys of an eighth of the chunk (member ids are about
         * that), so that the copy seldom grows under the lock */
        if (sc_grow(&plan->lock.hooks, (void **)&ci->key_text.data, &ci->key_text.cap,
                    (size_t)(to - from) / 8 + 64, 1) != 0)
            return sc_nomem(in->err);
        ci->key_text.data[0] = '\0';
        /* its newlines; the last also a last line without one */
        c->bound = k + 1 < plan->n ? next_line - line : ps->newlines + 2 - line;
        c->first = first;
        first += c->bound;
        memcpy(ci->hdr, in->hdr, in->nhdr * sizeof *in->hdr);
        for (size_t i = 0; i < in->nhdr; i++) {
            if (ci->hdr[i].dst)
                ci->hdr[i].dst += c->first;
            ci->hdr[i].dict = &c->dicts[i];
        }
        ci->alloc = &plan->lock.hooks;
        ci->err = &ci->own;
        ci->t = NULL;
        ci->dict = NULL; /* every column has its own */
        ci->chunk = 1;
        ci->row = 0;
        c->ps.r.p = from;
        c->ps.r.end = to;
        c->ps.r.line = line;
        c->ps.released = (size_t)(from - ps->data);
        c->ps.not_utf8 = NULL;
        from = to;
        line = next_line;
    }
    if (first > cap)
        return SC_CSV_SERIAL; /* the rows limit: the plain read says where */
    return 0;
}

/* Intern text s of the chunk into the table's dictionary. */
static int intern(score_table *t, const char *s, size_t len, uint64_t h, uint32_t *code)
{
    return sc_dict_intern_hashed(&t->dict, s, len, h, code);
}

/* The text of key note v of chunk c, and its hash. */
static uint64_t key_hash(const chunk *c, double v, const char **s, size_t *len)
{
    sc_ingest_key_text(&c->ps.in.key_text, v, s, len);
    return sc_dict_hash(*s, *len);
}

/* The keys of chunk c looked up ahead of their interning: their hashes,
 * in the order of c's order list, and their slots prefetched. */
typedef struct keys_ahead {
    uint64_t hash[KEYS_AHEAD];
    size_t at;       /* next position of the order list to look at */
    size_t made, used;
} keys_ahead;

static void look_ahead(keys_ahead *ka, const chunk *c, const score_table *t,
                       const double *keys, size_t key_hdr)
{
    const sc_ingest *ci = &c->ps.in;
    while (ka->made - ka->used < KEYS_AHEAD && ka->at < ci->norder) {
        uint64_t e = ci->order[ka->at++];
        if ((size_t)(e >> 32) != key_hdr)
            continue;
        const char *s;
        size_t len;
        uint64_t h = key_hash(c, keys[(uint32_t)e], &s, &len);
        ka->hash[ka->made++ % KEYS_AHEAD] = h;
        sc_dict_prefetch(&t->dict, h);
    }
}

/* Chunk c into the table, after the rows before it: its rows moved up
 * to follow them, its texts and keys interned in the order one thread
 * interns them (its order list), its codes mapped. */
static int merge_chunk(sc_csv_parse *ps, chunk *c, uint32_t **maps)
{
    sc_ingest *in = &ps->in;
    score_table *t = in->t;
    sc_ingest *ci = &c->ps.in;
    size_t g = in->row, n = ci->row, key_hdr = in->key_hdr;
    if (g != c->first)
        for (size_t i = 0; i < in->nhdr; i++)
            if (in->hdr[i].dst)
                memmove(in->hdr[i].dst + g, in->hdr[i].dst + c->first, n * sizeof(double));
    for (size_t i = 0; i < in->nhdr; i++) {
        maps[i] = NULL;
        if (c->dicts[i].count &&
            !(maps[i] = sc_malloc(in->alloc, c->dicts[i].count * sizeof **maps)))
            return -1;
    }
    double *keys = in->hdr[key_hdr].dst + g;
    keys_ahead ka = {{0}, 0, 0, 0};
    for (size_t k = 0; k < ci->norder; k++) {
        uint64_t e = ci->order[k];
        size_t i = (size_t)(e >> 32);
        uint32_t what = (uint32_t)e;
        if (i != key_hdr) {
            const sc_dict *d = &c->dicts[i];
            const char *s = sc_dict_str(d, what);
            size_t len = d->lens[what];
            if (intern(t, s, len, sc_dict_hash(s, len), &maps[i][what]) != 0)
                return -1;
            continue;
        }
        look_ahead(&ka, c, t, keys, key_hdr);
        const char *s;
        size_t len;
        sc_ingest_key_text(&ci->key_text, keys[what], &s, &len);
        uint64_t h = ka.hash[ka.used++ % KEYS_AHEAD];
        uint32_t code;
        if (intern(t, s, len, h, &code) != 0)
            return -1;
        keys[what] = code;
        size_t prev;
        if (sc_table_key_add(t, g + what, &prev) != 0)
            return -1;
        if (prev != (size_t)-1)
            return SC_CSV_SERIAL; /* a duplicate: the plain read words it */
    }
    for (size_t i = 0; i < in->nhdr; i++) {
        if (!maps[i] || !in->hdr[i].dst || in->hdr[i].kind != SC_H_TEXT)
            continue;
        double *v = in->hdr[i].dst + g;
        const uint32_t *map = maps[i];
        for (size_t r = 0; r < n; r++)
            if (v[r] == v[r])
                v[r] = map[(uint32_t)v[r]];
    }
    /* the counts: rows, blank and total rows, and the cells */
    for (int k = SCORE_READ_ROWS; k <= SCORE_READ_TOTAL_ROWS; k++)
        in->rep->counts[k] += ci->rep->counts[k];
    for (size_t col = 0; col < in->schema->ncols; col++)
        for (size_t k = 0; k < SC_CELL_KINDS; k++)
            in->rep->cells[col][k] += ci->rep->cells[col][k];
    in->row += n;
    return 0;
}

/* Any failure, even out of memory or the memory_bytes limit, sends the
 * file to the plain read, which fails as it always has, at its own place
 * and in its own words. */
int sc_csv_read_chunked(sc_csv_parse *ps, sc_csv_plan *plan, size_t cap)
{
    int rc = make_chunks(ps, plan, cap);
    if (rc)
        return SC_CSV_SERIAL;
    sc_parallel(plan->n, read_chunk, plan);
    for (size_t k = 0; k < plan->n; k++)
        if (plan->chunks[k].rc || plan->chunks[k].ps.in.rep->nproblems)
            return SC_CSV_SERIAL;
    uint32_t **maps = sc_calloc(ps->in.alloc, ps->in.nhdr + 1, sizeof *maps);
    if (!maps)
        return SC_CSV_SERIAL;
    for (size_t k = 0; k < plan->n && !rc; k++) {
        chunk *c = &plan->chunks[k];
        rc = merge_chunk(ps, c, maps);
        for (size_t i = 0; i < ps->in.nhdr; i++) {
            sc_free(ps->in.alloc, maps[i]);
            maps[i] = NULL;
        }
        chunk_dicts_free(ps->in.alloc, c);
        sc_free(c->ps.in.alloc, c->ps.in.order);
        c->ps.in.order = NULL;
        sc_buf_free(&c->ps.in.key_text);
    }
    sc_free(ps->in.alloc, maps);
    return rc ? SC_CSV_SERIAL : 0;
}
