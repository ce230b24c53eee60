/*
 * score explain RULESET DATA.csv KEY [--format text|json] [--param k=v]...
 * score explain RULESET DATA.csv --target ID [--format text|json] ...
 *
 * One row's full explanation (score_explain_row), or one target in each of
 * its scopes with the rows that fall short (score_explain_outcome):
 * Chinese text for people (the default) or JSON for machines, with the
 * provenance of the ruleset.
 */
#include <string.h>

#include "cli.h"

/* Print one explanation, ending with a newline. */
static int print_explanation(int rc, char *text, const cli_run *run, const score_error *err)
{
    if (rc != 0) {
        cli_print_error(err);
        return CLI_FAIL;
    }
    size_t n = strlen(text);
    fputs(text, stdout);
    if (n == 0 || text[n - 1] != '\n')
        putchar('\n');
    score_string_free(run->r, text);
    return CLI_OK;
}

/* Every outcome of the target: a JSON list, or texts one after another. */
static int explain_target(const cli_args *a, const cli_run *run, score_explain_format format)
{
    size_t target = score_ruleset_target_index(run->rs, a->target);
    if (target == (size_t)-1) {
        fprintf(stderr, "score: %s: no such target\n", a->target);
        return CLI_FAIL;
    }
    int json = format == SCORE_EXPLAIN_JSON, first = 1, rc = CLI_OK;
    if (json)
        fputs("[\n", stdout);
    for (size_t i = 0; rc == CLI_OK && i < score_result_outcome_count(run->r); i++) {
        score_target_outcome o;
        if (score_result_outcome(run->r, i, &o) != 0 || o.target != target)
            continue;
        if (!first)
            fputs(json ? ",\n" : "\n", stdout);
        char *text = NULL;
        score_error err;
        memset(&err, 0, sizeof err);
        int erc = score_explain_outcome(&text, run->r, run->t, i, format, &err);
        if (json && erc == 0) /* one object per line inside the list */
            text[strcspn(text, "\n")] = '\0';
        if (!json && erc == 0 && !first) { /* the provenance once */
            char *body = strchr(text, '\n');
            if (body)
                memmove(text, body + 1, strlen(body + 1) + 1);
        }
        first = 0;
        rc = print_explanation(erc, text, run, &err);
    }
    if (json)
        fputs("]\n", stdout);
    return rc;
}

int cmd_explain(const cli_args *a)
{
    cli_run run;
    int rc = cli_run_open(&run, a);
    if (rc != CLI_OK)
        return rc;
    score_explain_format format =
        a->format == CLI_FORMAT_JSON ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
    if (a->target) {
        rc = explain_target(a, &run, format);
        cli_run_close(&run);
        return rc;
    }
    const char *key = a->pos[2];
    size_t row = score_table_find_key(run.t, key);
    if (row == (size_t)-1) {
        fprintf(stderr, "score: %s: no such row\n", key);
        cli_run_close(&run);
        return CLI_FAIL;
    }
    char *text = NULL;
    score_error err;
    memset(&err, 0, sizeof err);
    int erc = score_explain_row(&text, run.r, run.t, row, format, &err);
    rc = print_explanation(erc, text, &run, &err);
    cli_run_close(&run);
    return rc;
}
