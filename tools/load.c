/* Loading rulesets and data for the commands, with the CLI's messages. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("score: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'score --help' for more information.\n", stderr);
    va_end(ap);
}

void cli_print_error(const score_error *err)
{
    char buf[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 64];
    fprintf(stderr, "%s\n", score_error_format(err, buf, sizeof buf));
}

int cli_file_readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) {
        fclose(f);
        return 1;
    }
#ifdef ENOENT
    if (errno == ENOENT) {
        fprintf(stderr, "score: %s: no such file\n", path);
        return 0;
    }
#endif
    fprintf(stderr, "score: %s: %s\n", path, strerror(errno));
    return 0;
}

/* Prints each load error as it is found, except i/o errors, which
 * cli_load_failed() words itself. */
static void on_diagnostic(void *ud, const score_error *err)
{
    cli_diag *d = ud;
    if (err->code == SCORE_EIO)
        return;
    cli_print_error(err);
    d->count++;
    if (err->code == SCORE_EPARAM)
        d->param_error = 1;
}

void cli_load_options(score_load_options *opts, cli_diag *diag, const cli_args *a)
{
    score_load_options init = SCORE_LOAD_OPTIONS_INIT;
    *opts = init;
    diag->count = 0;
    diag->param_error = 0;
    opts->params = a->params;
    opts->param_count = a->nparams;
    opts->limits = a->has_limits ? &a->limits : NULL;
    opts->diagnostic = on_diagnostic;
    opts->diagnostic_ud = diag;
}

static int is_builtin(const char *name)
{
    for (size_t i = 0; i < score_builtin_count(); i++)
        if (strcmp(score_builtin_id(i), name) == 0)
            return 1;
    return 0;
}

int cli_load_failed(const char *name, const score_error *err, const cli_diag *diag)
{
    /* A bare name that is neither (the library says so), or a file the
     * library could not open: say whether it is absent (a mistyped
     * built-in id looks the same) or unreadable. */
    int bare = err->code == SCORE_ENOTFOUND && err->source[0] == '\0';
    if ((bare || (err->code == SCORE_EIO && strcmp(err->source, name) == 0)) &&
        !is_builtin(name)) {
        FILE *f = bare ? NULL : fopen(name, "rb");
        int absent = bare;
        if (f)
            fclose(f);
#ifdef ENOENT
        else if (!bare)
            absent = errno == ENOENT;
#endif
        if (absent)
            fprintf(stderr, "score: %s: no such file or built-in ruleset\n", name);
        else
            fprintf(stderr, "score: %s: %s\n", name, err->message);
        return CLI_FAIL;
    }
    if (diag->count == 0)
        cli_print_error(err); /* e.g. an i/o error, reported only here */
    return (diag->param_error || err->code == SCORE_EPARAM) ? CLI_USAGE : CLI_FAIL;
}

int cli_load_ruleset(score_ruleset **out, const cli_args *a)
{
    const char *name = a->pos[0];
    cli_diag diag;
    score_load_options opts;
    cli_load_options(&opts, &diag, a);

    score_error err;
    memset(&err, 0, sizeof err);
    *out = NULL;
    if (score_ruleset_load(out, name, &opts, &err) == 0)
        return CLI_OK;
    *out = NULL;
    return cli_load_failed(name, &err, &diag);
}

/* The read report's warnings: headers that match no field (with a
 * did-you-mean), absent fields, rows skipped; and the encoding a text
 * file was found to be in when it is not UTF-8, so that a file read in
 * an encoding nobody chose does not go unremarked. */
static void print_warnings(const score_table *t, const char *path)
{
    const score_read_report *rep = score_table_report(t);
    int detected;
    if (score_read_report_encoding(rep, &detected) != SCORE_ENCODING_UTF8 && detected &&
        !score_read_report_sheet(rep))
        fprintf(stderr, "score: note: %s is not UTF-8: read as %s\n", path,
                score_read_report_encoding_name(rep));
    for (size_t i = 0; i < score_read_report_problem_count(rep); i++) {
        score_error e;
        if (score_read_report_problem(rep, i, &e) != 0)
            continue;
        char buf[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 64];
        fprintf(stderr, "score: warning: %s\n", score_error_format(&e, buf, sizeof buf));
    }
    size_t totals = score_read_report_count(rep, SCORE_READ_TOTAL_ROWS);
    if (totals)
        fprintf(stderr, "score: note: %zu total row%s skipped (--skip-totals)\n", totals,
                totals == 1 ? "" : "s");
}

int cli_load_table(score_table **out, const score_ruleset *rs, const char *path,
                   const score_read_options *opts)
{
    score_error err;
    memset(&err, 0, sizeof err);
    *out = NULL;
    if (!cli_file_readable(path))
        return CLI_FAIL;
    if (score_table_read(out, rs, path, opts, &err) != 0) {
        *out = NULL;
        cli_print_error(&err);
        return CLI_FAIL;
    }
    print_warnings(*out, path);
    return CLI_OK;
}

int cli_run_open(cli_run *run, const cli_args *a)
{
    memset(run, 0, sizeof *run);
    int rc = cli_load_ruleset(&run->rs, a);
    if (rc != CLI_OK)
        return rc;
    score_read_options ro = a->read;
    ro.threads = (unsigned)a->threads; /* --threads reads as well as evaluates */
    rc = cli_load_table(&run->t, run->rs, a->pos[1], &ro);
    if (rc != CLI_OK) {
        cli_run_close(run);
        return rc;
    }
    score_error err;
    memset(&err, 0, sizeof err);
    score_eval_options eo = SCORE_EVAL_OPTIONS_INIT;
    eo.threads = (unsigned)a->threads;
    if (score_evaluate_with(&run->r, run->rs, run->t, &eo, &err) != 0) {
        run->r = NULL;
        cli_print_error(&err);
        cli_run_close(run);
        return CLI_FAIL;
    }
    return CLI_OK;
}

void cli_run_close(cli_run *run)
{
    score_result_free(run->r);
    score_table_free(run->t);
    score_ruleset_free(run->rs);
    memset(run, 0, sizeof *run);
}
