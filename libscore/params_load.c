/* A ruleset's params: their literal values (a number with its suffix,
 * true/false, or text) and the --param overrides applied over them. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "ruleset_parts.h"

/* Read a literal as a param value: a number (with suffix), true/false,
 * or else text. `quoted` text is always text. */
static void read_literal(const char *s, size_t len, int quoted, sc_type *type, double *num)
{
    *num = NAN;
    if (!quoted && sc_decimal_parse(s, len, 1, num) == NULL) {
        *type = SC_TYPE_NUMBER;
        return;
    }
    if (!quoted && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
        *type = SC_TYPE_BOOL;
        *num = s[0] == 't';
        return;
    }
    *type = SC_TYPE_TEXT;
}

/* The canonical literal text of a value: shortest decimal, true/false,
 * or the text itself. */
static char *literal_text(sc_builder *b, sc_type type, double num, const char *text)
{
    char buf[40];
    if (type == SC_TYPE_NUMBER) {
        sc_decimal_format(num, buf, sizeof buf);
        return sc_dup(b, buf);
    }
    if (type == SC_TYPE_BOOL)
        return sc_dup(b, num != 0.0 ? "true" : "false");
    return sc_dup(b, text);
}

/* The spellings of NaN and infinity in YAML and in C: as a bare param
 * value they are surely meant as numbers, which they cannot be. */
static int not_a_number(const char *s)
{
    static const char *const words[] = {"nan", ".nan", "inf", ".inf", "infinity"};
    if (*s == '+' || *s == '-')
        s++;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t k = 0;
        while (words[i][k] && tolower((unsigned char)s[k]) == words[i][k])
            k++;
        if (!words[i][k] && !s[k])
            return 1;
    }
    return 0;
}

void sc_load_param(sc_builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"value", "label", "unit", "description", NULL};
    score_ruleset *rs = b->rs;
    sc_param *p = &rs->params[rs->nparams];
    const sc_node *v = val, *label = NULL, *unit = NULL;
    if (val->kind == SC_NODE_MAP) {
        sc_only_keys(&b->rd, val, "a param", keys); /* reported; the param still counts */
        v = sc_map_get(val, "value");
        label = sc_scalar(&b->rd, sc_map_get(val, "label"), "a param's label");
        unit = sc_scalar(&b->rd, sc_map_get(val, "unit"), "a param's unit");
        if (!v) {
            sc_missing_key(&b->rd, val, "value", "a param");
            return;
        }
    }
    if (!sc_scalar(&b->rd, v, "a param's value"))
        return;
    int plain = v->style == SC_STYLE_PLAIN;
    if (sc_node_is_null(v)) {
        sc_report_at(&b->rd, v, SCORE_ESYNTAX, "a param needs a value");
        return;
    }
    if (plain && not_a_number(v->text)) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "'%s': NaN and infinities are not numbers here (quote it to make it text)",
                 v->text);
        sc_report_at(&b->rd, v, SCORE_ESYNTAX, "%s", msg);
        return;
    }
    double probe;
    const char *why = plain ? sc_decimal_parse(v->text, v->len, 1, &probe) : NULL;
    if (why && (isdigit((unsigned char)v->text[0]) ||
                ((v->text[0] == '-' || v->text[0] == '+') && isdigit((unsigned char)v->text[1])))) {
        char msg[200];
        snprintf(msg, sizeof msg, "'%s': %s (quote it to make it text)", v->text, why);
        sc_report_at(&b->rd, v, SCORE_ESYNTAX, "%s", msg);
        return;
    }
    if (sc_declare(b, key, SC_SYM_PARAM, rs->nparams))
        return;
    int quoted = v->style == SC_STYLE_SINGLE || v->style == SC_STYLE_DOUBLE;
    read_literal(v->text, v->len, quoted, &p->type, &p->num);
    p->name = sc_dup(b, key->text);
    p->label = sc_dup(b, label ? label->text : "");
    p->text = p->type == SC_TYPE_TEXT ? sc_dup(b, v->text) : NULL;
    p->default_text = literal_text(b, p->type, p->num, v->text);
    p->value_text = literal_text(b, p->type, p->num, v->text);
    p->unit = unit && unit->len ? sc_dup(b, unit->text) : NULL;
    p->written = sc_dup(b, v->text);
    p->line = key->line;
    p->column = key->column;
    rs->nparams++;
}

/* Apply one --param override by the param's type. */
void sc_override_param(sc_builder *b, const score_param *o)
{
    score_ruleset *rs = b->rs;
    sc_param *p = NULL;
    if (!o->name || !o->value) {
        sc_report(&b->rd, SCORE_EPARAM, 0, 0, "a param override without a %s",
                  o->name ? "value" : "name");
        return;
    }
    for (size_t i = 0; i < rs->nparams; i++)
        if (strcmp(rs->params[i].name, o->name) == 0)
            p = &rs->params[i];
    if (!p) {
        sc_report(&b->rd, SCORE_EPARAM, 0, 0, "unknown param '%s'", o->name);
        return;
    }
    const char *s = o->value;
    size_t len = strlen(s);
    double num = NAN;
    switch (p->type) {
    case SC_TYPE_NUMBER:
        if (sc_decimal_parse(s, len, 1, &num)) {
            sc_report(&b->rd, SCORE_EPARAM, 0, 0, "param '%s' needs a number, not '%s'", o->name,
                      s);
            return;
        }
        break;
    case SC_TYPE_BOOL:
        if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0) {
            sc_report(&b->rd, SCORE_EPARAM, 0, 0, "param '%s' needs true or false, not '%s'",
                      o->name, s);
            return;
        }
        num = s[0] == 't';
        break;
    default:
        if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
            s++;
            len -= 2;
        }
        break;
    }
    char *text = NULL;
    if (p->type == SC_TYPE_TEXT && !(text = sc_strndup(b->alloc, s, len))) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    char *vt = literal_text(b, p->type, num, text);
    if (!vt) {
        sc_free(b->alloc, text);
        return;
    }
    char *written = sc_strndup(b->alloc, s, len);
    if (!written) {
        sc_free(b->alloc, text);
        sc_free(b->alloc, vt);
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    sc_free(b->alloc, p->text);
    sc_free(b->alloc, p->value_text);
    sc_free(b->alloc, p->written);
    p->text = text;
    p->num = num;
    p->value_text = vt;
    p->written = written;
}
