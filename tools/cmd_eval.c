/*
 * score eval RULESET DATA.csv [--format table|csv|json] [--param k=v]...
 *
 * One line per row: the key; if the ruleset has tiers, the qualified and
 * awarded tier (ids) and the rank score; each scorecard's total, followed
 * by its grade when it has bands; then each criterion's verdict.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The tier id of a level index, or NULL for none (-1 and below). */
static const char *tier_id(const score_ruleset *rs, int level)
{
    return level >= 0 ? score_ruleset_tier_id(rs, (size_t)level) : NULL;
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

/* A header of the key field id, qualified,tier,rank_score (with tiers),
 * the scorecard ids (and ID_grade), the criterion ids; then one line per
 * row; verdicts 1, 0, or empty for unknown; RFC 4180 quoting; LF. */
static int write_csv(FILE *out, const score_ruleset *rs, const score_table *t,
                     const score_result *r)
{
    size_t ncrit = score_ruleset_criterion_count(rs);
    size_t nsc = score_ruleset_scorecard_count(rs);
    int tiers = score_ruleset_tier_count(rs) > 0;
    size_t nrows = score_result_row_count(r);
    char num[32];

    cli_csv_field(out, score_ruleset_key(rs));
    if (tiers)
        fputs(",qualified,tier,rank_score", out);
    for (size_t s = 0; s < nsc; s++) {
        putc(',', out);
        cli_csv_field(out, score_ruleset_scorecard_id(rs, s));
        if (score_ruleset_scorecard_has_grades(rs, s)) {
            putc(',', out);
            cli_csv_field(out, score_ruleset_scorecard_id(rs, s));
            fputs("_grade", out);
        }
    }
    for (size_t c = 0; c < ncrit; c++) {
        putc(',', out);
        cli_csv_field(out, score_ruleset_criterion_id(rs, c));
    }
    putc('\n', out);

    for (size_t row = 0; row < nrows; row++) {
        cli_csv_field(out, score_table_key(t, row));
        if (tiers) {
            putc(',', out);
            cli_csv_field(out, tier_id(rs, score_result_qualified(r, row)));
            putc(',', out);
            cli_csv_field(out, tier_id(rs, score_result_tier(r, row)));
            putc(',', out);
            fputs(cli_number(score_result_rank_score(r, row), num), out);
        }
        for (size_t s = 0; s < nsc; s++) {
            putc(',', out);
            fputs(cli_number(score_result_score(r, s, row), num), out);
            if (score_ruleset_scorecard_has_grades(rs, s)) {
                putc(',', out);
                cli_csv_field(out, score_result_grade(r, s, row));
            }
        }
        for (size_t c = 0; c < ncrit; c++) {
            putc(',', out);
            switch (score_result_verdict(r, c, row)) {
            case SCORE_TRUE: putc('1', out); break;
            case SCORE_FALSE: putc('0', out); break;
            default: break; /* unknown */
            }
        }
        putc('\n', out);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

/* One object: the provenance of the ruleset and the rows, one per line.
 * Members qualified, tier and rank_score appear with tiers, scores with
 * scorecards, grades with scorecards that have bands; missing is null. */
static int write_json(FILE *out, const score_ruleset *rs, const score_table *t,
                      const score_result *r)
{
    size_t ncrit = score_ruleset_criterion_count(rs);
    size_t nsc = score_ruleset_scorecard_count(rs);
    int tiers = score_ruleset_tier_count(rs) > 0;
    size_t nrows = score_result_row_count(r);
    int grades = 0;
    for (size_t s = 0; s < nsc; s++)
        grades |= score_ruleset_scorecard_has_grades(rs, s);

    putc('{', out);
    cli_json_provenance(out, rs);
    fputs(",\"rows\":[\n", out);

    for (size_t row = 0; row < nrows; row++) {
        fputs("{\"key\":", out);
        cli_json_string(out, score_table_key(t, row));
        if (tiers) {
            fputs(",\"qualified\":", out);
            cli_json_string(out, tier_id(rs, score_result_qualified(r, row)));
            fputs(",\"tier\":", out);
            cli_json_string(out, tier_id(rs, score_result_tier(r, row)));
            fputs(",\"rank_score\":", out);
            cli_json_number(out, score_result_rank_score(r, row));
        }
        if (nsc) {
            fputs(",\"scores\":{", out);
            for (size_t s = 0; s < nsc; s++) {
                if (s)
                    putc(',', out);
                cli_json_string(out, score_ruleset_scorecard_id(rs, s));
                putc(':', out);
                cli_json_number(out, score_result_score(r, s, row));
            }
            putc('}', out);
        }
        if (grades) {
            fputs(",\"grades\":{", out);
            size_t n = 0;
            for (size_t s = 0; s < nsc; s++) {
                if (!score_ruleset_scorecard_has_grades(rs, s))
                    continue;
                if (n++)
                    putc(',', out);
                cli_json_string(out, score_ruleset_scorecard_id(rs, s));
                putc(':', out);
                cli_json_string(out, score_result_grade(r, s, row));
            }
            putc('}', out);
        }
        fputs(",\"criteria\":{", out);
        for (size_t c = 0; c < ncrit; c++) {
            if (c)
                putc(',', out);
            cli_json_string(out, score_ruleset_criterion_id(rs, c));
            putc(':', out);
            switch (score_result_verdict(r, c, row)) {
            case SCORE_TRUE: fputs("true", out); break;
            case SCORE_FALSE: fputs("false", out); break;
            default: fputs("null", out); break; /* unknown */
            }
        }
        fputs(row + 1 < nrows ? "}},\n" : "}}\n", out);
    }
    fputs("]}\n", out);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Table                                                               */
/* ------------------------------------------------------------------ */

/* Aligned columns with the cells of the CSV (an unknown verdict, a missing
 * number and no tier or grade are empty); then the legend. */
static int write_table(FILE *out, const score_ruleset *rs, const score_table *t,
                       const score_result *r)
{
    size_t ncrit = score_ruleset_criterion_count(rs);
    size_t nsc = score_ruleset_scorecard_count(rs);
    int tiers = score_ruleset_tier_count(rs) > 0;
    size_t nrows = score_result_row_count(r);
    size_t ncols = 1 + (tiers ? 3 : 0) + ncrit;
    int grades = 0;
    for (size_t s = 0; s < nsc; s++) {
        grades |= score_ruleset_scorecard_has_grades(rs, s);
        ncols += 1 + (score_ruleset_scorecard_has_grades(rs, s) ? 1 : 0);
    }

    cli_grid g;
    cli_grid_init(&g, ncols);
    char num[32], name[512];

    cli_grid_cell(&g, score_ruleset_key(rs));
    if (tiers) {
        cli_grid_cell(&g, "qualified");
        cli_grid_cell(&g, "tier");
        cli_grid_cell(&g, "rank_score");
    }
    for (size_t s = 0; s < nsc; s++) {
        cli_grid_cell(&g, score_ruleset_scorecard_id(rs, s));
        if (score_ruleset_scorecard_has_grades(rs, s)) {
            snprintf(name, sizeof name, "%s_grade", score_ruleset_scorecard_id(rs, s));
            cli_grid_cell(&g, name);
        }
    }
    for (size_t c = 0; c < ncrit; c++)
        cli_grid_cell(&g, score_ruleset_criterion_id(rs, c));

    for (size_t row = 0; row < nrows; row++) {
        const char *key = score_table_key(t, row);
        cli_grid_cell(&g, key ? key : "");
        if (tiers) {
            const char *q = tier_id(rs, score_result_qualified(r, row));
            const char *w = tier_id(rs, score_result_tier(r, row));
            double rank = score_result_rank_score(r, row);
            cli_grid_cell(&g, q ? q : "");
            cli_grid_cell(&g, w ? w : "");
            cli_grid_cell(&g, rank != rank ? "" : cli_number(rank, num));
        }
        for (size_t s = 0; s < nsc; s++) {
            double v = score_result_score(r, s, row);
            cli_grid_cell(&g, v != v ? "" : cli_number(v, num));
            if (score_ruleset_scorecard_has_grades(rs, s)) {
                const char *grade = score_result_grade(r, s, row);
                cli_grid_cell(&g, grade ? grade : "");
            }
        }
        for (size_t c = 0; c < ncrit; c++) {
            const char *cell = ""; /* unknown, as in every format */
            switch (score_result_verdict(r, c, row)) {
            case SCORE_TRUE: cell = "1"; break;
            case SCORE_FALSE: cell = "0"; break;
            default: break; /* unknown */
            }
            cli_grid_cell(&g, cell);
        }
    }
    int rc = cli_grid_print(out, &g);
    cli_grid_free(&g);
    if (rc != 0)
        return rc;
    fputs(tiers || grades ? "空白 = 数据缺失 (unknown)，或无等级 (none)\n"
                          : "空白 = 数据缺失 (unknown)\n",
          out);
    return 0;
}

int cmd_eval(const cli_args *a)
{
    cli_run run;
    int rc = cli_run_open(&run, a);
    if (rc != CLI_OK)
        return rc;
    int wrc = 0;
    switch (a->format) {
    case CLI_FORMAT_CSV: wrc = write_csv(stdout, run.rs, run.t, run.r); break;
    case CLI_FORMAT_JSON: wrc = write_json(stdout, run.rs, run.t, run.r); break;
    default: wrc = write_table(stdout, run.rs, run.t, run.r); break;
    }
    if (wrc != 0) {
        fputs("score: out of memory\n", stderr);
        rc = CLI_FAIL;
    }
    cli_run_close(&run);
    return rc;
}
