/*
 * A data file in memory: mapped where the system allows it (a regular
 * file on a POSIX system), else read whole through the allocator. A
 * mapping costs no copy, and the pages a reader has gone past can be
 * given back, so that reading a file of a gigabyte does not hold a
 * gigabyte: they are read in again from the file if touched once more.
 */
#ifndef SCORE_MAPPED_FILE_H
#define SCORE_MAPPED_FILE_H

#include <stddef.h>

#include "internal.h"

typedef struct sc_mapped_file {
    const char *data;  /* len bytes; NULL for an empty file */
    size_t len;
    void *map;         /* the mapping, or NULL when read into `copy` */
    char *copy;
    const score_allocator *alloc;
    size_t page;       /* page size of the mapping */
} sc_mapped_file;

/* Map or read the file at path. Errors as sc_read_file(): SCORE_EIO with
 * the path and the system's reason, or SCORE_ENOMEM. */
int sc_mapped_file_open(sc_mapped_file *f, const score_allocator *alloc, const char *path,
                        score_error *err);
void sc_mapped_file_close(sc_mapped_file *f);

/* The bytes between offsets `from` and `upto` will not be needed again
 * soon: let the system drop their whole pages (no effect on a file read
 * into memory). */
void sc_mapped_file_release(const sc_mapped_file *f, size_t from, size_t upto);

#endif
