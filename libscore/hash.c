/*
 * Provenance: a hash of what a ruleset decides with, so that a published
 * verdict can be traced to the exact standard. It covers the id, version,
 * the params in force, the fields, and every expression and number of the
 * criteria, scorecards, tiers and targets, the field labels (which
 * decide the columns read) and how a field's cells are read (its unit,
 * spellings and closed set of values; the document's missing markers),
 * written out canonically; not other labels or comments. FNV-1a, 64 bits, as 16 hex digits.
 */
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "ruleset.h"

static void text(sc_buf *b, const char *s)
{
    sc_buf_puts(b, s ? s : "");
    sc_buf_append(b, "\n", 1);
}

static void number(sc_buf *b, double v)
{
    char tmp[40];
    sc_decimal_format(v, tmp, sizeof tmp);
    text(b, v != v ? "-" : tmp);
}

/* A list, its length first (-1 for none given, which is not an empty
 * list: the defaults apply). */
static void strlist(sc_buf *b, const sc_strlist *l)
{
    number(b, l->items ? (double)l->count : -1);
    for (size_t i = 0; l->items && i < l->count; i++)
        text(b, l->items[i]);
}

/* How the field's cells are read: a cell means what these say. */
static void cellrules(sc_buf *b, const sc_cellrules *r)
{
    text(b, r->unit);
    strlist(b, &r->true_values);
    strlist(b, &r->false_values);
    number(b, r->values ? (double)r->values->count : -1);
    for (size_t i = 0; r->values && i < r->values->count; i++) {
        text(b, r->values->ids[i]);
        text(b, r->values->labels[i]);
    }
}

static void canonical(sc_buf *b, const score_ruleset *rs)
{
    text(b, rs->id);
    text(b, rs->version);
    text(b, rs->key);
    for (size_t i = 0; i < rs->nparams; i++) {
        text(b, rs->params[i].name);
        text(b, rs->params[i].value_text);
    }
    for (size_t i = 0; i < rs->nfields; i++) {
        text(b, rs->fields[i].id);
        text(b, rs->fields[i].label); /* it decides which CSV column is read */
        number(b, rs->fields[i].type);
        for (size_t y = 0; y < rs->fields[i].nyears; y++)
            number(b, rs->fields[i].years[y]);
        cellrules(b, &rs->fields[i].rules);
    }
    strlist(b, &rs->schema.missing_values);
    for (size_t i = 0; i < rs->ncriteria; i++) {
        text(b, rs->criteria[i].id);
        text(b, rs->criteria[i].expr);
    }
    for (size_t i = 0; i < rs->nscorecards; i++) {
        const sc_scorecard *c = &rs->scorecards[i];
        text(b, c->id);
        for (size_t k = 0; k < c->nitems; k++) {
            text(b, c->items[k].expr);
            number(b, c->items[k].deduction);
            number(b, c->items[k].max);
        }
        for (size_t k = 0; k < c->nvetoes; k++) {
            text(b, c->vetoes[k].expr);
            number(b, c->vetoes[k].value);
            text(b, c->vetoes[k].grade);
        }
        number(b, c->min);
        number(b, c->max);
        for (size_t k = 0; k < c->nbands; k++) {
            number(b, c->bands[k].min);
            text(b, c->bands[k].grade);
        }
    }
    const sc_tiers *t = &rs->tiers;
    text(b, t->eligible);
    text(b, t->rank_by);
    number(b, t->has_prior ? (double)t->prior_col : -1);
    number(b, t->max_step);
    for (size_t i = 0; i < t->nlevels; i++) {
        const sc_level *lv = &t->levels[i];
        text(b, lv->id);
        number(b, lv->extends == SIZE_MAX ? -1 : (double)lv->extends);
        for (size_t k = 0; k < lv->nrequire; k++)
            text(b, lv->require[k]);
        number(b, lv->quota);
        number(b, lv->cap);
    }
    for (size_t i = 0; i < rs->ntargets; i++) {
        const sc_target *tg = &rs->targets[i];
        text(b, tg->id);
        text(b, tg->expr);
        text(b, tg->population);
        number(b, tg->year);
        for (size_t k = 0; k < tg->nscopes; k++)
            number(b, tg->scopes[k] == SIZE_MAX ? -1 : (double)tg->scopes[k]);
    }
}

int sc_ruleset_hash(score_ruleset *rs)
{
    sc_buf b;
    sc_buf_init(&b, &rs->alloc);
    canonical(&b, rs);
    if (b.failed) {
        sc_buf_free(&b);
        return -1;
    }
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < b.len; i++) {
        h ^= (unsigned char)b.data[i];
        h *= 0x100000001b3u;
    }
    snprintf(rs->hash, sizeof rs->hash, "%016llx", (unsigned long long)h);
    sc_buf_free(&b);
    return 0;
}
