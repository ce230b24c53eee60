/*
 * Building a ruleset from its document: the top-level keys (unknown keys
 * are errors), params and their overrides, fields (how their cells are
 * read: field_rules_load.c) and the column schema, criteria; then the cycle check over criteria and scorecards, and the
 * compilation of everything into one program. Scorecards, tiers and
 * targets are read by their own files.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "load.h"
#include "suggest.h"

/* ---- the namespace ---- */

int sc_declare(sc_builder *b, const sc_node *key, sc_sym_kind kind, size_t index)
{
    static const char *const kinds[] = {"", "a param", "a field", "a criterion"};
    char msg[200];
    if (!sc_is_identifier(key->text, key->len)) {
        snprintf(msg, sizeof msg,
                 "'%s' is not a valid name (letters, digits and _, not starting with a digit, "
                 "not a keyword)", key->text);
        sc_report_at(b, key, SCORE_ERULE, "%s", msg);
        return -1;
    }
    size_t before = b->rs->names.count;
    uint32_t code;
    if (sc_dict_intern(&b->rs->names, key->text, key->len, &code)) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    if (code < before) {
        snprintf(msg, sizeof msg, "'%s' is already declared as %s", key->text,
                 kinds[b->rs->name_kind[code]]);
        sc_report_at(b, key, SCORE_ERULE, "%s", msg);
        return -1;
    }
    if (sc_grow(b->alloc, (void **)&b->rs->name_kind, &b->kind_cap, b->rs->names.count,
                sizeof *b->rs->name_kind) ||
        sc_grow(b->alloc, (void **)&b->rs->name_index, &b->index_cap, b->rs->names.count,
                sizeof *b->rs->name_index)) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    b->rs->name_kind[code] = kind;
    b->rs->name_index[code] = index;
    return 0;
}

/* ---- params ---- */

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

static void load_param(sc_builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"value", "label", "description", NULL};
    score_ruleset *rs = b->rs;
    sc_param *p = &rs->params[rs->nparams];
    const sc_node *v = val, *label = NULL;
    if (val->kind == SC_NODE_MAP) {
        sc_only_keys(b, val, "a param", keys); /* reported; the param still counts */
        v = sc_map_get(val, "value");
        label = sc_scalar(b, sc_map_get(val, "label"), "a param's label");
        if (!v) {
            sc_missing_key(b, val, "value", "a param");
            return;
        }
    }
    if (!sc_scalar(b, v, "a param's value"))
        return;
    int plain = v->style == SC_STYLE_PLAIN;
    if (plain && (v->len == 0 || strcmp(v->text, "null") == 0 || strcmp(v->text, "~") == 0)) {
        sc_report_at(b, v, SCORE_ESYNTAX, "a param needs a value");
        return;
    }
    if (plain && not_a_number(v->text)) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "'%s': NaN and infinities are not numbers here (quote it to make it text)",
                 v->text);
        sc_report_at(b, v, SCORE_ESYNTAX, "%s", msg);
        return;
    }
    double probe;
    const char *why = plain ? sc_decimal_parse(v->text, v->len, 1, &probe) : NULL;
    if (why && (isdigit((unsigned char)v->text[0]) ||
                ((v->text[0] == '-' || v->text[0] == '+') && isdigit((unsigned char)v->text[1])))) {
        char msg[200];
        snprintf(msg, sizeof msg, "'%s': %s (quote it to make it text)", v->text, why);
        sc_report_at(b, v, SCORE_ESYNTAX, "%s", msg);
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
    p->line = key->line;
    p->column = key->column;
    rs->nparams++;
}

/* Apply one --param override by the param's type. */
static void override_param(sc_builder *b, const score_param *o)
{
    score_ruleset *rs = b->rs;
    sc_param *p = NULL;
    if (!o->name || !o->value) {
        sc_report(b, SCORE_EPARAM, 0, 0, "a param override without a %s",
                  o->name ? "value" : "name");
        return;
    }
    for (size_t i = 0; i < rs->nparams; i++)
        if (strcmp(rs->params[i].name, o->name) == 0)
            p = &rs->params[i];
    if (!p) {
        sc_report(b, SCORE_EPARAM, 0, 0, "unknown param '%s'", o->name);
        return;
    }
    const char *s = o->value;
    size_t len = strlen(s);
    double num = NAN;
    switch (p->type) {
    case SC_TYPE_NUMBER:
        if (sc_decimal_parse(s, len, 1, &num)) {
            sc_report(b, SCORE_EPARAM, 0, 0, "param '%s' needs a number, not '%s'", o->name, s);
            return;
        }
        break;
    case SC_TYPE_BOOL:
        if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0) {
            sc_report(b, SCORE_EPARAM, 0, 0, "param '%s' needs true or false, not '%s'", o->name, s);
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
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    char *vt = literal_text(b, p->type, num, text);
    if (!vt) {
        sc_free(b->alloc, text);
        return;
    }
    sc_free(b->alloc, p->text);
    sc_free(b->alloc, p->value_text);
    p->text = text;
    p->num = num;
    p->value_text = vt;
}

/* ---- fields ---- */

static int read_years(sc_builder *b, sc_field *f, const sc_node *years)
{
    if (years->kind != SC_NODE_SEQ || years->count == 0) {
        sc_report_at(b, years, SCORE_ESYNTAX, "years must be a list of years, e.g. [2019, 2020]");
        return -1;
    }
    f->years = sc_calloc(b->alloc, years->count, sizeof *f->years);
    if (!f->years) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < years->count; i++) {
        const sc_node *y = years->values[i];
        double v;
        if (y->kind != SC_NODE_SCALAR || sc_decimal_parse(y->text, y->len, 0, &v) ||
            v != floor(v) || v < 1000 || v > 9999) {
            sc_report_at(b, y, SCORE_ESYNTAX, "a year must be a whole number from 1000 to 9999");
            return -1;
        }
        if (i > 0 && v <= f->years[i - 1]) {
            sc_report_at(b, y, SCORE_ESYNTAX, "years must be listed in increasing order");
            return -1;
        }
        f->years[i] = (int)v;
    }
    f->nyears = years->count;
    return 0;
}

/* A field type that is none of the three: what it was probably meant as. */
static const char *type_meant(const char *word)
{
    static const char *const types[] = {"bool", "number", "text"};
    static const struct {
        const char *alias, *type;
    } aliases[] = {{"int", "number"},     {"integer", "number"}, {"float", "number"},
                   {"double", "number"},  {"decimal", "number"}, {"numeric", "number"},
                   {"real", "number"},    {"money", "number"},   {"percent", "number"},
                   {"boolean", "bool"},   {"yesno", "bool"},     {"string", "text"},
                   {"str", "text"},       {"char", "text"},      {"varchar", "text"},
                   {"date", "text"},      {"数字", "number"},    {"数值", "number"},
                   {"文本", "text"},      {"布尔", "bool"},      {"是否", "bool"}};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(word, aliases[i].alias) == 0)
            return aliases[i].type;
    size_t i = sc_suggest(word, types, 3);
    return i == (size_t)-1 ? NULL : types[i];
}

static void load_field(sc_builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"type",  "label",       "years",        "description",
                                       "unit",  "true_values", "false_values", "values",
                                       NULL};
    score_ruleset *rs = b->rs;
    sc_field *f = &rs->fields[rs->nfields];
    if (!sc_mapping(b, val, "a field"))
        return;
    sc_only_keys(b, val, "a field", keys); /* reported; the field still counts */
    const sc_node *type = sc_scalar(b, sc_map_get(val, "type"), "a field's type");
    const sc_node *label = sc_scalar(b, sc_map_get(val, "label"), "a field's label");
    const sc_node *years = sc_map_get(val, "years");
    if (!type) {
        if (!sc_map_get(val, "type"))
            sc_missing_key(b, val, "type", "a field");
        return;
    }
    if (strcmp(type->text, "bool") == 0)
        f->type = SC_TYPE_BOOL;
    else if (strcmp(type->text, "number") == 0)
        f->type = SC_TYPE_NUMBER;
    else if (strcmp(type->text, "text") == 0)
        f->type = SC_TYPE_TEXT;
    else {
        const char *meant = type_meant(type->text);
        if (meant)
            sc_report_at(b, type, SCORE_ESYNTAX,
                         "a field's type is bool, number or text, not \"%s\" (did you mean %s?)",
                         type->text, meant);
        else
            sc_report_at(b, type, SCORE_ESYNTAX,
                         "a field's type is bool, number or text, not \"%s\"", type->text);
        return;
    }
    if ((years && read_years(b, f, years)) || sc_read_cellrules(b, val, f->type, &f->rules) ||
        sc_declare(b, key, SC_SYM_FIELD, rs->nfields)) {
        sc_field_free(b->alloc, f); /* not counted: the ruleset would not free it */
        return;
    }
    f->id = sc_dup(b, key->text);
    f->label = label && label->len ? sc_dup(b, label->text) : NULL;
    f->line = key->line;
    f->column_pos = key->column;
    rs->nfields++;
}

static int build_schema(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    size_t n = 0;
    for (size_t i = 0; i < rs->nfields; i++)
        n += rs->fields[i].years ? rs->fields[i].nyears : 1;
    rs->cols = sc_calloc(b->alloc, n ? n : 1, sizeof *rs->cols);
    if (!rs->cols)
        return -1;
    rs->schema.ncols = n; /* so that a failure below frees the names made so far */
    size_t c = 0;
    for (size_t i = 0; i < rs->nfields; i++) {
        sc_field *f = &rs->fields[i];
        f->column = c;
        size_t k = f->years ? f->nyears : 1;
        for (size_t y = 0; y < k; y++, c++) {
            sc_colspec *col = &rs->cols[c];
            col->type = (score_type)f->type;
            col->field = i;
            col->year = f->years ? f->years[y] : 0;
            char buf[32];
            snprintf(buf, sizeof buf, "_%d", col->year);
            size_t idl = strlen(f->id), labl = f->label ? strlen(f->label) : 0;
            const char *suffix = f->years ? buf : "";
            size_t sl = strlen(suffix);
            char *name = sc_malloc(b->alloc, idl + sl + 1);
            char *label = f->label ? sc_malloc(b->alloc, labl + sl + 1) : NULL;
            if (!name || (f->label && !label)) {
                sc_free(b->alloc, name);
                sc_free(b->alloc, label);
                return -1;
            }
            memcpy(name, f->id, idl);
            memcpy(name + idl, suffix, sl + 1);
            if (label) {
                memcpy(label, f->label, labl);
                memcpy(label + labl, suffix, sl + 1);
            }
            col->name = name;
            col->label = label;
            col->rules = f->rules;
        }
    }
    rs->schema.cols = rs->cols;
    rs->schema.ncols = n;
    return 0;
}

/* Every CSV header must find exactly one column, so ids, labels and the
 * year columns built from them (income_2019) must all differ. */
static void check_columns(sc_builder *b)
{
    const score_ruleset *rs = b->rs;
    sc_dict seen;
    sc_dict_init(&seen, b->alloc);
    size_t *owner = sc_calloc(b->alloc, 2 * rs->schema.ncols + 1, sizeof *owner);
    if (!owner) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        sc_dict_free(&seen);
        return;
    }
    for (size_t c = 0; c < rs->schema.ncols; c++) {
        const char *names[2] = {rs->cols[c].name, rs->cols[c].label};
        for (int k = 0; k < 2 && names[k]; k++) {
            size_t before = seen.count;
            uint32_t code;
            if (sc_dict_intern(&seen, names[k], strlen(names[k]), &code)) {
                sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
                goto done;
            }
            if (code == before) {
                owner[code] = 2 * c + (size_t)k;
                continue;
            }
            const sc_colspec *o = &rs->cols[owner[code] / 2];
            if (o->field == rs->cols[c].field)
                continue; /* a field whose label equals its id */
            const sc_field *f = &rs->fields[rs->cols[c].field];
            sc_report(b, SCORE_ERULE, f->line, f->column_pos,
                   "the %s '%s' of field '%s' is also the %s of field '%s', so a CSV header "
                   "could not tell them apart",
                   k ? "label" : "column", names[k], f->id,
                   owner[code] % 2 ? "label" : (o->year ? "column" : "id"),
                   rs->fields[o->field].id);
        }
    }
done:
    sc_free(b->alloc, owner);
    sc_dict_free(&seen);
}

/* ---- criteria ---- */

static sc_named *named_criterion(sc_builder *b, size_t i)
{
    return &b->named[i];
}

static void load_criterion(sc_builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"label", "when", "description", NULL};
    score_ruleset *rs = b->rs;
    sc_criterion *c = &rs->criteria[rs->ncriteria];
    const sc_node *when = val, *label = NULL;
    if (val->kind == SC_NODE_MAP) {
        sc_only_keys(b, val, "a criterion", keys); /* reported; the criterion still counts */
        when = sc_map_get(val, "when");
        label = sc_scalar(b, sc_map_get(val, "label"), "a criterion's label");
        if (!when) {
            sc_missing_key(b, val, "when", "a criterion");
            return;
        }
    }
    if (!sc_scalar(b, when, "a criterion's when") ||
        sc_declare(b, key, SC_SYM_CRITERION, rs->ncriteria))
        return;
    sc_named *n = named_criterion(b, rs->ncriteria);
    n->nodes = sc_arena_alloc(&b->arena, sizeof *n->nodes);
    n->trees = sc_arena_alloc(&b->arena, sizeof *n->trees);
    if (!n->nodes || !n->trees) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    n->nodes[0] = when;
    rs->ncriteria++; /* from here on it is released with the ruleset */
    c->id = sc_dup(b, key->text);
    c->label = sc_dup(b, label ? label->text : "");
    c->expr = sc_dup(b, when->text);
    c->line = key->line;
    c->column = key->column;
}

/* Parse every criterion once all names are declared (they may refer to
 * criteria and scorecards further down). */
static void parse_criteria(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    for (size_t i = 0; i < rs->ncriteria && !b->nomem; i++) {
        sc_named *n = named_criterion(b, i);
        sc_ast *tree = sc_load_expr(b, n->nodes[0], 0);
        if (tree && tree->type != SC_TYPE_BOOL) {
            sc_report_at(b, n->nodes[0], SCORE_ERULE,
                         "a criterion must be a condition (bool), not a %s",
                         sc_type_name(tree->type));
            tree = NULL;
        }
        n->trees[0] = tree;
        n->ntrees = tree ? 1 : 0;
    }
}

/* ---- cycles among criteria and scorecards ---- */

/* The index in b->named that a name node refers to, or SIZE_MAX. */
static size_t named_index(const sc_builder *b, const sc_ast *n)
{
    if (n->kind != SC_AST_NAME)
        return SIZE_MAX;
    if (n->sym == SC_SYM_CRITERION)
        return n->sym_index;
    if (n->sym == SC_SYM_SCORECARD)
        return b->named_base + n->sym_index;
    return SIZE_MAX;
}

static const char *named_id(const sc_builder *b, size_t i)
{
    return i < b->named_base ? b->rs->criteria[i].id : b->rs->scorecards[i - b->named_base].id;
}

/* The first reference to `target` in a tree, by its byte offset. */
static int refers_to(const sc_builder *b, const sc_ast *n, size_t target, uint32_t *pos)
{
    if (named_index(b, n) == target) {
        *pos = n->pos;
        return 1;
    }
    for (size_t i = 0; i < n->nargs; i++)
        if (refers_to(b, n->args[i], target, pos))
            return 1;
    return 0;
}

static int any_refers_to(const sc_builder *b, size_t from, size_t target, size_t *tree,
                         uint32_t *pos)
{
    const sc_named *n = &b->named[from];
    for (size_t t = 0; t < n->ntrees; t++) {
        if (n->trees[t] && refers_to(b, n->trees[t], target, pos)) {
            *tree = t;
            return 1;
        }
    }
    return 0;
}

/* Add the named values a tree reads directly to refs, once each. */
static int collect_refs(sc_builder *b, const sc_ast *n, size_t from, size_t *mark,
                        size_t **refs, size_t *count, size_t *cap)
{
    size_t i = named_index(b, n);
    if (i != SIZE_MAX && mark[i] != from + 1) {
        mark[i] = from + 1;
        if (sc_grow(b->alloc, (void **)refs, cap, *count + 1, sizeof **refs))
            return -1;
        (*refs)[(*count)++] = i;
    }
    for (size_t k = 0; k < n->nargs; k++)
        if (collect_refs(b, n->args[k], from, mark, refs, count, cap))
            return -1;
    return 0;
}

static void report_cycle(sc_builder *b, const size_t *path, size_t start, size_t depth)
{
    char msg[400] = "criteria and scorecards form a cycle: ";
    if (b->rs->nscorecards == 0)
        snprintf(msg, sizeof msg, "criteria form a cycle: ");
    size_t used = strlen(msg);
    for (size_t k = start; k <= depth && used < sizeof msg - 64; k++)
        used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", k > start ? " -> " : "",
                                 named_id(b, path[k]));
    /* at the reference from the cycle's first member to the second */
    size_t first = path[start], next = path[start + 1 <= depth ? start + 1 : start], tree = 0;
    const sc_named *n = &b->named[first];
    uint32_t pos = 0;
    any_refers_to(b, first, next, &tree, &pos);
    int line = 0, column = 0;
    if (n->ntrees)
        sc_node_pos(n->nodes[tree], pos, &line, &column);
    sc_report(b, SCORE_ERULE, line, column, "%s", msg);
}

/*
 * Depth-first search over the references between criteria and scorecards,
 * with an explicit stack (a chain of thousands of criteria must not
 * exhaust the C stack). Reports the first cycle found; otherwise fills
 * `order` with every named value after those it reads, the order in
 * which they are compiled.
 */
static int check_cycles(sc_builder *b, size_t *order)
{
    size_t total = b->named_base + b->rs->nscorecards, done = 0;
    size_t *mark = sc_calloc(b->alloc, total + 1, sizeof *mark);
    size_t **refs = sc_calloc(b->alloc, total + 1, sizeof *refs);
    size_t *nrefs = sc_calloc(b->alloc, total + 1, sizeof *nrefs);
    size_t *path = sc_calloc(b->alloc, total + 1, sizeof *path);
    size_t *edge = sc_calloc(b->alloc, total + 1, sizeof *edge);
    int rc = mark && refs && nrefs && path && edge ? 0 : SCORE_ENOMEM;
    for (size_t i = 0; !rc && i < total; i++) {
        const sc_named *n = &b->named[i];
        size_t cap = 0;
        for (size_t t = 0; !rc && t < n->ntrees; t++)
            if (n->trees[t] && collect_refs(b, n->trees[t], i, mark, &refs[i], &nrefs[i], &cap))
                rc = SCORE_ENOMEM;
    }
    for (size_t root = 0; !rc && root < total; root++) {
        if (b->named[root].state)
            continue;
        size_t depth = 0;
        path[0] = root;
        edge[0] = 0;
        b->named[root].state = 1;
        for (;;) {
            size_t i = path[depth];
            if (edge[depth] < nrefs[i]) {
                size_t j = refs[i][edge[depth]++];
                if (b->named[j].state == 2)
                    continue;
                if (b->named[j].state == 1) {
                    size_t start = 0;
                    while (path[start] != j)
                        start++;
                    path[depth + 1] = j;
                    report_cycle(b, path, start, depth + 1);
                    goto out;
                }
                b->named[j].state = 1;
                path[++depth] = j;
                edge[depth] = 0;
                continue;
            }
            b->named[i].state = 2;
            order[done++] = i;
            if (depth == 0)
                break;
            depth--;
        }
    }
out:
    for (size_t i = 0; i < total; i++) {
        b->named[i].state = 0;
        if (refs)
            sc_free(b->alloc, refs[i]);
    }
    sc_free(b->alloc, mark);
    sc_free(b->alloc, refs);
    sc_free(b->alloc, nrefs);
    sc_free(b->alloc, path);
    sc_free(b->alloc, edge);
    return rc;
}

/* ---- compiling ---- */

static int compile_named(void *ud, sc_sym_kind kind, size_t index, uint32_t *reg)
{
    sc_builder *b = ud;
    score_ruleset *rs = b->rs;
    if (kind == SC_SYM_SCORECARD) {
        sc_named *n = &b->named[b->named_base + index];
        if (n->state != 2) {
            int rc = sc_compile_scorecard(b, index);
            if (rc)
                return rc;
            n->state = 2;
        }
        *reg = rs->scorecards[index].reg;
        return 0;
    }
    sc_named *n = named_criterion(b, index);
    sc_criterion *c = &rs->criteria[index];
    if (n->state != 2) {
        int rc = sc_compile_expr(&b->compiler, n->trees[0], &c->reg);
        if (rc)
            return rc;
        n->state = 2;
    }
    *reg = c->reg;
    return 0;
}

static int compile_all(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    size_t total = b->named_base + rs->nscorecards;
    size_t *order = sc_calloc(b->alloc, total + 1, sizeof *order);
    if (!order)
        return SCORE_ENOMEM;
    int rc = check_cycles(b, order);
    if (rc || b->nerrors) {
        sc_free(b->alloc, order);
        return rc;
    }
    b->compiler.prog = &rs->prog;
    b->compiler.named = compile_named;
    b->compiler.ud = b;
    b->compiler.ncolumns = rs->schema.ncols;
    b->compiler.column_regs = sc_calloc(b->alloc, rs->schema.ncols + 1, sizeof(uint32_t));
    if (!b->compiler.column_regs) {
        sc_free(b->alloc, order);
        return SCORE_ENOMEM;
    }
    /* in dependency order, so that every reference is compiled already */
    uint32_t reg;
    for (size_t k = 0; !rc && k < total; k++) {
        size_t i = order[k];
        if (i >= rs->ncriteria && i < b->named_base)
            continue; /* a criterion that failed to load */
        rc = i < b->named_base ? compile_named(b, SC_SYM_CRITERION, i, &reg)
                               : compile_named(b, SC_SYM_SCORECARD, i - b->named_base, &reg);
    }
    sc_free(b->alloc, order);
    if (!rc)
        rc = sc_compile_tiers(b);
    if (!rc)
        rc = sc_compile_targets(b);
    sc_free(b->alloc, b->compiler.column_regs);
    b->compiler.column_regs = NULL;
    return rc;
}

/* ---- the document ---- */

static char *meta(sc_builder *b, const sc_node *root, const char *key)
{
    const sc_node *n = sc_scalar(b, sc_map_get(root, key), key);
    return sc_dup(b, n ? n->text : "");
}

static size_t count_of(const sc_node *n)
{
    return n ? n->count : 0;
}

/* Allocate the arrays of the parts at their final size. */
static int reserve(sc_builder *b, const sc_node *params, const sc_node *fields,
                   const sc_node *criteria, const sc_node *scorecards)
{
    score_ruleset *rs = b->rs;
    size_t nc = count_of(criteria), ns = count_of(scorecards);
    rs->params = sc_calloc(b->alloc, count_of(params) + 1, sizeof *rs->params);
    rs->fields = sc_calloc(b->alloc, count_of(fields) + 1, sizeof *rs->fields);
    rs->criteria = sc_calloc(b->alloc, nc + 1, sizeof *rs->criteria);
    b->named = sc_arena_alloc(&b->arena, (nc + ns + 1) * sizeof *b->named);
    b->named_base = nc;
    return rs->params && rs->fields && rs->criteria && b->named ? 0 : -1;
}

/* SCORE_ELIMIT when a part has more entries than its limit allows;
 * reported at the part, and 1. */
static int over_limit(sc_builder *b, const sc_node *part, const char *name, size_t limit)
{
    if (!part || part->count <= limit)
        return 0;
    sc_report_at(b, part, SCORE_ELIMIT, "more than %zu %s (limit %s)", limit, name, name);
    return 1;
}

/* A year-indexed field makes one column per year: the columns, which
 * every table allocates, are held to the fields limit too. Reported at
 * the field that goes past it. */
static int too_many_columns(sc_builder *b)
{
    const score_ruleset *rs = b->rs;
    size_t columns = 0;
    for (size_t i = 0; i < rs->nfields; i++) {
        const sc_field *f = &rs->fields[i];
        columns += f->years ? f->nyears : 1;
        if (columns > rs->limits.fields) {
            sc_report(b, SCORE_ELIMIT, f->line, f->column_pos,
                      "more than %zu columns (limit fields; a field with years has a column "
                      "for each)", rs->limits.fields);
            return 1;
        }
    }
    return 0;
}

/* The key names no field: say what it names, or which field it was
 * probably meant as. */
static void key_names_no_field(sc_builder *b, const sc_node *key, int64_t code)
{
    static const char *const kinds[] = {"", "a param", "a field", "a criterion", "a scorecard"};
    score_ruleset *rs = b->rs;
    if (code >= 0) {
        sc_report_at(b, key, SCORE_ERULE, "the key \"%s\" names no field (it is %s)", key->text,
                     kinds[rs->name_kind[code]]);
        return;
    }
    const char **cands = sc_calloc(b->alloc, 2 * rs->nfields + 1, sizeof *cands);
    for (size_t i = 0; cands && i < rs->nfields; i++) {
        cands[2 * i] = rs->fields[i].id;
        cands[2 * i + 1] = rs->fields[i].label;
        if (rs->fields[i].label && strcmp(rs->fields[i].label, key->text) == 0) {
            sc_report_at(b, key, SCORE_ERULE, "the key \"%s\" is the label of %s; write the id",
                         key->text, rs->fields[i].id);
            sc_free(b->alloc, cands);
            return;
        }
    }
    size_t near = cands ? sc_suggest(key->text, cands, 2 * rs->nfields) : (size_t)-1;
    if (near != (size_t)-1)
        sc_report_at(b, key, SCORE_ERULE, "the key \"%s\" names no field (did you mean %s?)",
                     key->text, rs->fields[near / 2].id);
    else
        sc_report_at(b, key, SCORE_ERULE, "the key \"%s\" names no field", key->text);
    sc_free(b->alloc, cands);
}

static void load_key(sc_builder *b, const sc_node *key, size_t *key_field)
{
    score_ruleset *rs = b->rs;
    if (!key || key->kind != SC_NODE_SCALAR)
        return;
    int64_t code = sc_dict_find(&rs->names, key->text, key->len);
    if (code < 0 || rs->name_kind[code] != SC_SYM_FIELD)
        key_names_no_field(b, key, code);
    else if (rs->fields[rs->name_index[code]].type != SC_TYPE_TEXT ||
             rs->fields[rs->name_index[code]].years)
        sc_report_at(b, key, SCORE_ERULE, "the key field must be a plain text field");
    else
        *key_field = rs->name_index[code];
}

static void load_document(sc_builder *b, const sc_node *root)
{
    static const char *const keys[] = {"ruleset", "version",  "title",      "entity",
                                       "key",     "description", "params",  "fields",
                                       "criteria", "scorecards", "tiers",   "targets",
                                       "missing_values", NULL};
    score_ruleset *rs = b->rs;
    if (!root || root->kind != SC_NODE_MAP) {
        sc_report(b, SCORE_ESYNTAX, root ? root->line : 1, root ? root->column : 1,
                  "a ruleset document is a mapping with keys ruleset, key, fields, criteria, ...");
        return;
    }
    sc_only_keys(b, root, "a ruleset", keys);
    const sc_node *params = sc_mapping(b, sc_map_get(root, "params"), "params");
    const sc_node *fields = sc_mapping(b, sc_map_get(root, "fields"), "fields");
    const sc_node *criteria = sc_mapping(b, sc_map_get(root, "criteria"), "criteria");
    const sc_node *scorecards = sc_mapping(b, sc_map_get(root, "scorecards"), "scorecards");
    const sc_node *tiers = sc_mapping(b, sc_map_get(root, "tiers"), "tiers");
    const sc_node *targets = sc_list(b, sc_map_get(root, "targets"), "targets");
    const sc_node *missing = sc_map_get(root, "missing_values");
    b->tiers_node = tiers;
    if (over_limit(b, fields, "fields", rs->limits.fields) ||
        over_limit(b, criteria, "criteria", rs->limits.criteria) ||
        over_limit(b, targets, "targets", rs->limits.targets))
        return;
    if (reserve(b, params, fields, criteria, scorecards)) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    rs->id = meta(b, root, "ruleset");
    rs->version = meta(b, root, "version");
    rs->title = meta(b, root, "title");
    rs->entity = meta(b, root, "entity");
    rs->key = meta(b, root, "key");
    if (!sc_map_get(root, "ruleset"))
        sc_missing_key(b, root, "ruleset", "a ruleset");
    if (!fields)
        sc_missing_key(b, root, "fields", "a ruleset");
    if (!sc_map_get(root, "key"))
        sc_missing_key(b, root, "key", "a ruleset");
    if (missing)
        sc_read_missing_values(b, missing);
    /* params first, with their overrides: everything after may use them */
    for (size_t i = 0; params && i < params->count && !b->nomem; i++)
        load_param(b, params->keys[i], params->values[i]);
    for (size_t i = 0; b->opts && i < b->opts->param_count && !b->nomem; i++)
        override_param(b, &b->opts->params[i]);
    for (size_t i = 0; fields && i < fields->count && !b->nomem; i++)
        load_field(b, fields->keys[i], fields->values[i]);
    if (b->nomem || too_many_columns(b))
        return;
    size_t key_field = SIZE_MAX;
    load_key(b, sc_map_get(root, "key"), &key_field);
    for (size_t i = 0; criteria && i < criteria->count && !b->nomem; i++)
        load_criterion(b, criteria->keys[i], criteria->values[i]);
    if (scorecards && !b->nomem)
        sc_load_scorecards(b, scorecards);
    if (b->nomem || build_schema(b)) {
        sc_report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    rs->schema.key_col = key_field != SIZE_MAX ? rs->fields[key_field].column : 0;
    check_columns(b);
    parse_criteria(b);
    sc_parse_scorecards(b);
    /* the scorecards' trees were parsed as they were read; tiers and
     * targets refer to criteria and scorecards, so they come last */
    if (tiers && !b->nomem)
        sc_load_tiers(b, tiers);
    if (targets && !b->nomem)
        sc_load_targets(b, targets);
    if (b->nomem || b->nerrors)
        return;
    int rc = compile_all(b);
    if (rc)
        sc_report(b, (score_code)rc, 0, 0, "%s",
                  rc == SCORE_ENOMEM ? "out of memory" : "cannot compile");
}

int sc_ruleset_build(score_ruleset **out, const sc_doc *doc, const score_load_options *opts,
                     const score_allocator *alloc, score_error *err)
{
    *out = NULL;
    score_ruleset *rs = sc_calloc(alloc, 1, sizeof *rs);
    if (!rs)
        return sc_nomem(err);
    rs->alloc = *alloc;
    sc_limits_resolve(&rs->limits, opts ? opts->limits : NULL);
    sc_program_init(&rs->prog, &rs->alloc);
    sc_dict_init(&rs->names, &rs->alloc);
    sc_builder b;
    memset(&b, 0, sizeof b);
    b.rs = rs;
    b.alloc = &rs->alloc;
    b.source = doc->source;
    b.opts = opts;
    b.err = err;
    sc_arena_init(&b.arena, b.alloc);
    rs->source = sc_dup(&b, doc->source);
    if (!b.nomem)
        load_document(&b, doc->root);
    if (!b.nerrors && sc_ruleset_hash(rs)) 
        sc_report(&b, SCORE_ENOMEM, 0, 0, "out of memory");
    sc_arena_free(&b.arena);
    if (b.nerrors) {
        score_ruleset_free(rs);
        return (int)b.first;
    }
    *out = rs;
    return 0;
}

/* ---- unknown names ---- */

int sc_ruleset_unknown_name(const score_ruleset *rs, const char *name, size_t len, char *out,
                            size_t cap)
{
    char word[256];
    if (len == 0 || len >= sizeof word)
        return 0;
    memcpy(word, name, len);
    word[len] = '\0';
    /* a label written where its id belongs */
    const char *owner = NULL;
    for (size_t i = 0; !owner && i < rs->nfields; i++)
        if (rs->fields[i].label && strcmp(rs->fields[i].label, word) == 0)
            owner = rs->fields[i].id;
    for (size_t i = 0; !owner && i < rs->nparams; i++)
        if (rs->params[i].label && strcmp(rs->params[i].label, word) == 0)
            owner = rs->params[i].name;
    for (size_t i = 0; !owner && i < rs->ncriteria; i++)
        if (rs->criteria[i].label && strcmp(rs->criteria[i].label, word) == 0)
            owner = rs->criteria[i].id;
    for (size_t i = 0; !owner && i < rs->nscorecards; i++)
        if (rs->scorecards[i].label && strcmp(rs->scorecards[i].label, word) == 0)
            owner = rs->scorecards[i].id;
    if (owner) {
        snprintf(out, cap, "'%s' is the label of %s: expressions use the id", word, owner);
        return 2;
    }
    /* a near name or label: one list of both, labels mapped to their id */
    size_t nnames = rs->names.count;
    size_t nlabels = rs->nfields + rs->nparams + rs->ncriteria + rs->nscorecards;
    const char **cands = sc_calloc(&rs->alloc, 2 * (nnames + nlabels) + 1, sizeof *cands);
    if (!cands)
        return 0; /* no suggestion then */
    const char **ids = cands + nnames + nlabels;
    size_t n = 0;
    for (size_t i = 0; i < nnames; i++, n++)
        cands[n] = ids[n] = rs->names.strings[i];
    for (size_t i = 0; i < rs->nfields; i++, n++)
        cands[n] = rs->fields[i].label, ids[n] = rs->fields[i].id;
    for (size_t i = 0; i < rs->nparams; i++, n++)
        cands[n] = rs->params[i].label, ids[n] = rs->params[i].name;
    for (size_t i = 0; i < rs->ncriteria; i++, n++)
        cands[n] = rs->criteria[i].label, ids[n] = rs->criteria[i].id;
    for (size_t i = 0; i < rs->nscorecards; i++, n++)
        cands[n] = rs->scorecards[i].label, ids[n] = rs->scorecards[i].id;
    size_t near = sc_suggest(word, cands, n);
    int said = 0;
    if (near != (size_t)-1 && ids[near]) {
        if (near < nnames)
            snprintf(out, cap, "unknown name '%s' (did you mean %s?)", word, ids[near]);
        else
            snprintf(out, cap, "unknown name '%s' (did you mean %s, labelled %s?)", word,
                     ids[near], cands[near]);
        said = 1;
    }
    sc_free(&rs->alloc, cands);
    return said;
}
