/*
 * Shared internals: allocation through the caller's hooks, error filling,
 * an arena for short-lived trees, and a growable byte buffer.
 *
 * Cross-file internal names carry the `sc_` prefix. They are not exported
 * from the shared library (hidden visibility by default).
 */
#ifndef SCORE_INTERNAL_H
#define SCORE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "score/score.h"

#if defined(__GNUC__)
#define SC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SC_PRINTF(f, a)
#endif

/* ---- allocation (alloc.c) ---- */

/* The default allocator: the C library's malloc/realloc/free. */
const score_allocator *sc_default_allocator(void);

void *sc_malloc(const score_allocator *a, size_t size);
void *sc_calloc(const score_allocator *a, size_t count, size_t size); /* overflow-checked */
void *sc_realloc(const score_allocator *a, void *ptr, size_t size);
/* Grow an array to hold at least `need` elements of `elem` bytes,
 * doubling; updates *cap. Returns 0 or -1 on overflow/failure (the old
 * array is kept). */
int sc_grow(const score_allocator *a, void **array, size_t *cap, size_t need, size_t elem);
void sc_free(const score_allocator *a, void *ptr);
char *sc_strndup(const score_allocator *a, const char *s, size_t len);
char *sc_strdup(const score_allocator *a, const char *s);

/* ---- errors (error.c) ---- */

/* Fill err (if not NULL) and return code. source may be NULL. */
int sc_error(score_error *err, score_code code, const char *source, int line,
             int column, const char *fmt, ...) SC_PRINTF(6, 7);
int sc_verror(score_error *err, score_code code, const char *source, int line,
              int column, const char *fmt, va_list ap);
int sc_nomem(score_error *err);
/* Clear err to SCORE_OK. */
void sc_error_clear(score_error *err);

/* ---- arena (arena.c): many small allocations freed at once ---- */

typedef struct sc_arena_block sc_arena_block;
typedef struct sc_arena {
    const score_allocator *alloc;
    sc_arena_block *head;
} sc_arena;

void sc_arena_init(sc_arena *ar, const score_allocator *alloc);
/* Zeroed memory, aligned for any type; NULL on failure. */
void *sc_arena_alloc(sc_arena *ar, size_t size);
char *sc_arena_strndup(sc_arena *ar, const char *s, size_t len);
void sc_arena_free(sc_arena *ar);

/* ---- growable byte buffer (buf.c) ---- */

typedef struct sc_buf {
    const score_allocator *alloc;
    char *data; /* always NUL-terminated when size > 0 */
    size_t len;
    size_t cap;
    int failed; /* an append failed for lack of memory */
} sc_buf;

void sc_buf_init(sc_buf *b, const score_allocator *alloc);
void sc_buf_append(sc_buf *b, const char *s, size_t len);
void sc_buf_puts(sc_buf *b, const char *s);
void sc_buf_printf(sc_buf *b, const char *fmt, ...) SC_PRINTF(2, 3);
void sc_buf_vprintf(sc_buf *b, const char *fmt, va_list ap);
void sc_buf_free(sc_buf *b);
/* A JSON string: quotes, backslashes and control characters escaped,
 * UTF-8 passed through; NULL is null. */
void sc_buf_json_string(sc_buf *b, const char *s);

/* ---- files (file.c) ---- */

/* Read the whole file at path into one buffer allocated through alloc
 * (free it with sc_free; NULL for an empty file). SCORE_EIO with the path
 * and the system's reason, or SCORE_ENOMEM. */
int sc_read_file(const score_allocator *alloc, const char *path, char **data, size_t *len,
                 score_error *err);
/* As sc_read_file(), reading no more than `max` bytes: *over is set to 1
 * when the file has more (what was read is returned all the same). */
int sc_read_file_max(const score_allocator *alloc, const char *path, size_t max, char **data,
                     size_t *len, int *over, score_error *err);

/* ---- UTF-8 (utf8.c) ---- */

/* Decode one code point at s (n bytes available). Returns its length in
 * bytes and stores it in *cp; returns 0 for an invalid sequence. */
size_t sc_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* 1 if the n bytes are valid UTF-8 (no overlongs, no surrogates). */
int sc_utf8_valid(const char *s, size_t n);
/* Number of code points in the first n bytes (invalid bytes count 1). */
size_t sc_utf8_count(const char *s, size_t n);

#endif
