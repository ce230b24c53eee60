/*
 * score gap RULESET DATA.csv KEY [--tier ID] [--format text|json] [--param k=v]...
 *
 * What the row whose key is KEY must change to reach the next tier above
 * the awarded one (or --tier ID): score_gap_row() and score_gap_format(),
 * Chinese text for people (the default) or JSON for machines.
 */
#include <string.h>

#include "cli.h"

static size_t tier_index(const score_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < score_ruleset_tier_count(rs); i++)
        if (strcmp(score_ruleset_tier_id(rs, i), id) == 0)
            return i;
    return (size_t)-2;
}

static int row_gap(const cli_args *a, const cli_run *run, score_explain_format format)
{
    const char *key = a->pos[2];
    size_t row = score_table_find_key(run->t, key);
    if (row == (size_t)-1) {
        fprintf(stderr, "score: %s: no such row\n", key);
        return CLI_FAIL;
    }
    size_t tier = (size_t)-1;
    if (a->tier && (tier = tier_index(run->rs, a->tier)) == (size_t)-2) {
        fprintf(stderr, "score: %s: no such tier\n", a->tier);
        return CLI_FAIL;
    }
    score_gap *g = NULL;
    char *text = NULL;
    score_error err;
    memset(&err, 0, sizeof err);
    if (score_gap_row(&g, run->r, run->t, row, tier, &err) != 0 ||
        score_gap_format(&text, g, format, &err) != 0) {
        score_gap_free(g);
        cli_print_error(&err);
        return CLI_FAIL;
    }
    fputs(text, stdout);
    score_string_free(run->r, text);
    score_gap_free(g);
    return CLI_OK;
}

int cmd_gap(const cli_args *a)
{
    cli_run run;
    int rc = cli_run_open(&run, a);
    if (rc != CLI_OK)
        return rc;
    score_explain_format format =
        a->format == CLI_FORMAT_JSON ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
    rc = row_gap(a, &run, format);
    cli_run_close(&run);
    return rc;
}
