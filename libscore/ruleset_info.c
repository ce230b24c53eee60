/* Accessors of a compiled ruleset: its metadata, params, fields,
 * criteria, scorecards, tiers and targets. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "decimal.h"
#include "ruleset.h"

/* The index of the item of an array of structs whose `char *id` member
 * (at offset id_at) is `id`, or (size_t)-1. */
static size_t index_by_id(const void *items, size_t n, size_t size, size_t id_at,
                          const char *id)
{
    const char *item = items;
    for (size_t i = 0; id && i < n; i++, item += size) {
        const char *item_id;
        memcpy(&item_id, item + id_at, sizeof item_id);
        if (strcmp(item_id, id) == 0)
            return i;
    }
    return (size_t)-1;
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
    return index_by_id(rs->criteria, rs->ncriteria, sizeof *rs->criteria, offsetof(sc_criterion, id), id);
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

const char *score_ruleset_hash(const score_ruleset *rs)
{
    return rs->hash;
}

size_t score_ruleset_scorecard_count(const score_ruleset *rs)
{
    return rs->nscorecards;
}

static const sc_scorecard *card(const score_ruleset *rs, size_t i)
{
    return i < rs->nscorecards ? &rs->scorecards[i] : NULL;
}

const char *score_ruleset_scorecard_id(const score_ruleset *rs, size_t i)
{
    return card(rs, i) ? card(rs, i)->id : NULL;
}

const char *score_ruleset_scorecard_label(const score_ruleset *rs, size_t i)
{
    return card(rs, i) ? card(rs, i)->label : NULL;
}

size_t score_ruleset_scorecard_index(const score_ruleset *rs, const char *id)
{
    return index_by_id(rs->scorecards, rs->nscorecards, sizeof *rs->scorecards, offsetof(sc_scorecard, id), id);
}

int score_ruleset_scorecard_has_grades(const score_ruleset *rs, size_t i)
{
    const sc_scorecard *c = card(rs, i);
    if (!c)
        return 0;
    if (c->nbands)
        return 1;
    for (size_t v = 0; v < c->nvetoes; v++)
        if (c->vetoes[v].grade)
            return 1;
    return 0;
}

size_t score_ruleset_item_count(const score_ruleset *rs, size_t sc)
{
    return card(rs, sc) ? card(rs, sc)->nitems : 0;
}

int score_ruleset_item(const score_ruleset *rs, size_t sc, size_t item, score_item_info *info)
{
    const sc_scorecard *c = card(rs, sc);
    if (!c || item >= c->nitems || !info)
        return SCORE_ENOTFOUND;
    const sc_score_item *it = &c->items[item];
    info->id = it->id;
    info->label = it->label;
    info->expr = it->expr;
    info->deduction = it->deduction;
    info->max = it->max;
    return 0;
}

static const sc_level *level(const score_ruleset *rs, size_t i)
{
    return i < rs->tiers.nlevels ? &rs->tiers.levels[i] : NULL;
}

size_t score_ruleset_tier_count(const score_ruleset *rs)
{
    return rs->tiers.nlevels;
}

const char *score_ruleset_tier_id(const score_ruleset *rs, size_t i)
{
    return level(rs, i) ? level(rs, i)->id : NULL;
}

const char *score_ruleset_tier_label(const score_ruleset *rs, size_t i)
{
    return level(rs, i) ? level(rs, i)->label : NULL;
}

size_t score_ruleset_tier_index(const score_ruleset *rs, const char *id)
{
    return index_by_id(rs->tiers.levels, rs->tiers.nlevels, sizeof *rs->tiers.levels, offsetof(sc_level, id), id);
}

double score_ruleset_tier_quota(const score_ruleset *rs, size_t i)
{
    return level(rs, i) ? level(rs, i)->quota : NAN;
}

double score_ruleset_tier_cap(const score_ruleset *rs, size_t i)
{
    return level(rs, i) ? level(rs, i)->cap : NAN;
}

size_t score_ruleset_tier_require_count(const score_ruleset *rs, size_t i)
{
    return level(rs, i) ? level(rs, i)->nrequire : 0;
}

const char *score_ruleset_tier_require(const score_ruleset *rs, size_t i, size_t k)
{
    const sc_level *lv = level(rs, i);
    return lv && k < lv->nrequire ? lv->require[k] : NULL;
}

size_t score_ruleset_tier_extends(const score_ruleset *rs, size_t i)
{
    return level(rs, i) ? level(rs, i)->extends : (size_t)-1;
}

size_t score_ruleset_target_count(const score_ruleset *rs)
{
    return rs->ntargets;
}

static const sc_target *target(const score_ruleset *rs, size_t i)
{
    return i < rs->ntargets ? &rs->targets[i] : NULL;
}

const char *score_ruleset_target_id(const score_ruleset *rs, size_t i)
{
    return target(rs, i) ? target(rs, i)->id : NULL;
}

const char *score_ruleset_target_label(const score_ruleset *rs, size_t i)
{
    return target(rs, i) ? target(rs, i)->label : NULL;
}

const char *score_ruleset_target_expr(const score_ruleset *rs, size_t i)
{
    return target(rs, i) ? target(rs, i)->expr : NULL;
}

size_t score_ruleset_target_index(const score_ruleset *rs, const char *id)
{
    return index_by_id(rs->targets, rs->ntargets, sizeof *rs->targets, offsetof(sc_target, id), id);
}

int score_ruleset_target_year(const score_ruleset *rs, size_t i)
{
    const sc_target *t = target(rs, i);
    return t && t->year == t->year ? (int)t->year : 0;
}

const char *score_ruleset_target_aggregate(const score_ruleset *rs, size_t i)
{
    static const char *const names[] = {"count", "share", "sum", "avg",
                                        "min",   "max",   "all", "none"};
    const sc_target *t = target(rs, i);
    return t ? names[t->agg] : NULL;
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

size_t score_ruleset_display_count(const score_ruleset *rs)
{
    return rs->ndisplay;
}

const char *score_ruleset_display(const score_ruleset *rs, size_t i)
{
    return i < rs->ndisplay ? rs->display[i] : NULL;
}
