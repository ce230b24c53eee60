/* Tables built from arrays, key lookup, and allocation failures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"

#include "csv.h"
#include "internal.h"
#include "table.h"

enum { C_ID, C_POP, C_APPLIED, C_COUNTY, C_INC19, C_INC20, NCOLS };

static const sc_colspec cols[NCOLS] = {
    {"id", "村代码", SCORE_TYPE_TEXT, 0, 0, SC_NO_RULES},
    {"pop", "人口", SCORE_TYPE_NUMBER, 1, 0, SC_NO_RULES},
    {"applied", "申报创建", SCORE_TYPE_BOOL, 2, 0, SC_NO_RULES},
    {"county", "所属县", SCORE_TYPE_TEXT, 3, 0, SC_NO_RULES},
    {"income_2019", "村集体经济收入(元)_2019", SCORE_TYPE_NUMBER, 4, 2019, SC_NO_RULES},
    {"income_2020", "村集体经济收入(元)_2020", SCORE_TYPE_NUMBER, 4, 2020, SC_NO_RULES},
};
static const sc_schema schema = {cols, NCOLS, C_ID, {NULL, 0}};

static score_table *new_table(size_t rows)
{
    score_table *t = NULL;
    score_error err;
    assert_int_equal(sc_table_new(&t, NULL, &schema, sc_default_allocator(), rows, &err), 0);
    return t;
}

static void test_new_is_all_missing(void **state)
{
    (void)state;
    score_table *t = new_table(3);
    assert_int_equal(score_table_row_count(t), 3);
    assert_int_equal(score_table_absent_count(t), NCOLS);
    assert_string_equal(score_table_absent_name(t, 0), "id");
    assert_string_equal(score_table_absent_name(t, 5), "income_2020");
    for (size_t j = 0; j < NCOLS; j++) {
        assert_false(t->cols[j].present);
        for (size_t i = 0; i < 3; i++)
            assert_true(isnan(t->cols[j].values[i]));
    }
    /* A key never set: NULL keys, nothing found. */
    assert_null(score_table_key(t, 0));
    assert_null(score_table_key(t, 3));
    assert_int_equal(score_table_find_key(t, "a"), (size_t)-1);
    score_table_free(t);
    score_table_free(NULL);
    assert_int_equal(score_table_row_count(NULL), 0);
    assert_int_equal(score_table_absent_count(NULL), 0);

    t = new_table(0);
    assert_int_equal(score_table_row_count(t), 0);
    assert_int_equal(score_table_set_numbers(t, "pop", NULL, 0, NULL), 0);
    assert_int_equal(score_table_absent_count(t), NCOLS - 1);
    score_table_free(t);
}

static void test_numbers(void **state)
{
    (void)state;
    score_table *t = new_table(3);
    double v[3] = {1.5, NAN, -2};
    score_error err;
    assert_int_equal(score_table_set_numbers(t, "pop", v, 3, &err), 0);
    v[0] = 99; /* copied: the table does not see this */
    assert_true(t->cols[C_POP].values[0] == 1.5);
    assert_true(isnan(t->cols[C_POP].values[1]));
    assert_true(t->cols[C_POP].values[2] == -2);
    assert_true(t->cols[C_POP].present);
    assert_int_equal(score_table_absent_count(t), NCOLS - 1);
    assert_string_equal(score_table_absent_name(t, 1), "applied");

    /* By label, and a second set replaces the first in place. */
    double w[3] = {7, 8, 9};
    assert_int_equal(score_table_set_numbers(t, "人口", w, 3, &err), 0);
    assert_true(t->cols[C_POP].values[2] == 9);
    assert_int_equal(score_table_set_numbers(t, "村集体经济收入(元)_2019", w, 3, &err), 0);
    assert_true(t->cols[C_INC19].values[0] == 7);
    assert_int_equal(score_table_absent_count(t), NCOLS - 2);

    /* Infinity: a data error naming the row; the column is unchanged. */
    double bad[3] = {1, 2, -INFINITY};
    assert_int_equal(score_table_set_numbers(t, "pop", bad, 3, &err), SCORE_EDATA);
    assert_int_equal(err.code, SCORE_EDATA);
    assert_string_equal(err.message, "column \"pop\": row 2 is infinite");
    assert_true(t->cols[C_POP].values[0] == 7);

    assert_int_equal(score_table_set_numbers(t, "pop", w, 2, &err), SCORE_EINVAL);
    assert_string_equal(err.message, "column \"pop\": 2 values for 3 rows");
    assert_int_equal(score_table_set_numbers(t, "county", w, 3, &err), SCORE_EINVAL);
    assert_string_equal(err.message, "column \"county\" is text, not number");
    assert_int_equal(score_table_set_numbers(t, "applied", w, 3, &err), SCORE_EINVAL);
    assert_int_equal(score_table_set_numbers(t, "nope", w, 3, &err), SCORE_ENOTFOUND);
    assert_string_equal(err.message, "no column \"nope\"");
    assert_int_equal(score_table_set_numbers(t, "income", w, 3, &err), SCORE_ENOTFOUND);
    assert_int_equal(score_table_set_numbers(t, NULL, w, 3, &err), SCORE_EINVAL);
    assert_int_equal(score_table_set_numbers(t, "pop", NULL, 3, &err), SCORE_EINVAL);
    assert_int_equal(score_table_set_numbers(NULL, "pop", w, 3, &err), SCORE_EINVAL);
    score_table_free(t);
}

static void test_bind(void **state)
{
    (void)state;
    score_table *t = new_table(3);
    double v[3] = {1, 2, 3};
    assert_int_equal(score_table_set_numbers(t, "pop", v, 3, NULL), 0);
    assert_int_equal(score_table_bind_numbers(t, "pop", v, 3, NULL), 0);
    /* Borrowed: the table reads the caller's array. */
    assert_ptr_equal(t->cols[C_POP].values, v);
    assert_null(t->cols[C_POP].owned);
    v[1] = 42;
    assert_true(t->cols[C_POP].values[1] == 42);
    /* Copying again gives the table its own array back. */
    assert_int_equal(score_table_set_numbers(t, "pop", v, 3, NULL), 0);
    assert_ptr_not_equal(t->cols[C_POP].values, v);
    assert_ptr_equal(t->cols[C_POP].values, t->cols[C_POP].owned);
    score_error err;
    assert_int_equal(score_table_bind_numbers(t, "pop", v, 4, &err), SCORE_EINVAL);
    assert_int_equal(score_table_bind_numbers(t, "id", v, 3, &err), SCORE_EINVAL);
    assert_int_equal(score_table_bind_numbers(t, "x", v, 3, &err), SCORE_ENOTFOUND);
    score_table_free(t);
}

static void test_bools(void **state)
{
    (void)state;
    score_table *t = new_table(4);
    const signed char v[4] = {1, 0, -1, -128};
    assert_int_equal(score_table_set_bools(t, "申报创建", v, 4, NULL), 0);
    assert_true(t->cols[C_APPLIED].values[0] == 1.0);
    assert_true(t->cols[C_APPLIED].values[1] == 0.0);
    assert_true(isnan(t->cols[C_APPLIED].values[2]));
    assert_true(isnan(t->cols[C_APPLIED].values[3]));
    const signed char bad[4] = {1, 0, 2, 1};
    score_error err;
    assert_int_equal(score_table_set_bools(t, "applied", bad, 4, &err), SCORE_EINVAL);
    assert_non_null(strstr(err.message, "row 2"));
    assert_true(t->cols[C_APPLIED].values[0] == 1.0);
    assert_int_equal(score_table_set_bools(t, "pop", v, 4, &err), SCORE_EINVAL);
    assert_int_equal(score_table_set_bools(t, "applied", v, 3, &err), SCORE_EINVAL);
    score_table_free(t);
}

static void test_texts_and_keys(void **state)
{
    (void)state;
    score_table *t = new_table(4);
    const char *ids[4] = {"v1", "v2", "村三", "v4"};
    const char *county[4] = {"v2", NULL, "", "东区"};
    score_error err;
    assert_int_equal(score_table_set_texts(t, "id", ids, 4, &err), 0);
    assert_int_equal(score_table_set_texts(t, "所属县", county, 4, &err), 0);
    assert_string_equal(score_table_key(t, 2), "村三");
    assert_int_equal(score_table_find_key(t, "村三"), 2);
    assert_int_equal(score_table_find_key(t, "v4"), 3);
    /* "v2" is both a key and a county: found as the key of row 1. */
    assert_int_equal(score_table_find_key(t, "v2"), 1);
    assert_int_equal(score_table_find_key(t, "东区"), (size_t)-1);
    assert_int_equal(score_table_find_key(t, NULL), (size_t)-1);
    /* One dictionary: equal text, equal code, across columns. */
    assert_true(t->cols[C_COUNTY].values[0] == t->cols[C_ID].values[1]);
    assert_true(isnan(t->cols[C_COUNTY].values[1]));
    assert_true(isnan(t->cols[C_COUNTY].values[2])); /* "" is missing */
    assert_string_equal(sc_table_text(t, t->cols[C_COUNTY].values[3]), "东区");

    /* A failed set leaves the key column as it was. */
    const char *dup[4] = {"a", "b", "c", "b"};
    assert_int_equal(score_table_set_texts(t, "id", dup, 4, &err), SCORE_EDATA);
    assert_string_equal(err.message, "column \"id\": rows 1 and 3 have the same key \"b\"");
    const char *nokey[4] = {"a", NULL, "c", "d"};
    assert_int_equal(score_table_set_texts(t, "id", nokey, 4, &err), SCORE_EDATA);
    assert_string_equal(err.message, "column \"id\": row 1 has no key");
    const char *emptykey[4] = {"a", "b", "", "d"};
    assert_int_equal(score_table_set_texts(t, "id", emptykey, 4, &err), SCORE_EDATA);
    const char *badutf[4] = {"a", "b", "c\xff", "d"};
    assert_int_equal(score_table_set_texts(t, "county", badutf, 4, &err), SCORE_EDATA);
    assert_string_equal(err.message, "column \"county\": row 2 is not valid UTF-8");
    assert_int_equal(score_table_find_key(t, "v4"), 3);
    assert_int_equal(score_table_find_key(t, "b"), (size_t)-1);
    assert_string_equal(sc_table_text(t, t->cols[C_COUNTY].values[3]), "东区");

    /* Replacing the keys rebuilds the lookup. */
    const char *ids2[4] = {"x", "y", "z", "v1"};
    assert_int_equal(score_table_set_texts(t, "村代码", ids2, 4, &err), 0);
    assert_int_equal(score_table_find_key(t, "v1"), 3);
    assert_int_equal(score_table_find_key(t, "v2"), (size_t)-1);
    assert_int_equal(score_table_find_key(t, "y"), 1);

    assert_int_equal(score_table_set_texts(t, "pop", ids, 4, &err), SCORE_EINVAL);
    assert_int_equal(score_table_set_texts(t, "id", ids, 5, &err), SCORE_EINVAL);
    assert_int_equal(score_table_set_texts(t, "idx", ids, 4, &err), SCORE_ENOTFOUND);
    score_table_free(t);
}

static void test_many_keys(void **state)
{
    (void)state;
    enum { N = 20000 };
    score_table *t = new_table(N);
    char(*buf)[16] = malloc(N * sizeof *buf);
    const char **ids = malloc(N * sizeof *ids);
    assert_non_null(buf);
    assert_non_null(ids);
    for (size_t i = 0; i < N; i++) {
        snprintf(buf[i], sizeof buf[i], "%zu", i * 7919);
        ids[i] = buf[i];
    }
    assert_int_equal(score_table_set_texts(t, "id", ids, N, NULL), 0);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(score_table_find_key(t, ids[i]), i);
    assert_int_equal(score_table_find_key(t, "1"), (size_t)-1);
    assert_int_equal(t->dict.count, N);
    free(ids);
    free(buf);
    score_table_free(t);
}

static const char csv_input[] =
    "\xef\xbb\xbf村代码,人口,applied,county,income_2019,extra\r\n"
    "v1,3万,是,\"旌阳,区\",1,x\r\n"
    "v2,,0,\"say \"\"hi\"\"\",2,y\r\n"
    "v3,5,true,罗江区,,z\r\n";

/* Every allocation of a parse fails in turn: each failure is ENOMEM and
 * leaves nothing behind. */
static void test_parse_out_of_memory(void **state)
{
    (void)state;
    long n;
    for (n = 1;; n++) {
        counting c = {0, n, 0};
        score_allocator a = {c_malloc, c_realloc, c_free, &c};
        score_table *t = (score_table *)1;
        score_error err;
        int rc = sc_table_parse_csv(&t, NULL, &schema, &a, csv_input, sizeof csv_input - 1,
                                    "in.csv", &err);
        if (rc == 0) {
            assert_int_equal(t->nrows, 3);
            assert_int_equal(score_table_find_key(t, "v3"), 2);
            assert_string_equal(sc_table_text(t, t->cols[C_COUNTY].values[1]), "say \"hi\"");
            assert_true(c.calls < n); /* it did not need the failing one */
            score_table_free(t);
            assert_int_equal(c.live, 0);
            break;
        }
        assert_int_equal(rc, SCORE_ENOMEM);
        assert_int_equal(err.code, SCORE_ENOMEM);
        assert_null(t);
        assert_int_equal(c.live, 0);
    }
    assert_true(n > 5);
}

/* The same for a table built through the array API. */
static void test_api_out_of_memory(void **state)
{
    (void)state;
    const char *ids[3] = {"a", "b", "c"};
    const char *county[3] = {"x", "y", "x"};
    const double pop[3] = {1, 2, 3};
    const signed char ok[3] = {1, 0, -1};
    long n;
    for (n = 1;; n++) {
        counting c = {0, n, 0};
        score_allocator a = {c_malloc, c_realloc, c_free, &c};
        score_table *t = NULL;
        int rc = sc_table_new(&t, NULL, &schema, &a, 3, NULL);
        if (rc == 0)
            rc = score_table_set_texts(t, "id", ids, 3, NULL);
        if (rc == 0)
            rc = score_table_set_texts(t, "county", county, 3, NULL);
        if (rc == 0)
            rc = score_table_set_numbers(t, "pop", pop, 3, NULL);
        if (rc == 0)
            rc = score_table_set_bools(t, "applied", ok, 3, NULL);
        if (rc == 0) {
            assert_int_equal(score_table_find_key(t, "c"), 2);
            assert_int_equal(score_table_absent_count(t), 2);
        } else {
            assert_int_equal(rc, SCORE_ENOMEM);
        }
        score_table_free(t);
        assert_int_equal(c.live, 0);
        if (rc == 0)
            break;
    }
    assert_true(n > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_is_all_missing),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_bind),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_texts_and_keys),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_parse_out_of_memory),
        cmocka_unit_test(test_api_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
