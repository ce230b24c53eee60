/*
 * Fuzz target: a whole evaluation. The input is a ruleset document and a
 * CSV file separated by a line "%%" ("RULESET\n%%\nCSV"; without the
 * line, all of it is the ruleset and the table has no rows). The ruleset
 * is loaded, the data read, every criterion, scorecard, tier and target
 * evaluated, and the first rows and outcomes explained in text and JSON.
 * Invariants checked on the way: verdicts are three-valued, levels are
 * in range, no level awards more than its limit, no value is infinite.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "score/score.h"

#define SEPARATOR "\n%%\n"
#define EXPLAINED 3

static void check_result(const score_ruleset *rs, const score_result *r, size_t rows)
{
    size_t ntiers = score_ruleset_tier_count(rs);
    for (size_t c = 0; c < score_ruleset_criterion_count(rs); c++)
        for (size_t row = 0; row < rows; row++)
            if (score_result_verdict(r, c, row) > SCORE_UNKNOWN)
                fuzz_fail("a verdict out of range");
    for (size_t s = 0; s < score_ruleset_scorecard_count(rs); s++)
        for (size_t row = 0; row < rows; row++)
            if (isinf(score_result_score(r, s, row)))
                fuzz_fail("an infinite score");
    for (size_t row = 0; ntiers && row < rows; row++) {
        int q = score_result_qualified(r, row), t = score_result_tier(r, row);
        if (q < -1 || q >= (int)ntiers || t < -1 || t >= (int)ntiers)
            fuzz_fail("a level out of range");
        if (isinf(score_result_rank_score(r, row)))
            fuzz_fail("an infinite rank score");
    }
    for (size_t k = 0; k < ntiers; k++)
        if (score_result_tier_awarded(r, k) > score_result_tier_limit(r, k) ||
            score_result_tier_awarded(r, k) > rows)
            fuzz_fail("a level that awards more than its limit");
    for (size_t i = 0; i < score_result_outcome_count(r); i++) {
        score_target_outcome o;
        if (score_result_outcome(r, i, &o))
            fuzz_fail("an outcome that cannot be read");
        if (isinf(o.actual) || isinf(o.required) || isinf(o.shortfall))
            fuzz_fail("an infinite target value");
        if (o.satisfied > o.population || o.nfailing > rows)
            fuzz_fail("an outcome counting more rows than there are");
        for (size_t f = 0; f < o.nfailing; f++)
            if (o.failing[f] >= rows)
                fuzz_fail("a failing row out of range");
    }
}

static void explain(const score_result *r, const score_table *t, size_t rows)
{
    for (int json = 0; json < 2; json++) {
        score_explain_format fmt = json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
        for (size_t row = 0; row < rows && row < EXPLAINED; row++) {
            char *s = NULL;
            score_error err;
            if (score_explain_row(&s, r, t, row, fmt, &err) == 0 && !s)
                fuzz_fail("an explanation without text");
            score_string_free(r, s);
        }
        for (size_t i = 0; i < score_result_outcome_count(r) && i < EXPLAINED; i++) {
            char *s = NULL;
            score_error err;
            if (score_explain_outcome(&s, r, t, i, fmt, &err) == 0 && !s)
                fuzz_fail("an explanation without text");
            score_string_free(r, s);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *csv = "";
    size_t doc_len = size, csv_len = 0;
    for (size_t i = 0; i + strlen(SEPARATOR) <= size; i++) {
        if (memcmp(text + i, SEPARATOR, strlen(SEPARATOR)) == 0) {
            doc_len = i + 1;
            csv = text + i + strlen(SEPARATOR);
            csv_len = size - i - strlen(SEPARATOR);
            break;
        }
    }
    score_ruleset *rs = NULL;
    score_table *t = NULL;
    score_result *r = NULL;
    score_error err;
    if (score_ruleset_load_string(&rs, text, doc_len, "fuzz.yaml", NULL, &err))
        return 0;
    if (score_table_parse_csv(&t, rs, csv, csv_len, "fuzz.csv", &err) == 0 &&
        score_evaluate(&r, rs, t, &err) == 0) {
        size_t rows = score_result_row_count(r);
        if (rows != score_table_row_count(t))
            fuzz_fail("a result whose rows differ from the table's");
        check_result(rs, r, rows);
        explain(r, t, rows);
    }
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
    return 0;
}
