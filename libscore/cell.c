/* Cells as text: trimming, bools and numbers (see cell.h). */
#include <string.h>

#include "cell.h"
#include "decimal.h"
#include "internal.h"

void sc_cell_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *s = p;
    *len = n;
}

static int ascii_ieq(const char *s, const char *lower, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != lower[i])
            return 0;
    }
    return 1;
}

int sc_cell_bool(const char *s, size_t len, double *v)
{
    if (len == 1 && (s[0] == '1' || s[0] == '0'))
        *v = s[0] == '1';
    else if (len == 4 && ascii_ieq(s, "true", 4))
        *v = 1;
    else if (len == 5 && ascii_ieq(s, "false", 5))
        *v = 0;
    else if (len == 3 && memcmp(s, "\xe6\x98\xaf", 3) == 0) /* 是 */
        *v = 1;
    else if (len == 3 && memcmp(s, "\xe5\x90\xa6", 3) == 0) /* 否 */
        *v = 0;
    else
        return -1;
    return 0;
}

int score_parse_number(const char *text, size_t len, double *out, score_error *err)
{
    if (!text || !out)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "text or out is NULL");
    sc_cell_trim(&text, &len);
    *out = NAN;
    if (!len)
        return 0;
    const char *why = sc_decimal_parse(text, len, 1, out);
    if (!why)
        return 0;
    *out = NAN;
    if (strcmp(why, "not a number") == 0)
        return sc_error(err, SCORE_EDATA, NULL, 0, 0, "\"%.*s\" is not a number",
                        len > 64 ? 64 : (int)len, text);
    return sc_error(err, SCORE_EDATA, NULL, 0, 0, "\"%.*s\": %s", len > 64 ? 64 : (int)len,
                    text, why);
}

int score_parse_bool(const char *text, size_t len, int *out, score_error *err)
{
    if (!text || !out)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "text or out is NULL");
    sc_cell_trim(&text, &len);
    *out = -1;
    if (!len)
        return 0;
    double v;
    if (sc_cell_bool(text, len, &v) == 0) {
        *out = (int)v;
        return 0;
    }
    return sc_error(err, SCORE_EDATA, NULL, 0, 0,
                    "\"%.*s\" is not a bool (use 1/0, true/false, 是/否)",
                    len > 64 ? 64 : (int)len, text);
}
