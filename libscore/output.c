/*
 * Writing results: score_output_write() to the caller's callback,
 * score_output_file() to a file that appears whole or not at all (a
 * temporary beside it, renamed when complete).
 */
#define _POSIX_C_SOURCE 200809L /* open, clock_gettime */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "result.h"
#include "table.h"
#include "writers.h"

static int check_options(const score_output_options *opts, score_error *err)
{
    if (opts && opts->version != SCORE_OUTPUT_OPTIONS_VERSION)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "score_output_options.version is %u, expected %u", opts->version,
                        SCORE_OUTPUT_OPTIONS_VERSION);
    if (opts && opts->nkeep && !opts->keep)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_output_options: nkeep without keep");
    return 0;
}

/* The text formats, into a sink. */
static int write_text(sc_out *o, const score_result *r, const score_table *t,
                      score_output_kind kind, score_output_format format,
                      const score_output_options *opts, score_error *err)
{
    int rc = 0;
    if (kind == SCORE_OUTPUT_EVAL) {
        sc_eval_view v;
        /* the ruleset's display: columns serve people, not machines */
        if ((rc = sc_eval_view_init(&v, r, t, opts, format == SCORE_OUTPUT_TABLE, err)))
            return rc;
        rc = format == SCORE_OUTPUT_CSV    ? sc_write_eval_csv(o, &v)
             : format == SCORE_OUTPUT_JSON ? sc_write_eval_json(o, &v)
                                           : sc_write_eval_table(o, &v);
        sc_eval_view_free(&v);
    } else if (kind == SCORE_OUTPUT_TARGETS) {
        sc_targets_view v;
        if ((rc = sc_targets_view_init(&v, r, t, opts, err)))
            return rc;
        rc = format == SCORE_OUTPUT_CSV    ? sc_write_targets_csv(o, &v)
             : format == SCORE_OUTPUT_JSON ? sc_write_targets_json(o, &v)
                                           : sc_write_targets_table(o, &v, opts ? opts->digits : -1);
        sc_targets_view_free(&v);
    } else {
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "the report is written as html or xlsx");
    }
    return rc ? sc_nomem(err) : 0;
}

static int usable(const score_result *r, const score_table *t, score_error *err)
{
    if (!r || !t)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "result or table is NULL");
    if (t->nrows != r->nrows || t->schema != &r->rs->schema)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "the table is not the one the result was made from");
    return 0;
}

int score_output_write(const score_result *r, const score_table *t, score_output_kind kind,
                       score_output_format format, const score_output_options *opts,
                       score_write_fn write, void *ud, score_error *err)
{
    int rc = usable(r, t, err);
    if (rc || (rc = check_options(opts, err)))
        return rc;
    if (!write)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "write is NULL");
    if (format == SCORE_OUTPUT_XLSX)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "a workbook is written to a file: score_output_file()");
    if ((format == SCORE_OUTPUT_HTML) != (kind == SCORE_OUTPUT_REPORT))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "the report is written as html (or xlsx), and html is the report's");
    sc_out o;
    sc_out_init(&o, sc_result_alloc(r), write, ud);
    rc = format == SCORE_OUTPUT_HTML ? sc_write_report(&o, r, t, opts, err)
                                     : write_text(&o, r, t, kind, format, opts, err);
    int done = sc_out_finish(&o, rc ? NULL : err);
    return rc ? rc : done;
}

/* ---- files that appear whole ---- */

static int to_file(void *ud, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ud) == len ? 0 : -1;
}

/* A new empty file beside `path` ("PATH.tmp-XXXXXX"), its name in *tmp
 * (the caller frees it). Made with mode 0666 less the umask, as the file
 * it becomes would be (mkstemp's 0600 would hide a report from the people
 * it is for); the name is tried afresh while it exists. */
static int temporary_beside(const score_allocator *a, const char *path, char **tmp,
                            score_error *err)
{
    size_t n = strlen(path) + sizeof ".tmp-0123456789abcdef";
    *tmp = sc_malloc(a, n);
    if (!*tmp)
        return sc_nomem(err);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long seed = (unsigned long long)ts.tv_nsec ^
                              ((unsigned long long)ts.tv_sec << 20) ^ (unsigned long long)getpid() ^
                              (unsigned long long)(uintptr_t)tmp;
    int fd = -1, e = EEXIST;
    for (int attempt = 0; fd < 0 && e == EEXIST && attempt < 100; attempt++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; /* an LCG step */
        snprintf(*tmp, n, "%s.tmp-%06llx", path, (seed >> 40) & 0xFFFFFF);
        fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        e = fd < 0 ? errno : 0;
    }
    if (fd < 0) {
        sc_free(a, *tmp);
        *tmp = NULL;
        return sc_error(err, SCORE_EIO, path, 0, 0, "cannot write beside it: %s", strerror(e));
    }
    close(fd);
    return 0;
}

int score_output_file(const char *path, const score_result *r, const score_table *t,
                      score_output_kind kind, score_output_format format,
                      const score_output_options *opts, score_error *err)
{
    int rc = usable(r, t, err);
    if (rc || (rc = check_options(opts, err)))
        return rc;
    if (!path || !*path)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "no path to write to");
    if (format != SCORE_OUTPUT_XLSX && (format == SCORE_OUTPUT_HTML) != (kind == SCORE_OUTPUT_REPORT))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "the report is written as html (or xlsx), and html is the report's");
    const score_allocator *a = sc_result_alloc(r);
    char *tmp = NULL;
    if ((rc = temporary_beside(a, path, &tmp, err)))
        return rc;
    FILE *f = format == SCORE_OUTPUT_XLSX ? NULL : fopen(tmp, "wb");
    if (format == SCORE_OUTPUT_XLSX) {
        rc = sc_write_xlsx(tmp, r, t, kind, opts, err);
    } else if (!f) {
        rc = sc_error(err, SCORE_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    } else {
        sc_out o;
        sc_out_init(&o, a, to_file, f);
        rc = format == SCORE_OUTPUT_HTML ? sc_write_report(&o, r, t, opts, err)
                                         : write_text(&o, r, t, kind, format, opts, err);
        int done = sc_out_finish(&o, NULL);
        int closed = fclose(f);
        if (!rc && (done || closed))
            rc = sc_error(err, done == SCORE_ENOMEM ? SCORE_ENOMEM : SCORE_EIO, path, 0, 0,
                          "cannot write: %s", done == SCORE_ENOMEM ? "out of memory"
                                                                  : strerror(errno ? errno : EIO));
    }
    if (!rc && rename(tmp, path) != 0)
        rc = sc_error(err, SCORE_EIO, path, 0, 0, "cannot replace it: %s", strerror(errno));
    if (rc)
        remove(tmp);
    sc_free(a, tmp);
    return rc;
}
