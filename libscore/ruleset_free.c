/* Releasing a compiled ruleset and what its parts own (also for a part
 * the builder drops half-read). */
#include <string.h>

#include "ruleset.h"

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
        sc_free(a, p->unit);
        sc_free(a, p->written);
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
    for (size_t i = 0; i < rs->ndisplay; i++)
        sc_free(a, rs->display[i]);
    sc_free(a, rs->display);
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

void sc_field_free(const score_allocator *a, sc_field *f)
{
    sc_free(a, f->id);
    sc_free(a, f->label);
    sc_free(a, f->years);
    sc_cellrules_free(a, &f->rules);
    f->id = f->label = NULL;
    f->years = NULL;
}

void sc_strlist_free(const score_allocator *a, sc_strlist *l)
{
    for (size_t i = 0; l->items && i < l->count; i++)
        sc_free(a, (char *)l->items[i]);
    sc_free(a, (char **)l->items);
    l->items = NULL;
    l->count = 0;
}

void sc_valueset_free(const score_allocator *a, const sc_valueset *vs)
{
    if (!vs)
        return;
    for (size_t i = 0; i < vs->count; i++) {
        sc_free(a, (char *)vs->ids[i]);
        sc_free(a, (char *)vs->labels[i]);
    }
    sc_free(a, (char **)vs->ids);
    sc_free(a, (char **)vs->labels);
    sc_free(a, (sc_valueset *)vs);
}

void sc_cellrules_free(const score_allocator *a, sc_cellrules *r)
{
    sc_free(a, (char *)r->unit);
    sc_strlist_free(a, &r->true_values);
    sc_strlist_free(a, &r->false_values);
    sc_valueset_free(a, r->values);
    memset(r, 0, sizeof *r);
}
