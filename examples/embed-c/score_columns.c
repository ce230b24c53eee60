/*
 * score_columns: read a whole result a column at a time.
 *
 *   score_columns RULESET DATA
 *
 * Loads RULESET (a built-in id or a path), reads DATA (CSV, TSV or .xlsx),
 * evaluates it and prints what `score eval --format csv` prints: the key;
 * with tiers, the qualified and awarded tier ids and the rank score; each
 * scorecard's total and, when it has bands, its grade; each criterion's
 * verdict (1, 0, or empty when unknown).
 *
 * Every per-row value is taken from one array per column (keys from the
 * key column's codes, tiers from score_result_tiers(), ...): the way a
 * platform hands results to a database or a data frame. Exit status: 0
 * ok, 1 error, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <score/score.h>

/* A CSV field, quoted when it holds a comma, a quote or a line break;
 * nothing for NULL. */
static void put_field(const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void put_number(double v)
{
    char buf[32];
    score_format_number(v, buf, sizeof buf); /* "" for NaN */
    fputs(buf, stdout);
}

static const char *tier_id(const score_ruleset *rs, int level)
{
    return level >= 0 ? score_ruleset_tier_id(rs, (size_t)level) : NULL;
}

static void print_header(const score_ruleset *rs)
{
    put_field(score_ruleset_key(rs));
    if (score_ruleset_tier_count(rs) > 0)
        fputs(",qualified,tier,rank_score", stdout);
    for (size_t s = 0; s < score_ruleset_scorecard_count(rs); s++) {
        putchar(',');
        put_field(score_ruleset_scorecard_id(rs, s));
        if (score_ruleset_scorecard_has_grades(rs, s)) {
            putchar(',');
            put_field(score_ruleset_scorecard_id(rs, s));
            fputs("_grade", stdout);
        }
    }
    for (size_t c = 0; c < score_ruleset_criterion_count(rs); c++) {
        putchar(',');
        put_field(score_ruleset_criterion_id(rs, c));
    }
    putchar('\n');
}

static int print_rows(const score_ruleset *rs, const score_table *t, const score_result *r)
{
    size_t nrows = score_result_row_count(r), nsc = score_ruleset_scorecard_count(rs),
           ncrit = score_ruleset_criterion_count(rs);
    score_error err;
    const double *keys = NULL; /* codes of the key column's text */
    if (score_table_column(t, score_ruleset_key(rs), &keys, NULL, &err) != 0) {
        fprintf(stderr, "score_columns: %s\n", err.message);
        return 1;
    }
    /* NULL when the ruleset has no tier ladder */
    const int *qualified = score_result_qualified_tiers(r), *tiers = score_result_tiers(r);
    const double *rank = score_result_rank_scores(r);
    const double **scores = calloc(nsc + 1, sizeof *scores);
    const int **grades = calloc(nsc + 1, sizeof *grades);
    const unsigned char **verdicts = calloc(ncrit + 1, sizeof *verdicts);
    if (!scores || !grades || !verdicts) {
        fputs("score_columns: out of memory\n", stderr);
        free(scores), free(grades), free(verdicts);
        return 1;
    }
    for (size_t s = 0; s < nsc; s++) {
        scores[s] = score_result_scores(r, s);
        grades[s] = score_ruleset_scorecard_has_grades(rs, s) ? score_result_grades(r, s) : NULL;
    }
    for (size_t c = 0; c < ncrit; c++)
        verdicts[c] = score_result_verdicts(r, c);

    for (size_t row = 0; row < nrows; row++) {
        put_field(score_table_text(t, keys[row]));
        if (tiers) {
            putchar(',');
            put_field(tier_id(rs, qualified[row]));
            putchar(',');
            put_field(tier_id(rs, tiers[row]));
            putchar(',');
            put_number(rank[row]);
        }
        for (size_t s = 0; s < nsc; s++) {
            putchar(',');
            put_number(scores[s][row]);
            if (grades[s]) {
                putchar(',');
                if (grades[s][row] >= 0)
                    put_field(score_ruleset_grade_label(rs, s, (size_t)grades[s][row]));
            }
        }
        for (size_t c = 0; c < ncrit; c++) {
            putchar(',');
            if (verdicts[c][row] != SCORE_UNKNOWN)
                putchar(verdicts[c][row] == SCORE_TRUE ? '1' : '0');
        }
        putchar('\n');
    }
    free(scores), free(grades), free(verdicts);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: score_columns RULESET DATA\n", stderr);
        return 2;
    }
    char text[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 32];
    score_error err;
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_result *r = NULL;
    int status = 1;
    if (score_ruleset_load(&rs, argv[1], NULL, &err) != 0 ||
        score_table_read(&t, rs, argv[2], NULL, &err) != 0 ||
        score_evaluate(&r, rs, t, &err) != 0) {
        fprintf(stderr, "%s\n", score_error_format(&err, text, sizeof text));
    } else {
        print_header(rs);
        status = print_rows(rs, t, r);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fputs("score_columns: error writing the output\n", stderr);
            status = 1;
        }
    }
    /* results and tables before the ruleset they were made from */
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
    return status;
}
