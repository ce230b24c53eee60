/*
 * Targets (目标任务): population-level checks at a milestone year, such
 * as share(branch_stars == 5) >= 40% or all(supervision_committee), over
 * all rows or per group of a field (county, town). Here they are read and
 * their per-row parts compiled; targets.c aggregates them.
 */
#include <math.h>
#include <string.h>

#include "ruleset_parts.h"

static const struct {
    const char *name;
    sc_agg agg;
} aggregates[] = {
    {"count", SC_AGG_COUNT}, {"share", SC_AGG_SHARE}, {"sum", SC_AGG_SUM},
    {"avg", SC_AGG_AVG},     {"min", SC_AGG_MIN},     {"max", SC_AGG_MAX},
    {"all", SC_AGG_ALL},     {"none", SC_AGG_NONE},
};

static sc_agg aggregate_kind(const sc_ast *call)
{
    for (size_t i = 0; i < sizeof aggregates / sizeof aggregates[0]; i++)
        if (strlen(aggregates[i].name) == call->text_len &&
            memcmp(aggregates[i].name, call->text, call->text_len) == 0)
            return aggregates[i].agg;
    return SC_AGG_COUNT;
}

static int comparison(sc_tok_kind op, sc_cmp *out)
{
    switch (op) {
    case SC_TOK_GE: *out = SC_CMP_GE; return 1;
    case SC_TOK_GT: *out = SC_CMP_GT; return 1;
    case SC_TOK_LE: *out = SC_CMP_LE; return 1;
    case SC_TOK_LT: *out = SC_CMP_LT; return 1;
    case SC_TOK_EQ: *out = SC_CMP_EQ; return 1;
    case SC_TOK_NE: *out = SC_CMP_NE; return 1;
    default: return 0;
    }
}

/* `value < share(x)` is `share(x) > value`. */
static sc_cmp flipped(sc_cmp op)
{
    switch (op) {
    case SC_CMP_GE: return SC_CMP_LE;
    case SC_CMP_GT: return SC_CMP_LT;
    case SC_CMP_LE: return SC_CMP_GE;
    case SC_CMP_LT: return SC_CMP_GT;
    default: return op;
    }
}

/* Take the require tree apart: all(c), none(c), or an aggregate compared
 * with a constant. Returns 0, or -1 (reported). */
static int analyse_require(sc_builder *b, sc_target *tg, const sc_node *n, sc_ast *tree,
                           sc_ast **arg)
{
    if (sc_is_aggregate(tree)) {
        sc_agg agg = aggregate_kind(tree);
        if (agg == SC_AGG_ALL || agg == SC_AGG_NONE) {
            tg->agg = agg;
            *arg = tree->args[0];
            return 0;
        }
    }
    sc_cmp op;
    if (tree->kind == SC_AST_BINARY && comparison(tree->op, &op)) {
        sc_ast *l = tree->args[0], *r = tree->args[1];
        int left = sc_is_aggregate(l) && !sc_is_aggregate(r) && r->is_const;
        int right = sc_is_aggregate(r) && !sc_is_aggregate(l) && l->is_const;
        sc_ast *agg = left ? l : r, *value = left ? r : l;
        if ((left || right) && aggregate_kind(agg) != SC_AGG_ALL &&
            aggregate_kind(agg) != SC_AGG_NONE && value->type == SC_TYPE_NUMBER) {
            tg->agg = aggregate_kind(agg);
            tg->op = left ? op : flipped(op);
            *arg = agg->nargs ? agg->args[0] : NULL;
            if (sc_const_number(b->alloc, value, &tg->required)) {
                sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
                return -1;
            }
            if (tg->required != tg->required) {
                sc_report_at(&b->rd, n, SCORE_ERULE, "a target's required value is missing (null)");
                return -1;
            }
            return 0;
        }
    }
    sc_report_at(&b->rd, n, SCORE_ERULE,
                 "a target's require is an aggregate compared with a value "
                 "(share(c) >= 30%%, count(c) == 0, sum(x) >= 25万), all(c) or none(c)");
    return -1;
}

static int load_scopes(sc_builder *b, sc_target *tg, const sc_node *scope)
{
    const score_ruleset *rs = b->rs;
    size_t n = !scope ? 1 : scope->kind == SC_NODE_SEQ ? scope->count : 1;
    tg->scopes = sc_calloc(b->alloc, n + 1, sizeof *tg->scopes);
    if (!tg->scopes) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    if (!scope) {
        tg->scopes[tg->nscopes++] = SIZE_MAX;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const sc_node *s = scope->kind == SC_NODE_SEQ ? scope->values[i] : scope;
        if (!sc_scalar(&b->rd, s, "a scope"))
            return -1;
        if (strcmp(s->text, "all") == 0) {
            tg->scopes[tg->nscopes++] = SIZE_MAX;
            continue;
        }
        int64_t code = sc_dict_find(&rs->names, s->text, s->len);
        const sc_field *f = code >= 0 && rs->name_kind[code] == SC_SYM_FIELD
                                ? &rs->fields[rs->name_index[code]]
                                : NULL;
        if (!f || f->years) {
            sc_report_at(&b->rd, s, SCORE_ERULE,
                         "a scope is 'all' or a plain field to group by (county, town), not '%s'",
                         s->text);
            return -1;
        }
        tg->scopes[tg->nscopes++] = f->column;
    }
    return 0;
}

/* `ids`: the ids of the targets loaded so far, so that finding a
 * duplicate does not cost a pass over all of them. */
static void load_target(sc_builder *b, const sc_node *n, sc_dict *ids)
{
    static const char *const keys[] = {"id",    "label",   "year",        "population",
                                       "scope", "require", "description", NULL};
    score_ruleset *rs = b->rs;
    if (!sc_mapping(&b->rd, n, "a target"))
        return;
    sc_only_keys(&b->rd, n, "a target", keys);
    const sc_node *id = sc_scalar(&b->rd, sc_map_get(n, "id"), "a target's id");
    const sc_node *label = sc_scalar(&b->rd, sc_map_get(n, "label"), "a target's label");
    const sc_node *year = sc_map_get(n, "year");
    const sc_node *population = sc_map_get(n, "population");
    const sc_node *require = sc_scalar(&b->rd, sc_map_get(n, "require"), "a target's require");
    if (!id || id->len == 0 || !require) {
        sc_missing_key(&b->rd, n, !id || id->len == 0 ? "id" : "require", "a target");
        return;
    }
    if (sc_dict_find(ids, id->text, id->len) >= 0) {
        sc_report_at(&b->rd, id, SCORE_ERULE, "a target '%s' is already defined", id->text);
        return;
    }
    size_t i = rs->ntargets;
    sc_target *tg = &rs->targets[i];
    /* a target that failed to load may have left parts in this slot */
    memset(tg, 0, sizeof *tg);
    b->population[i] = b->target_arg[i] = NULL;
    tg->year = NAN;
    if (year && !sc_load_number(b, year, "a target's year", &tg->year) &&
        (tg->year != floor(tg->year) || tg->year < 1000 || tg->year > 9999)) {
        sc_report_at(&b->rd, year, SCORE_ERULE,
                     "a target's year must be a whole number from 1000 to 9999");
        return;
    }
    if (population && sc_scalar(&b->rd, population, "population")) {
        b->population[i] = sc_load_expr(b, population, 0);
        if (b->population[i] && b->population[i]->type != SC_TYPE_BOOL) {
            sc_report_at(&b->rd, population, SCORE_ERULE,
                         "population must be a condition, not a %s",
                         sc_type_name(b->population[i]->type));
            return;
        }
        if (!b->population[i])
            return;
    }
    sc_ast *tree = sc_load_expr(b, require, 1);
    if (!tree || analyse_require(b, tg, require, tree, &b->target_arg[i]))
        return;
    if (load_scopes(b, tg, sc_map_get(n, "scope"))) {
        sc_free(b->alloc, tg->scopes);
        tg->scopes = NULL;
        return;
    }
    tg->has_population = b->population[i] != NULL;
    tg->population = population && tg->has_population ? sc_dup(b, population->text) : NULL;
    tg->has_arg = b->target_arg[i] != NULL;
    tg->id = sc_dup(b, id->text);
    tg->label = label ? sc_load_label(b, label) : sc_dup(b, id->text);
    tg->expr = sc_dup(b, require->text);
    tg->line = n->line;
    tg->column = n->column;
    rs->ntargets++;
    uint32_t code;
    if (sc_dict_intern(ids, id->text, id->len, &code))
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
}

void sc_load_targets(sc_builder *b, const sc_node *list)
{
    score_ruleset *rs = b->rs;
    rs->targets = sc_calloc(b->alloc, list->count + 1, sizeof *rs->targets);
    b->population = sc_arena_alloc(&b->arena, (list->count + 1) * sizeof *b->population);
    b->target_arg = sc_arena_alloc(&b->arena, (list->count + 1) * sizeof *b->target_arg);
    if (!rs->targets || !b->population || !b->target_arg) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    sc_dict ids;
    sc_dict_init(&ids, b->alloc);
    for (size_t i = 0; i < list->count && !b->rd.nomem; i++)
        load_target(b, list->values[i], &ids);
    sc_dict_free(&ids);
}

int sc_compile_targets(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    sc_compiler *c = &b->compiler;
    int rc = 0;
    for (size_t i = 0; !rc && i < rs->ntargets; i++) {
        sc_target *tg = &rs->targets[i];
        if (tg->has_population)
            rc = sc_compile_expr(c, b->population[i], &tg->population_reg);
        if (!rc && tg->has_arg)
            rc = sc_compile_expr(c, b->target_arg[i], &tg->arg_reg);
    }
    return rc;
}
