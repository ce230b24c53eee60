/*
 * Cells as text (see cell.h and docs/data.md "How cells are read"). The
 * number itself is always read by sc_decimal_parse: here the cell is only
 * trimmed, folded from full width, stripped of thousands separators and
 * of its unit, and handed over as "DIGITS.DIGITSeEXP" with the unit's and
 * the multiplier's powers of ten in EXP, so that scaling stays exact.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "decimal.h"
#include "internal.h"
#include "suggest.h"

/* ---- messages (each follows the quoted cell text) ---- */

static const char MSG_NOT_NUMBER[] = " is not a number (write digits such as 3.5万 or 35000)";
static const char MSG_TOO_LONG[] = " is too long to be a number (write digits such as 3.5万 or 35000)";
static const char MSG_COMMA[] =
    " has a comma that is not a thousands separator (thousands go in groups of three, "
    "as in 1,234; a decimal point is a dot, as in 1.23)";
static const char MSG_TWO_MULTIPLIERS[] =
    " has more than one multiplier (write one, as in 3000万 or 30000000)";
static const char MSG_RANGE[] =
    " is out of range (a number's size must lie between about 1e-307 and 1e308)";
static const char MSG_TEXT_AFTER[] =
    " has text after the number (write the plain number; this field has no unit)";
static const char MSG_NOT_FIELD_UNIT[] =
    " does not end in this field's unit (write the number alone, or followed by the "
    "field's unit)";
static const char MSG_MONEY_NOT_FIELD[] =
    " is an amount in 元, but this field is not an amount of money (write the number in "
    "the field's unit)";
static const char MSG_PERCENT_NOT_FIELD[] =
    " is a percent, but this field's unit is not % (write the number in the field's unit)";
static const char MSG_MULTIPLIER_NO_UNIT[] =
    " has a multiplier but no unit, which is unclear in this field (write 3万元 for an "
    "amount in 元, or the number in the field's unit)";
static const char MSG_BOOL_IN_NUMBER[] =
    " is a yes/no answer, but this field takes a number (write digits such as 3.5万 or "
    "35000)";
static const char MSG_NONE_IN_NUMBER[] =
    " is not a number (write 0 if there are none, or leave the cell empty if unknown)";
static const char MSG_NOT_BOOL[] =
    " is not yes or no (write 是/否, 1/0, √/×, Y/N, yes/no, true/false or 有/无)";
static const char MSG_NOT_BOOL_FIELD[] =
    " is not yes or no (write one of this field's spellings, or 是/否, 1/0, √/×, Y/N, "
    "yes/no, true/false or 有/无)";
static const char MSG_BOOL_X[] =
    " is unclear: an x may mark yes or no (write √ or ×, 是 or 否)";

/* ---- trimming and folding ---- */

/* Length of the space at s (ASCII space or tab, U+3000, U+00A0), 0 if none. */
static size_t space_at(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
        return 1;
    if (n >= 2 && memcmp(s, "\xc2\xa0", 2) == 0)
        return 2;
    if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

/* The same, for the space that ends s[0..n). */
static size_t space_before(const char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    if (n >= 2 && memcmp(s + n - 2, "\xc2\xa0", 2) == 0)
        return 2;
    if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

int sc_cell_trim_all(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len, k;
    while ((k = space_at(p, n)) != 0) {
        p += k;
        n -= k;
    }
    while ((k = space_before(p, n)) != 0)
        n -= k;
    int trimmed = n != *len;
    *s = p;
    *len = n;
    return trimmed;
}

/* A full-width ASCII form (U+FF01..U+FF5E: ０, Ｙ, ％, ．, ，...) or the
 * minus sign U+2212 at s: its length (3), with *c the ASCII character;
 * 0 if s starts with neither. */
static size_t wide_at(const char *s, size_t n, char *c)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n < 3)
        return 0;
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x81 && u[2] <= 0xBF) {
        *c = (char)(u[2] - 0x81 + 0x21); /* U+FF01..U+FF3F */
        return 3;
    }
    if (u[0] == 0xEF && u[1] == 0xBD && u[2] >= 0x80 && u[2] <= 0x9E) {
        *c = (char)(u[2] - 0x80 + 0x60); /* U+FF40..U+FF5E */
        return 3;
    }
    if (u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92) {
        *c = '-';
        return 3;
    }
    return 0;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The next unit of s for comparison: a (folded, lower-cased) ASCII
 * character or a raw byte of any other character; advances *i. */
static int next_folded(const char *s, size_t n, size_t *i, int *wide)
{
    char c;
    size_t k = wide_at(s + *i, n - *i, &c);
    if (k) {
        *i += k;
        if (wide)
            *wide = 1;
        return lower((unsigned char)c);
    }
    return lower((unsigned char)s[(*i)++]);
}

/* a and b are the same text ignoring ASCII case and full width; *wide
 * (may be NULL) is set when a had full-width forms. */
static int same_text(const char *a, size_t an, const char *b, size_t bn, int *wide)
{
    size_t i = 0, j = 0;
    int w = 0;
    while (i < an && j < bn)
        if (next_folded(a, an, &i, &w) != next_folded(b, bn, &j, NULL))
            return 0;
    if (i < an || j < bn)
        return 0;
    if (wide && w)
        *wide = 1;
    return 1;
}

static int same_str(const char *a, size_t an, const char *b, int *wide)
{
    return same_text(a, an, b, strlen(b), wide);
}

/* s equals an entry of the list (entries trimmed, NULL entries skipped). */
static int in_list(const char *s, size_t n, const sc_strlist *list, int *wide)
{
    for (size_t k = 0; list && list->items && k < list->count; k++) {
        const char *e = list->items[k];
        if (!e)
            continue;
        size_t en = strlen(e);
        sc_cell_trim_all(&e, &en);
        if (same_text(s, n, e, en, wide))
            return 1;
    }
    return 0;
}

/* ---- missing markers ---- */

/* A run of dashes: - (also full width and U+2212), – (U+2013), — (U+2014). */
static int all_dashes(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char c;
        size_t k = wide_at(s + i, n - i, &c);
        if (k && c == '-')
            i += k;
        else if (s[i] == '-')
            i++;
        else if (n - i >= 3 && (memcmp(s + i, "\xe2\x80\x93", 3) == 0 ||
                                memcmp(s + i, "\xe2\x80\x94", 3) == 0))
            i += 3;
        else
            return 0;
    }
    return n > 0;
}

int sc_cell_is_missing(const char *s, size_t len, const sc_strlist *markers)
{
    sc_cell_trim_all(&s, &len);
    if (len == 0)
        return 1;
    if (markers && markers->items)
        return in_list(s, len, markers, NULL);
    return all_dashes(s, len) || same_str(s, len, "/", NULL) ||
           same_str(s, len, "n/a", NULL) || same_str(s, len, "na", NULL) ||
           same_str(s, len, "#n/a", NULL);
}

/* Trim and test for missing: 1 (with *out NaN) when the cell is missing. */
static int read_missing(const char **s, size_t *len, const sc_strlist *markers, double *out,
                        unsigned *how)
{
    if (sc_cell_trim_all(s, len))
        *how |= SC_CELL_TRIMMED;
    *out = NAN;
    if (*len == 0)
        return 1;
    if (sc_cell_is_missing(*s, *len, markers)) {
        *how |= SC_CELL_MARKER;
        return 1;
    }
    return 0;
}

/* ---- bools ---- */

static const struct {
    const char *text;
    int value;
} bool_spellings[] = {
    {"1", 1},     {"0", 0},      {"true", 1}, {"false", 0},
    {"是", 1},    {"否", 0}, /* the usual six: not counted as spellings */
    {"yes", 1},   {"no", 0},     {"y", 1},    {"n", 0},
    {"√", 1},    {"×", 0},
    {"✓", 1},     {"✗", 0},      {"✔", 1},    {"✘", 0},
    {"有", 1},    {"无", 0},
};

/* A default spelling: 1 or 0, -1 if none; *spelled when not one of the
 * usual six (1/0, true/false, 是/否). */
static int default_bool(const char *s, size_t n, int *wide, int *spelled)
{
    for (size_t k = 0; k < sizeof bool_spellings / sizeof *bool_spellings; k++) {
        if (same_str(s, n, bool_spellings[k].text, wide)) {
            *spelled = k >= 6;
            return bool_spellings[k].value;
        }
    }
    return -1;
}

const char *sc_cell_read_bool(const char *s, size_t len, const sc_cellrules *rules,
                              const sc_strlist *markers, double *out, unsigned *how)
{
    unsigned flags = 0;
    if (!how)
        how = &flags;
    *how = 0;
    if (read_missing(&s, &len, markers, out, how))
        return NULL;
    int wide = 0, spelled = 1, b = -1;
    /* The field's own spellings first: they are what its author meant. */
    if (rules && in_list(s, len, &rules->true_values, &wide))
        b = 1;
    else if (rules && in_list(s, len, &rules->false_values, &wide))
        b = 0;
    else
        b = default_bool(s, len, &wide, &spelled);
    if (b < 0) {
        if (same_str(s, len, "x", NULL))
            return MSG_BOOL_X;
        int own = rules && ((rules->true_values.items && rules->true_values.count) ||
                            (rules->false_values.items && rules->false_values.count));
        return own ? MSG_NOT_BOOL_FIELD : MSG_NOT_BOOL;
    }
    if (wide)
        *how |= SC_CELL_WIDTH;
    if (spelled)
        *how |= SC_CELL_SPELLING;
    *out = b;
    return NULL;
}

/* ---- numbers ---- */

/* Longest number cell read (bytes after trimming); longer ones are refused. */
#define NUMBER_MAX 1024

/* A multiplier at s: its length, with *exp10 its power of ten; 0 if none. */
static size_t multiplier_at(const char *s, size_t n, int *exp10)
{
    static const struct {
        const char *text;
        int exp10;
    } mult[] = {{"%", -2}, {"千", 3}, {"万", 4}, {"亿", 8}};
    for (size_t k = 0; k < sizeof mult / sizeof *mult; k++) {
        size_t ml = strlen(mult[k].text);
        if (n >= ml && memcmp(s, mult[k].text, ml) == 0) {
            *exp10 = mult[k].exp10;
            return ml;
        }
    }
    return 0;
}

/* A money unit's power of ten in 元 (元 0, 千元 3, 万元 4, 亿元 8); -1 if
 * the unit is not money. */
static int money_exp10(const char *u, size_t n)
{
    if (same_str(u, n, "元", NULL))
        return 0;
    if (same_str(u, n, "千元", NULL))
        return 3;
    if (same_str(u, n, "万元", NULL))
        return 4;
    if (same_str(u, n, "亿元", NULL))
        return 8;
    return -1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1,234 or 12,345,678: 1-3 digits, then groups of exactly 3. */
static int proper_groups(const char *s, size_t n)
{
    size_t lead = 0;
    while (lead < n && s[lead] != ',')
        lead++;
    if (lead < 1 || lead > 3)
        return 0;
    for (size_t i = lead; i < n; i += 4)
        if (n - i < 4 || s[i] != ',' || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) ||
            !is_digit(s[i + 3]))
            return 0;
    return 1;
}

/* Why a cell with no digits up front is not a number. */
static const char *no_number(const char *s, size_t n)
{
    int wide = 0, spelled = 0;
    if (same_str(s, n, "无", NULL) || same_str(s, n, "没有", NULL))
        return MSG_NONE_IN_NUMBER;
    if (default_bool(s, n, &wide, &spelled) >= 0)
        return MSG_BOOL_IN_NUMBER;
    return MSG_NOT_NUMBER;
}

/* The cell's text after the number read against the field's unit: sets
 * *shift to the power of ten that turns the number into the field's unit
 * (or, for %, into a fraction). Returns NULL or a refusal. */
static const char *read_unit(const char *t, size_t tn, const char *unit, int *shift,
                             unsigned *how)
{
    size_t un = unit ? strlen(unit) : 0;
    if (unit)
        sc_cell_trim_all(&unit, &un);
    int has_unit = un > 0;
    int field_money = has_unit ? money_exp10(unit, un) : -1;
    int field_percent = has_unit && same_str(unit, un, "%", NULL);
    *shift = field_percent ? -2 : 0; /* a bare number is in the field's unit */
    if (tn == 0)
        return NULL;
    /* The field's own unit, whole (85分, 3户, 5千克, 30% in a % field). */
    if (has_unit && field_money < 0 && same_text(t, tn, unit, un, NULL)) {
        if (!field_percent)
            *how |= SC_CELL_UNIT;
        return NULL;
    }
    int mexp = 0, dummy;
    size_t ml = multiplier_at(t, tn, &mexp), k;
    size_t i = ml;
    while ((k = space_at(t + i, tn - i)) != 0)
        i += k;
    const char *r = t + i;
    size_t rn = tn - i;
    if (ml && multiplier_at(r, rn, &dummy))
        return MSG_TWO_MULTIPLIERS;
    if (rn == 0) { /* a multiplier alone: 30%, 3万 */
        if (mexp == -2 && has_unit)
            return MSG_PERCENT_NOT_FIELD; /* a % field's 30% matched above */
        if (field_money > 0)
            return MSG_MULTIPLIER_NO_UNIT; /* 3万 in a 万元 field: 3 or 30000? */
        *shift += mexp;
        return NULL;
    }
    if (same_str(r, rn, "元", NULL)) { /* an amount: 35000元, 3.5万元 */
        if (mexp == -2)
            return MSG_NOT_NUMBER;
        if (has_unit && field_money < 0)
            return MSG_MONEY_NOT_FIELD;
        *shift = mexp - (field_money > 0 ? field_money : 0);
        *how |= SC_CELL_UNIT;
        return NULL;
    }
    if (has_unit && field_money < 0 && same_text(r, rn, unit, un, NULL)) { /* 1.2万人 */
        if (mexp == -2)
            return MSG_PERCENT_NOT_FIELD;
        *shift += mexp;
        *how |= SC_CELL_UNIT;
        return NULL;
    }
    /* Words after the number (a unit, 左右, 以上) are refused with a hint
     * about units; other characters (3-5, 1.2.3) are just not a number. */
    unsigned char c0 = (unsigned char)r[0];
    int wordy = c0 >= 0x80 || (lower(c0) >= 'a' && lower(c0) <= 'z');
    if (!wordy)
        return MSG_NOT_NUMBER;
    return has_unit ? MSG_NOT_FIELD_UNIT : MSG_TEXT_AFTER;
}

int sc_cell_plain_is_itself(const sc_cellrules *rules)
{
    int shift;
    unsigned how = 0;
    read_unit("", 0, rules ? rules->unit : NULL, &shift, &how);
    return shift == 0;
}

const char *sc_cell_read_number(const char *s, size_t len, const sc_cellrules *rules,
                                const sc_strlist *markers, double *out, unsigned *how)
{
    unsigned flags = 0;
    if (!how)
        how = &flags;
    *how = 0;
    if (read_missing(&s, &len, markers, out, how))
        return NULL;
    if (len > NUMBER_MAX)
        return MSG_TOO_LONG;

    /* Fold full-width forms into ASCII (never longer than the cell). */
    char f[NUMBER_MAX];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        char c;
        size_t k = wide_at(s + i, len - i, &c);
        if (k) {
            f[n++] = c;
            *how |= SC_CELL_WIDTH;
            i += k;
        } else {
            f[n++] = s[i++];
        }
    }

    /* [sign] digits-and-commas [. digits] [e [sign] digits] */
    size_t i = 0;
    int negative = 0;
    if (i < n && (f[i] == '+' || f[i] == '-'))
        negative = f[i++] == '-';
    size_t int_at = i;
    while (i < n && (is_digit(f[i]) || f[i] == ','))
        i++;
    size_t int_end = i, frac_at = i, frac_end = i;
    if (i < n && f[i] == '.') {
        frac_at = ++i;
        while (i < n && (is_digit(f[i]) || f[i] == ','))
            i++;
        frac_end = i;
    }
    size_t ndigits = 0;
    for (size_t k = int_at; k < frac_end; k++)
        ndigits += is_digit(f[k]);
    if (ndigits == 0)
        return no_number(s, len);
    long exp10 = 0;
    if (i < n && (f[i] == 'e' || f[i] == 'E')) {
        size_t j = i + 1;
        int eneg = 0;
        if (j < n && (f[j] == '+' || f[j] == '-'))
            eneg = f[j++] == '-';
        if (j < n && is_digit(f[j])) {
            while (j < n && is_digit(f[j])) {
                if (exp10 < 100000) /* beyond any double either way */
                    exp10 = exp10 * 10 + (f[j] - '0');
                j++;
            }
            if (eneg)
                exp10 = -exp10;
            i = j;
        }
    }
    /* Thousands separators only as 1,234 before any fraction. */
    if (memchr(f + frac_at, ',', frac_end - frac_at) || memchr(f + i, ',', n - i))
        return MSG_COMMA;
    if (memchr(f + int_at, ',', int_end - int_at)) {
        if (!proper_groups(f + int_at, int_end - int_at))
            return MSG_COMMA;
        *how |= SC_CELL_GROUPS;
    }

    size_t t = i, k;
    while ((k = space_at(f + t, n - t)) != 0)
        t += k;
    int shift = 0;
    const char *why = read_unit(f + t, n - t, rules ? rules->unit : NULL, &shift, how);
    if (why)
        return why;

    /* The digits for sc_decimal_parse: "-1234.5e-4". */
    char d[NUMBER_MAX + 32];
    size_t dn = 0;
    if (negative)
        d[dn++] = '-';
    for (size_t p = int_at; p < int_end; p++)
        if (f[p] != ',')
            d[dn++] = f[p];
    if (frac_end > frac_at) {
        d[dn++] = '.';
        memcpy(d + dn, f + frac_at, frac_end - frac_at);
        dn += frac_end - frac_at;
    }
    dn += (size_t)snprintf(d + dn, sizeof d - dn, "e%ld", exp10 + shift);
    double v;
    why = sc_decimal_parse(d, dn, 1, &v);
    if (why)
        return strcmp(why, "number out of range") == 0 ? MSG_RANGE : MSG_NOT_NUMBER;
    *out = v;
    return NULL;
}

/* ---- text ---- */

void sc_cell_read_text(const char **s, size_t *len, const sc_strlist *markers, int *missing,
                       unsigned *how)
{
    unsigned flags = 0;
    if (!how)
        how = &flags;
    *how = 0;
    double unused;
    *missing = read_missing(s, len, markers, &unused, how);
}

/* ---- the public API for cells held as text ---- */

int sc_cell_shown_len(const char *s, size_t len)
{
    if (len <= 64)
        return (int)len;
    size_t n = 64;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

int score_parse_number(const char *text, size_t len, double *out, score_error *err)
{
    if (!text || !out)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "text or out is NULL");
    const char *why = sc_cell_read_number(text, len, NULL, NULL, out, NULL);
    if (!why)
        return 0;
    sc_cell_trim_all(&text, &len);
    return sc_error(err, SCORE_EDATA, NULL, 0, 0, "\"%.*s\"%s", sc_cell_shown_len(text, len), text, why);
}

int score_parse_bool(const char *text, size_t len, int *out, score_error *err)
{
    if (!text || !out)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "text or out is NULL");
    double v;
    const char *why = sc_cell_read_bool(text, len, NULL, NULL, &v, NULL);
    *out = -1;
    if (!why) {
        if (!isnan(v))
            *out = (int)v;
        return 0;
    }
    sc_cell_trim_all(&text, &len);
    return sc_error(err, SCORE_EDATA, NULL, 0, 0, "\"%.*s\"%s", sc_cell_shown_len(text, len), text, why);
}

/* A name exactly, byte for byte: closed sets match as the reader always did. */
static int same_bytes(const char *name, const char *s, size_t len)
{
    return strlen(name) == len && memcmp(name, s, len) == 0;
}

long sc_cell_closed_value(const sc_valueset *vs, const char *s, size_t len, int *by_label,
                         char *hint, size_t size)
{
    for (size_t k = 0; k < vs->count; k++) {
        if (same_bytes(vs->ids[k], s, len)) {
            *by_label = 0;
            return (long)k;
        }
        if (vs->labels[k] && same_bytes(vs->labels[k], s, len)) {
            *by_label = 1;
            return (long)k;
        }
    }
    hint[0] = '\0';
    char word[256];
    if (len < sizeof word) {
        memcpy(word, s, len);
        word[len] = '\0';
        size_t k = sc_suggest_value(word, vs);
        if (k != (size_t)-1)
            snprintf(hint, size, "; did you mean %s%s%s%s?", vs->ids[k],
                     vs->labels[k] ? " (" : "", vs->labels[k] ? vs->labels[k] : "",
                     vs->labels[k] ? ")" : "");
    }
    return -1;
}
