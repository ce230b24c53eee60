/*
 * Evaluation on several threads gives the result of one thread, bit for
 * bit: every verdict, score, grade, veto, tier, rank and target outcome
 * with its ledger, for each built-in ruleset on the example district and
 * on a few thousand generated rows, with 2, 3, 8 and more threads than
 * rows; and so does score_evaluate_into() into a result that held another
 * evaluation. The same for the tier ladders without quotas and caps, which
 * rank no one.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "result.h"
#include "score/score.h"

#ifndef SCORE_EXAMPLES
#define SCORE_EXAMPLES "examples"
#endif

static const char *const builtins[] = {"meihao-xiangcun", "zuzhi-zhenxing", "renju-huanjing",
                                       "dangzuzhi-pingxing", "dangyuan-jifen"};
#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static score_ruleset *load(const char *id)
{
    score_ruleset *rs = NULL;
    score_error err;
    if (score_ruleset_load_builtin(&rs, id, NULL, &err) != 0)
        fail_msg("%s: %s", id, err.message);
    return rs;
}

static score_result *evaluate(const score_ruleset *rs, const score_table *t, unsigned threads)
{
    score_eval_options opts = SCORE_EVAL_OPTIONS_INIT;
    opts.threads = threads;
    score_result *r = NULL;
    score_error err;
    if (score_evaluate_with(&r, rs, t, &opts, &err) != 0)
        fail_msg("threads %u: %s", threads, err.message);
    return r;
}

static score_table *generated(const score_ruleset *rs, size_t n, uint64_t seed);

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Everything a result says, compared through the public API. */
static void assert_same_result(const score_ruleset *rs, const score_result *a,
                               const score_result *b, const char *what)
{
    size_t n = score_result_row_count(a);
    assert_int_equal(score_result_row_count(b), n);
    for (size_t c = 0; c < score_ruleset_criterion_count(rs); c++)
        if (n && memcmp(score_result_verdicts(a, c), score_result_verdicts(b, c), n) != 0)
            fail_msg("%s: verdicts of criterion %s differ", what, score_ruleset_criterion_id(rs, c));
    for (size_t s = 0; s < score_ruleset_scorecard_count(rs); s++) {
        for (size_t row = 0; row < n; row++) {
            if (!same_double(score_result_score(a, s, row), score_result_score(b, s, row)))
                fail_msg("%s: score %zu of row %zu differs", what, s, row);
            assert_ptr_equal(score_result_grade(a, s, row), score_result_grade(b, s, row));
            assert_int_equal(score_result_veto(a, s, row), score_result_veto(b, s, row));
        }
    }
    size_t nl = score_ruleset_tier_count(rs);
    for (size_t row = 0; row < n; row++) {
        assert_int_equal(score_result_eligible(a, row), score_result_eligible(b, row));
        assert_int_equal(score_result_qualified(a, row), score_result_qualified(b, row));
        if (score_result_tier(a, row) != score_result_tier(b, row))
            fail_msg("%s: tier of row %zu: %d and %d", what, row, score_result_tier(a, row),
                     score_result_tier(b, row));
        assert_int_equal(score_result_step_limit(a, row), score_result_step_limit(b, row));
        assert_true(same_double(score_result_rank_score(a, row), score_result_rank_score(b, row)));
        for (size_t k = 0; k < nl; k++) {
            assert_int_equal(score_result_tier_met(a, k, row), score_result_tier_met(b, k, row));
            if (score_result_tier_rank(a, k, row) != score_result_tier_rank(b, k, row))
                fail_msg("%s: rank of row %zu at level %zu: %zu and %zu", what, row, k,
                         score_result_tier_rank(a, k, row), score_result_tier_rank(b, k, row));
        }
    }
    for (size_t k = 0; k < nl; k++) {
        assert_int_equal(score_result_tier_candidates(a, k), score_result_tier_candidates(b, k));
        assert_int_equal(score_result_tier_limit(a, k), score_result_tier_limit(b, k));
        assert_int_equal(score_result_tier_awarded(a, k), score_result_tier_awarded(b, k));
    }
    assert_int_equal(score_result_applicants(a), score_result_applicants(b));
    assert_int_equal(score_result_outcome_count(a), score_result_outcome_count(b));
    for (size_t i = 0; i < score_result_outcome_count(a); i++) {
        score_target_outcome x, y;
        assert_int_equal(score_result_outcome(a, i, &x), 0);
        assert_int_equal(score_result_outcome(b, i, &y), 0);
        assert_int_equal(x.target, y.target);
        assert_string_equal(x.scope, y.scope);
        assert_string_equal(x.op, y.op);
        assert_true(same_double(x.actual, y.actual));
        assert_true(same_double(x.required, y.required));
        assert_true(same_double(x.shortfall, y.shortfall));
        assert_int_equal(x.verdict, y.verdict);
        assert_int_equal(x.population, y.population);
        assert_int_equal(x.satisfied, y.satisfied);
        assert_int_equal(x.unknown, y.unknown);
        assert_int_equal(x.nfailing, y.nfailing);
        if (x.nfailing && memcmp(x.failing, y.failing, x.nfailing * sizeof *x.failing) != 0)
            fail_msg("%s: ledger of outcome %zu differs", what, i);
        score_target_partial p, q;
        assert_int_equal(score_result_partial(a, i, &p), 0);
        assert_int_equal(score_result_partial(b, i, &q), 0);
        assert_true(same_double(p.sum, q.sum));
    }
}

/* Evaluate t into r (which held some other evaluation). */
static void evaluate_into(score_result *r, const score_table *t, unsigned threads)
{
    score_eval_options opts = SCORE_EVAL_OPTIONS_INIT;
    opts.threads = threads;
    score_error err;
    if (score_evaluate_into(r, t, &opts, &err) != 0)
        fail_msg("into, threads %u: %s", threads, err.message);
}

/* The result of one thread against those of 2, 3, 8 and 1000 threads,
 * fresh and evaluated into a result that held a table of 7 rows (which
 * grows) and one of this table (reused as it is). */
static void check_threads(const score_ruleset *rs, const score_table *t, const char *what)
{
    score_result *one = evaluate(rs, t, 1);
    score_table *small = generated(rs, 7, 99);
    score_result *again = evaluate(rs, small, 2);
    for (unsigned threads = 1; threads <= 3; threads++) {
        char label[128];
        snprintf(label, sizeof label, "%s, into, %u threads", what, threads);
        evaluate_into(again, t, threads);
        assert_same_result(rs, one, again, label);
        evaluate_into(again, small, threads); /* shrinks: the block stays */
        evaluate_into(again, t, threads);
        assert_same_result(rs, one, again, label);
    }
    score_result_free(again);
    score_table_free(small);
    /* and the threads were really used, one per row at most */
    static const unsigned counts[] = {2, 3, 8, 1000};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        score_result *many = evaluate(rs, t, counts[i]);
        size_t n = score_table_row_count(t);
        size_t expect = counts[i] < n ? counts[i] : n ? n : 1;
        if (expect > 64)
            expect = 64;
        assert_int_equal(many->threads, expect);
        char label[128];
        snprintf(label, sizeof label, "%s, %u threads", what, counts[i]);
        assert_same_result(rs, one, many, label);
        score_result_free(many);
    }
    score_result_free(one);
}

static void test_district(void **state)
{
    (void)state;
    for (size_t i = 0; i < NBUILTINS; i++) {
        score_ruleset *rs = load(builtins[i]);
        char path[512];
        snprintf(path, sizeof path, "%s/data/district/%s.csv", SCORE_EXAMPLES, builtins[i]);
        score_table *t = NULL;
        score_error err;
        if (score_table_read_csv(&t, rs, path, &err) != 0)
            fail_msg("%s: %s", path, err.message);
        check_threads(rs, t, builtins[i]);
        score_table_free(t);
        score_ruleset_free(rs);
    }
}

/* ---- generated rows ---- */

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* A column of random numbers of a few kinds: small whole numbers (stars,
 * counts), scores with one decimal (many ties), amounts; one in ten missing. */
static void fill_numbers(double *v, size_t n, uint64_t *seed)
{
    int kind = (int)(next_random(seed) % 3);
    for (size_t i = 0; i < n; i++) {
        uint64_t x = next_random(seed);
        if (x % 10 == 0)
            v[i] = NAN;
        else if (kind == 0)
            v[i] = (double)(x % 6);
        else if (kind == 1)
            v[i] = (double)(x % 1001) / 10.0;
        else
            v[i] = (double)(x % 2000000) / 4.0;
    }
}

/* A table of n rows for rs: unique keys, every other column random. */
static score_table *generated(const score_ruleset *rs, size_t n, uint64_t seed)
{
    score_table *t = NULL;
    score_error err;
    assert_int_equal(score_table_new(&t, rs, n, &err), 0);
    double *nums = calloc(n + 1, sizeof *nums);
    signed char *bools = calloc(n + 1, 1);
    const char **texts = calloc(n + 1, sizeof *texts);
    char *keys = calloc(n + 1, 24);
    assert_non_null(nums);
    assert_non_null(bools);
    assert_non_null(texts);
    assert_non_null(keys);
    const char *pool[8] = {"青山区", "绿水县", "东镇", "西镇", "甲", "乙", NULL, NULL};
    size_t npool = 6;
    for (size_t k = 0; k < score_ruleset_tier_count(rs) && npool < 8; k++)
        pool[npool++] = score_ruleset_tier_id(rs, k); /* prior levels */
    for (size_t f = 0; f < score_ruleset_field_count(rs); f++) {
        const char *id = score_ruleset_field_id(rs, f);
        size_t nyears;
        const int *years = score_ruleset_field_years(rs, f, &nyears);
        for (size_t y = 0; y < (years ? nyears : 1); y++) {
            char name[256];
            if (years)
                snprintf(name, sizeof name, "%s_%d", id, years[y]);
            else
                snprintf(name, sizeof name, "%s", id);
            switch (score_ruleset_field_type(rs, f)) {
            case SCORE_TYPE_NUMBER:
                fill_numbers(nums, n, &seed);
                assert_int_equal(score_table_set_numbers(t, name, nums, n, &err), 0);
                break;
            case SCORE_TYPE_BOOL:
                for (size_t i = 0; i < n; i++) { /* mostly true, so that rows qualify */
                    uint64_t x = next_random(&seed) % 20;
                    bools[i] = (signed char)(x < 17 ? 1 : x < 19 ? 0 : -1);
                }
                assert_int_equal(score_table_set_bools(t, name, bools, n, &err), 0);
                break;
            case SCORE_TYPE_TEXT:
                for (size_t i = 0; i < n; i++) {
                    if (strcmp(id, score_ruleset_key(rs)) == 0) {
                        /* keys of mixed length, not in row order */
                        snprintf(keys + 24 * i, 24, "K%zu", (i * 7919) % (n * 3 + 1));
                        texts[i] = keys + 24 * i;
                    } else {
                        uint64_t x = next_random(&seed);
                        texts[i] = x % 7 == 0 ? NULL : pool[x % npool];
                    }
                }
                assert_int_equal(score_table_set_texts(t, name, texts, n, &err), 0);
                break;
            }
        }
    }
    free(nums);
    free(bools);
    free(texts);
    free(keys);
    return t;
}

static void test_generated(void **state)
{
    (void)state;
    for (size_t i = 0; i < NBUILTINS; i++) {
        score_ruleset *rs = load(builtins[i]);
        score_table *t = generated(rs, 3001, 0x9E3779B97F4A7C15u + i);
        check_threads(rs, t, builtins[i]);
        /* the tier cascade had candidates to rank and ties to break */
        if (score_ruleset_tier_count(rs)) {
            score_result *r = evaluate(rs, t, 1);
            if (score_result_tier_candidates(r, 0) < 20)
                fail_msg("%s: %zu candidates", builtins[i], score_result_tier_candidates(r, 0));
            score_result_free(r);
        }
        score_table_free(t);
        score_ruleset_free(rs);
    }
}

/* The district's rows `times` over (keys prefixed to stay unique): a few
 * thousand rows whose rank values tie in groups, broken by key. */
static score_table *repeated_district(const score_ruleset *rs, const char *id, size_t times)
{
    char path[512];
    snprintf(path, sizeof path, "%s/data/district/%s.csv", SCORE_EXAMPLES, id);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    char *body = strchr(text, '\n');
    assert_non_null(body);
    body++;
    size_t lines = 0;
    for (const char *p = body; (p = strchr(p, '\n')) != NULL; p++)
        lines++;
    size_t head = (size_t)(body - text), cap = head + times * (len - head + 5 * lines + 8);
    char *csv = malloc(cap), *out = csv;
    assert_non_null(csv);
    memcpy(out, text, head);
    out += head;
    for (size_t k = 0; k < times; k++) {
        for (const char *line = body; *line;) {
            const char *end = strchr(line, '\n');
            size_t n = end ? (size_t)(end - line + 1) : strlen(line);
            if (n > 1) /* the key is the first cell */
                out += sprintf(out, "R%02zu-", k);
            memcpy(out, line, n);
            out += n;
            line += n;
        }
    }
    score_table *t = NULL;
    score_error err;
    if (score_table_parse_csv(&t, rs, csv, (size_t)(out - csv), "repeated", &err) != 0)
        fail_msg("%s repeated: %d:%d: %s", id, err.line, err.column, err.message);
    free(csv);
    return t;
}

static void test_repeated_district(void **state)
{
    (void)state;
    for (size_t i = 0; i < NBUILTINS; i++) {
        score_ruleset *rs = load(builtins[i]);
        /* the district has 69 villages or branches, or 3000 members */
        size_t times = i == NBUILTINS - 1 ? 2 : 45;
        score_table *t = repeated_district(rs, builtins[i], times);
        assert_true(score_table_row_count(t) >= times * 69);
        check_threads(rs, t, builtins[i]);
        score_table_free(t);
        score_ruleset_free(rs);
    }
}

/* Tables of 0, 1 and 5 rows: fewer rows than threads. */
static void test_tiny_tables(void **state)
{
    (void)state;
    for (size_t i = 0; i < NBUILTINS; i++) {
        score_ruleset *rs = load(builtins[i]);
        static const size_t sizes[] = {0, 1, 5};
        for (size_t k = 0; k < 3; k++) {
            score_table *t = generated(rs, sizes[k], 42 + k);
            check_threads(rs, t, builtins[i]);
            score_table_free(t);
        }
        score_ruleset_free(rs);
    }
}

/* ---- tier ladders without limits ---- */

/* A built-in ruleset's document with every quota and cap line dropped
 * (`unbounded` 0) or made no limit at all (1: quota 10^9, cap 100%). */
static score_ruleset *without_limits(const char *id, int unbounded)
{
    char path[512];
    snprintf(path, sizeof path, "%s/../libscore/rulesets/%s.yaml", SCORE_EXAMPLES, id);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 16], out[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f), o = 0;
    fclose(f);
    text[len] = '\0';
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line + 1) : strlen(line);
        const char *p = line + strspn(line, " ");
        int quota = p > line && strncmp(p, "quota:", 6) == 0;
        int cap = p > line && strncmp(p, "cap:", 4) == 0;
        if ((quota || cap) && unbounded)
            o += (size_t)sprintf(out + o, "%.*s%s\n", (int)(p - line), line,
                                 quota ? "quota: 1000000000" : "cap: 100%");
        else if (!quota && !cap) {
            memcpy(out + o, line, n);
            o += n;
        }
        line += n;
    }
    score_ruleset *rs = NULL;
    score_error err;
    if (score_ruleset_load_string(&rs, out, o, path, NULL, &err) != 0)
        fail_msg("%s without limits: %d: %s", id, err.line, err.message);
    return rs;
}

/* Without a quota or cap anywhere, nothing is ranked (every place 0) and
 * the cascade awards what a ranking with limits that bind no one awards:
 * the same tiers, candidates and counts, on every thread count. */
static void test_no_limits(void **state)
{
    (void)state;
    static const char *const ladders[] = {"meihao-xiangcun", "dangzuzhi-pingxing"};
    for (size_t i = 0; i < 2; i++) {
        score_ruleset *open = without_limits(ladders[i], 0), *loose = without_limits(ladders[i], 1);
        for (size_t k = 0; k < score_ruleset_tier_count(open); k++)
            assert_true(isnan(score_ruleset_tier_quota(open, k)) &&
                        isnan(score_ruleset_tier_cap(open, k)));
        for (int which = 0; which < 2; which++) {
            score_table *t = which ? repeated_district(open, ladders[i], 45)
                                   : generated(open, 3001, 0xC0FFEEu + i);
            score_table *u = which ? repeated_district(loose, ladders[i], 45)
                                   : generated(loose, 3001, 0xC0FFEEu + i);
            check_threads(open, t, ladders[i]);
            score_result *a = evaluate(open, t, 2), *b = evaluate(loose, u, 3);
            size_t n = score_result_row_count(a), awarded = 0;
            for (size_t row = 0; row < n; row++) {
                assert_int_equal(score_result_tier(a, row), score_result_tier(b, row));
                assert_int_equal(score_result_qualified(a, row), score_result_qualified(b, row));
                assert_int_equal(score_result_step_limit(a, row), score_result_step_limit(b, row));
                awarded += score_result_tier(a, row) >= 0;
                for (size_t k = 0; k < score_ruleset_tier_count(open); k++)
                    assert_int_equal(score_result_tier_rank(a, k, row), 0);
            }
            if (awarded < (which ? 100u : 10u)) /* the ladder awarded some */
                fail_msg("%s, table %d: %zu awarded", ladders[i], which, awarded);
            for (size_t k = 0; k < score_ruleset_tier_count(open); k++) {
                assert_int_equal(score_result_tier_candidates(a, k),
                                 score_result_tier_candidates(b, k));
                assert_int_equal(score_result_tier_limit(a, k), score_result_tier_limit(b, k));
                assert_int_equal(score_result_tier_awarded(a, k), score_result_tier_awarded(b, k));
            }
            assert_int_equal(score_result_applicants(a), score_result_applicants(b));
            score_result_free(a);
            score_result_free(b);
            score_table_free(t);
            score_table_free(u);
        }
        score_ruleset_free(open);
        score_ruleset_free(loose);
    }
}

/* threads 0 is one thread; a bad options version is refused. */
static void test_options(void **state)
{
    (void)state;
    score_ruleset *rs = load("zuzhi-zhenxing");
    score_table *t = generated(rs, 50, 7);
    score_result *one = evaluate(rs, t, 1), *zero = evaluate(rs, t, 0);
    assert_int_equal(zero->threads, 1);
    assert_same_result(rs, one, zero, "threads 0");
    score_eval_options opts = SCORE_EVAL_OPTIONS_INIT;
    opts.version = 99;
    score_result *r = (score_result *)1;
    score_error err;
    assert_int_equal(score_evaluate_with(&r, rs, t, &opts, &err), SCORE_EINVAL);
    assert_null(r);
    score_result_free(one);
    score_result_free(zero);
    score_table_free(t);
    score_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_district),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_repeated_district),
        cmocka_unit_test(test_tiny_tables),
        cmocka_unit_test(test_no_limits),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
