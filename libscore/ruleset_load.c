/*
 * Building a ruleset from its document: the keys of the grammar (unknown
 * keys are errors), params and their overrides, fields and the column
 * schema, criteria parsed, checked and compiled. Errors are reported with
 * their document position; loading goes on after an error where it can,
 * so that `score check` can list them all.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "compile.h"
#include "decimal.h"
#include "dict.h"
#include "ruleset.h"
#include "yaml_dom.h"

typedef struct builder {
    score_ruleset *rs;
    const score_allocator *alloc;
    const char *source;
    const score_load_options *opts;
    score_error *err;
    int nerrors;
    score_code first;         /* the code of the first error */
    int nomem;
    sc_arena arena;           /* expression trees */
    size_t kind_cap, index_cap;
    sc_ast **trees;           /* per criterion, NULL if it did not parse */
    const sc_node **whens;    /* per criterion: its `when` node */
    unsigned char *state;     /* per criterion: 0 new, 1 compiling, 2 done */
    sc_compiler compiler;
} builder;

static void report(builder *b, score_code code, int line, int column, const char *fmt, ...)
    SC_PRINTF(5, 6);

static void report(builder *b, score_code code, int line, int column, const char *fmt, ...)
{
    score_error e;
    va_list ap;
    va_start(ap, fmt);
    sc_verror(&e, code, b->source, line, column, fmt, ap);
    va_end(ap);
    if (code == SCORE_ENOMEM)
        b->nomem = 1;
    if (b->nerrors++ == 0) {
        b->first = code;
        if (b->err)
            *b->err = e;
    }
    if (b->opts && b->opts->diagnostic)
        b->opts->diagnostic(b->opts->diagnostic_ud, &e);
}

static void report_at(builder *b, const sc_node *n, score_code code, const char *msg)
{
    report(b, code, n ? n->line : 0, n ? n->column : 0, "%s", msg);
}

static char *dup(builder *b, const char *s)
{
    char *p = sc_strdup(b->alloc, s ? s : "");
    if (!p)
        report(b, SCORE_ENOMEM, 0, 0, "out of memory");
    return p;
}

/* ---- the namespace ---- */

static int declare(builder *b, const sc_node *key, sc_sym_kind kind, size_t index)
{
    static const char *const kinds[] = {"", "a param", "a field", "a criterion"};
    char msg[200];
    if (!sc_is_identifier(key->text, key->len)) {
        snprintf(msg, sizeof msg,
                 "'%s' is not a valid name (letters, digits and _, not starting with a digit, "
                 "not a keyword)", key->text);
        report_at(b, key, SCORE_ERULE, msg);
        return -1;
    }
    size_t before = b->rs->names.count;
    uint32_t code;
    if (sc_dict_intern(&b->rs->names, key->text, key->len, &code)) {
        report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    if (code < before) {
        snprintf(msg, sizeof msg, "'%s' is already declared as %s", key->text,
                 kinds[b->rs->name_kind[code]]);
        report_at(b, key, SCORE_ERULE, msg);
        return -1;
    }
    if (sc_grow(b->alloc, (void **)&b->rs->name_kind, &b->kind_cap, b->rs->names.count,
                sizeof *b->rs->name_kind) ||
        sc_grow(b->alloc, (void **)&b->rs->name_index, &b->index_cap, b->rs->names.count,
                sizeof *b->rs->name_index)) {
        report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    b->rs->name_kind[code] = kind;
    b->rs->name_index[code] = index;
    return 0;
}

static int lookup(void *ud, const char *name, size_t len, sc_symbol *sym)
{
    const builder *b = ud;
    return sc_ruleset_lookup(b->rs, name, len, sym);
}

/* ---- document helpers ---- */

/* Report every key of a mapping that is not one of `allowed` (NULL-ended);
 * 1 if there was none. */
static int only_keys(builder *b, const sc_node *map, const char *what,
                     const char *const *allowed)
{
    int ok = 1;
    for (size_t i = 0; i < map->count; i++) {
        const sc_node *k = map->keys[i];
        int known = 0;
        for (const char *const *a = allowed; *a; a++)
            known |= strcmp(k->text, *a) == 0;
        if (!known) {
            char list[200] = "", msg[320];
            size_t used = 0;
            for (const char *const *a = allowed; *a && used < sizeof list - 24; a++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                         a == allowed ? "" : ", ", *a);
            snprintf(msg, sizeof msg, "unknown key '%s' in %s (expected: %s)", k->text, what, list);
            report_at(b, k, SCORE_ESYNTAX, msg);
            ok = 0;
        }
    }
    return ok;
}

static const sc_node *scalar(builder *b, const sc_node *n, const char *what)
{
    if (!n)
        return NULL;
    if (n->kind != SC_NODE_SCALAR) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s must be a scalar, not %s", what, sc_node_kind_name(n->kind));
        report_at(b, n, SCORE_ESYNTAX, msg);
        return NULL;
    }
    return n;
}

static const sc_node *mapping(builder *b, const sc_node *n, const char *what)
{
    if (n && n->kind != SC_NODE_MAP) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s must be a mapping, not %s", what, sc_node_kind_name(n->kind));
        report_at(b, n, SCORE_ESYNTAX, msg);
        return NULL;
    }
    return n;
}

static void missing_key(builder *b, const sc_node *where, const char *key, const char *what)
{
    char msg[200];
    snprintf(msg, sizeof msg, "%s needs a '%s'", what, key);
    report_at(b, where, SCORE_ESYNTAX, msg);
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
static char *literal_text(builder *b, sc_type type, double num, const char *text)
{
    char buf[40];
    if (type == SC_TYPE_NUMBER) {
        sc_decimal_format(num, buf, sizeof buf);
        return dup(b, buf);
    }
    if (type == SC_TYPE_BOOL)
        return dup(b, num != 0.0 ? "true" : "false");
    return dup(b, text);
}

static void load_param(builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"value", "label", "description", NULL};
    score_ruleset *rs = b->rs;
    sc_param *p = &rs->params[rs->nparams];
    const sc_node *v = val, *label = NULL;
    if (val->kind == SC_NODE_MAP) {
        only_keys(b, val, "a param", keys); /* reported; the param still counts */
        v = sc_map_get(val, "value");
        label = scalar(b, sc_map_get(val, "label"), "a param's label");
        if (!v) {
            missing_key(b, val, "value", "a param");
            return;
        }
    }
    if (!scalar(b, v, "a param's value"))
        return;
    if (v->len == 0 && v->style == SC_STYLE_PLAIN) {
        report_at(b, v, SCORE_ESYNTAX, "a param needs a value");
        return;
    }
    if (declare(b, key, SC_SYM_PARAM, rs->nparams))
        return;
    int quoted = v->style == SC_STYLE_SINGLE || v->style == SC_STYLE_DOUBLE;
    read_literal(v->text, v->len, quoted, &p->type, &p->num);
    p->name = dup(b, key->text);
    p->label = dup(b, label ? label->text : "");
    p->text = p->type == SC_TYPE_TEXT ? dup(b, v->text) : NULL;
    p->default_text = literal_text(b, p->type, p->num, v->text);
    p->value_text = literal_text(b, p->type, p->num, v->text);
    p->line = key->line;
    p->column = key->column;
    rs->nparams++;
}

/* Apply one --param override by the param's type. */
static void override_param(builder *b, const score_param *o)
{
    score_ruleset *rs = b->rs;
    sc_param *p = NULL;
    for (size_t i = 0; i < rs->nparams; i++)
        if (strcmp(rs->params[i].name, o->name) == 0)
            p = &rs->params[i];
    if (!p) {
        report(b, SCORE_EPARAM, 0, 0, "unknown param '%s'", o->name);
        return;
    }
    const char *s = o->value;
    size_t len = strlen(s);
    double num = NAN;
    switch (p->type) {
    case SC_TYPE_NUMBER:
        if (sc_decimal_parse(s, len, 1, &num)) {
            report(b, SCORE_EPARAM, 0, 0, "param '%s' needs a number, not '%s'", o->name, s);
            return;
        }
        break;
    case SC_TYPE_BOOL:
        if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0) {
            report(b, SCORE_EPARAM, 0, 0, "param '%s' needs true or false, not '%s'", o->name, s);
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
        report(b, SCORE_ENOMEM, 0, 0, "out of memory");
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

static int read_years(builder *b, sc_field *f, const sc_node *years)
{
    if (years->kind != SC_NODE_SEQ || years->count == 0) {
        report_at(b, years, SCORE_ESYNTAX, "years must be a list of years, e.g. [2019, 2020]");
        return -1;
    }
    f->years = sc_calloc(b->alloc, years->count, sizeof *f->years);
    if (!f->years) {
        report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < years->count; i++) {
        const sc_node *y = years->values[i];
        double v;
        if (y->kind != SC_NODE_SCALAR || sc_decimal_parse(y->text, y->len, 0, &v) ||
            v != floor(v) || v < 1000 || v > 9999) {
            report_at(b, y, SCORE_ESYNTAX, "a year must be a whole number from 1000 to 9999");
            return -1;
        }
        if (i > 0 && v <= f->years[i - 1]) {
            report_at(b, y, SCORE_ESYNTAX, "years must be listed in increasing order");
            return -1;
        }
        f->years[i] = (int)v;
    }
    f->nyears = years->count;
    return 0;
}

static void load_field(builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"type", "label", "years", "description", NULL};
    score_ruleset *rs = b->rs;
    sc_field *f = &rs->fields[rs->nfields];
    if (!mapping(b, val, "a field"))
        return;
    only_keys(b, val, "a field", keys); /* reported; the field still counts */
    const sc_node *type = scalar(b, sc_map_get(val, "type"), "a field's type");
    const sc_node *label = scalar(b, sc_map_get(val, "label"), "a field's label");
    const sc_node *years = sc_map_get(val, "years");
    if (!type) {
        if (!sc_map_get(val, "type"))
            missing_key(b, val, "type", "a field");
        return;
    }
    if (strcmp(type->text, "bool") == 0)
        f->type = SC_TYPE_BOOL;
    else if (strcmp(type->text, "number") == 0)
        f->type = SC_TYPE_NUMBER;
    else if (strcmp(type->text, "text") == 0)
        f->type = SC_TYPE_TEXT;
    else {
        report_at(b, type, SCORE_ESYNTAX, "a field's type is bool, number or text");
        return;
    }
    if (years && read_years(b, f, years)) {
        sc_free(b->alloc, f->years);
        f->years = NULL;
        return;
    }
    if (declare(b, key, SC_SYM_FIELD, rs->nfields)) {
        sc_free(b->alloc, f->years);
        f->years = NULL;
        return;
    }
    f->id = dup(b, key->text);
    f->label = label && label->len ? dup(b, label->text) : NULL;
    f->line = key->line;
    f->column_pos = key->column;
    rs->nfields++;
}

/* Labels are matched against CSV headers too, so they must not clash. */
static void check_labels(builder *b)
{
    const score_ruleset *rs = b->rs;
    for (size_t i = 0; i < rs->nfields; i++) {
        const sc_field *f = &rs->fields[i];
        if (!f->label)
            continue;
        for (size_t j = 0; j < rs->nfields; j++) {
            const sc_field *g = &rs->fields[j];
            int same_label = j < i && g->label && strcmp(g->label, f->label) == 0;
            int label_is_id = j != i && strcmp(g->id, f->label) == 0;
            if (same_label || label_is_id) {
                report(b, SCORE_ERULE, f->line, f->column_pos,
                       "the label '%s' of field '%s' is also the %s of field '%s', so a CSV "
                       "header could not tell them apart",
                       f->label, f->id, same_label ? "label" : "id", g->id);
                break;
            }
        }
    }
}

static int build_schema(builder *b)
{
    score_ruleset *rs = b->rs;
    size_t n = 0;
    for (size_t i = 0; i < rs->nfields; i++)
        n += rs->fields[i].years ? rs->fields[i].nyears : 1;
    rs->cols = sc_calloc(b->alloc, n ? n : 1, sizeof *rs->cols);
    if (!rs->cols)
        return -1;
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
        }
    }
    rs->schema.cols = rs->cols;
    rs->schema.ncols = n;
    return 0;
}

/* ---- criteria ---- */

static void load_criterion(builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"label", "when", "description", NULL};
    score_ruleset *rs = b->rs;
    sc_criterion *c = &rs->criteria[rs->ncriteria];
    const sc_node *when = val, *label = NULL;
    if (val->kind == SC_NODE_MAP) {
        only_keys(b, val, "a criterion", keys); /* reported; the criterion still counts */
        when = sc_map_get(val, "when");
        label = scalar(b, sc_map_get(val, "label"), "a criterion's label");
        if (!when) {
            missing_key(b, val, "when", "a criterion");
            return;
        }
    }
    if (!scalar(b, when, "a criterion's when") || declare(b, key, SC_SYM_CRITERION, rs->ncriteria))
        return;
    c->id = dup(b, key->text);
    c->label = dup(b, label ? label->text : "");
    c->expr = dup(b, when->text);
    c->line = key->line;
    c->column = key->column;
    b->whens[rs->ncriteria] = when;
    rs->ncriteria++;
}

static void expr_error(builder *b, const sc_node *where, size_t offset, const score_error *e)
{
    int line, column;
    sc_node_pos(where, offset, &line, &column);
    report(b, e->code, line, column, "%s", e->message);
}

static void parse_criteria(builder *b)
{
    score_ruleset *rs = b->rs;
    sc_checker chk = {lookup, b, b->alloc, NULL, NULL};
    for (size_t i = 0; i < rs->ncriteria; i++) {
        const sc_node *when = b->whens[i];
        score_error e;
        size_t pos = 0;
        sc_ast *tree;
        int rc = sc_parse_expr(&tree, when->text, when->len, &b->arena, &e, &pos);
        if (!rc) {
            chk.err = &e;
            chk.err_pos = &pos;
            rc = sc_check(&chk, tree);
        }
        if (!rc && tree->type != SC_TYPE_BOOL && tree->type != SC_TYPE_NULL) {
            sc_error(&e, SCORE_ERULE, NULL, 0, 0, "a criterion must be a condition (bool), not a %s",
                     sc_type_name(tree->type));
            pos = 0;
            rc = SCORE_ERULE;
        }
        if (rc)
            expr_error(b, when, pos, &e);
        else
            b->trees[i] = tree;
    }
}

/* Find criterion references, for the cycle check. */
static int refers_to(const sc_ast *n, size_t target, uint32_t *pos)
{
    if (n->kind == SC_AST_NAME && n->sym == SC_SYM_CRITERION && n->sym_index == target) {
        *pos = n->pos;
        return 1;
    }
    for (size_t i = 0; i < n->nargs; i++)
        if (refers_to(n->args[i], target, pos))
            return 1;
    return 0;
}

/* Depth-first search from criterion i; on a cycle, report it by names. */
static int find_cycle(builder *b, size_t i, size_t *path, size_t depth)
{
    score_ruleset *rs = b->rs;
    if (b->state[i] == 2 || !b->trees[i])
        return 0;
    path[depth] = i;
    if (b->state[i] == 1) {
        size_t start = 0;
        while (path[start] != i)
            start++;
        char msg[400] = "criteria form a cycle: ";
        size_t used = strlen(msg);
        for (size_t k = start; k <= depth && used < sizeof msg - 64; k++)
            used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", k > start ? " -> " : "",
                                     rs->criteria[path[k]].id);
        uint32_t pos = 0;
        refers_to(b->trees[i], path[start + 1 <= depth ? start + 1 : start], &pos);
        const sc_node *when = b->whens[i];
        int line, column;
        sc_node_pos(when, pos, &line, &column);
        report(b, SCORE_ERULE, line, column, "%s", msg);
        return 1;
    }
    b->state[i] = 1;
    for (size_t j = 0; j < rs->ncriteria; j++) {
        uint32_t pos;
        if (refers_to(b->trees[i], j, &pos) && find_cycle(b, j, path, depth + 1))
            return 1;
    }
    b->state[i] = 2;
    return 0;
}

static int compile_criterion(void *ud, size_t i, uint32_t *reg)
{
    builder *b = ud;
    sc_criterion *c = &b->rs->criteria[i];
    if (b->state[i] == 2) {
        *reg = c->reg;
        return 0;
    }
    int rc = sc_compile_expr(&b->compiler, b->trees[i], &c->reg);
    if (rc)
        return rc;
    b->state[i] = 2;
    *reg = c->reg;
    return 0;
}

static int compile_all(builder *b)
{
    score_ruleset *rs = b->rs;
    memset(b->state, 0, rs->ncriteria);
    size_t *path = sc_calloc(b->alloc, rs->ncriteria + 1, sizeof *path);
    if (!path)
        return SCORE_ENOMEM;
    for (size_t i = 0; i < rs->ncriteria; i++)
        if (find_cycle(b, i, path, 0))
            break;
    sc_free(b->alloc, path);
    if (b->nerrors)
        return 0;
    memset(b->state, 0, rs->ncriteria);
    b->compiler.prog = &rs->prog;
    b->compiler.criterion = compile_criterion;
    b->compiler.ud = b;
    b->compiler.ncolumns = rs->schema.ncols;
    b->compiler.column_regs = sc_calloc(b->alloc, rs->schema.ncols + 1, sizeof(uint32_t));
    if (!b->compiler.column_regs)
        return SCORE_ENOMEM;
    int rc = 0;
    for (size_t i = 0; !rc && i < rs->ncriteria; i++) {
        uint32_t reg;
        rc = compile_criterion(b, i, &reg);
    }
    sc_free(b->alloc, b->compiler.column_regs);
    return rc;
}

/* ---- the document ---- */

static char *meta(builder *b, const sc_node *root, const char *key)
{
    const sc_node *n = scalar(b, sc_map_get(root, key), key);
    return dup(b, n ? n->text : "");
}

/* Allocate the arrays for params, fields and criteria at their final size. */
static int reserve(builder *b, const sc_node *params, const sc_node *fields, const sc_node *criteria)
{
    score_ruleset *rs = b->rs;
    size_t np = params ? params->count : 0, nf = fields ? fields->count : 0;
    size_t nc = criteria ? criteria->count : 0;
    rs->params = sc_calloc(b->alloc, np + 1, sizeof *rs->params);
    rs->fields = sc_calloc(b->alloc, nf + 1, sizeof *rs->fields);
    rs->criteria = sc_calloc(b->alloc, nc + 1, sizeof *rs->criteria);
    b->trees = sc_calloc(b->alloc, nc + 1, sizeof *b->trees);
    b->whens = sc_calloc(b->alloc, nc + 1, sizeof *b->whens);
    b->state = sc_calloc(b->alloc, nc + 1, 1);
    return rs->params && rs->fields && rs->criteria && b->trees && b->whens && b->state ? 0 : -1;
}

static void load_document(builder *b, const sc_node *root)
{
    static const char *const keys[] = {"ruleset", "version", "title", "entity", "key",
                                       "description", "params", "fields", "criteria", NULL};
    score_ruleset *rs = b->rs;
    if (!root || root->kind != SC_NODE_MAP) {
        report(b, SCORE_ESYNTAX, root ? root->line : 1, root ? root->column : 1,
               "a ruleset document is a mapping with keys ruleset, key, fields, criteria, ...");
        return;
    }
    only_keys(b, root, "a ruleset", keys);
    const sc_node *params = mapping(b, sc_map_get(root, "params"), "params");
    const sc_node *fields = mapping(b, sc_map_get(root, "fields"), "fields");
    const sc_node *criteria = mapping(b, sc_map_get(root, "criteria"), "criteria");
    if (reserve(b, params, fields, criteria)) {
        report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    rs->id = meta(b, root, "ruleset");
    rs->version = meta(b, root, "version");
    rs->title = meta(b, root, "title");
    rs->entity = meta(b, root, "entity");
    rs->key = meta(b, root, "key");
    if (!sc_map_get(root, "ruleset"))
        missing_key(b, root, "ruleset", "a ruleset");
    if (!fields)
        missing_key(b, root, "fields", "a ruleset");
    for (size_t i = 0; params && i < params->count && !b->nomem; i++)
        load_param(b, params->keys[i], params->values[i]);
    for (size_t i = 0; fields && i < fields->count && !b->nomem; i++)
        load_field(b, fields->keys[i], fields->values[i]);
    check_labels(b);
    const sc_node *key = sc_map_get(root, "key");
    if (!key)
        missing_key(b, root, "key", "a ruleset");
    else if (rs->key && key->kind == SC_NODE_SCALAR) {
        int64_t code = sc_dict_find(&b->rs->names, key->text, key->len);
        if (code < 0 || b->rs->name_kind[code] != SC_SYM_FIELD)
            report_at(b, key, SCORE_ERULE, "the key must name one of the fields");
        else if (rs->fields[b->rs->name_index[code]].type != SC_TYPE_TEXT ||
                 rs->fields[b->rs->name_index[code]].years)
            report_at(b, key, SCORE_ERULE, "the key field must be a plain text field");
        else
            rs->schema.key_col = b->rs->name_index[code]; /* a field index until the schema is built */
    }
    for (size_t i = 0; criteria && i < criteria->count && !b->nomem; i++)
        load_criterion(b, criteria->keys[i], criteria->values[i]);
    for (size_t i = 0; b->opts && i < b->opts->param_count && !b->nomem; i++)
        override_param(b, &b->opts->params[i]);
    if (b->nomem)
        return;
    size_t key_field = rs->schema.key_col;
    if (build_schema(b)) {
        report(b, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    rs->schema.key_col = rs->nfields ? rs->fields[key_field].column : 0;
    parse_criteria(b);
    if (b->nomem)
        return;
    int rc = compile_all(b);
    if (rc)
        report(b, (score_code)rc, 0, 0, "%s", rc == SCORE_ENOMEM ? "out of memory" : "compile error");
}

int sc_ruleset_build(score_ruleset **out, const sc_doc *doc, const score_load_options *opts,
                     const score_allocator *alloc, score_error *err)
{
    *out = NULL;
    score_ruleset *rs = sc_calloc(alloc, 1, sizeof *rs);
    if (!rs)
        return sc_nomem(err);
    rs->alloc = *alloc;
    sc_program_init(&rs->prog, &rs->alloc);
    builder b;
    memset(&b, 0, sizeof b);
    b.rs = rs;
    b.alloc = &rs->alloc;
    b.source = doc->source;
    b.opts = opts;
    b.err = err;
    sc_arena_init(&b.arena, b.alloc);
    sc_dict_init(&rs->names, b.alloc);
    rs->source = dup(&b, doc->source);
    if (!b.nomem)
        load_document(&b, doc->root);
    sc_arena_free(&b.arena);
    sc_free(b.alloc, b.trees);
    sc_free(b.alloc, b.whens);
    sc_free(b.alloc, b.state);
    if (b.nerrors) {
        score_ruleset_free(rs);
        return (int)b.first;
    }
    *out = rs;
    return 0;
}
