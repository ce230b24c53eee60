/* Reading a whole file into memory, for documents and data alike. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int sc_read_file_max(const score_allocator *alloc, const char *path, size_t max, char **data,
                     size_t *len, int *over, score_error *err)
{
    *data = NULL;
    *len = 0;
    *over = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sc_error(err, SCORE_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    /* The size is only a hint (pipes have none, directories a bogus one):
     * it is trusted once a first read has worked. */
    size_t hint = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        if (size > 0 && (unsigned long)size < SIZE_MAX)
            hint = (size_t)size + 1; /* + 1: EOF seen without another read */
        if (fseek(f, 0, SEEK_SET) != 0)
            clearerr(f);
    }
    char *buf = NULL;
    size_t n = 0, have = 0;
    for (;;) {
        if (n == max) {
            /* one byte more is over the limit; a pipe or a device that
             * never ends is not read further */
            *over = fgetc(f) != EOF;
            if (ferror(f))
                goto read_error;
            break;
        }
        if (n == have) {
            size_t need = n ? (hint > 2 * n ? hint : 2 * n) : (size_t)1 << 16;
            if (need > max)
                need = max;
            if (need <= n || sc_grow(alloc, (void **)&buf, &have, need, 1) != 0) {
                sc_free(alloc, buf);
                fclose(f);
                return sc_nomem(err);
            }
        }
        size_t want = have - n < max - n ? have - n : max - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got < want) {
            if (ferror(f))
                goto read_error;
            break;
        }
    }
    fclose(f);
    *data = buf;
    *len = n;
    return 0;
read_error: {
    int e = errno;
    sc_free(alloc, buf);
    fclose(f);
    return sc_error(err, SCORE_EIO, path, 0, 0, "cannot read: %s", strerror(e));
}
}

int sc_read_file(const score_allocator *alloc, const char *path, char **data, size_t *len,
                 score_error *err)
{
    int over;
    return sc_read_file_max(alloc, path, SIZE_MAX, data, len, &over, err);
}
