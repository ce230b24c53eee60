/* Loading entry points, accessors and release of compiled rulesets. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "ruleset.h"
#include "yaml_dom.h"

/* Nesting depth allowed in a ruleset document: far more than the grammar
 * needs (5 levels), and the DOM builder does not recurse anyway. */
#define SC_MAX_DOC_DEPTH 64

void sc_limits_resolve(score_limits *out, const score_limits *in)
{
    score_limits d;
    score_limits_default(&d);
    *out = d;
    if (in) {
#define TAKE(f) out->f = in->f ? in->f : d.f
        TAKE(document_bytes);
        TAKE(expression_bytes);
        TAKE(expression_depth);
        TAKE(fields);
        TAKE(criteria);
        TAKE(tier_levels);
        TAKE(targets);
        TAKE(line_bytes);
        TAKE(cell_bytes);
        TAKE(rows);
        TAKE(memory_bytes);
#undef TAKE
    }
    if (out->expression_depth > SC_MAX_EXPR_HEIGHT)
        out->expression_depth = SC_MAX_EXPR_HEIGHT;
    if (out->tier_levels > SC_MAX_LEVELS)
        out->tier_levels = SC_MAX_LEVELS;
}

/* SCORE_ELIMIT for a document longer than `limit` bytes, at the position
 * of its first byte past the limit. */
static int document_too_long(const char *text, size_t limit, const char *source,
                             score_error *err)
{
    size_t line = 1, column = 1;
    for (size_t i = 0; i < limit; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            column++; /* columns count characters, not bytes */
        }
    }
    return sc_error(err, SCORE_ELIMIT, source, line > INT_MAX ? INT_MAX : (int)line,
                    column > INT_MAX ? INT_MAX : (int)column,
                    "document longer than %zu bytes (limit document_bytes)", limit);
}

int score_ruleset_load_string(score_ruleset **out, const char *text, size_t len,
                              const char *source, const score_load_options *opts,
                              score_error *err)
{
    if (!out)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out is NULL");
    *out = NULL;
    if (!text)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "text is NULL");
    if (opts && opts->version != SCORE_LOAD_OPTIONS_VERSION)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "score_load_options.version is %u, expected %u", opts->version,
                        SCORE_LOAD_OPTIONS_VERSION);
    const score_allocator *alloc =
        opts && opts->allocator ? opts->allocator : sc_default_allocator();
    if (!source)
        source = "<string>";
    sc_doc doc;
    score_error local;
    if (!err)
        err = &local; /* the diagnostic callback needs the details */
    score_limits limits;
    sc_limits_resolve(&limits, opts ? opts->limits : NULL);
    int rc = len > limits.document_bytes
                 ? document_too_long(text, limits.document_bytes, source, err)
                 : sc_yaml_parse(&doc, alloc, text, len, source, SC_MAX_DOC_DEPTH, err);
    if (rc) {
        if (opts && opts->diagnostic)
            opts->diagnostic(opts->diagnostic_ud, err);
        return rc;
    }
    rc = sc_ruleset_build(out, &doc, opts, alloc, err);
    sc_doc_free(&doc);
    return rc;
}

int score_ruleset_load_file(score_ruleset **out, const char *path, const score_load_options *opts,
                            score_error *err)
{
    if (!out || !path)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out or path is NULL");
    *out = NULL;
    if (opts && opts->version != SCORE_LOAD_OPTIONS_VERSION)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "score_load_options.version is %u, expected %u", opts->version,
                        SCORE_LOAD_OPTIONS_VERSION);
    const score_allocator *alloc =
        opts && opts->allocator ? opts->allocator : sc_default_allocator();
    score_error local;
    if (!err)
        err = &local; /* the diagnostic callback needs the details */
    char *text;
    size_t len;
    int over;
    score_limits limits;
    sc_limits_resolve(&limits, opts ? opts->limits : NULL);
    int rc = sc_read_file_max(alloc, path, limits.document_bytes, &text, &len, &over, err);
    if (!rc && over) {
        rc = document_too_long(text, len, path, err);
        sc_free(alloc, text);
    }
    if (rc) {
        if (opts && opts->diagnostic)
            opts->diagnostic(opts->diagnostic_ud, err);
        return rc;
    }
    rc = score_ruleset_load_string(out, text ? text : "", len, path, opts, err);
    sc_free(alloc, text);
    return rc;
}

void score_ruleset_free(score_ruleset *rs)
{
    if (!rs)
        return;
    const score_allocator *a = &rs->alloc;
    for (size_t i = 0; i < rs->nparams; i++) {
        sc_param *p = &rs->params[i];
        sc_free(a, p->name);
        sc_free(a, p->label);
        sc_free(a, p->text);
        sc_free(a, p->value_text);
        sc_free(a, p->default_text);
    }
    for (size_t i = 0; i < rs->nfields; i++)
        sc_field_free(a, &rs->fields[i]);
    sc_strlist_free(a, &rs->schema.missing_values);
    for (size_t i = 0; i < rs->ncriteria; i++) {
        sc_free(a, rs->criteria[i].id);
        sc_free(a, rs->criteria[i].label);
        sc_free(a, rs->criteria[i].expr);
    }
    for (size_t i = 0; i < rs->schema.ncols; i++) {
        sc_free(a, (char *)rs->cols[i].name);
        sc_free(a, (char *)rs->cols[i].label);
    }
    for (size_t i = 0; i < rs->nscorecards; i++) {
        sc_scorecard *c = &rs->scorecards[i];
        for (size_t k = 0; k < c->nitems; k++) {
            sc_free(a, c->items[k].id);
            sc_free(a, c->items[k].label);
            sc_free(a, c->items[k].expr);
        }
        for (size_t k = 0; k < c->nvetoes; k++) {
            sc_free(a, c->vetoes[k].label);
            sc_free(a, c->vetoes[k].expr);
            sc_free(a, c->vetoes[k].grade);
        }
        for (size_t k = 0; k < c->nbands; k++)
            sc_free(a, c->bands[k].grade);
        sc_free(a, c->items);
        sc_free(a, c->vetoes);
        sc_free(a, c->bands);
        sc_free(a, c->id);
        sc_free(a, c->label);
    }
    sc_free(a, rs->scorecards);
    for (size_t i = 0; i < rs->tiers.nlevels; i++) {
        sc_level *lv = &rs->tiers.levels[i];
        for (size_t k = 0; k < lv->nrequire; k++)
            sc_free(a, lv->require[k]);
        sc_free(a, lv->require);
        sc_free(a, lv->require_reg);
        sc_free(a, lv->id);
        sc_free(a, lv->label);
    }
    sc_free(a, rs->tiers.levels);
    sc_free(a, rs->tiers.eligible);
    sc_free(a, rs->tiers.rank_by);
    for (size_t i = 0; i < rs->ntargets; i++) {
        sc_target *t = &rs->targets[i];
        sc_free(a, t->id);
        sc_free(a, t->label);
        sc_free(a, t->expr);
        sc_free(a, t->population);
        sc_free(a, t->scopes);
    }
    sc_free(a, rs->targets);
    sc_free(a, rs->cols);
    sc_free(a, rs->params);
    sc_free(a, rs->fields);
    sc_free(a, rs->criteria);
    sc_program_free(&rs->prog);
    sc_dict_free(&rs->names);
    sc_free(a, rs->name_kind);
    sc_free(a, rs->name_index);
    sc_free(a, rs->source);
    sc_free(a, rs->id);
    sc_free(a, rs->version);
    sc_free(a, rs->title);
    sc_free(a, rs->entity);
    sc_free(a, rs->key);
    score_allocator copy = rs->alloc;
    sc_free(&copy, rs);
}

int sc_ruleset_lookup(const score_ruleset *rs, const char *name, size_t len, sc_symbol *sym)
{
    int64_t code = sc_dict_find(&rs->names, name, len);
    if (code < 0)
        return 0;
    memset(sym, 0, sizeof *sym);
    sym->kind = rs->name_kind[code];
    size_t i = rs->name_index[code];
    switch (sym->kind) {
    case SC_SYM_PARAM:
        sym->index = i;
        sym->type = rs->params[i].type;
        sym->num = rs->params[i].num;
        sym->text = rs->params[i].text;
        return 1;
    case SC_SYM_FIELD:
        sym->index = rs->fields[i].column;
        sym->type = rs->fields[i].type;
        sym->years = rs->fields[i].years;
        sym->nyears = rs->fields[i].nyears;
        sym->values = rs->fields[i].rules.values;
        return 1;
    case SC_SYM_CRITERION:
        sym->index = i;
        sym->type = SC_TYPE_BOOL;
        return 1;
    case SC_SYM_SCORECARD:
        sym->index = i;
        sym->type = SC_TYPE_NUMBER;
        return 1;
    case SC_SYM_NONE:
        break;
    }
    return 0;
}

const sc_schema *sc_ruleset_schema(const score_ruleset *rs)
{
    return &rs->schema;
}

const score_allocator *sc_ruleset_allocator(const score_ruleset *rs)
{
    return &rs->alloc;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

const char *score_ruleset_id(const score_ruleset *rs) { return or_empty(rs->id); }
const char *score_ruleset_version(const score_ruleset *rs) { return or_empty(rs->version); }
const char *score_ruleset_title(const score_ruleset *rs) { return or_empty(rs->title); }
const char *score_ruleset_entity(const score_ruleset *rs) { return or_empty(rs->entity); }
const char *score_ruleset_key(const score_ruleset *rs) { return or_empty(rs->key); }

size_t score_ruleset_field_count(const score_ruleset *rs) { return rs->nfields; }

const char *score_ruleset_field_id(const score_ruleset *rs, size_t i)
{
    return i < rs->nfields ? rs->fields[i].id : NULL;
}

const char *score_ruleset_field_label(const score_ruleset *rs, size_t i)
{
    return i < rs->nfields ? or_empty(rs->fields[i].label) : NULL;
}

score_type score_ruleset_field_type(const score_ruleset *rs, size_t i)
{
    return i < rs->nfields ? (score_type)rs->fields[i].type : (score_type)0;
}

const int *score_ruleset_field_years(const score_ruleset *rs, size_t i, size_t *count)
{
    const sc_field *f = i < rs->nfields ? &rs->fields[i] : NULL;
    if (count)
        *count = f ? f->nyears : 0;
    return f ? f->years : NULL;
}

size_t score_ruleset_criterion_count(const score_ruleset *rs) { return rs->ncriteria; }

const char *score_ruleset_criterion_id(const score_ruleset *rs, size_t i)
{
    return i < rs->ncriteria ? rs->criteria[i].id : NULL;
}

const char *score_ruleset_criterion_label(const score_ruleset *rs, size_t i)
{
    return i < rs->ncriteria ? rs->criteria[i].label : NULL;
}

const char *score_ruleset_criterion_expr(const score_ruleset *rs, size_t i)
{
    return i < rs->ncriteria ? rs->criteria[i].expr : NULL;
}

size_t score_ruleset_criterion_index(const score_ruleset *rs, const char *id)
{
    for (size_t i = 0; id && i < rs->ncriteria; i++)
        if (strcmp(rs->criteria[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

size_t score_ruleset_param_count(const score_ruleset *rs) { return rs->nparams; }

const char *score_ruleset_param_name(const score_ruleset *rs, size_t i)
{
    return i < rs->nparams ? rs->params[i].name : NULL;
}

const char *score_ruleset_param_label(const score_ruleset *rs, size_t i)
{
    return i < rs->nparams ? rs->params[i].label : NULL;
}

const char *score_ruleset_param_value(const score_ruleset *rs, size_t i)
{
    return i < rs->nparams ? rs->params[i].value_text : NULL;
}

const char *score_ruleset_param_default(const score_ruleset *rs, size_t i)
{
    return i < rs->nparams ? rs->params[i].default_text : NULL;
}

const char *sc_scorecard_band(const sc_scorecard *card, double v)
{
    if (v != v)
        return NULL;
    for (size_t b = 0; b < card->nbands; b++)
        if (v > card->bands[b].min || sc_num_near(v, card->bands[b].min))
            return card->bands[b].grade;
    return NULL;
}

void sc_field_free(const score_allocator *a, sc_field *f)
{
    sc_free(a, f->id);
    sc_free(a, f->label);
    sc_free(a, f->years);
    sc_cellrules_free(a, &f->rules);
    f->id = f->label = NULL;
    f->years = NULL;
}
