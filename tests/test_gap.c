/*
 * Gaps (还差多少): every row's gap to its next tier, applied to its data
 * (a table rebuilt through the public score_table_set_*() calls) and
 * evaluated again, must qualify the row for that tier by its criteria;
 * the solver's bounds are exact through + - * min max abs between and in;
 * what it cannot solve is listed, never guessed; the district's tie.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "score/score.h"

#define DISTRICT SCORE_EXAMPLES "/data/district/"

/* ---- a copy of a table with one row's cells changed ---- */

/* The change of `field` in gap g, if any (into *ch). */
static int change_of(const score_gap *g, const char *field, score_gap_change *ch)
{
    for (size_t i = 0; i < score_gap_change_count(g); i++) {
        assert_int_equal(score_gap_change_at(g, i, ch), 0);
        if (strcmp(ch->field, field) == 0)
            return 1;
    }
    return 0;
}

static void copy_column(score_table *dst, const score_table *src, const char *name,
                        const score_gap *const *gaps, size_t ngaps)
{
    score_error err;
    const double *values;
    score_type type;
    size_t n = score_table_row_count(src);
    assert_int_equal(score_table_column(src, name, &values, &type, &err), 0);
    double *v = malloc(n * sizeof *v);
    const char **texts = calloc(n, sizeof *texts);
    signed char *b = malloc(n);
    assert_true(v && texts && b);
    for (size_t i = 0; i < n; i++) {
        v[i] = values[i];
        texts[i] = type == SCORE_TYPE_TEXT ? score_table_text(src, values[i]) : NULL;
        b[i] = values[i] != values[i] ? -1 : values[i] != 0.0;
    }
    for (size_t k = 0; k < ngaps; k++) {
        score_gap_change ch;
        size_t row = score_gap_row_index(gaps[k]);
        if (!change_of(gaps[k], name, &ch))
            continue;
        v[row] = ch.value;
        texts[row] = ch.to_text;
        b[row] = ch.value != 0.0;
    }
    if (type == SCORE_TYPE_TEXT)
        assert_int_equal(score_table_set_texts(dst, name, texts, n, &err), 0);
    else if (type == SCORE_TYPE_BOOL)
        assert_int_equal(score_table_set_bools(dst, name, b, n, &err), 0);
    else
        assert_int_equal(score_table_set_numbers(dst, name, v, n, &err), 0);
    free(v);
    free(texts);
    free(b);
}

/* Table t with the changes of every gap applied to its row. */
static score_table *applied_all(const score_ruleset *rs, const score_table *t,
                                const score_gap *const *gaps, size_t ngaps)
{
    score_table *out;
    score_error err;
    assert_int_equal(score_table_new(&out, rs, score_table_row_count(t), &err), 0);
    for (size_t f = 0; f < score_ruleset_field_count(rs); f++) {
        size_t ny;
        const int *years = score_ruleset_field_years(rs, f, &ny);
        const char *id = score_ruleset_field_id(rs, f);
        if (!years) {
            copy_column(out, t, id, gaps, ngaps);
            continue;
        }
        for (size_t y = 0; y < ny; y++) {
            char name[128];
            snprintf(name, sizeof name, "%s_%d", id, years[y]);
            copy_column(out, t, name, gaps, ngaps);
        }
    }
    return out;
}

static score_table *applied(const score_ruleset *rs, const score_table *t, const score_gap *g,
                            size_t row)
{
    assert_int_equal(score_gap_row_index(g), row);
    return applied_all(rs, t, &g, 1);
}

/* ---- every row of a district file ---- */

/* *reachable counts the rows whose gap is reachable by their criteria;
 * *blocked those of them that the prior-level step limit still holds
 * back this period (晋位升级: no change of this period's data lifts it). */
static void every_row(const char *ruleset, const char *file, size_t *reachable, size_t *rows,
                      size_t *blocked)
{
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    assert_int_equal(score_ruleset_load_builtin(&rs, ruleset, NULL, &err), 0);
    assert_int_equal(score_table_read_csv(&t, rs, file, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    *reachable = *rows = *blocked = 0;
    size_t top = score_ruleset_tier_count(rs) - 1;
    for (size_t row = 0; row < score_table_row_count(t); row++) {
        score_gap *g = NULL;
        int rc = score_gap_row(&g, r, t, row, (size_t)-1, &err);
        if (score_result_tier(r, row) == (int)top) {
            assert_int_equal(rc, SCORE_ENOTFOUND);
            continue;
        }
        assert_int_equal(rc, 0);
        (*rows)++;
        size_t target = score_gap_target_tier(g);
        assert_int_equal(target, (size_t)(score_result_tier(r, row) + 1));
        int limit = score_gap_step_limit(g);
        assert_int_equal(limit, score_result_step_limit(r, row));
        int held = limit != -1 && (limit == -2 || limit < (int)target);
        if (held) {
            assert_false(score_gap_reachable(g)); /* says so, whatever the changes */
            (*blocked)++;
        }
        if (!score_gap_reachable(g) && !(held && score_gap_unresolved_count(g) == 0)) {
            assert_true(score_gap_unresolved_count(g) > 0); /* always says why */
            score_gap_free(g);
            continue;
        }
        (*reachable)++;
        assert_int_equal(score_gap_unresolved_count(g), 0);
        for (size_t i = 0; i < score_gap_change_count(g); i++) {
            score_gap_change ch;
            assert_int_equal(score_gap_change_at(g, i, &ch), 0);
            assert_non_null(ch.field);
            assert_non_null(ch.criterion);
            if (ch.type == SCORE_TYPE_NUMBER && ch.kind != SCORE_GAP_FILL && !ch.strict)
                assert_true(ch.value == ch.to);
        }
        score_table *t2 = applied(rs, t, g, row);
        score_result *r2;
        assert_int_equal(score_evaluate(&r2, rs, t2, &err), 0);
        if (score_result_qualified(r2, row) < (int)target)
            fail_msg("%s row %s: gap to %s applied, qualifies for %d", ruleset,
                     score_table_key(t, row), score_ruleset_tier_id(rs, target),
                     score_result_qualified(r2, row));
        /* and no requirement of the row got worse elsewhere: other rows untouched */
        for (size_t j = 0; j < score_table_row_count(t); j++)
            if (j != row)
                assert_int_equal(score_result_qualified(r2, j), score_result_qualified(r, j));
        score_result_free(r2);
        score_table_free(t2);
        score_gap_free(g);
    }
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

static void meihao_every_row_reaches_next_tier(void **state)
{
    (void)state;
    size_t reachable, rows, blocked;
    every_row("meihao-xiangcun", DISTRICT "meihao-xiangcun.csv", &reachable, &rows, &blocked);
    assert_true(rows > 40);
    assert_int_equal(blocked, 0); /* no step limit in meihao-xiangcun */
    assert_int_equal(reachable, rows); /* every requirement there is solvable */
}

static void dangzuzhi_every_row_reaches_next_tier(void **state)
{
    (void)state;
    size_t reachable, rows, blocked;
    every_row("dangzuzhi-pingxing", DISTRICT "dangzuzhi-pingxing.csv", &reachable, &rows,
              &blocked);
    assert_true(rows > 20);
    assert_true(blocked > 0); /* branches a star up at most: D3301020106 and others */
    assert_int_equal(reachable, rows); /* through the scorecard's items */
}

/* ---- the district's tie: 3301020611 qualifies for 精品示范村 but lost ---- */

static void meihao_tie_lost(void **state)
{
    (void)state;
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    assert_int_equal(score_ruleset_load_builtin(&rs, "meihao-xiangcun", NULL, &err), 0);
    assert_int_equal(score_table_read_csv(&t, rs, DISTRICT "meihao-xiangcun.csv", &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    size_t row = score_table_find_key(t, "3301020611");
    assert_int_not_equal(row, (size_t)-1);
    score_gap *g;
    assert_int_equal(score_gap_row(&g, r, t, row, (size_t)-1, &err), 0);
    size_t demo = score_gap_target_tier(g);
    assert_string_equal(score_ruleset_tier_id(rs, demo), "boutique_demo");
    assert_true(score_result_qualified(r, row) >= (int)demo);
    assert_int_equal(score_gap_change_count(g), 0); /* qualifies already */
    assert_true(score_gap_reachable(g));
    score_gap_rank k;
    assert_int_equal(score_gap_rank_part(g, &k), 1);
    assert_int_equal(k.tier, demo);
    /* the last awarded one: same score, a key before this one */
    size_t last = score_table_find_key(t, k.tie_key);
    assert_int_not_equal(last, (size_t)-1);
    assert_int_equal(score_result_tier(r, last), (int)demo);
    assert_int_equal(score_result_tier_rank(r, demo, last), k.limit);
    assert_true(strcmp(k.tie_key, "3301020611") < 0);
    assert_true(k.needed == k.score); /* a tie, lost on the key */
    assert_true(k.needed == score_result_rank_score(r, last));
    assert_int_equal(k.place, k.limit + 1);
    assert_true(score_gap_headroom_count(g) > 0);
    char *text;
    assert_int_equal(score_gap_format(&text, g, SCORE_EXPLAIN_TEXT, &err), 0);
    char want[160];
    snprintf(want, sizeof want, "且代码在 %s 之前，或 > ", k.tie_key);
    assert_non_null(strstr(text, want));
    score_string_free(r, text);
    assert_int_equal(score_gap_format(&text, g, SCORE_EXPLAIN_JSON, &err), 0);
    assert_non_null(strstr(text, "\"target_tier\":\"boutique_demo\""));
    assert_non_null(strstr(text, "\"tie_key\":"));
    assert_non_null(strstr(text, "\"changes\":[]"));
    score_string_free(r, text);
    score_gap_free(g);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* ---- exact bounds ---- */

static const char doc[] =
    "ruleset: g\n"
    "version: \"1\"\n"
    "key: id\n"
    "params:\n"
    "  line: {value: 30000}\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  income: {type: number, label: 村集体经济收入, unit: 元}\n"
    "  a: {type: number}\n"
    "  b: {type: number}\n"
    "  c: {type: number}\n"
    "  d: {type: number}\n"
    "  e: {type: number}\n"
    "  f: {type: number}\n"
    "  k: {type: number}\n"
    "  m: {type: number}\n"
    "  flag: {type: bool, label: 完成整治}\n"
    "  bad: {type: bool}\n"
    "  tag: {type: text}\n"
    "  yr: {type: number, years: [2021, 2022]}\n"
    "criteria:\n"
    "  c_income: {label: 收入达标, when: income >= line}\n"
    "  c_affine: {when: '(a * 0.4 + 4) / 2 >= 20'}\n"
    "  c_strict: {when: '3 - b < -2'}\n"
    "  c_min: {when: 'min(c, 50) >= 40.5'}\n"
    "  c_abs: {when: 'abs(d) <= 2.5'}\n"
    "  c_between: {when: 'between(e, 10, 20)'}\n"
    "  c_in: {when: 'f in [1, 3, 7]'}\n"
    "  c_or: {when: 'k >= 100 or m >= 10'}\n"
    "  c_not: {when: 'flag and not bad'}\n"
    "  c_text: {when: 'coalesce(tag, \"\") == \"ok\"'}\n"
    "  c_year: {when: 'yr[2022] > yr[2021]'}\n"
    "  c_round: {when: 'round(m) >= 30'}\n"
    "tiers:\n"
    "  levels:\n"
    "    - {id: one, require: [c_income, c_affine, c_strict, c_min, c_abs, c_between]}\n"
    "    - {id: two, extends: one, require: [c_in, c_or, c_not, c_text, c_year]}\n"
    "    - {id: three, extends: two, require: [c_round]}\n";

static const char csv[] = "id,income,a,b,c,d,e,f,k,m,flag,bad,tag,yr_2021,yr_2022\n"
                          "r1,25700,10,4,30,-7,25,2,90,1,否,是,,100,90\n"
                          "r2,,100,9,45,1,15,3,100,10,是,否,ok,1,2\n";

static const score_gap_change *find(const score_gap *g, const char *field, score_gap_change *ch)
{
    for (size_t i = 0; i < score_gap_change_count(g); i++) {
        assert_int_equal(score_gap_change_at(g, i, ch), 0);
        if (strcmp(ch->field, field) == 0)
            return ch;
    }
    fail_msg("no change of %s", field);
    return NULL;
}

static void exact_bounds(void **state)
{
    (void)state;
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    assert_int_equal(score_ruleset_load_string(&rs, doc, strlen(doc), "g.yaml", NULL, &err), 0);
    assert_int_equal(score_table_parse_csv(&t, rs, csv, strlen(csv), "g.csv", &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    score_gap *g;
    assert_int_equal(score_gap_row(&g, r, t, 0, 1, &err), 0);
    score_gap_change ch;
    find(g, "income", &ch);
    assert_true(ch.from == 25700 && ch.to == 30000 && !ch.strict);
    assert_int_equal(ch.kind, SCORE_GAP_INCREASE);
    assert_string_equal(ch.criterion, "c_income");
    find(g, "a", &ch); /* (a * 0.4 + 4) / 2 >= 20: a >= 90 */
    assert_true(ch.to == 90 && !ch.strict);
    find(g, "b", &ch); /* 3 - b < -2: b > 5 */
    assert_true(ch.to == 5 && ch.strict && ch.value > 5);
    find(g, "c", &ch); /* min(c, 50) >= 40.5 */
    assert_true(ch.to == 40.5 && !ch.strict);
    find(g, "d", &ch); /* abs(d) <= 2.5 from -7: d = -2.5 */
    assert_true(ch.to == -2.5 && ch.kind == SCORE_GAP_INCREASE);
    find(g, "e", &ch); /* between(e, 10, 20) from 25 */
    assert_true(ch.to == 20 && ch.kind == SCORE_GAP_DECREASE);
    find(g, "f", &ch); /* f in [1, 3, 7] from 2: the nearest, 1 (first of the ties) */
    assert_true(ch.to == 1 || ch.to == 3);
    find(g, "k", &ch); /* k >= 100 (+10) is cheaper than m >= 10 (+9 of 1) */
    assert_true(ch.to == 100);
    find(g, "flag", &ch);
    assert_true(ch.value == 1 && ch.kind == SCORE_GAP_SET);
    find(g, "bad", &ch);
    assert_true(ch.value == 0 && ch.from == 1);
    find(g, "tag", &ch);
    assert_string_equal(ch.to_text, "ok");
    find(g, "yr_2022", &ch); /* yr[2022] > yr[2021]: the cheaper of the two */
    assert_true(ch.to == 100 && ch.strict && ch.year == 2022);
    assert_int_equal(score_gap_change_count(g), 12);
    assert_true(score_gap_reachable(g));
    assert_int_equal(score_gap_rank_part(g, NULL), 0);
    char *text;
    assert_int_equal(score_gap_format(&text, g, SCORE_EXPLAIN_TEXT, &err), 0);
    assert_non_null(strstr(text, "村集体经济收入 income +4,300 元 (25,700 → 30,000)；收入达标"));
    score_string_free(r, text);
    score_gap_free(g);

    /* r2: income missing is a fill within the bound; round() is left unresolved */
    if (score_gap_row(&g, r, t, 1, 2, &err) != 0)
        fail_msg("%s", err.message);
    find(g, "income", &ch);
    assert_int_equal(ch.kind, SCORE_GAP_FILL);
    assert_true(ch.from != ch.from && ch.to == 30000);
    assert_false(score_gap_reachable(g));
    assert_int_equal(score_gap_unresolved_count(g), 1);
    assert_string_equal(score_gap_unresolved(g, 0), "round(m) >= 30");
    assert_int_equal(score_gap_format(&text, g, SCORE_EXPLAIN_JSON, &err), 0);
    assert_non_null(strstr(text, "\"reachable\":false"));
    assert_non_null(strstr(text, "\"unresolved\":[\"round(m) >= 30\"]"));
    assert_non_null(strstr(text, "\"kind\":\"fill\""));
    score_string_free(r, text);
    score_gap_free(g);

    /* errors: no such row, no such level */
    assert_int_equal(score_gap_row(&g, r, t, 9, (size_t)-1, &err), SCORE_ENOTFOUND);
    assert_int_equal(score_gap_row(&g, r, t, 0, 7, &err), SCORE_ENOTFOUND);
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

/* ---- target plans: applying every row's changes meets the target ---- */

static void plans_meet(const char *ruleset, const char *file, size_t *planned)
{
    score_ruleset *rs;
    score_table *t;
    score_result *r;
    score_error err;
    assert_int_equal(score_ruleset_load_builtin(&rs, ruleset, NULL, &err), 0);
    assert_int_equal(score_table_read_csv(&t, rs, file, &err), 0);
    assert_int_equal(score_evaluate(&r, rs, t, &err), 0);
    *planned = 0;
    for (size_t i = 0; i < score_result_outcome_count(r); i++) {
        score_target_outcome o;
        assert_int_equal(score_result_outcome(r, i, &o), 0);
        score_plan *p;
        int rc = score_plan_target(&p, r, t, i, &err);
        if (rc == SCORE_EINVAL) /* a sum or an average: not planned */
            continue;
        assert_int_equal(rc, 0);
        if (o.verdict == SCORE_MET) {
            assert_int_equal(score_plan_gap_count(p), 0);
            score_plan_free(p);
            continue;
        }
        if (!score_plan_complete(p))
            fail_msg("%s %s %s: plan incomplete", ruleset,
                     score_ruleset_target_id(rs, o.target), o.scope);
        size_t n = score_plan_gap_count(p);
        assert_true(n > 0);
        if (o.shortfall == o.shortfall)
            assert_true((double)n >= o.shortfall);
        const score_gap **gaps = calloc(n, sizeof *gaps);
        assert_non_null(gaps);
        for (size_t k = 0; k < n; k++) {
            gaps[k] = score_plan_gap(p, k);
            assert_true(score_gap_reachable(gaps[k]));
            assert_int_equal(score_gap_target_tier(gaps[k]), (size_t)-1);
        }
        score_table *t2 = applied_all(rs, t, gaps, n);
        score_result *r2;
        assert_int_equal(score_evaluate(&r2, rs, t2, &err), 0);
        int met = 0;
        for (size_t j = 0; j < score_result_outcome_count(r2); j++) {
            score_target_outcome o2;
            assert_int_equal(score_result_outcome(r2, j, &o2), 0);
            if (o2.target == o.target && strcmp(o2.scope, o.scope) == 0)
                met = o2.verdict == SCORE_MET;
        }
        if (!met)
            fail_msg("%s %s %s: the plan applied does not meet it", ruleset,
                     score_ruleset_target_id(rs, o.target), o.scope);
        (*planned)++;
        char *text;
        assert_int_equal(score_plan_format(&text, p, SCORE_EXPLAIN_JSON, &err), 0);
        assert_non_null(strstr(text, "\"complete\":true"));
        score_string_free(r, text);
        free(gaps);
        score_result_free(r2);
        score_table_free(t2);
        score_plan_free(p);
    }
    score_result_free(r);
    score_table_free(t);
    score_ruleset_free(rs);
}

static void zuzhi_plans_meet_targets(void **state)
{
    (void)state;
    size_t planned;
    plans_meet("zuzhi-zhenxing", DISTRICT "zuzhi-zhenxing.csv", &planned);
    assert_true(planned > 10);
}

static void renju_plans_meet_targets(void **state)
{
    (void)state;
    size_t planned;
    plans_meet("renju-huanjing", DISTRICT "renju-huanjing.csv", &planned);
    assert_true(planned > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_bounds),
        cmocka_unit_test(meihao_every_row_reaches_next_tier),
        cmocka_unit_test(dangzuzhi_every_row_reaches_next_tier),
        cmocka_unit_test(meihao_tie_lost),
        cmocka_unit_test(zuzhi_plans_meet_targets),
        cmocka_unit_test(renju_plans_meet_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
