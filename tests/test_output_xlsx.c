/*
 * The workbook writer's failures (its content is checked by
 * tests/xlsx_output/check_workbook.py, with an independent reader):
 * every allocation of our own failed in turn gives SCORE_ENOMEM, leaks
 * nothing and leaves neither the file nor a temporary; an error of
 * libxlsxwriter is SCORE_EIO with its words and the file's name.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>

#include "counting_alloc.h"
#include "score/score.h"
#include "writers.h"

#define DISTRICT SCORE_EXAMPLES "/data/district/"
#define MAX_FAILURES 100000

typedef struct fixture {
    counting c;
    score_allocator a;
    score_ruleset *rs;
    score_table *t;
    score_result *r;
} fixture;

static void fixture_open(fixture *f, const char *id)
{
    memset(f, 0, sizeof *f);
    f->a = counting_allocator(&f->c);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.allocator = &f->a;
    score_error err;
    char path[512];
    snprintf(path, sizeof path, DISTRICT "%s.csv", id);
    if (score_ruleset_load_builtin(&f->rs, id, &o, &err) ||
        score_table_read_csv(&f->t, f->rs, path, &err) ||
        score_evaluate(&f->r, f->rs, f->t, &err))
        fail_msg("%s: %s", id, err.message);
}

static void fixture_close(fixture *f)
{
    f->c.fail_at = 0;
    score_result_free(f->r);
    score_table_free(f->t);
    score_ruleset_free(f->rs);
    assert_int_equal(f->c.live, 0);
}

/* The entries of a directory besides . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void sweep(const char *id, score_output_kind kind, const score_output_options *opts)
{
    char dir[] = "/tmp/score-xlsx-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.xlsx", dir);
    fixture f;
    fixture_open(&f, id);
    long baseline = f.c.live, n;
    for (n = 1; n < MAX_FAILURES; n++) {
        f.c.fail_at = f.c.calls + n;
        score_error err;
        int rc = score_output_file(path, f.r, f.t, kind, SCORE_OUTPUT_XLSX, opts, &err);
        f.c.fail_at = 0;
        if (rc == 0)
            break;
        if (rc != SCORE_ENOMEM || err.code != SCORE_ENOMEM)
            fail_msg("%s: allocation %ld failed: rc %d: %s", id, n, rc, err.message);
        if (f.c.live != baseline)
            fail_msg("%s: allocation %ld failed: %ld blocks leaked", id, n, f.c.live - baseline);
        if (entries(dir) != 0)
            fail_msg("%s: allocation %ld failed: a file was left in %s", id, n, dir);
    }
    assert_true(n > 4); /* failures were really injected */
    assert_int_equal(f.c.live, baseline);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(access(path, R_OK), 0);
    unlink(path);
    rmdir(dir);
    fixture_close(&f);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    static const char *const keep[] = {"村名", "镇"};
    score_output_options opts = SCORE_OUTPUT_OPTIONS_INIT;
    opts.keep = keep;
    opts.nkeep = 2;
    opts.data_name = "meihao-xiangcun.csv";
    sweep("meihao-xiangcun", SCORE_OUTPUT_EVAL, &opts);
    sweep("zuzhi-zhenxing", SCORE_OUTPUT_REPORT, NULL);
    sweep("zuzhi-zhenxing", SCORE_OUTPUT_TARGETS, NULL);
}

/* libxlsxwriter cannot create the file: SCORE_EIO, named, in its words. */
static void test_cannot_create(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "zuzhi-zhenxing");
    score_error err;
    const char *path = "/nonexistent-dir-of-score/out.xlsx";
    int rc = sc_write_xlsx(path, f.r, f.t, SCORE_OUTPUT_REPORT, NULL, &err);
    assert_int_equal(rc, SCORE_EIO);
    assert_int_equal(err.code, SCORE_EIO);
    assert_string_equal(err.source, path);
    assert_non_null(strstr(err.message, "cannot write the workbook"));
    assert_non_null(strstr(err.message, lxw_strerror(LXW_ERROR_CREATING_XLSX_FILE)));
    fixture_close(&f);
}

/* A temporary's name stands for the file it becomes, in messages. */
static void test_named_as_the_file(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "zuzhi-zhenxing");
    score_error err;
    int rc = sc_write_xlsx("/nonexistent-dir-of-score/r.xlsx.tmp-AbC123", f.r, f.t,
                           SCORE_OUTPUT_TARGETS, NULL, &err);
    assert_int_equal(rc, SCORE_EIO);
    assert_string_equal(err.source, "/nonexistent-dir-of-score/r.xlsx");
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_cannot_create),
        cmocka_unit_test(test_named_as_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
