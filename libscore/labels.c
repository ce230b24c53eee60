/*
 * Labels that quote params. A label may hold {name}: the value in force
 * of param `name` (after --param overrides), written as a person would
 * write it, so that "村集体收入全部达到{income_floor}以上" reads
 * "…达到5万元以上", and "…达到2.5万元以上" after --param
 * income_floor=2.5万. {{ and }} are a brace.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "ruleset_builder.h"
#include "suggest.h"

size_t sc_param_natural(const sc_param *p, char *buf, size_t size)
{
    char num[40];
    if (p->type == SC_TYPE_BOOL)
        return (size_t)snprintf(buf, size, "%s", p->num != 0.0 ? "是" : "否");
    if (p->type != SC_TYPE_NUMBER || isnan(p->num))
        return (size_t)snprintf(buf, size, "%s", p->text ? p->text : "");
    if (!p->unit) /* as written: 30%, 3万, 2020 */
        return (size_t)snprintf(buf, size, "%s", p->written ? p->written : p->value_text);
    /* an amount in 元 of 1万 or more reads in 万元 */
    if (strcmp(p->unit, "元") == 0 && fabs(p->num) >= 1e4) {
        sc_decimal_format(p->num / 1e4, num, sizeof num);
        return (size_t)snprintf(buf, size, "%s万元", num);
    }
    if (strcmp(p->unit, "%") == 0)
        sc_decimal_format(p->num * 100.0, num, sizeof num);
    else
        sc_decimal_format(p->num, num, sizeof num);
    return (size_t)snprintf(buf, size, "%s%s", num, p->unit);
}

static const sc_param *param_named(const score_ruleset *rs, const char *name, size_t len)
{
    for (size_t i = 0; i < rs->nparams; i++)
        if (strlen(rs->params[i].name) == len && memcmp(rs->params[i].name, name, len) == 0)
            return &rs->params[i];
    return NULL;
}

/* Report a {name} that is no param, with the nearest param's name. */
static void unknown_param(sc_builder *b, const sc_node *at, const char *name, size_t len)
{
    const score_ruleset *rs = b->rs;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), name);
    const char *names[64];
    size_t n = rs->nparams < 64 ? rs->nparams : 64;
    for (size_t i = 0; i < n; i++)
        names[i] = rs->params[i].name;
    size_t near = sc_suggest(word, names, n);
    char hint[96] = "";
    if (near != (size_t)-1)
        snprintf(hint, sizeof hint, " (did you mean {%s}?)", names[near]);
    sc_report_at(&b->rd, at, SCORE_ERULE,
                 "the label quotes {%s}, which is no param%s; write {{ for a brace", word, hint);
}

char *sc_load_label(sc_builder *b, const sc_node *label)
{
    const char *s = label ? label->text : "";
    if (!strpbrk(s, "{}"))
        return sc_dup(b, s);
    sc_buf out;
    sc_buf_init(&out, b->alloc);
    int bad = 0;
    while (*s && !bad) {
        if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
            sc_buf_append(&out, s, 1);
            s += 2;
        } else if (s[0] == '{') {
            const char *end = strchr(s, '}');
            const sc_param *p = end ? param_named(b->rs, s + 1, (size_t)(end - s - 1)) : NULL;
            if (!p) {
                unknown_param(b, label, s + 1, end ? (size_t)(end - s - 1) : strlen(s + 1));
                bad = 1;
                break;
            }
            char text[96];
            sc_param_natural(p, text, sizeof text);
            sc_buf_puts(&out, text);
            s = end + 1;
        } else if (s[0] == '}') {
            sc_report_at(&b->rd, label, SCORE_ERULE,
                         "a '}' without its '{' in a label (write }} for a brace)");
            bad = 1;
        } else {
            sc_buf_append(&out, s++, 1);
        }
    }
    if (bad) {
        sc_buf_free(&out);
        return sc_dup(b, ""); /* reported: loading goes on to find more */
    }
    if (out.failed || !out.data) {
        sc_buf_free(&out);
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return NULL;
    }
    return out.data; /* allocated with the ruleset's allocator: the label now */
}
