/*
 * score eval RULESET DATA [--format table|csv|json|xlsx] [--labels]
 *                         [--keep COLS] [--digits N] [-o FILE] ...
 * score targets RULESET DATA [--year Y] [same output options]
 * score report RULESET DATA [--format html|xlsx] [-o FILE] ...
 *
 * eval: one line per row (the key; kept columns; with tiers the qualified
 * and awarded tier and the rank score; each scorecard's total and grade;
 * each criterion's verdict). targets: one line per target and scope.
 * report: the 考核验收 report. The library writes them all
 * (score_output_write/_file); here they only find their way out.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int to_stdout(void *ud, const char *data, size_t len)
{
    (void)ud;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static score_output_format library_format(cli_format f)
{
    switch (f) {
    case CLI_FORMAT_CSV: return SCORE_OUTPUT_CSV;
    case CLI_FORMAT_JSON: return SCORE_OUTPUT_JSON;
    case CLI_FORMAT_XLSX: return SCORE_OUTPUT_XLSX;
    case CLI_FORMAT_HTML: return SCORE_OUTPUT_HTML;
    default: return SCORE_OUTPUT_TABLE;
    }
}

int cli_write_result(const cli_args *a, const cli_run *run, score_output_kind kind)
{
    score_error err;
    memset(&err, 0, sizeof err);
    score_output_options opts = a->out;
    opts.data_name = a->pos[1];
    score_output_format format = library_format(a->format);
    int rc;
    if (a->output)
        rc = score_output_file(a->output, run->r, run->t, kind, format, &opts, &err);
    else if (format == SCORE_OUTPUT_XLSX) {
        cli_usage_error("a workbook is written to a file: add -o FILE.xlsx");
        return CLI_USAGE;
    } else
        rc = score_output_write(run->r, run->t, kind, format, &opts, to_stdout, NULL, &err);
    if (rc == 0)
        return CLI_OK;
    if (rc == SCORE_ENOTFOUND) { /* a --keep name: a usage error */
        cli_usage_error("%s", err.message);
        return CLI_USAGE;
    }
    if (err.source[0])
        cli_print_error(&err);
    else
        fprintf(stderr, "score: %s\n", err.message);
    return CLI_FAIL;
}

static int run_and_write(const cli_args *a, score_output_kind kind)
{
    cli_run run;
    int rc = cli_run_open(&run, a);
    if (rc != CLI_OK)
        return rc;
    rc = cli_write_result(a, &run, kind);
    cli_run_close(&run);
    return rc;
}

int cmd_eval(const cli_args *a)
{
    return run_and_write(a, SCORE_OUTPUT_EVAL);
}

int cmd_targets(const cli_args *a)
{
    return run_and_write(a, SCORE_OUTPUT_TARGETS);
}

int cmd_report(const cli_args *a)
{
    return run_and_write(a, SCORE_OUTPUT_REPORT);
}
