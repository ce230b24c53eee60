/*
 * A compiled ruleset is shared by many threads: eight threads read their
 * own tables (different data in each) against one ruleset, evaluate,
 * and explain, over and over; every result must equal, byte for byte,
 * what one thread computed for the same data beforehand. Also: the same
 * evaluation run twice gives bit-identical values (memcmp).
 *
 * scripts/test.sh runs this test in a ThreadSanitizer build (build-tsan/)
 * as well, where any data race between the threads is an error.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "score/score.h"

#define DISTRICT SCORE_EXAMPLES "/data/district/"
#define NTHREADS 8
#define ROUNDS 4

/* ---- data: each thread its own ---- */

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16;
    char *s = malloc(cap);
    assert_non_null(s);
    *len = 0;
    size_t got;
    while ((got = fread(s + *len, 1, cap - *len - 1, f)) > 0) {
        *len += got;
        if (cap - *len <= 1) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    fclose(f);
    s[*len] = '\0';
    return s;
}

/* The district's rows, starting at row `shift` and wrapping around, with
 * the last `drop` rows left out: a different table for every thread (the
 * rows, their order, the quotas' competition and the targets' groups all
 * change). */
static char *variant(const char *csv, size_t shift, size_t drop, size_t *len)
{
    const char *lines[512];
    size_t lens[512], n = 0;
    const char *p = csv;
    while (*p && n < 512) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) + 1 : strlen(p);
        lines[n] = p;
        lens[n++] = l;
        p += l;
    }
    assert_true(n > drop + 2);
    size_t rows = n - 1, keep = rows - drop;
    char *out = malloc(strlen(csv) + 2);
    assert_non_null(out);
    size_t k = 0;
    memcpy(out + k, lines[0], lens[0]);
    k += lens[0];
    for (size_t i = 0; i < keep; i++) {
        size_t r = 1 + (shift + i) % rows;
        memcpy(out + k, lines[r], lens[r]);
        k += lens[r];
        if (out[k - 1] != '\n')
            out[k++] = '\n';
    }
    out[k] = '\0';
    *len = k;
    return out;
}

/* ---- what a result says, as text ---- */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (k < 0)
            abort();
        if ((size_t)k < t->cap - t->len) {
            t->len += (size_t)k;
            return;
        }
        t->cap = t->cap ? 2 * t->cap + (size_t)k : 4096;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
}

/* Everything a result holds, with numbers as their bits, and the
 * explanations of the first rows and outcomes. Returns 0, or -1 on an
 * error (threads do not call cmocka's asserts). */
static int describe(const score_ruleset *rs, const score_table *t, const score_result *r,
                    text *out)
{
    size_t rows = score_result_row_count(r);
    for (size_t row = 0; row < rows; row++) {
        put(out, "%s:", score_table_key(t, row));
        for (size_t c = 0; c < score_ruleset_criterion_count(rs); c++)
            put(out, "%d", (int)score_result_verdict(r, c, row));
        for (size_t k = 0; k < score_ruleset_scorecard_count(rs); k++) {
            double v = score_result_score(r, k, row);
            uint64_t bits;
            memcpy(&bits, &v, sizeof bits);
            const char *grade = score_result_grade(r, k, row);
            put(out, " %016llx %s %d", (unsigned long long)bits, grade ? grade : "-",
                score_result_veto(r, k, row));
        }
        if (score_ruleset_tier_count(rs))
            put(out, " %d %d", score_result_qualified(r, row), score_result_tier(r, row));
        put(out, "\n");
    }
    for (size_t i = 0; i < score_result_outcome_count(r); i++) {
        score_target_outcome o;
        if (score_result_outcome(r, i, &o))
            return -1;
        uint64_t a, s;
        memcpy(&a, &o.actual, sizeof a);
        memcpy(&s, &o.shortfall, sizeof s);
        put(out, "%zu %s %016llx %016llx %d %zu %zu %zu:", o.target, o.scope,
            (unsigned long long)a, (unsigned long long)s, (int)o.verdict, o.population,
            o.satisfied, o.unknown);
        for (size_t f = 0; f < o.nfailing; f++)
            put(out, " %zu", o.failing[f]);
        put(out, "\n");
    }
    for (int json = 0; json < 2; json++) {
        score_explain_format fmt = json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
        for (size_t row = 0; row < rows && row < 3; row++) {
            char *s;
            if (score_explain_row(&s, r, t, row, fmt, NULL))
                return -1;
            put(out, "%s", s);
            score_string_free(r, s);
        }
        for (size_t i = 0; i < score_result_outcome_count(r) && i < 3; i++) {
            char *s;
            if (score_explain_outcome(&s, r, t, i, fmt, NULL))
                return -1;
            put(out, "%s", s);
            score_string_free(r, s);
        }
    }
    return 0;
}

/* Read, evaluate and describe one table: what every thread does. */
static int run_once(const score_ruleset *rs, const char *csv, size_t len, text *out)
{
    score_table *t = NULL;
    score_result *r = NULL;
    int rc = score_table_parse_csv(&t, rs, csv, len, "thread.csv", NULL);
    if (!rc)
        rc = score_evaluate(&r, rs, t, NULL);
    if (!rc)
        rc = describe(rs, t, r, out);
    score_result_free(r);
    score_table_free(t);
    return rc;
}

/* ---- the threads ---- */

typedef struct job {
    const score_ruleset *rs;
    const char *csv;
    size_t len;
    const char *want;
    int failures; /* rounds whose result differed or failed */
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        text got = {0};
        if (run_once(j->rs, j->csv, j->len, &got) || strcmp(got.s, j->want) != 0)
            j->failures++;
        free(got.s);
    }
    return NULL;
}

static void shared_ruleset(const char *id)
{
    score_ruleset *rs;
    score_error err;
    if (score_ruleset_load_builtin(&rs, id, NULL, &err))
        fail_msg("%s: %s", id, err.message);
    char path[512];
    snprintf(path, sizeof path, DISTRICT "%s.csv", id);
    size_t len;
    char *csv = read_text(path, &len);

    char *data[NTHREADS];
    size_t lens[NTHREADS];
    text want[NTHREADS];
    job jobs[NTHREADS];
    for (int k = 0; k < NTHREADS; k++) {
        data[k] = variant(csv, (size_t)k * 7, (size_t)k * 3, &lens[k]);
        memset(&want[k], 0, sizeof want[k]);
        /* one thread first: the reference */
        assert_int_equal(run_once(rs, data[k], lens[k], &want[k]), 0);
        jobs[k] = (job){rs, data[k], lens[k], want[k].s, 0};
    }
    /* the data really differ from thread to thread */
    for (int k = 1; k < NTHREADS; k++)
        assert_true(strcmp(want[k].s, want[0].s) != 0);

    pthread_t th[NTHREADS];
    for (int k = 0; k < NTHREADS; k++)
        assert_int_equal(pthread_create(&th[k], NULL, worker, &jobs[k]), 0);
    for (int k = 0; k < NTHREADS; k++)
        assert_int_equal(pthread_join(th[k], NULL), 0);
    for (int k = 0; k < NTHREADS; k++) {
        if (jobs[k].failures)
            fail_msg("%s: thread %d: %d of %d rounds differ from one thread's result", id, k,
                     jobs[k].failures, ROUNDS);
        free(want[k].s);
        free(data[k]);
    }
    free(csv);
    score_ruleset_free(rs);
}

/* Tiers with quotas, caps and scorecards. */
static void test_threads_share_meihao_xiangcun(void **state)
{
    (void)state;
    shared_ruleset("meihao-xiangcun");
}

/* Targets over scopes, with the rows that fall short. */
static void test_threads_share_zuzhi_zhenxing(void **state)
{
    (void)state;
    shared_ruleset("zuzhi-zhenxing");
}

/* Evaluating twice gives the same bits: verdicts, scores, outcome
 * values, and explanations. */
static void test_bit_identical_runs(void **state)
{
    (void)state;
    for (size_t b = 0; b < score_builtin_count(); b++) {
        const char *id = score_builtin_id(b);
        score_ruleset *rs;
        score_table *t;
        score_result *r1, *r2;
        score_error err;
        char path[512];
        snprintf(path, sizeof path, DISTRICT "%s.csv", id);
        if (score_ruleset_load_builtin(&rs, id, NULL, &err) ||
            score_table_read_csv(&t, rs, path, &err) || score_evaluate(&r1, rs, t, &err) ||
            score_evaluate(&r2, rs, t, &err))
            fail_msg("%s: %s", id, err.message);
        size_t rows = score_result_row_count(r1);
        assert_int_equal(score_result_row_count(r2), rows);
        for (size_t c = 0; c < score_ruleset_criterion_count(rs); c++)
            assert_memory_equal(score_result_verdicts(r1, c), score_result_verdicts(r2, c), rows);
        for (size_t k = 0; k < score_ruleset_scorecard_count(rs); k++)
            assert_memory_equal(score_result_scores(r1, k), score_result_scores(r2, k),
                                rows * sizeof(double));
        assert_int_equal(score_result_outcome_count(r1), score_result_outcome_count(r2));
        for (size_t i = 0; i < score_result_outcome_count(r1); i++) {
            score_target_outcome o1, o2;
            assert_int_equal(score_result_outcome(r1, i, &o1), 0);
            assert_int_equal(score_result_outcome(r2, i, &o2), 0);
            assert_memory_equal(&o1.actual, &o2.actual, sizeof o1.actual);
            assert_memory_equal(&o1.required, &o2.required, sizeof o1.required);
            assert_memory_equal(&o1.shortfall, &o2.shortfall, sizeof o1.shortfall);
            assert_int_equal(o1.nfailing, o2.nfailing);
            if (o1.nfailing)
                assert_memory_equal(o1.failing, o2.failing, o1.nfailing * sizeof *o1.failing);
        }
        text d1 = {0}, d2 = {0};
        assert_int_equal(describe(rs, t, r1, &d1), 0);
        assert_int_equal(describe(rs, t, r2, &d2), 0);
        assert_int_equal(d1.len, d2.len);
        assert_memory_equal(d1.s, d2.s, d1.len);
        free(d1.s);
        free(d2.s);
        score_result_free(r1);
        score_result_free(r2);
        score_table_free(t);
        score_ruleset_free(rs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_share_meihao_xiangcun),
        cmocka_unit_test(test_threads_share_zuzhi_zhenxing),
        cmocka_unit_test(test_bit_identical_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
