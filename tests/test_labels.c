/*
 * Labels that quote params: {name} is the param's value in force, as a
 * person writes it; --param overrides show; an unknown {name} is an error
 * at the label with the nearest param; {{ and }} are braces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "run.h"

#define L(s) s "\n"

static const char doc[] =
    L("ruleset: labels")
    L("version: \"1\"")
    L("entity: village")
    L("key: id")
    L("params:")
    L("  floor: {value: 5万, unit: 元, label: 收入下限}")
    L("  small: {value: 3000, unit: 元}")
    L("  share_min: {value: 30%, unit: \"%\"}")
    L("  plain_share: {value: 40%}")
    L("  year: {value: 2020}")
    L("  strict: {value: true}")
    L("  town_name: {value: \"城关镇\"}")
    L("  count_min: {value: 3, unit: 个}")
    L("fields:")
    L("  id: {type: text, label: 村代码}")
    L("  income: {type: number, label: \"收入（{small}起报）\"}")
    L("criteria:")
    L("  rich:")
    L("    label: 村集体收入全部达到{floor}以上")
    L("    when: income >= floor")
    L("  mixed:")
    L("    label: \"{share_min}/{plain_share}/{year}年/{strict}/{town_name}/{count_min}/{{x}}\"")
    L("    when: income >= small")
    L("targets:")
    L("  - id: t1")
    L("    label: \"{share_min}以上的村超过{floor}\"")
    L("    require: share(rich) >= share_min");

static const char csv[] = "id,income\nA,60000\n";

static size_t criterion(const score_ruleset *rs, const char *id)
{
    size_t i = score_ruleset_criterion_index(rs, id);
    assert_true(i != (size_t)-1);
    return i;
}

static void test_natural_forms(void **state)
{
    (void)state;
    run x = run_evaluate(doc, csv, NULL, 0);
    assert_string_equal(score_ruleset_criterion_label(x.rs, criterion(x.rs, "rich")),
                        "村集体收入全部达到5万元以上");
    assert_string_equal(score_ruleset_criterion_label(x.rs, criterion(x.rs, "mixed")),
                        "30%/40%/2020年/是/城关镇/3个/{x}");
    assert_string_equal(score_ruleset_field_label(x.rs, 1), "收入（3000元起报）");
    assert_string_equal(score_ruleset_target_label(x.rs, 0), "30%以上的村超过5万元");
    /* the header matches the label as rendered */
    assert_int_equal(score_table_absent_count(x.t), 0);
    run_done(&x);
}

static void test_overrides_show(void **state)
{
    (void)state;
    const score_param params[] = {{"floor", "2.5万"}, {"share_min", "0.35"}, {"year", "2021"}};
    run x = run_evaluate(doc, csv, params, 3);
    assert_string_equal(score_ruleset_criterion_label(x.rs, criterion(x.rs, "rich")),
                        "村集体收入全部达到2.5万元以上");
    assert_string_equal(score_ruleset_target_label(x.rs, 0), "35%以上的村超过2.5万元");
    assert_non_null(strstr(score_ruleset_criterion_label(x.rs, criterion(x.rs, "mixed")),
                           "/2021年/"));
    run_done(&x);
}

static void test_label_errors(void **state)
{
    (void)state;
    expect_load_error("unknown param",
                      L("ruleset: e")
                      L("version: \"1\"")
                      L("entity: village")
                      L("key: id")
                      L("params:")
                      L("  floor: {value: 5万, unit: 元}")
                      L("fields:")
                      L("  id: {type: text}")
                      L("criteria:")
                      L("  c:")
                      L("    label: 达到{flor}以上")
                      L("    when: floor > 0"),
                      11, 12, "quotes {flor}, which is no param (did you mean {floor}?)");
    expect_load_error("lone brace",
                      L("ruleset: e")
                      L("version: \"1\"")
                      L("entity: village")
                      L("key: id")
                      L("fields:")
                      L("  id: {type: text}")
                      L("criteria:")
                      L("  c:")
                      L("    label: 1}")
                      L("    when: true"),
                      9, 12, "a '}' without its '{'");
    expect_load_error("unclosed",
                      L("ruleset: e")
                      L("version: \"1\"")
                      L("entity: village")
                      L("key: id")
                      L("fields:")
                      L("  id: {type: text}")
                      L("criteria:")
                      L("  c:")
                      L("    label: 达到{floor")
                      L("    when: true"),
                      9, 12, "quotes {floor}, which is no param");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_natural_forms),
        cmocka_unit_test(test_overrides_show),
        cmocka_unit_test(test_label_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
