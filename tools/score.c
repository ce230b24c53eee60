/*
 * score: the command-line tool of libscore.
 *
 *   score check RULESET [--param NAME=VALUE]...
 *   score eval RULESET DATA.csv [--format table|csv|json]
 *              [--param NAME=VALUE]... [--threads N]
 *
 * It uses only the public API (score/score.h). Results go to stdout;
 * errors to stderr, those of rulesets and data as FILE:LINE:COL: message.
 * Exit status: 0 ok, 1 rule or data error, 2 usage error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "score/score.h"

enum {
    CLI_OK = 0,   /* done */
    CLI_FAIL = 1, /* a rule or data error, a missing file */
    CLI_USAGE = 2 /* bad command line, unknown or unreadable --param */
};

static const char usage_text[] =
    "usage: score check RULESET [--param NAME=VALUE]...\n"
    "       score eval RULESET DATA.csv [--format table|csv|json]\n"
    "                  [--param NAME=VALUE]... [--threads N]\n"
    "       score --version\n"
    "       score help\n"
    "\n"
    "commands:\n"
    "  check    load and compile RULESET; print ok, or every error as\n"
    "           FILE:LINE:COL: message\n"
    "  eval     evaluate every criterion of RULESET on every row of DATA.csv\n"
    "\n"
    "options (anywhere after the command; --opt VALUE or --opt=VALUE):\n"
    "  --format F          eval output: table (default), csv or json\n"
    "  --param NAME=VALUE  override a param of the ruleset; VALUE is a literal\n"
    "                      as in rules (60%, 3万, 2020, \"text\")\n"
    "  --threads N         worker threads, a positive integer (evaluation is\n"
    "                      single-threaded for now)\n"
    "  -h, --help          show this help\n"
    "  --version           show the version\n"
    "\n"
    "RULESET is the path of a YAML or JSON ruleset document. DATA.csv has a\n"
    "header naming the ruleset's fields by id or label. In csv output an\n"
    "unknown verdict (data missing) is an empty cell; in json it is null.\n"
    "\n"
    "exit status: 0 ok, 1 rule or data error, 2 usage error\n";

/* The parsed command line. Params point into `param_text`, copies of the
 * NAME=VALUE arguments split at the first '='. */
typedef struct cli_args {
    const char *command;
    const char *pos[2]; /* RULESET, DATA.csv */
    size_t npos;
    cli_format format;
    long threads;
    score_param *params;
    char **param_text;
    size_t nparams;
    int help; /* -h or --help after the command */
} cli_args;

static void args_free(cli_args *a)
{
    for (size_t i = 0; i < a->nparams; i++)
        free(a->param_text[i]);
    free(a->param_text);
    free(a->params);
}

static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("score: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'score --help' for more information.\n", stderr);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */
/* ------------------------------------------------------------------ */

enum { OPT_FORMAT, OPT_PARAM, OPT_THREADS };

typedef struct cli_option {
    const char *name; /* without the leading "--" */
    int id;
    int eval_only;
} cli_option;

static const cli_option options[] = {
    {"format", OPT_FORMAT, 1},
    {"param", OPT_PARAM, 0},
    {"threads", OPT_THREADS, 1},
};

static int parse_threads(const char *s, long *out)
{
    size_t n = strlen(s);
    if (n == 0 || n > 9 || strspn(s, "0123456789") != n)
        return -1;
    long v = strtol(s, NULL, 10);
    if (v < 1)
        return -1;
    *out = v;
    return 0;
}

/* Store one NAME=VALUE; returns CLI_OK, or CLI_USAGE / CLI_FAIL. */
static int add_param(cli_args *a, const char *text)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        usage_error("bad --param value: %s (expected NAME=VALUE)", text);
        return CLI_USAGE;
    }
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (!copy) {
        fputs("score: out of memory\n", stderr);
        return CLI_FAIL;
    }
    memcpy(copy, text, len + 1);
    copy[eq - text] = '\0';
    a->param_text[a->nparams] = copy;
    a->params[a->nparams].name = copy;
    a->params[a->nparams].value = copy + (eq - text) + 1;
    a->nparams++;
    return CLI_OK;
}

/* Apply one option with its value. */
static int apply_option(cli_args *a, const cli_option *opt, const char *value)
{
    switch (opt->id) {
    case OPT_FORMAT:
        if (strcmp(value, "table") == 0)
            a->format = CLI_FORMAT_TABLE;
        else if (strcmp(value, "csv") == 0)
            a->format = CLI_FORMAT_CSV;
        else if (strcmp(value, "json") == 0)
            a->format = CLI_FORMAT_JSON;
        else {
            usage_error("bad --format value: %s (expected table, csv or json)", value);
            return CLI_USAGE;
        }
        return CLI_OK;
    case OPT_PARAM:
        return add_param(a, value);
    case OPT_THREADS:
        if (parse_threads(value, &a->threads) != 0) {
            usage_error("bad --threads value: %s (expected a positive integer)", value);
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    return CLI_USAGE;
}

/*
 * Parse the arguments after the command (argv[2..]). Options may come
 * anywhere, as --name VALUE or --name=VALUE; "--" ends them.
 */
static int parse_args(cli_args *a, int argc, char **argv)
{
    size_t maxpos = strcmp(a->command, "eval") == 0 ? 2 : 1;
    int only_positional = 0;

    a->params = calloc((size_t)argc, sizeof *a->params);
    a->param_text = calloc((size_t)argc, sizeof *a->param_text);
    if (!a->params || !a->param_text) {
        fputs("score: out of memory\n", stderr);
        return CLI_FAIL;
    }

    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->npos == maxpos) {
                usage_error("%s: unexpected argument: %s", a->command, arg);
                return CLI_USAGE;
            }
            a->pos[a->npos++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            a->help = 1;
            return CLI_OK;
        }

        const cli_option *opt = NULL;
        const char *value = NULL;
        if (arg[1] == '-') {
            const char *name = arg + 2;
            size_t namelen = strcspn(name, "=");
            for (size_t k = 0; k < sizeof options / sizeof options[0]; k++) {
                if (strlen(options[k].name) == namelen &&
                    strncmp(options[k].name, name, namelen) == 0)
                    opt = &options[k];
            }
            if (opt && name[namelen] == '=')
                value = name + namelen + 1;
        }
        if (!opt || (opt->eval_only && strcmp(a->command, "eval") != 0)) {
            usage_error("%s: unknown option: %s", a->command, arg);
            return CLI_USAGE;
        }
        if (!value) {
            if (i + 1 >= argc) {
                usage_error("option --%s needs a value", opt->name);
                return CLI_USAGE;
            }
            value = argv[++i];
        }
        int rc = apply_option(a, opt, value);
        if (rc != CLI_OK)
            return rc;
    }

    if (a->npos < maxpos) {
        usage_error("%s: missing argument %s", a->command,
                    a->npos == 0 ? "RULESET" : "DATA.csv");
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/* 1 if the file can be opened for reading; else says why on stderr. */
static int file_readable(const char *path)
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

static void print_error(const score_error *err)
{
    char buf[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 64];
    fprintf(stderr, "%s\n", score_error_format(err, buf, sizeof buf));
}

/* Collects the load errors: each is printed as it is found. */
typedef struct cli_diag {
    size_t count;
    int param_error; /* one of them was SCORE_EPARAM */
} cli_diag;

static void on_diagnostic(void *ud, const score_error *err)
{
    cli_diag *d = ud;
    print_error(err);
    d->count++;
    if (err->code == SCORE_EPARAM)
        d->param_error = 1;
}

/* Load the ruleset named by a->pos[0]; on failure print every error and
 * return the exit status (CLI_USAGE for a --param problem). */
static int load_ruleset(score_ruleset **out, const cli_args *a)
{
    const char *path = a->pos[0];
    *out = NULL;
    if (!file_readable(path))
        return CLI_FAIL;

    cli_diag diag = {0, 0};
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.params = a->params;
    opts.param_count = a->nparams;
    opts.diagnostic = on_diagnostic;
    opts.diagnostic_ud = &diag;

    score_error err;
    memset(&err, 0, sizeof err);
    if (score_ruleset_load_file(out, path, &opts, &err) == 0)
        return CLI_OK;
    *out = NULL;
    if (diag.count == 0)
        print_error(&err); /* e.g. an i/o error, reported only here */
    return (diag.param_error || err.code == SCORE_EPARAM) ? CLI_USAGE : CLI_FAIL;
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static int cmd_check(const cli_args *a)
{
    score_ruleset *rs;
    int rc = load_ruleset(&rs, a);
    if (rc != CLI_OK)
        return rc;
    puts("ok");
    score_ruleset_free(rs);
    return CLI_OK;
}

/* The warning for the columns the ruleset expects and the data lacks. */
static void warn_absent(const score_table *t, const char *data)
{
    size_t n = score_table_absent_count(t);
    if (n == 0)
        return;
    fprintf(stderr, "score: warning: %s: no column for ", data);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", score_table_absent_name(t, i));
    fputs(n == 1 ? " (its values are missing)\n" : " (their values are missing)\n", stderr);
}

static int cmd_eval(const cli_args *a)
{
    const char *data = a->pos[1];
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_result *r = NULL;
    score_error err;
    memset(&err, 0, sizeof err);

    int rc = load_ruleset(&rs, a);
    if (rc != CLI_OK)
        return rc;

    /* --threads is validated; evaluation is single-threaded for now. */
    rc = CLI_FAIL;
    if (!file_readable(data))
        goto done;
    if (score_table_read_csv(&t, rs, data, &err) != 0) {
        t = NULL;
        print_error(&err);
        goto done;
    }
    warn_absent(t, data);
    if (score_evaluate(&r, rs, t, &err) != 0) {
        r = NULL;
        print_error(&err);
        goto done;
    }

    int wrc = 0;
    switch (a->format) {
    case CLI_FORMAT_TABLE: wrc = cli_write_table(stdout, rs, t, r); break;
    case CLI_FORMAT_CSV: wrc = cli_write_csv(stdout, rs, t, r); break;
    case CLI_FORMAT_JSON: wrc = cli_write_json(stdout, rs, t, r); break;
    }
    if (wrc != 0) {
        fputs("score: out of memory\n", stderr);
        goto done;
    }
    rc = CLI_OK;

done:
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_text, stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("score %s\n", score_version());
        return CLI_OK;
    }
    if (strcmp(cmd, "check") != 0 && strcmp(cmd, "eval") != 0) {
        if (cmd[0] == '-')
            usage_error("unknown option: %s", cmd);
        else
            usage_error("unknown command: %s", cmd);
        return CLI_USAGE;
    }

    cli_args a;
    memset(&a, 0, sizeof a);
    a.command = cmd;
    a.format = CLI_FORMAT_TABLE;
    a.threads = 1;

    int rc = parse_args(&a, argc, argv);
    if (rc == CLI_OK && a.help)
        fputs(usage_text, stdout);
    else if (rc == CLI_OK)
        rc = strcmp(cmd, "eval") == 0 ? cmd_eval(&a) : cmd_check(&a);
    args_free(&a);

    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("score: error writing the output\n", stderr);
        if (rc == CLI_OK)
            rc = CLI_FAIL;
    }
    return rc;
}
