/*
 * The shared parts of the score CLI: the parsed command line, loading of
 * rulesets and data with the CLI's error messages, and the commands.
 * Every file of the tool uses only the public API (score/score.h).
 */
#ifndef SCORE_TOOLS_CLI_H
#define SCORE_TOOLS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "output.h"
#include "score/score.h"

enum {
    CLI_OK = 0,   /* done */
    CLI_FAIL = 1, /* a rule or data error, a missing file, a failed test case */
    CLI_USAGE = 2 /* bad command line, unknown or unreadable --param */
};

/* The parsed command line. Params point into `param_text`, copies of the
 * NAME=VALUE arguments split at the first '='. */
typedef struct cli_args {
    const char *command;
    const char *pos[3]; /* RULESET, then DATA.csv / CASES.yaml, then KEY */
    size_t npos;
    cli_format format;
    long threads;
    int year;     /* --year Y, 0 when not given */
    int has_year; /* --year was given */
    const char *target; /* --target ID (explain, gap), or NULL */
    const char *tier;   /* --tier ID (gap), or NULL */
    const char *scope;  /* --scope S (gap --target), or NULL */
    score_param *params;
    char **param_text;   /* the texts of params and params_new */
    size_t nparams;
    score_param *params_new; /* --param-new (diff): the new side's params */
    size_t nparams_new;
    int diff_targets;        /* --targets (diff) */
    score_limits limits; /* --limit NAME=VALUE; 0 fields: the defaults */
    int has_limits;      /* a --limit was given */
    score_read_options read; /* --encoding, --sheet, --header-row, ... */
    score_output_options out; /* --labels, --keep, --digits; year from --year */
    char **keep;              /* --keep's names, split at commas */
    const char *output;       /* -o FILE, or NULL for standard output */
    int help; /* -h or --help after the command */
} cli_args;

/* Print "score: MESSAGE" and the --help hint to stderr. */
void cli_usage_error(const char *fmt, ...);

/* Print an error of the library as FILE:LINE:COL: message to stderr. */
void cli_print_error(const score_error *err);

/* 1 if the file can be opened for reading; else says why on stderr
 * ("score: PATH: no such file"). */
int cli_file_readable(const char *path);

/* Load options carrying the --param overrides and --limit values of `a`
 * (which must outlive them), with a diagnostic
 * callback that prints every load error as it is found. `diag` must
 * outlive the options. */
typedef struct cli_diag {
    size_t count;    /* errors printed */
    int param_error; /* one of them was SCORE_EPARAM */
} cli_diag;
void cli_load_options(score_load_options *opts, cli_diag *diag, const cli_args *a);

/*
 * After a failed load of `name` (a built-in id or a path) with options from
 * cli_load_options(): print what the diagnostics did not, and return the
 * exit status (CLI_USAGE for a --param problem, else CLI_FAIL).
 */
int cli_load_failed(const char *name, const score_error *err, const cli_diag *diag);

/* Load the ruleset named by a->pos[0] (built-in id or path); on failure
 * print every error and return the exit status. */
int cli_load_ruleset(score_ruleset **out, const cli_args *a);

/* Read the data file at `path` for `rs` and print the read's warnings;
 * on failure print the error and return CLI_FAIL (*out is then NULL). */
int cli_load_table(score_table **out, const score_ruleset *rs, const char *path,
                   const score_read_options *opts);

/* score check RULESET DATA: the data-quality report. */
int cli_check_data(const score_ruleset *rs, const char *path, const score_read_options *opts);

/* Load a->pos[0], read a->pos[1] and evaluate: the common start of eval,
 * targets and explain. On failure everything is released, the error
 * printed, and the exit status returned. */
typedef struct cli_run {
    score_ruleset *rs;
    score_table *t;
    score_result *r;
} cli_run;
int cli_run_open(cli_run *run, const cli_args *a);
void cli_run_close(cli_run *run);

/* Write kind of the run's result in a->format, to a->output or standard
 * output; the exit status. */
int cli_write_result(const cli_args *a, const cli_run *run, score_output_kind kind);

/* The commands; each returns the exit status. */
int cmd_eval(const cli_args *a);
int cmd_targets(const cli_args *a);
int cmd_explain(const cli_args *a);
int cmd_test(const cli_args *a);
int cmd_gap(const cli_args *a);
int cmd_diff(const cli_args *a);
int cmd_report(const cli_args *a);

#endif
