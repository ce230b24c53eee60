/*
 * score_csv: embed libscore in a C program.
 *
 *   score_csv RULESET DATA.csv [NAME=VALUE]...
 *
 * Loads RULESET (a built-in id such as meihao-xiangcun, or the path of a
 * YAML/JSON document) with the given param overrides, reads DATA.csv,
 * evaluates it, and prints one line per row: the key, the awarded tier's
 * id and its label, tab-separated ("-" when no tier was awarded); then
 * how many rows each tier got. Errors are printed as FILE:LINE:COL: message.
 *
 * Exit status as the score CLI: 0 ok, 1 rule or data error, 2 usage error.
 *
 * Build against an installed libscore with the Makefile (pkg-config) or
 * the CMakeLists.txt (find_package) next to this file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <score/score.h>

/* score_error_format() needs room for the source, the message and the
 * position. */
#define ERROR_TEXT_LEN (SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 32)

static void print_error(const score_error *err)
{
    char text[ERROR_TEXT_LEN];
    fprintf(stderr, "%s\n", score_error_format(err, text, sizeof text));
}

/* The library calls this once per error while loading a ruleset, so that
 * every error of a document is shown, not only the first. */
static void on_load_error(void *ud, const score_error *err)
{
    size_t *count = ud;
    print_error(err);
    (*count)++;
}

/* The data lacked columns the ruleset expects: their cells are missing,
 * which makes verdicts unknown rather than false. Worth a warning. */
static void warn_absent_columns(const score_table *t, const char *path)
{
    size_t n = score_table_absent_count(t);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "score_csv: warning: %s: no column for %s\n", path,
                score_table_absent_name(t, i));
}

/* Print each row's tier and return 0, or 1 if the counts cannot be kept. */
static int print_tiers(const score_ruleset *rs, const score_table *t, const score_result *r)
{
    size_t levels = score_ruleset_tier_count(rs);
    size_t rows = score_result_row_count(r);
    /* counts[0] is "no tier", counts[1 + i] is level i. */
    size_t *counts = calloc(levels + 1, sizeof *counts);
    if (!counts) {
        fputs("score_csv: out of memory\n", stderr);
        return 1;
    }

    for (size_t row = 0; row < rows; row++) {
        const char *key = score_table_key(t, row);
        int tier = score_result_tier(r, row); /* -1: none */
        counts[tier < 0 ? 0 : (size_t)tier + 1]++;
        printf("%s\t%s\t%s\n", key ? key : "(no key)",
               tier < 0 ? "-" : score_ruleset_tier_id(rs, (size_t)tier),
               tier < 0 ? "-" : score_ruleset_tier_label(rs, (size_t)tier));
    }

    /* Highest level first, as a standard lists its awards. */
    printf("\ntier counts (%zu rows):\n", rows);
    for (size_t i = levels; i-- > 0;)
        printf("%zu\t%s\t%s\n", counts[i + 1], score_ruleset_tier_id(rs, i),
               score_ruleset_tier_label(rs, i));
    printf("%zu\t-\t(none)\n", counts[0]);
    free(counts);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: score_csv RULESET DATA.csv [NAME=VALUE]...\n", stderr);
        return 2;
    }
    const char *ruleset_name = argv[1];
    const char *data_path = argv[2];

    /* NAME=VALUE arguments become param overrides; the strings stay in argv. */
    size_t nparams = (size_t)argc - 3;
    score_param *params = NULL;
    if (nparams > 0) {
        params = calloc(nparams, sizeof *params);
        if (!params) {
            fputs("score_csv: out of memory\n", stderr);
            return 1;
        }
    }
    for (size_t i = 0; i < nparams; i++) {
        char *arg = argv[3 + i];
        char *eq = strchr(arg, '=');
        if (!eq || eq == arg) {
            fprintf(stderr, "score_csv: not NAME=VALUE: %s\n", arg);
            free(params);
            return 2;
        }
        *eq = '\0';
        params[i].name = arg;
        params[i].value = eq + 1;
    }

    size_t load_errors = 0;
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.params = params;
    opts.param_count = nparams;
    opts.diagnostic = on_load_error;
    opts.diagnostic_ud = &load_errors;

    score_error err;
    memset(&err, 0, sizeof err);
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_result *r = NULL;
    int status = 1;

    int rc = score_ruleset_load(&rs, ruleset_name, &opts, &err);
    if (rc != 0) {
        /* The callback has shown the document's errors; an i/o error or an
         * unknown built-in id may reach only err. */
        if (load_errors == 0)
            print_error(&err);
        status = rc == SCORE_EPARAM ? 2 : 1;
        goto done;
    }
    if (score_ruleset_tier_count(rs) == 0) {
        fprintf(stderr, "score_csv: %s has no tier ladder\n", score_ruleset_id(rs));
        goto done;
    }
    if (score_table_read_csv(&t, rs, data_path, &err) != 0) {
        print_error(&err); /* a bad cell: DATA.csv:LINE:COL: message */
        goto done;
    }
    warn_absent_columns(t, data_path);
    if (score_evaluate(&r, rs, t, &err) != 0) {
        print_error(&err);
        goto done;
    }

    printf("# %s %s (%s), rule hash %s\n", score_ruleset_id(rs), score_ruleset_version(rs),
           score_ruleset_title(rs), score_ruleset_hash(rs));
    status = print_tiers(rs, t, r);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("score_csv: error writing the output\n", stderr);
        status = 1;
    }

done:
    /* Results and tables before the ruleset they were made from. */
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
    free(params);
    return status;
}
