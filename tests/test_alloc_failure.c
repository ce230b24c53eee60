/*
 * Allocation failures, every one in turn, over the built-in rulesets and
 * their example data: loading (YAML, and JSON), reading CSV, evaluating
 * (criteria, scorecards, tiers and targets) and explaining rows and
 * target outcomes in text and JSON, gaps of rows and targets' plans. Each failure must return
 * SCORE_ENOMEM, hand back no object, free everything it allocated (the
 * counting allocator sees every block), and the next call, with memory
 * again, must give the same answer as a run that never failed.
 *
 * The other sweeps (tests/test_ruleset.c: small documents and their
 * overrides; test_table.c: the CSV parser on its own; test_evaluate.c;
 * test_cases.c: the case runner) stay where they are; this file covers
 * what they leave out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"
#include "score/score.h"

#define JSON_DIR SCORE_TEST_DATA "/../fuzz/corpus/ruleset/"
#define DISTRICT SCORE_EXAMPLES "/data/district/"

/* Safety net: a sweep that never succeeds stops here. */
#define MAX_FAILURES 200000

/* ---- loading ---- */

typedef int (*load_fn)(score_ruleset **out, const char *what, const score_load_options *o,
                       score_error *err);

static int load_builtin(score_ruleset **out, const char *what, const score_load_options *o,
                        score_error *err)
{
    return score_ruleset_load_builtin(out, what, o, err);
}

static int load_file(score_ruleset **out, const char *what, const score_load_options *o,
                     score_error *err)
{
    return score_ruleset_load_file(out, what, o, err);
}

/* Fail each allocation of a load in turn; after each failure the same
 * load, with memory, gives the ruleset of a clean load (same hash). */
static void sweep_load(load_fn load, const char *what)
{
    score_ruleset *ref;
    score_error err;
    if (load(&ref, what, NULL, &err))
        fail_msg("%s: %s", what, err.message);
    char hash[32];
    snprintf(hash, sizeof hash, "%s", score_ruleset_hash(ref));
    size_t ncriteria = score_ruleset_criterion_count(ref);
    score_ruleset_free(ref);

    counting c = {0, 0, 0};
    score_allocator a = counting_allocator(&c);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.allocator = &a;
    long n;
    for (n = 1; n < MAX_FAILURES; n++) {
        c.calls = 0;
        c.fail_at = n;
        score_ruleset *rs = (score_ruleset *)&rs;
        memset(&err, 0, sizeof err);
        int rc = load(&rs, what, &o, &err);
        if (rc == 0) {
            assert_string_equal(score_ruleset_hash(rs), hash);
            score_ruleset_free(rs);
            assert_int_equal(c.live, 0);
            break;
        }
        if (rc != SCORE_ENOMEM || err.code != SCORE_ENOMEM)
            fail_msg("%s: allocation %ld failed: rc %d: %s", what, n, rc, err.message);
        assert_null(rs);
        if (c.live != 0)
            fail_msg("%s: allocation %ld failed: %ld blocks leaked", what, n, c.live);
        /* the next call works */
        c.fail_at = 0;
        if (load(&rs, what, &o, &err))
            fail_msg("%s: after failure %ld: %s", what, n, err.message);
        assert_string_equal(score_ruleset_hash(rs), hash);
        assert_int_equal(score_ruleset_criterion_count(rs), ncriteria);
        score_ruleset_free(rs);
        assert_int_equal(c.live, 0);
    }
    assert_true(n > 50); /* failures were really injected */
}

static void test_load_builtins(void **state)
{
    (void)state;
    for (size_t i = 0; i < score_builtin_count(); i++)
        sweep_load(load_builtin, score_builtin_id(i));
}

static void test_load_json(void **state)
{
    (void)state;
    sweep_load(load_file, JSON_DIR "clean-village.json");
    sweep_load(load_file, JSON_DIR "dangzuzhi-pingxing.json");
}

/* ---- reading, evaluating, explaining ---- */

typedef struct fixture {
    counting c;
    score_allocator a;
    score_ruleset *rs;
    score_table *t;
    score_result *r;
} fixture;

/* A built-in and its example data, all through the counting allocator. */
static void fixture_open(fixture *f, const char *id, char *csv_path, size_t size)
{
    memset(f, 0, sizeof *f);
    f->a = counting_allocator(&f->c);
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.allocator = &f->a;
    score_error err;
    snprintf(csv_path, size, DISTRICT "%s.csv", id);
    if (score_ruleset_load_builtin(&f->rs, id, &o, &err) ||
        score_table_read_csv(&f->t, f->rs, csv_path, &err) ||
        score_evaluate(&f->r, f->rs, f->t, &err))
        fail_msg("%s: %s", id, err.message);
}

static void fixture_close(fixture *f)
{
    f->c.fail_at = 0;
    score_result_free(f->r);
    score_table_free(f->t);
    score_ruleset_free(f->rs);
    assert_int_equal(f->c.live, 0);
}

/* The observable content of a result, to compare two evaluations. */
static char *result_digest(const score_ruleset *rs, const score_result *r)
{
    size_t rows = score_result_row_count(r), cap = 4096, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
#define PUT(...)                                                         \
    do {                                                                 \
        int k_ = snprintf(s + len, cap - len, __VA_ARGS__);              \
        while ((size_t)k_ >= cap - len) {                                \
            cap *= 2;                                                    \
            s = realloc(s, cap);                                         \
            assert_non_null(s);                                          \
            k_ = snprintf(s + len, cap - len, __VA_ARGS__);              \
        }                                                                \
        len += (size_t)k_;                                               \
    } while (0)
    for (size_t row = 0; row < rows; row++) {
        for (size_t c = 0; c < score_ruleset_criterion_count(rs); c++)
            PUT("%d", (int)score_result_verdict(r, c, row));
        for (size_t k = 0; k < score_ruleset_scorecard_count(rs); k++)
            PUT(" %.17g", score_result_score(r, k, row));
        if (score_ruleset_tier_count(rs))
            PUT(" %d %d", score_result_qualified(r, row), score_result_tier(r, row));
        PUT("\n");
    }
    for (size_t i = 0; i < score_result_outcome_count(r); i++) {
        score_target_outcome o;
        assert_int_equal(score_result_outcome(r, i, &o), 0);
        PUT("%zu %s %.17g %.17g %d %zu\n", o.target, o.scope, o.actual, o.shortfall,
            (int)o.verdict, o.nfailing);
    }
#undef PUT
    return s;
}

static void sweep_read(const char *id)
{
    char path[512];
    fixture f;
    fixture_open(&f, id, path, sizeof path);
    size_t rows = score_table_row_count(f.t);
    long baseline = f.c.live, n;
    for (n = 1; n < MAX_FAILURES; n++) {
        f.c.fail_at = f.c.calls + n;
        score_table *t = (score_table *)&t;
        score_error err;
        int rc = score_table_read_csv(&t, f.rs, path, &err);
        f.c.fail_at = 0;
        if (rc == 0) {
            assert_int_equal(score_table_row_count(t), rows);
            score_table_free(t);
            break;
        }
        if (rc != SCORE_ENOMEM || err.code != SCORE_ENOMEM)
            fail_msg("%s: allocation %ld failed: rc %d: %s", id, n, rc, err.message);
        assert_null(t);
        if (f.c.live != baseline)
            fail_msg("%s: allocation %ld failed: %ld blocks leaked", id, n, f.c.live - baseline);
        /* the next call works */
        if (score_table_read_csv(&t, f.rs, path, &err))
            fail_msg("%s: after failure %ld: %s", id, n, err.message);
        assert_int_equal(score_table_row_count(t), rows);
        score_table_free(t);
    }
    assert_true(n > 5);
    assert_int_equal(f.c.live, baseline);
    fixture_close(&f);
}

static void test_read_csv(void **state)
{
    (void)state;
    sweep_read("meihao-xiangcun");
    sweep_read("zuzhi-zhenxing");
}

static void sweep_evaluate(const char *id)
{
    char path[512];
    fixture f;
    fixture_open(&f, id, path, sizeof path);
    char *want = result_digest(f.rs, f.r);
    long baseline = f.c.live, n;
    for (n = 1; n < MAX_FAILURES; n++) {
        f.c.fail_at = f.c.calls + n;
        score_result *r = (score_result *)&r;
        score_error err;
        int rc = score_evaluate(&r, f.rs, f.t, &err);
        f.c.fail_at = 0;
        if (rc == 0) {
            char *got = result_digest(f.rs, r);
            assert_string_equal(got, want);
            free(got);
            score_result_free(r);
            break;
        }
        if (rc != SCORE_ENOMEM || err.code != SCORE_ENOMEM)
            fail_msg("%s: allocation %ld failed: rc %d: %s", id, n, rc, err.message);
        assert_null(r);
        if (f.c.live != baseline)
            fail_msg("%s: allocation %ld failed: %ld blocks leaked", id, n, f.c.live - baseline);
        if (score_evaluate(&r, f.rs, f.t, &err))
            fail_msg("%s: after failure %ld: %s", id, n, err.message);
        char *got = result_digest(f.rs, r);
        assert_string_equal(got, want);
        free(got);
        score_result_free(r);
    }
    assert_true(n > 2);
    free(want);
    fixture_close(&f);
}

/* Every built-in: criteria, scorecards with vetoes and bands, tiers with
 * quotas and caps, and targets over scopes. */
static void test_evaluate(void **state)
{
    (void)state;
    for (size_t i = 0; i < score_builtin_count(); i++)
        sweep_evaluate(score_builtin_id(i));
}

typedef int (*explain_fn)(char **out, const score_result *r, const score_table *t, size_t i,
                          score_explain_format format, score_error *err);

static void sweep_explain(fixture *f, const char *id, explain_fn explain, size_t i,
                          score_explain_format format)
{
    char *want;
    score_error err;
    if (explain(&want, f->r, f->t, i, format, &err))
        fail_msg("%s: %s", id, err.message);
    long baseline = f->c.live, n;
    for (n = 1; n < MAX_FAILURES; n++) {
        f->c.fail_at = f->c.calls + n;
        char *got = (char *)&got;
        int rc = explain(&got, f->r, f->t, i, format, &err);
        f->c.fail_at = 0;
        if (rc == 0) {
            if (strcmp(got, want) != 0)
                fail_msg("%s: an explanation made after %ld successful allocations differs:\n"
                         "%s\n--- want ---\n%s", id, n - 1, got, want);
            score_string_free(f->r, got);
            break;
        }
        if (rc != SCORE_ENOMEM || err.code != SCORE_ENOMEM)
            fail_msg("%s: allocation %ld failed: rc %d: %s", id, n, rc, err.message);
        assert_null(got);
        if (f->c.live != baseline)
            fail_msg("%s: allocation %ld failed: %ld blocks leaked", id, n, f->c.live - baseline);
        if (explain(&got, f->r, f->t, i, format, &err))
            fail_msg("%s: after failure %ld: %s", id, n, err.message);
        assert_string_equal(got, want);
        score_string_free(f->r, got);
    }
    assert_true(n > 2);
    score_string_free(f->r, want);
}

static void test_explain(void **state)
{
    (void)state;
    for (size_t b = 0; b < score_builtin_count(); b++) {
        const char *id = score_builtin_id(b);
        char path[512];
        fixture f;
        fixture_open(&f, id, path, sizeof path);
        for (int json = 0; json < 2; json++) {
            score_explain_format fmt = json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
            sweep_explain(&f, id, score_explain_row, 0, fmt);
            if (score_result_outcome_count(f.r))
                sweep_explain(&f, id, score_explain_outcome, 0, fmt);
        }
        fixture_close(&f);
    }
}

/* A row's gap to its next tier, as text: explain_fn's shape. */
static int gap_text(char **out, const score_result *r, const score_table *t, size_t row,
                    score_explain_format format, score_error *err)
{
    score_gap *g;
    *out = NULL;
    int rc = score_gap_row(&g, r, t, row, (size_t)-1, err);
    if (!rc) {
        rc = score_gap_format(out, g, format, err);
        score_gap_free(g);
    }
    return rc;
}

static int plan_text(char **out, const score_result *r, const score_table *t, size_t outcome,
                     score_explain_format format, score_error *err)
{
    score_plan *p;
    *out = NULL;
    int rc = score_plan_target(&p, r, t, outcome, err);
    if (!rc) {
        rc = score_plan_format(out, p, format, err);
        score_plan_free(p);
    }
    return rc;
}

static void test_gap(void **state)
{
    (void)state;
    for (size_t b = 0; b < score_builtin_count(); b++) {
        const char *id = score_builtin_id(b);
        char path[512];
        fixture f;
        fixture_open(&f, id, path, sizeof path);
        /* the first row with a gap that changes something, the first unmet outcome planned */
        size_t row = (size_t)-1, outcome = (size_t)-1;
        score_error err;
        for (size_t i = 0; row == (size_t)-1 && i < score_result_row_count(f.r); i++) {
            score_gap *g;
            if (score_gap_row(&g, f.r, f.t, i, (size_t)-1, &err) == 0 &&
                score_gap_change_count(g) > 1)
                row = i;
            score_gap_free(g);
        }
        for (size_t i = 0; outcome == (size_t)-1 && i < score_result_outcome_count(f.r); i++) {
            score_plan *p;
            if (score_plan_target(&p, f.r, f.t, i, &err) == 0 && score_plan_gap_count(p) > 0)
                outcome = i;
            score_plan_free(p);
        }
        for (int json = 0; json < 2; json++) {
            score_explain_format fmt = json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
            if (row != (size_t)-1)
                sweep_explain(&f, id, gap_text, row, fmt);
            if (outcome != (size_t)-1)
                sweep_explain(&f, id, plan_text, outcome, fmt);
        }
        fixture_close(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_builtins),
        cmocka_unit_test(test_load_json),
        cmocka_unit_test(test_read_csv),
        cmocka_unit_test(test_evaluate),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_gap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
