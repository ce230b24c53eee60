/* A ruleset's criteria: each a condition with an id and a label, parsed
 * once every name is declared (they may refer to criteria and scorecards
 * further down). */
#include <string.h>

#include "ruleset_parts.h"

void sc_load_criterion(sc_builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"label", "when", "description", NULL};
    score_ruleset *rs = b->rs;
    sc_criterion *c = &rs->criteria[rs->ncriteria];
    const sc_node *when = val, *label = NULL;
    if (val->kind == SC_NODE_MAP) {
        sc_only_keys(&b->rd, val, "a criterion", keys); /* reported; the criterion still counts */
        when = sc_map_get(val, "when");
        label = sc_scalar(&b->rd, sc_map_get(val, "label"), "a criterion's label");
        if (!when) {
            sc_missing_key(&b->rd, val, "when", "a criterion");
            return;
        }
    }
    if (!sc_scalar(&b->rd, when, "a criterion's when") ||
        sc_declare(b, key, SC_SYM_CRITERION, rs->ncriteria))
        return;
    sc_named *n = &b->named[rs->ncriteria];
    n->nodes = sc_arena_alloc(&b->arena, sizeof *n->nodes);
    n->trees = sc_arena_alloc(&b->arena, sizeof *n->trees);
    if (!n->nodes || !n->trees) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    n->nodes[0] = when;
    rs->ncriteria++; /* from here on it is released with the ruleset */
    c->id = sc_dup(b, key->text);
    c->label = sc_load_label(b, label);
    c->expr = sc_dup(b, when->text);
    c->line = key->line;
    c->column = key->column;
}

/* Parse every criterion once all names are declared (they may refer to
 * criteria and scorecards further down). */
void sc_parse_criteria(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    for (size_t i = 0; i < rs->ncriteria && !b->rd.nomem; i++) {
        sc_named *n = &b->named[i];
        sc_ast *tree = sc_load_expr(b, n->nodes[0], 0);
        if (tree && tree->type != SC_TYPE_BOOL) {
            sc_report_at(&b->rd, n->nodes[0], SCORE_ERULE,
                         "a criterion must be a condition (bool), not a %s",
                         sc_type_name(tree->type));
            tree = NULL;
        }
        n->trees[0] = tree;
        n->ntrees = tree ? 1 : 0;
    }
}
