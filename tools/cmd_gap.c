/*
 * score gap RULESET DATA.csv KEY [--tier ID] [--format text|json] [--param k=v]...
 * score gap RULESET DATA.csv --target ID [--scope S] [--format text|json] ...
 *
 * What the row whose key is KEY must change to reach the next tier above
 * the awarded one (or --tier ID): score_gap_row() and score_gap_format(),
 * Chinese text for people (the default) or JSON for machines. With
 * --target, the plan of each outcome of the target (in each scope, or the
 * one --scope names: all, or FIELD=VALUE): score_plan_target().
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

/* The plans of the target's outcomes (one scope with --scope). */
static int target_plans(const cli_args *a, const cli_run *run, score_explain_format format)
{
    size_t target = score_ruleset_target_index(run->rs, a->target);
    if (target == (size_t)-1) {
        fprintf(stderr, "score: %s: no such target\n", a->target);
        return CLI_FAIL;
    }
    int json = format == SCORE_EXPLAIN_JSON, first = 1, found = 0;
    if (json)
        fputs("[\n", stdout);
    for (size_t i = 0; i < score_result_outcome_count(run->r); i++) {
        score_target_outcome o;
        if (score_result_outcome(run->r, i, &o) != 0 || o.target != target ||
            (a->scope && strcmp(a->scope, o.scope) != 0))
            continue;
        found = 1;
        score_plan *p = NULL;
        char *text = NULL;
        score_error err;
        memset(&err, 0, sizeof err);
        if (score_plan_target(&p, run->r, run->t, i, &err) != 0 ||
            score_plan_format(&text, p, format, &err) != 0) {
            score_plan_free(p);
            cli_print_error(&err);
            return CLI_FAIL;
        }
        if (!first)
            fputs(json ? ",\n" : "\n", stdout);
        first = 0;
        if (json)
            text[strcspn(text, "\n")] = '\0';
        fputs(text, stdout);
        score_string_free(run->r, text);
        score_plan_free(p);
    }
    if (json)
        fputs("\n]\n", stdout);
    if (!found) {
        fprintf(stderr, "score: %s: no scope %s\n", a->target, a->scope ? a->scope : "");
        return CLI_FAIL;
    }
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
    rc = a->target ? target_plans(a, &run, format) : row_gap(a, &run, format);
    cli_run_close(&run);
    return rc;
}
