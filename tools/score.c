/*
 * score: the command-line tool of libscore.
 *
 *   score list
 *   score check RULESET [--param NAME=VALUE]... [--limit NAME=VALUE]...
 *   score eval RULESET DATA.csv [--format table|csv|json] [--param ..] [--threads N]
 *   score targets RULESET DATA.csv [--year Y] [--format table|csv|json] [--param ..]
 *   score explain RULESET DATA.csv KEY [--format text|json] [--param ..]
 * (eval, targets and explain take --limit NAME=VALUE too)
 *   score test RULESET CASES.yaml [--param ..]
 *
 * This file parses the command line and runs list and check; the other
 * commands live in cmd_*.c, the shared loading in load.c, the output
 * building blocks in output.c. It uses only the public API (score/score.h).
 * Results go to stdout; errors to stderr, those of rulesets and data as
 * FILE:LINE:COL: message. Exit status: 0 ok, 1 rule or data error, 2 usage
 * error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: score list\n"
    "       score check RULESET [DATA] [--param NAME=VALUE]... [--limit NAME=VALUE]...\n"
    "       score eval RULESET DATA.csv [--format table|csv|json|xlsx]\n"
    "                  [--param NAME=VALUE]... [--threads N]\n"
    "                  [--limit NAME=VALUE]... [reading options] [output options]\n"
    "       score targets RULESET DATA.csv [--year Y] [--format table|csv|json|xlsx]\n"
    "                  [--param NAME=VALUE]... [--threads N]\n"
    "                  [--limit NAME=VALUE]... [reading options] [output options]\n"
    "       score report RULESET DATA.csv [--format html|xlsx] -o FILE\n"
    "                  [--param NAME=VALUE]... [--year Y] [reading options]\n"
    "                  [output options]\n"
    "       score explain RULESET DATA.csv KEY [--format text|json] [--labels]\n"
    "                  [--param NAME=VALUE]... [--threads N]\n"
    "                  [--limit NAME=VALUE]... [reading options]\n"
    "       score explain RULESET DATA.csv --target ID [--format text|json]\n"
    "                  [--param NAME=VALUE]... [--threads N]\n"
    "                  [--limit NAME=VALUE]... [reading options]\n"
    "       score gap RULESET DATA.csv KEY [--tier ID] [--format text|json]\n"
    "                  [--param NAME=VALUE]... [reading options]\n"
    "       score gap RULESET DATA.csv --target ID [--scope S]\n"
    "                  [--format text|json] [--param NAME=VALUE]...\n"
    "       score diff RULESET OLD.csv NEW.csv [--targets] [--format table|csv|json]\n"
    "                  [--param NAME=VALUE]... [--param-new NAME=VALUE]... [--labels]\n"
    "       score test RULESET CASES.yaml [--param NAME=VALUE]...\n"
    "       score --version\n"
    "       score help\n"
    "\n"
    "commands:\n"
    "  list     the built-in rulesets, one per line: id, a tab, title\n"
    "  check    load and compile RULESET; print ok, or every error as\n"
    "           FILE:LINE:COL: message; with DATA, read it as eval would and\n"
    "           print a data-quality report (exit 1 if eval would fail)\n"
    "  eval     evaluate RULESET on every row of DATA.csv: the key; with tiers\n"
    "           the qualified and awarded tier ids and the rank score; each\n"
    "           scorecard's total (and ID_grade when it has bands); then one\n"
    "           column per criterion\n"
    "  targets  the target checks of RULESET over DATA.csv, one line per target\n"
    "           and scope: target, scope, actual, op, required, verdict\n"
    "           (met, not_met, unknown) and shortfall\n"
    "  report   the 考核验收 report: one self-contained HTML file (or the\n"
    "           workbook) with the summary, awards per level against quota\n"
    "           and cap, a table per town, charts, every target and every\n"
    "           row's explanation; prints to A4\n"
    "  explain  why the row of DATA.csv whose key is KEY got its verdicts,\n"
    "           tier and scores, in Chinese labels (or json); with --target ID,\n"
    "           that target in each scope and the rows that fall short\n"
    "  gap      what the row whose key is KEY must change to reach the next\n"
    "           tier (or --tier ID): each failing requirement solved for the\n"
    "           smallest change of one field, the rank score it needs when\n"
    "           the level is full, and what cannot be solved; with --target\n"
    "           ID, the rows cheapest to bring over the line of each scope\n"
    "           where the target is not met (攻坚清单), each with its changes\n"
    "  diff     what changed between two data files (or, with --param-new and\n"
    "           one file, two sets of params): key, tier_old, tier_new, change\n"
    "           (up, down, same, added, removed) and the criteria that flipped;\n"
    "           with --targets each target and scope, old and new\n"
    "  test     run the rule author's test cases of CASES.yaml against\n"
    "           RULESET: PASS or FAIL per case with what differed, then\n"
    "           \"N passed, M failed\"; exit 1 if any failed\n"
    "\n"
    "options (anywhere after the command; --opt VALUE or --opt=VALUE):\n"
    "  --format F          output of eval and targets: table (default), csv,\n"
    "                      json or xlsx (a workbook: needs -o); of report: html\n"
    "                      (default) or xlsx; of explain: text (default) or json\n"
    "  --param NAME=VALUE  override a param of the ruleset; VALUE is a literal\n"
    "                      as in rules (60%, 3万, 2020, \"text\")\n"
    "  --year Y            targets: keep the targets whose milestone year is Y\n"
    "  --target ID         explain: the target to explain, instead of a KEY;\n"
    "                      gap: the target to plan for\n"
    "  --tier ID           gap: the tier to reach (default: the next above the\n"
    "                      awarded one)\n"
    "  --scope S           gap --target: only this scope, all or FIELD=VALUE\n"
    "  --targets           diff: compare the target outcomes instead of the rows\n"
    "  --param-new N=V     diff: a param of the new side only (what if ...?)\n"
    "  --threads N         eval, targets, explain: threads that read the CSV\n"
    "                      and evaluate, a positive integer (default 1); the\n"
    "                      results are the same whatever N is\n"
    "  --limit NAME=VALUE  a safety limit for untrusted input, VALUE a positive\n"
    "                      integer: document_bytes, expression_bytes,\n"
    "                      expression_depth, fields, criteria, tier_levels,\n"
    "                      targets (of the ruleset), line_bytes, cell_bytes,\n"
    "                      rows (of the CSV data), memory_bytes (of one table\n"
    "                      or result); beyond it the command fails (status 1)\n"
    "  --encoding E        of a text DATA file: auto (default: UTF-8, UTF-16 by\n"
    "                      its BOM, else GB18030), utf-8, gb18030 or utf-16\n"
    "  --sheet S           of a workbook (.xlsx): its name, or N for the N-th\n"
    "                      (default: the first)\n"
    "  --header-row N      the header's line or row (default: the first of the\n"
    "                      first 20 rows that names the most fields)\n"
    "  --skip-totals       skip total rows (合计, 总计, 小计, 平均) instead of\n"
    "                      refusing them, and count them\n"
    "  --strict            absent fields and headers matching no field are\n"
    "                      errors, not warnings\n"
    "  --labels            eval, targets, diff: Chinese labels for columns, tiers,\n"
    "                      verdicts (是/否, 达标/未达标/数据缺失) and scopes (全部,\n"
    "                      镇(街道)=双河镇); the table rounds numbers; csv starts\n"
    "                      with a BOM for Excel\n"
    "  --keep COLS         eval: show these fields (ids or labels, comma-separated)\n"
    "                      after the key, e.g. --keep 村名,镇; default for the\n"
    "                      table, workbook and report: the ruleset's display: list\n"
    "  --digits N          decimals of numbers for people (table with --labels,\n"
    "                      workbook, report); default 2\n"
    "  -o, --output FILE   write to FILE instead of standard output; FILE appears\n"
    "                      whole or not at all (the old one stays on failure)\n"
    "  -h, --help          show this help\n"
    "  --version           show the version\n"
    "\n"
    "RULESET is a built-in id (see score list) or the path of a YAML or JSON\n"
    "ruleset document (write ./NAME for a file named like a built-in).\n"
    "DATA.csv (CSV or TAB-separated text, or an .xlsx workbook, told by its\n"
    "content) has a header naming the ruleset's fields by id or label. In csv\n"
    "output an unknown verdict or missing value is an empty cell; in json it\n"
    "is null. json output names the ruleset's id, version, hash and the params\n"
    "that differ from their defaults.\n"
    "\n"
    "exit status: 0 ok, 1 rule or data error, 2 usage error\n";

static void args_free(cli_args *a)
{
    if (a->keep)
        free(a->keep[0]);
    free(a->keep);
    for (size_t i = 0; i < a->nparams + a->nparams_new; i++)
        free(a->param_text[i]);
    free(a->param_text);
    free(a->params);
    free(a->params_new);
}

/* ------------------------------------------------------------------ */
/* Commands and their options                                          */
/* ------------------------------------------------------------------ */

enum {
    OPT_FORMAT = 1,
    OPT_PARAM = 2,
    OPT_THREADS = 4,
    OPT_YEAR = 8,
    OPT_TARGET = 16,
    OPT_LIMIT = 32,
    OPT_READ = 64, /* --encoding, --sheet, --header-row, --skip-totals, --strict */
    OPT_OUTPUT = 128, /* --keep, --digits, -o/--output */
    OPT_LABELS = 256, /* --labels */
    OPT_TIER = 512,   /* --tier ID (gap) */
    OPT_SCOPE = 1024, /* --scope S (gap --target) */
    OPT_DIFF = 2048,  /* --targets, --param-new NAME=VALUE (diff) */
    OPT_RESULTS = OPT_FORMAT | OPT_PARAM | OPT_THREADS | OPT_LIMIT | OPT_READ | OPT_LABELS
};

typedef struct cli_command {
    const char *name;
    int (*run)(const cli_args *a);
    size_t npos;               /* positional arguments */
    size_t min_pos;            /* of which required */
    const char *posname[3];    /* for "missing argument" */
    unsigned options;          /* the OPT_ flags it accepts */
    cli_format default_format;
    int text_formats;          /* --format text|json rather than table|csv|json */
    int report;                /* --format html|xlsx */
} cli_command;

static int cmd_list(const cli_args *a);
static int cmd_check(const cli_args *a);

static const cli_command commands[] = {
    {"list", cmd_list, 0, 0, {NULL}, 0, CLI_FORMAT_TABLE, 0, 0},
    {"check", cmd_check, 2, 1, {"RULESET", "DATA"}, OPT_PARAM | OPT_LIMIT | OPT_READ,
     CLI_FORMAT_TABLE, 0, 0},
    {"eval", cmd_eval, 2, 2, {"RULESET", "DATA.csv"},
     OPT_RESULTS | OPT_OUTPUT, CLI_FORMAT_TABLE, 0, 0},
    {"targets", cmd_targets, 2, 2, {"RULESET", "DATA.csv"},
     OPT_RESULTS | OPT_YEAR | OPT_OUTPUT, CLI_FORMAT_TABLE, 0, 0},
    {"report", cmd_report, 2, 2, {"RULESET", "DATA"},
     OPT_RESULTS | OPT_YEAR | OPT_OUTPUT, CLI_FORMAT_HTML, 0, 1},
    {"explain", cmd_explain, 3, 3, {"RULESET", "DATA.csv", "KEY"}, OPT_RESULTS | OPT_TARGET,
     CLI_FORMAT_TEXT, 1, 0},
    {"gap", cmd_gap, 3, 3, {"RULESET", "DATA.csv", "KEY"},
     OPT_FORMAT | OPT_PARAM | OPT_THREADS | OPT_LIMIT | OPT_READ | OPT_TARGET | OPT_TIER |
         OPT_SCOPE,
     CLI_FORMAT_TEXT, 1, 0},
    {"diff", cmd_diff, 3, 2, {"RULESET", "OLD", "NEW"},
     OPT_FORMAT | OPT_PARAM | OPT_THREADS | OPT_LIMIT | OPT_READ | OPT_DIFF | OPT_LABELS,
     CLI_FORMAT_TABLE, 0, 0},
    {"test", cmd_test, 2, 2, {"RULESET", "CASES.yaml"}, OPT_PARAM, CLI_FORMAT_TABLE, 0, 0},
};

typedef struct cli_option {
    const char *name; /* without the leading "--" */
    unsigned id;
    int flag;         /* takes no value */
} cli_option;

static const cli_option options[] = {
    {"format", OPT_FORMAT, 0},   {"param", OPT_PARAM, 0},       {"threads", OPT_THREADS, 0},
    {"year", OPT_YEAR, 0},       {"target", OPT_TARGET, 0},     {"limit", OPT_LIMIT, 0},
    {"encoding", OPT_READ, 0},   {"sheet", OPT_READ, 0},        {"header-row", OPT_READ, 0},
    {"skip-totals", OPT_READ, 1}, {"strict", OPT_READ, 1},
    {"labels", OPT_LABELS, 1},   {"keep", OPT_OUTPUT, 0},       {"digits", OPT_OUTPUT, 0},
    {"output", OPT_OUTPUT, 0},   {"tier", OPT_TIER, 0},         {"scope", OPT_SCOPE, 0},
    {"targets", OPT_DIFF, 1},    {"param-new", OPT_DIFF, 0},
};

static int parse_positive(const char *s, long *out);

/* One of the reading options (OPT_READ). */
static int set_read_option(cli_args *a, const char *name, const char *value)
{
    score_read_options *r = &a->read;
    long v;
    if (strcmp(name, "skip-totals") == 0) {
        r->skip_totals = 1;
    } else if (strcmp(name, "strict") == 0) {
        r->strict = 1;
    } else if (strcmp(name, "sheet") == 0) {
        r->sheet = value;
    } else if (strcmp(name, "header-row") == 0) {
        if (parse_positive(value, &v) != 0) {
            cli_usage_error("bad --header-row value: %s (expected a row number, e.g. 3)", value);
            return CLI_USAGE;
        }
        r->header_row = (size_t)v;
    } else if (score_encoding_parse(value, &r->encoding) != 0) {
        cli_usage_error("bad --encoding value: %s (expected auto, utf-8, gb18030 or utf-16)",
                        value);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* The limits --limit can set, by name. */
typedef struct cli_limit {
    const char *name;
    size_t offset; /* in score_limits */
} cli_limit;

#define LIMIT(f) {#f, offsetof(score_limits, f)}
static const cli_limit limit_names[] = {
    LIMIT(document_bytes), LIMIT(expression_bytes), LIMIT(expression_depth), LIMIT(fields),
    LIMIT(criteria),       LIMIT(tier_levels),      LIMIT(targets),          LIMIT(line_bytes),
    LIMIT(cell_bytes),     LIMIT(rows),             LIMIT(memory_bytes),
};
#undef LIMIT

/* A positive decimal integer of at most 9 digits. */
static int parse_positive(const char *s, long *out)
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

/* A positive decimal integer that fits a size_t. */
static int parse_size(const char *s, size_t *out)
{
    size_t n = strlen(s), v = 0;
    if (n == 0 || strspn(s, "0123456789") != n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t d = (size_t)(s[i] - '0');
        if (v > (SIZE_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (v == 0)
        return -1;
    *out = v;
    return 0;
}

/* Set one limit from NAME=VALUE; CLI_OK or CLI_USAGE. */
static int set_limit(cli_args *a, const char *text)
{
    const char *eq = strchr(text, '=');
    size_t v;
    for (size_t k = 0; eq && k < sizeof limit_names / sizeof limit_names[0]; k++) {
        const cli_limit *l = &limit_names[k];
        if (strlen(l->name) != (size_t)(eq - text) || strncmp(l->name, text, (size_t)(eq - text)))
            continue;
        if (parse_size(eq + 1, &v) != 0) {
            cli_usage_error("bad --limit value: %s (expected a positive integer)", text);
            return CLI_USAGE;
        }
        memcpy((char *)&a->limits + l->offset, &v, sizeof v);
        a->has_limits = 1;
        return CLI_OK;
    }
    cli_usage_error("bad --limit value: %s (expected NAME=VALUE, NAME one of document_bytes, "
                    "expression_bytes, expression_depth, fields, criteria, tier_levels, "
                    "targets, line_bytes, cell_bytes, rows, memory_bytes)",
                    text);
    return CLI_USAGE;
}

/* Store one NAME=VALUE; returns CLI_OK, or CLI_USAGE / CLI_FAIL. */
static int add_param(cli_args *a, const char *text, int new_side)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        cli_usage_error("bad --param value: %s (expected NAME=VALUE)", text);
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
    a->param_text[a->nparams + a->nparams_new] = copy;
    score_param *p = new_side ? &a->params_new[a->nparams_new++] : &a->params[a->nparams++];
    p->name = copy;
    p->value = copy + (eq - text) + 1;
    return CLI_OK;
}

static int set_format(cli_args *a, const cli_command *cmd, const char *value)
{
    if (cmd->report) {
        if (strcmp(value, "html") == 0)
            a->format = CLI_FORMAT_HTML;
        else if (strcmp(value, "xlsx") == 0)
            a->format = CLI_FORMAT_XLSX;
        else {
            cli_usage_error("bad --format value: %s (expected html or xlsx)", value);
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    if (cmd->text_formats) {
        if (strcmp(value, "text") == 0)
            a->format = CLI_FORMAT_TEXT;
        else if (strcmp(value, "json") == 0)
            a->format = CLI_FORMAT_JSON;
        else {
            cli_usage_error("bad --format value: %s (expected text or json)", value);
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    if (strcmp(value, "table") == 0)
        a->format = CLI_FORMAT_TABLE;
    else if (strcmp(value, "csv") == 0)
        a->format = CLI_FORMAT_CSV;
    else if (strcmp(value, "json") == 0)
        a->format = CLI_FORMAT_JSON;
    else if (strcmp(value, "xlsx") == 0)
        a->format = CLI_FORMAT_XLSX;
    else {
        cli_usage_error("bad --format value: %s (expected table, csv, json or xlsx)", value);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* --keep A,B,C (commas ASCII or full width): the names, in a->keep. */
static int set_keep(cli_args *a, const char *value)
{
    size_t n = 1;
    for (const char *p = value; *p; p++)
        n += *p == ',' || strncmp(p, "\xef\xbc\x8c", 3) == 0;
    char *copy = malloc(strlen(value) + 1);
    char **names = calloc(n, sizeof *names);
    if (!copy || !names) {
        free(copy);
        free(names);
        fputs("score: out of memory\n", stderr);
        return CLI_FAIL;
    }
    strcpy(copy, value);
    size_t k = 0;
    for (char *p = copy, *start = copy;; p++) {
        int comma = *p == ',' ? 1 : strncmp(p, "\xef\xbc\x8c", 3) == 0 ? 3 : 0;
        if (!comma && *p)
            continue;
        int end = !*p;
        *p = '\0';
        if (!*start) {
            cli_usage_error("bad --keep value: %s (expected column names separated by commas)",
                            value);
            free(copy);
            free(names);
            return CLI_USAGE;
        }
        names[k++] = start;
        if (end)
            break;
        p += comma - 1;
        start = p + 1;
    }
    if (a->keep) {
        free(a->keep[0]);
        free(a->keep);
    }
    a->keep = names;
    a->out.keep = (const char *const *)names;
    a->out.nkeep = k;
    return CLI_OK;
}

/* --labels, --keep, --digits, -o/--output. */
static int set_output_option(cli_args *a, const char *name, const char *value)
{
    long v;
    if (strcmp(name, "labels") == 0) {
        a->out.labels = 1;
    } else if (strcmp(name, "keep") == 0) {
        return set_keep(a, value);
    } else if (strcmp(name, "digits") == 0) {
        if (strcmp(value, "0") == 0)
            v = 0;
        else if (parse_positive(value, &v) != 0 || v > 15) {
            cli_usage_error("bad --digits value: %s (expected 0 to 15)", value);
            return CLI_USAGE;
        }
        a->out.digits = (int)v;
    } else {
        a->output = value;
    }
    return CLI_OK;
}

/* Apply one option with its value. */
static int apply_option(cli_args *a, const cli_command *cmd, const cli_option *opt,
                        const char *value)
{
    long v;
    switch (opt->id) {
    case OPT_FORMAT:
        return set_format(a, cmd, value);
    case OPT_PARAM:
        return add_param(a, value, 0);
    case OPT_THREADS:
        if (parse_positive(value, &a->threads) != 0) {
            cli_usage_error("bad --threads value: %s (expected a positive integer)", value);
            return CLI_USAGE;
        }
        return CLI_OK;
    case OPT_YEAR:
        if (parse_positive(value, &v) != 0) {
            cli_usage_error("bad --year value: %s (expected a year, e.g. 2022)", value);
            return CLI_USAGE;
        }
        a->year = (int)v;
        a->has_year = 1;
        a->out.year = a->year;
        return CLI_OK;
    case OPT_TARGET:
        a->target = value;
        return CLI_OK;
    case OPT_TIER:
        a->tier = value;
        return CLI_OK;
    case OPT_SCOPE:
        a->scope = value;
        return CLI_OK;
    case OPT_DIFF:
        if (strcmp(opt->name, "targets") == 0) {
            a->diff_targets = 1;
            return CLI_OK;
        }
        return add_param(a, value, 1);
    case OPT_LIMIT:
        return set_limit(a, value);
    case OPT_READ:
        return set_read_option(a, opt->name, value);
    case OPT_OUTPUT:
    case OPT_LABELS:
        return set_output_option(a, opt->name, value);
    }
    return CLI_USAGE;
}

/*
 * Parse the arguments after the command (argv[2..]). Options may come
 * anywhere, as --name VALUE or --name=VALUE; "--" ends them.
 */
static int parse_args(cli_args *a, const cli_command *cmd, int argc, char **argv)
{
    int only_positional = 0;

    a->params = calloc((size_t)argc, sizeof *a->params);
    a->params_new = calloc((size_t)argc, sizeof *a->params_new);
    a->param_text = calloc((size_t)argc, sizeof *a->param_text);
    if (!a->params || !a->params_new || !a->param_text) {
        fputs("score: out of memory\n", stderr);
        return CLI_FAIL;
    }

    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a->npos == cmd->npos) {
                cli_usage_error("%s: unexpected argument: %s", cmd->name, arg);
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
        if (strcmp(arg, "-o") == 0) /* the one short option: -o FILE */
            arg = "--output";
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
        if (!opt || !(cmd->options & opt->id)) {
            cli_usage_error("%s: unknown option: %s", cmd->name, argv[i]);
            return CLI_USAGE;
        }
        if (opt->flag && value) {
            cli_usage_error("option --%s takes no value", opt->name);
            return CLI_USAGE;
        }
        if (!value && !opt->flag) {
            if (i + 1 >= argc) {
                cli_usage_error("option --%s needs a value", opt->name);
                return CLI_USAGE;
            }
            value = argv[++i];
        }
        int rc = apply_option(a, cmd, opt, value);
        if (rc != CLI_OK)
            return rc;
    }

    /* an explanation in text is in labels already; its JSON is for machines */
    if (a->out.labels && cmd->text_formats && a->format == CLI_FORMAT_JSON) {
        cli_usage_error("%s: --labels is for the text explanation (the default); "
                        "the JSON keeps ids for machines", cmd->name);
        return CLI_USAGE;
    }
    /* explain takes a KEY or a --target, not both */
    size_t need = cmd->options & OPT_TARGET && a->target ? cmd->npos - 1 : cmd->min_pos;
    if (a->npos > need && cmd->options & OPT_TARGET) {
        cli_usage_error("%s: give a KEY or --target, not both", cmd->name);
        return CLI_USAGE;
    }
    if (a->npos < need) {
        cli_usage_error("%s: missing argument %s", cmd->name, cmd->posname[a->npos]);
        return CLI_USAGE;
    }
    /* diff compares two files, or one file under two sets of params */
    if (cmd->options & OPT_DIFF && a->npos < 3 && a->nparams_new == 0) {
        cli_usage_error("%s: missing argument NEW (or give --param-new)", cmd->name);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* ------------------------------------------------------------------ */
/* list, check                                                         */
/* ------------------------------------------------------------------ */

static int cmd_list(const cli_args *a)
{
    (void)a;
    for (size_t i = 0; i < score_builtin_count(); i++)
        printf("%s\t%s\n", score_builtin_id(i), score_builtin_title(i));
    return CLI_OK;
}

static int cmd_check(const cli_args *a)
{
    score_ruleset *rs;
    int rc = cli_load_ruleset(&rs, a);
    if (rc != CLI_OK)
        return rc;
    if (a->npos < 2) {
        puts("ok");
        score_ruleset_free(rs);
        return CLI_OK;
    }
    rc = cli_check_data(rs, a->pos[1], &a->read);
    score_ruleset_free(rs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        fputs(usage_text, stdout);
        return CLI_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("score %s\n", score_version());
        return CLI_OK;
    }
    const cli_command *cmd = NULL;
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(name, commands[k].name) == 0)
            cmd = &commands[k];
    if (!cmd) {
        if (name[0] == '-')
            cli_usage_error("unknown option: %s", name);
        else
            cli_usage_error("unknown command: %s", name);
        return CLI_USAGE;
    }

    cli_args a;
    memset(&a, 0, sizeof a);
    a.command = cmd->name;
    a.format = cmd->default_format;
    a.threads = 1;
    score_read_options read_defaults = SCORE_READ_OPTIONS_INIT;
    a.read = read_defaults;
    score_output_options out_defaults = SCORE_OUTPUT_OPTIONS_INIT;
    a.out = out_defaults;

    int rc = parse_args(&a, cmd, argc, argv);
    if (rc == CLI_OK && a.help)
        fputs(usage_text, stdout);
    else if (rc == CLI_OK)
        rc = cmd->run(&a);
    args_free(&a);

    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("score: error writing the output\n", stderr);
        if (rc == CLI_OK)
            rc = CLI_FAIL;
    }
    return rc;
}
