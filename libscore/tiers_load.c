/*
 * Tier ladders (等级): eligibility (申报条件), a ranking key, ordered
 * levels that extend the one below with their own requirements, quotas
 * (名额) and caps (比例上限), and a limit on the rise over last period's
 * level. Here they are read and compiled; tiers.c allocates them.
 */
#include <math.h>
#include <string.h>

#include "ruleset_parts.h"

static sc_ast *condition(sc_builder *b, const sc_node *n, const char *what)
{
    if (!sc_scalar(&b->rd, n, what))
        return NULL;
    sc_ast *tree = sc_load_expr(b, n, 0);
    if (tree && tree->type != SC_TYPE_BOOL) {
        sc_report_at(&b->rd, n, SCORE_ERULE, "%s must be a criterion or a condition, not a %s",
                     what, sc_type_name(tree->type));
        return NULL;
    }
    return tree;
}

static size_t level_index(const sc_tiers *t, const char *id)
{
    for (size_t i = 0; i < t->nlevels; i++)
        if (strcmp(t->levels[i].id, id) == 0)
            return i;
    return SIZE_MAX;
}

static void load_prior(sc_builder *b, sc_tiers *t, const sc_node *prior, const sc_node *max_step)
{
    const score_ruleset *rs = b->rs;
    t->max_step = NAN;
    if (prior && sc_scalar(&b->rd, prior, "prior")) {
        int64_t code = sc_dict_find(&rs->names, prior->text, prior->len);
        const sc_field *f = code >= 0 && rs->name_kind[code] == SC_SYM_FIELD
                                ? &rs->fields[rs->name_index[code]]
                                : NULL;
        if (!f || f->years || f->type == SC_TYPE_BOOL)
            sc_report_at(&b->rd, prior, SCORE_ERULE,
                         "prior must name a plain text field (a level id) or number field "
                         "(a level number, 1 the lowest)");
        else {
            t->has_prior = 1;
            t->prior_col = f->column;
            t->prior_type = f->type;
        }
    }
    if (max_step) {
        if (!prior)
            sc_report_at(&b->rd, max_step, SCORE_ERULE,
                         "max_step needs a prior field to step from");
        else if (!sc_load_number(b, max_step, "max_step", &t->max_step) &&
                 (t->max_step < 0 || t->max_step != floor(t->max_step)))
            sc_report_at(&b->rd, max_step, SCORE_ERULE,
                         "max_step must be a whole number, 0 or more");
    }
}

static void load_level(sc_builder *b, sc_tiers *t, const sc_node *n)
{
    static const char *const keys[] = {"id",    "label", "extends",    "require",
                                       "quota", "cap",   "description", NULL};
    if (!sc_mapping(&b->rd, n, "a level"))
        return;
    sc_only_keys(&b->rd, n, "a level", keys);
    const sc_node *id = sc_scalar(&b->rd, sc_map_get(n, "id"), "a level's id");
    const sc_node *label = sc_scalar(&b->rd, sc_map_get(n, "label"), "a level's label");
    const sc_node *extends = sc_scalar(&b->rd, sc_map_get(n, "extends"), "extends");
    const sc_node *require = sc_map_get(n, "require");
    const sc_node *quota = sc_map_get(n, "quota"), *cap = sc_map_get(n, "cap");
    if (!id || id->len == 0) {
        sc_missing_key(&b->rd, n, "id", "a level");
        return;
    }
    if (level_index(t, id->text) != SIZE_MAX) {
        sc_report_at(&b->rd, id, SCORE_ERULE, "a level '%s' is already defined", id->text);
        return;
    }
    sc_level *lv = &t->levels[t->nlevels];
    lv->extends = SIZE_MAX;
    lv->quota = lv->cap = NAN;
    if (extends) {
        lv->extends = level_index(t, extends->text);
        if (lv->extends == SIZE_MAX) {
            sc_report_at(&b->rd, extends, SCORE_ERULE,
                         "'%s' is not a level listed before this one (levels go lowest first)",
                         extends->text);
            return;
        }
    }
    /* a bad quota or cap is reported, but the level stays, so that the
     * levels extending it are not reported too */
    if (quota && !sc_load_number(b, quota, "a quota", &lv->quota) &&
        (lv->quota < 0 || lv->quota != floor(lv->quota)))
        sc_report_at(&b->rd, quota, SCORE_ERULE, "a quota must be a whole number, 0 or more");
    if (cap && !sc_load_number(b, cap, "a cap", &lv->cap) && !(lv->cap >= 0 && lv->cap <= 1))
        sc_report_at(&b->rd, cap, SCORE_ERULE,
                     "a cap is a share of the eligible rows, from 0 to 100%%");
    /* require: one condition or a list of them */
    size_t nreq = !require ? 0 : require->kind == SC_NODE_SEQ ? require->count : 1;
    lv->require = sc_calloc(b->alloc, nreq + 1, sizeof *lv->require);
    lv->require_reg = sc_calloc(b->alloc, nreq + 1, sizeof *lv->require_reg);
    sc_ast **trees = sc_arena_alloc(&b->arena, (nreq + 1) * sizeof *trees);
    if (!lv->require || !lv->require_reg || !trees) {
        sc_free(b->alloc, lv->require);
        sc_free(b->alloc, lv->require_reg);
        lv->require = NULL;
        lv->require_reg = NULL;
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    b->level_require[t->nlevels] = trees;
    t->nlevels++; /* from here on it is released with the ruleset */
    lv->id = sc_dup(b, id->text);
    lv->label = label ? sc_load_label(b, label) : sc_dup(b, id->text);
    for (size_t k = 0; k < nreq && !b->rd.nomem; k++) {
        const sc_node *r = require->kind == SC_NODE_SEQ ? require->values[k] : require;
        trees[k] = condition(b, r, "a requirement");
        if (!trees[k])
            continue;
        lv->require[lv->nrequire++] = sc_dup(b, r->text);
        trees[lv->nrequire - 1] = trees[k];
    }
}

void sc_load_tiers(sc_builder *b, const sc_node *map)
{
    static const char *const keys[] = {"eligible", "rank_by", "prior", "max_step",
                                       "levels",   "description", NULL};
    sc_tiers *t = &b->rs->tiers;
    sc_only_keys(&b->rd, map, "tiers", keys);
    const sc_node *eligible = sc_map_get(map, "eligible");
    const sc_node *rank_by = sc_map_get(map, "rank_by");
    const sc_node *levels = sc_list(&b->rd, sc_map_get(map, "levels"), "levels");
    if (!levels || levels->count == 0) {
        sc_report_at(&b->rd, map, SCORE_ESYNTAX, "tiers need a list of levels, lowest first");
        return;
    }
    if (levels->count > b->rs->limits.tier_levels) {
        sc_report_at(&b->rd, levels, SCORE_ELIMIT, "more than %zu tier levels (limit tier_levels)",
                     b->rs->limits.tier_levels);
        return;
    }
    t->levels = sc_calloc(b->alloc, levels->count, sizeof *t->levels);
    b->level_require = sc_arena_alloc(&b->arena, levels->count * sizeof *b->level_require);
    if (!t->levels || !b->level_require) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    t->present = 1;
    if (eligible && (b->eligible = condition(b, eligible, "eligible")))
        t->eligible = sc_dup(b, eligible->text);
    if (rank_by && sc_scalar(&b->rd, rank_by, "rank_by")) {
        b->rank_by = sc_load_expr(b, rank_by, 0);
        if (b->rank_by && b->rank_by->type != SC_TYPE_NUMBER) {
            sc_report_at(&b->rd, rank_by, SCORE_ERULE,
                         "rank_by must be a scorecard or a number, not a %s",
                         sc_type_name(b->rank_by->type));
            b->rank_by = NULL;
        }
        if (b->rank_by)
            t->rank_by = sc_dup(b, rank_by->text);
    }
    load_prior(b, t, sc_map_get(map, "prior"), sc_map_get(map, "max_step"));
    for (size_t i = 0; i < levels->count && !b->rd.nomem; i++)
        load_level(b, t, levels->values[i]);
}

int sc_compile_tiers(sc_builder *b)
{
    sc_tiers *t = &b->rs->tiers;
    sc_compiler *c = &b->compiler;
    if (!t->present)
        return 0;
    int rc = b->eligible ? sc_compile_expr(c, b->eligible, &t->eligible_reg)
                         : sc_compile_const(c, 1.0, &t->eligible_reg);
    if (!rc)
        rc = b->rank_by ? sc_compile_expr(c, b->rank_by, &t->rank_reg)
                        : sc_compile_const(c, NAN, &t->rank_reg);
    for (size_t i = 0; !rc && i < t->nlevels; i++) {
        sc_level *lv = &t->levels[i];
        uint32_t own;
        rc = sc_compile_const(c, 1.0, &own);
        for (size_t k = 0; !rc && k < lv->nrequire; k++) {
            rc = sc_compile_expr(c, b->level_require[i][k], &lv->require_reg[k]);
            if (!rc)
                rc = sc_compile_op(c, SC_OP_AND, own, lv->require_reg[k], 0, &own);
        }
        lv->reg = own;
        if (!rc && lv->extends != SIZE_MAX)
            rc = sc_compile_op(c, SC_OP_AND, t->levels[lv->extends].reg, own, 0, &lv->reg);
    }
    return rc;
}
