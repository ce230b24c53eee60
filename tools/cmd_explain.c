/*
 * score explain RULESET DATA.csv KEY [--format text|json] [--param k=v]...
 *
 * One row's full explanation (score_explain_row): Chinese text for people
 * (the default) or JSON for machines, with the provenance of the ruleset.
 */
#include <string.h>

#include "cli.h"

int cmd_explain(const cli_args *a)
{
    const char *key = a->pos[2];
    cli_run run;
    int rc = cli_run_open(&run, a);
    if (rc != CLI_OK)
        return rc;

    size_t row = score_table_find_key(run.t, key);
    if (row == (size_t)-1) {
        fprintf(stderr, "score: %s: no such row\n", key);
        cli_run_close(&run);
        return CLI_FAIL;
    }

    char *text = NULL;
    score_error err;
    memset(&err, 0, sizeof err);
    score_explain_format format =
        a->format == CLI_FORMAT_JSON ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
    if (score_explain_row(&text, run.r, run.t, row, format, &err) != 0) {
        cli_print_error(&err);
        rc = CLI_FAIL;
    } else {
        size_t n = strlen(text);
        fputs(text, stdout);
        if (n == 0 || text[n - 1] != '\n')
            putchar('\n');
    }
    score_string_free(run.r, text);
    cli_run_close(&run);
    return rc;
}
