/* Data files mapped into memory (see mapped_file.h). */
#if defined(__unix__) || defined(__APPLE__)
#define _DEFAULT_SOURCE 1 /* madvise, MADV_DONTNEED */
#define SC_CAN_MAP 1
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "mapped_file.h"

static int read_whole(sc_mapped_file *f, const char *path, score_error *err)
{
    size_t len;
    int rc = sc_read_file(f->alloc, path, &f->copy, &len, err);
    if (rc)
        return rc;
    f->data = f->copy;
    f->len = len;
    return 0;
}

int sc_mapped_file_open(sc_mapped_file *f, const score_allocator *alloc, const char *path,
                        score_error *err)
{
    memset(f, 0, sizeof *f);
    f->alloc = alloc;
#ifdef SC_CAN_MAP
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return sc_error(err, SCORE_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    /* Pipes, devices, directories and empty files are read as before. */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uintmax_t)st.st_size > SIZE_MAX) {
        close(fd);
        return read_whole(f, path, err);
    }
    size_t len = (size_t)st.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return read_whole(f, path, err);
#ifdef MADV_SEQUENTIAL
    madvise(map, len, MADV_SEQUENTIAL);
#endif
    long page = sysconf(_SC_PAGESIZE);
    f->page = page > 0 ? (size_t)page : 4096;
    f->map = map;
    f->data = map;
    f->len = len;
    return 0;
#else
    return read_whole(f, path, err);
#endif
}

void sc_mapped_file_close(sc_mapped_file *f)
{
#ifdef SC_CAN_MAP
    if (f->map)
        munmap(f->map, f->len);
#endif
    sc_free(f->alloc, f->copy);
    memset(f, 0, sizeof *f);
}

void sc_mapped_file_release(const sc_mapped_file *f, size_t from, size_t upto)
{
#if defined(SC_CAN_MAP) && defined(MADV_DONTNEED)
    if (!f->map || upto > f->len)
        return;
    size_t a = (from + f->page - 1) / f->page * f->page, b = upto / f->page * f->page;
    if (a < b)
        madvise((char *)f->map + a, b - a, MADV_DONTNEED);
#else
    (void)f;
    (void)from;
    (void)upto;
#endif
}
