/*
 * Cells held as text (cell.c, docs/data.md "How cells are read"): every
 * accepted form with its value and flags, every refusal with its message;
 * and the public score_parse_number / score_parse_bool built on them.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "cell.h"
#include "score/score.h"

enum {
    TR = SC_CELL_TRIMMED,
    WI = SC_CELL_WIDTH,
    GR = SC_CELL_GROUPS,
    UN = SC_CELL_UNIT,
    MA = SC_CELL_MARKER,
    SP = SC_CELL_SPELLING
};

#define MISSING NAN

/* One cell read in a field of `unit` (NULL: none): either a value with
 * flags, or a refusal whose message starts with `error`. */
typedef struct {
    const char *text;
    const char *unit;
    double want;
    unsigned how;
    const char *error;
} number_case;

static void check_number(const number_case *c, const sc_strlist *markers)
{
    sc_cellrules rules = {0};
    rules.unit = c->unit;
    double v = 12345;
    unsigned how = 999;
    const char *why =
        sc_cell_read_number(c->text, strlen(c->text), &rules, markers, &v, &how);
    if (c->error) {
        if (!why)
            fail_msg("\"%s\" (unit %s): read as %.17g, want refusal \"%s\"", c->text,
                     c->unit ? c->unit : "-", v, c->error);
        if (strncmp(why, c->error, strlen(c->error)) != 0)
            fail_msg("\"%s\" (unit %s): message \"%s\", want \"%s...\"", c->text,
                     c->unit ? c->unit : "-", why, c->error);
        assert_true(isnan(v));
        return;
    }
    if (why)
        fail_msg("\"%s\" (unit %s): refused: %s", c->text, c->unit ? c->unit : "-", why);
    if (isnan(c->want) ? !isnan(v) : v != c->want)
        fail_msg("\"%s\" (unit %s): %.17g, want %.17g", c->text, c->unit ? c->unit : "-", v,
                 c->want);
    if (how != c->how)
        fail_msg("\"%s\" (unit %s): flags %u, want %u", c->text, c->unit ? c->unit : "-", how,
                 c->how);
}

static void test_number_forms(void **state)
{
    (void)state;
    static const number_case cases[] = {
        /* plain decimals and the multipliers of sc_decimal_parse */
        {"30000", NULL, 30000, 0, NULL},
        {"-2.5", NULL, -2.5, 0, NULL},
        {"+7", NULL, 7, 0, NULL},
        {".5", NULL, 0.5, 0, NULL},
        {"5.", NULL, 5, 0, NULL},
        {"1.5e3", NULL, 1500, 0, NULL},
        {"3万", NULL, 30000, 0, NULL},
        {"1.2亿", NULL, 120000000, 0, NULL},
        {"5千", NULL, 5000, 0, NULL},
        {"30%", NULL, 0.3, 0, NULL},
        {"3 万", NULL, 30000, 0, NULL},
        /* trimming */
        {" 3.5万\t", NULL, 35000, TR, NULL},
        {"\xe3\x80\x80" "42" "\xc2\xa0", NULL, 42, TR, NULL}, /* U+3000, NBSP */
        /* full width */
        {"98％", NULL, 0.98, WI, NULL},
        {"４２０", NULL, 420, WI, NULL},
        {"－５", NULL, -5, WI, NULL},
        {"＋５", NULL, 5, WI, NULL},
        {"\xe2\x88\x92" "5", NULL, -5, WI, NULL}, /* U+2212 minus */
        {"３．５万", NULL, 35000, WI, NULL},
        /* thousands separators */
        {" 1,234 ", NULL, 1234, TR | GR, NULL},
        {"12,345,678.5", NULL, 12345678.5, GR, NULL},
        {"1，234", NULL, 1234, WI | GR, NULL},
        {"1，234．5", NULL, 1234.5, WI | GR, NULL},
        {"-1,234", NULL, -1234, GR, NULL},
        {"1,234万", NULL, 12340000, GR, NULL},
        {"999", NULL, 999, 0, NULL},
        /* money */
        {"3.5万元", NULL, 35000, UN, NULL},
        {"35000元", NULL, 35000, UN, NULL},
        {"3.5 万 元", NULL, 35000, UN, NULL},
        {"2千元", NULL, 2000, UN, NULL},
        {"1亿元", NULL, 1e8, UN, NULL},
        {"35000元", "万元", 3.5, UN, NULL},
        {"3.5万元", "万元", 3.5, UN, NULL},
        {"3.5", "万元", 3.5, 0, NULL},
        {"1亿元", "万元", 10000, UN, NULL},
        {"3千元", "万元", 0.3, UN, NULL},
        {"0.1元", "万元", 0.00001, UN, NULL},
        {"1,200元", "千元", 1.2, GR | UN, NULL},
        {"3万元", "亿元", 0.0003, UN, NULL},
        {"3万", "元", 30000, 0, NULL},
        {"3万元", "元", 30000, UN, NULL},
        {"12元", "元", 12, UN, NULL},
        /* the field's own unit */
        {"85分", "分", 85, UN, NULL},
        {"85 分", "分", 85, UN, NULL},
        {"85", "分", 85, 0, NULL},
        {"1.2万人", "人", 12000, UN, NULL},
        {"1.2万", "人", 12000, 0, NULL},
        {"5千克", "千克", 5, UN, NULL},
        {"30kg", "KG", 30, UN, NULL},
        /* a % field: every number is a percent, and a percent a fraction */
        {"30%", "%", 0.3, 0, NULL},
        {"30", "%", 0.3, 0, NULL},
        {"30％", "%", 0.3, WI, NULL},
        /* missing */
        {"", NULL, MISSING, 0, NULL},
        {"   ", NULL, MISSING, TR, NULL},
        {"-", NULL, MISSING, MA, NULL},
        {"--", NULL, MISSING, MA, NULL},
        {"—", NULL, MISSING, MA, NULL},
        {"——", NULL, MISSING, MA, NULL},
        {"－", NULL, MISSING, MA, NULL},
        {"/", NULL, MISSING, MA, NULL},
        {"N/A", NULL, MISSING, MA, NULL},
        {"n/a", NULL, MISSING, MA, NULL},
        {"NA", NULL, MISSING, MA, NULL},
        {"#N/A", NULL, MISSING, MA, NULL},
        {" - ", "分", MISSING, TR | MA, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_number(&cases[i], NULL);
}

static void test_number_refusals(void **state)
{
    (void)state;
    static const char not_number[] = " is not a number (write digits such as 3.5万 or 35000)";
    static const char comma[] = " has a comma that is not a thousands separator";
    static const number_case cases[] = {
        {"abc", NULL, 0, 0, not_number},
        {"nan", NULL, 0, 0, not_number},
        {"inf", NULL, 0, 0, not_number},
        {"-inf", NULL, 0, 0, not_number},
        {"--5", NULL, 0, 0, not_number},
        {"+-5", NULL, 0, 0, not_number},
        {"3-5", NULL, 0, 0, not_number},
        {"1.2.3", NULL, 0, 0, not_number},
        {"1e", NULL, 0, 0, " has text after the number"},
        {"约30", NULL, 0, 0, not_number},
        {"30%元", NULL, 0, 0, not_number},
        {"1 234", NULL, 0, 0, not_number},
        {"1,23", NULL, 0, 0, comma},
        {"12,34", NULL, 0, 0, comma},
        {"1234,567", NULL, 0, 0, comma},
        {",123", NULL, 0, 0, comma},
        {"1,,234", NULL, 0, 0, comma},
        {"1.234,5", NULL, 0, 0, comma},
        {"1,5", NULL, 0, 0, comma},
        {"1,234,56", NULL, 0, 0, comma},
        {"3万,", NULL, 0, 0, comma},
        {"3万万", NULL, 0, 0, " has more than one multiplier"},
        {"3千万", NULL, 0, 0, " has more than one multiplier"},
        {"30%%", NULL, 0, 0, " has more than one multiplier"},
        {"1e999", NULL, 0, 0, " is out of range"},
        {"1e-999", NULL, 0, 0, " is out of range"},
        {"85分", NULL, 0, 0, " has text after the number (write the plain number; this field"},
        {"30左右", NULL, 0, 0, " has text after the number"},
        {"85户", "分", 0, 0, " does not end in this field's unit"},
        {"85元", "分", 0, 0, " is an amount in 元, but this field is not an amount of money"},
        {"3.5万元", "%", 0, 0, " is an amount in 元, but this field"},
        {"85%", "分", 0, 0, " is a percent, but this field's unit is not %"},
        {"30%", "万元", 0, 0, " is a percent, but this field's unit is not %"},
        {"8%分", "分", 0, 0, " is a percent, but this field's unit is not %"},
        {"3万", "万元", 0, 0, " has a multiplier but no unit"},
        {"3千", "千元", 0, 0, " has a multiplier but no unit"},
        {"是", NULL, 0, 0, " is a yes/no answer, but this field takes a number"},
        {"√", NULL, 0, 0, " is a yes/no answer"},
        {"Y", NULL, 0, 0, " is a yes/no answer"},
        {"true", NULL, 0, 0, " is a yes/no answer"},
        {"无", NULL, 0, 0, " is not a number (write 0 if there are none"},
        {"没有", NULL, 0, 0, " is not a number (write 0 if there are none"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_number(&cases[i], NULL);

    /* A cell too long to be a number is refused, not truncated. */
    char longcell[1100];
    memset(longcell, '1', sizeof longcell - 1);
    longcell[sizeof longcell - 1] = '\0';
    number_case too_long = {longcell, NULL, 0, 0, " is too long to be a number"};
    check_number(&too_long, NULL);
    /* ... while a long but sane one is read (and found out of range). */
    longcell[400] = '\0';
    number_case huge = {longcell, NULL, 0, 0, " is out of range"};
    check_number(&huge, NULL);
    longcell[300] = '\0';
    double v;
    assert_null(sc_cell_read_number(longcell, 300, NULL, NULL, &v, NULL));
    assert_true(v > 1.1e299 && v < 1.2e299);
}

static void test_number_without_rules(void **state)
{
    (void)state;
    double v = 0;
    unsigned how = 7;
    /* rules NULL: no unit; markers NULL: the defaults; how may be NULL */
    assert_null(sc_cell_read_number(" 3.5万元 ", 11, NULL, NULL, &v, &how));
    assert_true(v == 35000);
    assert_int_equal(how, TR | UN);
    assert_null(sc_cell_read_number("N/A", 3, NULL, NULL, &v, NULL));
    assert_true(isnan(v));
    const char *why = sc_cell_read_number("85分", strlen("85分"), NULL, NULL, &v, &how);
    assert_non_null(why);
    assert_true(why[0] == ' ');
    /* the length is honoured: "12" of "123" */
    assert_null(sc_cell_read_number("123", 2, NULL, NULL, &v, NULL));
    assert_true(v == 12);
}

static void test_custom_markers(void **state)
{
    (void)state;
    static const char *const items[] = {"不详", " 缺 ", "x"};
    sc_strlist markers = {items, 3};
    static const number_case missing[] = {
        {"不详", NULL, MISSING, MA, NULL},
        {"缺", NULL, MISSING, MA, NULL},
        {"X", NULL, MISSING, MA, NULL},
        {"", NULL, MISSING, 0, NULL},
        {"  ", NULL, MISSING, TR, NULL},
        {"7", NULL, 7, 0, NULL},
        /* the list replaces the defaults */
        {"-", NULL, 0, 0, " is not a number"},
        {"N/A", NULL, 0, 0, " is not a number"},
    };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        check_number(&missing[i], &markers);

    assert_true(sc_cell_is_missing("", 0, &markers));
    assert_true(sc_cell_is_missing(" 不详 ", strlen(" 不详 "), &markers));
    assert_false(sc_cell_is_missing("-", 1, &markers));
    assert_true(sc_cell_is_missing("-", 1, NULL));
    sc_strlist none = {NULL, 0};
    assert_true(sc_cell_is_missing("---", 3, &none));
    assert_true(sc_cell_is_missing("–", strlen("–"), NULL));
    assert_true(sc_cell_is_missing("Ｎ／Ａ", strlen("Ｎ／Ａ"), NULL));
    assert_false(sc_cell_is_missing("0", 1, NULL));
    assert_false(sc_cell_is_missing("-5", 2, NULL));
    assert_false(sc_cell_is_missing("NAN", 3, NULL));
    assert_false(sc_cell_is_missing("无", strlen("无"), NULL));
    /* an empty list: only the empty cell is missing */
    static const char *const empty_items[] = {NULL};
    sc_strlist empty = {empty_items, 0};
    assert_false(sc_cell_is_missing("-", 1, &empty));
    assert_true(sc_cell_is_missing(" ", 1, &empty));
}

typedef struct {
    const char *text;
    double want;
    unsigned how;
    const char *error;
} bool_case;

static void check_bool(const bool_case *c, const sc_cellrules *rules, const sc_strlist *markers)
{
    double v = 12345;
    unsigned how = 999;
    const char *why = sc_cell_read_bool(c->text, strlen(c->text), rules, markers, &v, &how);
    if (c->error) {
        if (!why)
            fail_msg("\"%s\": read as %g, want refusal \"%s\"", c->text, v, c->error);
        if (strncmp(why, c->error, strlen(c->error)) != 0)
            fail_msg("\"%s\": message \"%s\", want \"%s...\"", c->text, why, c->error);
        assert_true(isnan(v));
        return;
    }
    if (why)
        fail_msg("\"%s\": refused: %s", c->text, why);
    if (isnan(c->want) ? !isnan(v) : v != c->want)
        fail_msg("\"%s\": %g, want %g", c->text, v, c->want);
    if (how != c->how)
        fail_msg("\"%s\": flags %u, want %u", c->text, how, c->how);
}

static void test_bools(void **state)
{
    (void)state;
    static const char not_bool[] =
        " is not yes or no (write 是/否, 1/0, √/×, Y/N, yes/no, true/false or 有/无)";
    static const bool_case cases[] = {
        {"1", 1, 0, NULL},
        {"0", 0, 0, NULL},
        {" 1 ", 1, TR, NULL},
        {"１", 1, WI, NULL},
        {"true", 1, 0, NULL},
        {"TRUE", 1, 0, NULL},
        {" false ", 0, TR, NULL},
        {"yes", 1, SP, NULL},
        {"No", 0, SP, NULL},
        {"Y", 1, SP, NULL},
        {"y", 1, SP, NULL},
        {"n", 0, SP, NULL},
        {"N", 0, SP, NULL},
        {"Ｙ", 1, WI | SP, NULL},
        {"ｎ", 0, WI | SP, NULL},
        {"是", 1, 0, NULL},
        {"否", 0, 0, NULL},
        {"√", 1, SP, NULL},
        {"×", 0, SP, NULL},
        {"✓", 1, SP, NULL},
        {"✗", 0, SP, NULL},
        {"✔", 1, SP, NULL},
        {"✘", 0, SP, NULL},
        {"有", 1, SP, NULL},
        {"无", 0, SP, NULL},
        {"\xe3\x80\x80是", 1, TR, NULL},
        {"", MISSING, 0, NULL},
        {"-", MISSING, MA, NULL},
        {"N/A", MISSING, MA, NULL},
        {"maybe", 0, 0, not_bool},
        {"2", 0, 0, not_bool},
        {"1.0", 0, 0, not_bool},
        {"对", 0, 0, not_bool},
        {"错", 0, 0, not_bool},
        {"ok", 0, 0, not_bool},
        {"是的", 0, 0, not_bool},
        {"x", 0, 0, " is unclear: an x may mark yes or no"},
        {"X", 0, 0, " is unclear: an x may mark yes or no"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_bool(&cases[i], NULL, NULL);
}

static void test_bool_field_spellings(void **state)
{
    (void)state;
    static const char *const yes[] = {"达标", "Pass", "0"};
    static const char *const no[] = {"未达标", " fail "};
    sc_cellrules rules = {0};
    rules.true_values = (sc_strlist){yes, 3};
    rules.false_values = (sc_strlist){no, 2};
    static const bool_case cases[] = {
        {"达标", 1, SP, NULL},
        {" 未达标 ", 0, TR | SP, NULL},
        {"PASS", 1, SP, NULL},
        {"pass", 1, SP, NULL},
        {"ＦＡＩＬ", 0, WI | SP, NULL},
        {"0", 1, SP, NULL}, /* the field's own spellings come first */
        {"是", 1, 0, NULL}, /* the defaults still apply */
        {"1", 1, 0, NULL},
        {"待定", 0, 0, " is not yes or no (write one of this field's spellings, or 是/否"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_bool(&cases[i], &rules, NULL);

    static const char *const marks[] = {"待定"};
    sc_strlist markers = {marks, 1};
    bool_case pending = {"待定", MISSING, MA, NULL};
    check_bool(&pending, &rules, &markers);
    bool_case dash = {"-", 0, 0, " is not yes or no"};
    check_bool(&dash, &rules, &markers);
}

static void test_text(void **state)
{
    (void)state;
    const struct {
        const char *text;
        const char *want; /* NULL: missing */
        unsigned how;
    } cases[] = {
        {"麻石村", "麻石村", 0},
        {" 麻石村\xe3\x80\x80", "麻石村", TR},
        {"", NULL, 0},
        {"  ", NULL, TR},
        {"-", NULL, MA},
        {" N/A ", NULL, TR | MA},
        {"—", NULL, MA},
        {"A-B", "A-B", 0},
        {"４２０", "４２０", 0}, /* stored as typed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *s = cases[i].text;
        size_t len = strlen(s);
        int missing = 7;
        unsigned how = 999;
        sc_cell_read_text(&s, &len, NULL, &missing, &how);
        assert_int_equal(how, cases[i].how);
        if (!cases[i].want) {
            assert_int_equal(missing, 1);
            continue;
        }
        assert_int_equal(missing, 0);
        assert_int_equal(len, strlen(cases[i].want));
        assert_memory_equal(s, cases[i].want, len);
    }
    const char *s = "不详";
    size_t len = strlen(s);
    static const char *const items[] = {"不详"};
    sc_strlist markers = {items, 1};
    int missing = 0;
    sc_cell_read_text(&s, &len, &markers, &missing, NULL);
    assert_int_equal(missing, 1);
}

static void test_trim(void **state)
{
    (void)state;
    const char *s = " \t\xe3\x80\x80\xc2\xa0" "a b" "\xc2\xa0 \xe3\x80\x80";
    size_t len = strlen(s);
    assert_int_equal(sc_cell_trim_all(&s, &len), 1);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "a b", 3);
    assert_int_equal(sc_cell_trim_all(&s, &len), 0);
    s = "   ";
    len = 3;
    assert_int_equal(sc_cell_trim_all(&s, &len), 1);
    assert_int_equal(len, 0);
    /* A lone lead byte of U+3000 at the end is not a space. */
    s = "a\xe3\x80";
    len = 3;
    assert_int_equal(sc_cell_trim_all(&s, &len), 0);
    assert_int_equal(len, 3);
}

/* ---- the public API ---- */

static double number(const char *text)
{
    double v = -1;
    score_error err;
    if (score_parse_number(text, strlen(text), &v, &err) != 0)
        fail_msg("\"%s\": %s", text, err.message);
    return v;
}

static void test_public_numbers(void **state)
{
    (void)state;
    assert_true(number("30000") == 30000);
    assert_true(number("3万") == 30000);
    assert_true(number(" 3.5万\t") == 35000);
    assert_true(number("30%") == 0.3);
    assert_true(number("98％") == 0.98);
    assert_true(number("４２０") == 420);
    assert_true(number("1,234") == 1234);
    assert_true(number("3.5万元") == 35000);
    assert_true(number("-2.5") == -2.5);
    assert_true(number("1亿") == 1e8);
    assert_true(isnan(number("")));
    assert_true(isnan(number("   ")));
    assert_true(isnan(number("-")));
    assert_true(isnan(number("#N/A")));
}

static void test_public_number_errors(void **state)
{
    (void)state;
    const char *bad[] = {"abc", "3万万", "--5", "1e999", "nan", "1,5", "85分", "√"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double v = 0;
        score_error err;
        assert_int_equal(score_parse_number(bad[i], strlen(bad[i]), &v, &err), SCORE_EDATA);
        assert_true(isnan(v));
        /* "CELL" and the reason with its hint */
        assert_true(err.message[0] == '"');
        assert_memory_equal(err.message + 1, bad[i], strlen(bad[i]));
        assert_true(err.message[1 + strlen(bad[i])] == '"');
        assert_non_null(strchr(err.message, '('));
    }
    score_error err;
    assert_int_equal(score_parse_number(" abc ", 5, &(double){0}, &err), SCORE_EDATA);
    assert_string_equal(err.message,
                        "\"abc\" is not a number (write digits such as 3.5万 or 35000)");
    /* A long cell is shown cut at a character, not inside one. */
    char longcell[200] = "";
    for (int i = 0; i < 30; i++)
        strcat(longcell, "万");
    assert_int_equal(score_parse_number(longcell, strlen(longcell), &(double){0}, &err),
                     SCORE_EDATA);
    assert_memory_equal(err.message, "\"万万", strlen("\"万万"));
    assert_non_null(strstr(err.message, "万\" is not a number"));
    double v;
    assert_int_equal(score_parse_number(NULL, 0, &v, NULL), SCORE_EINVAL);
    assert_int_equal(score_parse_number("1", 1, NULL, NULL), SCORE_EINVAL);
}

static void test_public_bools(void **state)
{
    (void)state;
    const struct {
        const char *text;
        int want;
    } cases[] = {{"是", 1}, {"否", 0},   {"1", 1},  {"0", 0},  {"TRUE", 1},
                 {" false ", 0}, {"", -1}, {"√", 1}, {"✗", 0}, {"Y", 1},
                 {"n", 0}, {"有", 1}, {"无", 0}, {"Ｙ", 1}, {"N/A", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int b = 7;
        score_error err;
        assert_int_equal(score_parse_bool(cases[i].text, strlen(cases[i].text), &b, &err), 0);
        assert_int_equal(b, cases[i].want);
    }
    int b = 7;
    score_error err;
    assert_int_equal(score_parse_bool("maybe", 5, &b, &err), SCORE_EDATA);
    assert_int_equal(b, -1);
    assert_string_equal(
        err.message,
        "\"maybe\" is not yes or no (write 是/否, 1/0, √/×, Y/N, yes/no, true/false or 有/无)");
    assert_int_equal(score_parse_bool(NULL, 0, &b, NULL), SCORE_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_forms),
        cmocka_unit_test(test_number_refusals),
        cmocka_unit_test(test_number_without_rules),
        cmocka_unit_test(test_custom_markers),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_bool_field_spellings),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_public_numbers),
        cmocka_unit_test(test_public_number_errors),
        cmocka_unit_test(test_public_bools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
