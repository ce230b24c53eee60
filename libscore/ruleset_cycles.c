/*
 * The cycle check over the references between criteria and scorecards:
 * a criterion or scorecard may read others, never itself through them.
 * The depth-first search that finds a cycle also gives the order of
 * compiling, each after those it reads.
 */
#include <stdio.h>
#include <string.h>

#include "ruleset_parts.h"

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
    sc_report(&b->rd, SCORE_ERULE, line, column, "%s", msg);
}

/*
 * Depth-first search over the references between criteria and scorecards,
 * with an explicit stack (a chain of thousands of criteria must not
 * exhaust the C stack). Reports the first cycle found; otherwise fills
 * `order` with every named value after those it reads, the order in
 * which they are compiled.
 */
int sc_order_named(sc_builder *b, size_t *order)
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
