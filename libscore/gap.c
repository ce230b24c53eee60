/*
 * score_gap_row(): the requirements on the path to a tier, solved for one
 * row (gap_solve.c) in rounds: the changes of one round are applied
 * before the next, so a requirement that reads a changed field, or a
 * scorecard whose veto had to be lifted first, is solved with the new
 * values. Then the whole path is evaluated again with every change: the
 * gap is reachable only when it all holds. When the level is full, the
 * rank score needed to displace its last awarded candidate (tiers.c's
 * tie rule: the key breaks ties).
 */
#include <math.h>
#include <string.h>

#include "decimal.h"
#include "gap.h"

typedef sc_gap_req requirement;

/* Eligibility, then the levels from the lowest extended one up to `tier`. */
static size_t path(sc_gap_ctx *c, size_t tier, requirement *req, size_t cap)
{
    const sc_tiers *t = &c->rs->tiers;
    size_t chain[SC_MAX_LEVELS], nchain = 0, n = 0;
    for (size_t k = tier; k != SIZE_MAX && nchain < SC_MAX_LEVELS; k = t->levels[k].extends)
        chain[nchain++] = k;
    const char *texts[1] = {t->eligible};
    for (size_t i = 0; i < 1 && texts[i] && n < cap; i++) {
        req[n].tree = sc_gap_parse(c, texts[i]);
        req[n].crit = texts[i];
        req[n].want = 1;
        n += req[n].tree != NULL;
    }
    while (nchain-- > 0) {
        const sc_level *lv = &t->levels[chain[nchain]];
        for (size_t i = 0; i < lv->nrequire && n < cap; i++) {
            req[n].tree = sc_gap_parse(c, lv->require[i]);
            req[n].crit = lv->require[i];
            req[n].want = 1;
            n += req[n].tree != NULL;
        }
    }
    return n;
}

static int all_hold(sc_gap_ctx *c, const requirement *req, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v;
        if (sc_gap_value(c, req[i].tree, &v, NULL) || v != (double)req[i].want)
            return 0;
    }
    return 1;
}

int sc_gap_solve_path(score_gap *g, sc_gap_ctx *c, const sc_gap_req *req, size_t n)
{
    const score_allocator *a = &c->rs->alloc;
    int rc = 0;
    for (int round = 0; !rc && round < 4; round++) {
        sc_gap_plan step;
        memset(&step, 0, sizeof step);
        for (size_t i = 0; !rc && i < n; i++)
            rc = sc_gap_solve(c, req[i].tree, req[i].want, req[i].crit, &step);
        int last = rc || step.n == 0 || round == 3;
        if (!rc)
            rc = sc_gap_plan_merge(c, &g->plan, &step, last);
        sc_gap_plan_free(a, &step);
        sc_gap_unset_from(c, 0);
        if (!rc)
            rc = sc_gap_apply(c, &g->plan);
        if (last)
            break;
    }
    if (rc)
        return rc;
    g->reachable = g->plan.nun == 0 && all_hold(c, req, n);
    for (size_t i = 0; !rc && !g->reachable && g->plan.nun == 0 && i < n; i++) {
        double v;
        if (sc_gap_value(c, req[i].tree, &v, NULL) || v != (double)req[i].want)
            rc = sc_gap_plan_unresolved(c, &g->plan, sc_gap_unparse(c, req[i].tree));
    }
    return c->nomem ? SCORE_ENOMEM : rc;
}

/* floor(x) read as a decimal, as tiers.c allots caps. */
/* How many level k may award at most (as the allocation counts it). */
static double level_bound(const score_result *r, const sc_level *lv)
{
    double bound = sc_level_bound(r, lv);
    return bound > 0 ? bound : 0;
}

static int headroom(score_gap *g, sc_gap_ctx *c, const sc_ast *rank_tree)
{
    if (!rank_tree || rank_tree->kind != SC_AST_NAME || rank_tree->sym != SC_SYM_SCORECARD)
        return 0;
    size_t card = rank_tree->sym_index;
    const sc_scorecard *sc = &c->rs->scorecards[card];
    g->head = sc_arena_alloc(&g->arena, (sc->nitems + 1) * sizeof *g->head);
    if (!g->head)
        return SCORE_ENOMEM;
    for (size_t i = 0; i < sc->nitems; i++) {
        const sc_score_item *it = &sc->items[i];
        const sc_ast *t = sc_gap_card_part(c, card, i);
        double v = NAN;
        if (t && sc_gap_value(c, t, &v, NULL) == SCORE_ENOMEM)
            return SCORE_ENOMEM;
        if (it->max == it->max && v == v && v > it->max)
            v = it->max;
        int room = it->deduction ? v > 0 : !(it->max == it->max) || v != v || v < it->max;
        if (!room)
            continue;
        score_gap_headroom *h = &g->head[g->nhead++];
        h->item = it->id;
        h->label = it->label;
        h->deduction = it->deduction;
        h->points = v;
        h->max = it->max;
    }
    return 0;
}

/* The rank part, when level k is full. */
static int rank_part(score_gap *g, sc_gap_ctx *c, size_t k)
{
    const score_result *r = g->r;
    const sc_tiers *t = &c->rs->tiers;
    size_t n = r->nrows;
    double bound = level_bound(r, &t->levels[k]);
    if (bound == 0) {
        g->reachable = 0;
        return sc_gap_plan_unresolved(c, &g->plan, "名额：本等级不评定（名额或比例上限为 0）");
    }
    if ((double)r->nawarded[k] < bound)
        return 0; /* room left: qualifying is enough */
    size_t last = SIZE_MAX;
    for (size_t j = 0; j < n; j++)
        if (r->awarded[j] == (int)k && r->tier_rank[k * n + j] == r->limit[k])
            last = j;
    if (last == SIZE_MAX)
        return 0;
    const sc_ast *rank_tree = t->rank_by ? sc_gap_parse(c, t->rank_by) : NULL;
    if (c->nomem)
        return SCORE_ENOMEM;
    g->has_rank = 1;
    g->rank.tier = k;
    g->rank.score = r->rank[g->row];
    if (rank_tree && sc_gap_value(c, rank_tree, &g->rank.score, NULL) == SCORE_ENOMEM)
        return SCORE_ENOMEM;
    g->rank.score = sc_rank_canonical(g->rank.score);
    g->rank.needed = sc_rank_canonical(r->rank[last]);
    g->rank.tie_key = score_table_key(g->t, last);
    g->rank.place = r->tier_rank[k * n + g->row];
    g->rank.limit = r->limit[k];
    g->rank.candidates = r->candidates[k];
    return headroom(g, c, rank_tree);
}

score_gap *sc_gap_alloc(const score_result *r, const score_table *t, size_t row)
{
    score_gap *g = sc_calloc(&r->rs->alloc, 1, sizeof *g);
    if (!g)
        return NULL;
    g->r = r;
    g->t = t;
    g->row = row;
    g->tier = r->rs->tiers.present ? r->awarded[row] : -1;
    g->target = SIZE_MAX;
    g->step_limit = -1;
    sc_arena_init(&g->arena, &r->rs->alloc);
    return g;
}

int score_gap_row(score_gap **out, const score_result *r, const score_table *t, size_t row,
                  size_t tier, score_error *err)
{
    if (!out || !r || !t)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out, result or table is NULL");
    *out = NULL;
    const score_ruleset *rs = r->rs;
    if (row >= r->nrows || t->nrows != r->nrows || t->schema != &rs->schema)
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no row %zu in this result", row);
    if (!rs->tiers.present)
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "ruleset %s has no tiers", rs->id);
    int awarded = r->awarded[row];
    if (tier == (size_t)-1) {
        if (awarded + 1 >= (int)rs->tiers.nlevels)
            return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0,
                            "row %zu has the top level already", row);
        tier = (size_t)(awarded + 1);
    }
    if (tier >= rs->tiers.nlevels)
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no level %zu", tier);
    score_gap *g = sc_gap_alloc(r, t, row);
    if (!g)
        return sc_nomem(err);
    g->target = tier;
    sc_gap_ctx c;
    requirement *req = NULL;
    int rc = sc_gap_ctx_init(&c, r, t, row, &g->arena);
    size_t cap = 1;
    for (size_t k = 0; k < rs->tiers.nlevels; k++)
        cap += rs->tiers.levels[k].nrequire;
    if (!rc && !(req = sc_malloc(&rs->alloc, cap * sizeof *req)))
        rc = SCORE_ENOMEM;
    if (!rc && awarded >= (int)tier) {
        g->reachable = 1; /* there already */
    } else if (!rc) {
        size_t n = path(&c, tier, req, cap);
        rc = c.nomem ? SCORE_ENOMEM : sc_gap_solve_path(g, &c, req, n);
        if (!rc)
            rc = rank_part(g, &c, tier);
    }
    sc_free(&rs->alloc, req);
    sc_gap_ctx_free(&c);
    if (rc) {
        score_gap_free(g);
        return sc_nomem(err);
    }
    /* 晋位升级: no change of this period's data lifts the prior level's
     * step limit, so a target above it is out of reach, whatever holds */
    g->step_limit = r->step_limit[row];
    if (g->step_limit != -1 && (g->step_limit == -2 || (size_t)g->step_limit < tier)) {
        g->step_blocks = 1;
        g->reachable = 0;
    }
    *out = g;
    return 0;
}

int score_gap_step_limit(const score_gap *g)
{
    return g ? g->step_limit : -1;
}

void score_gap_free(score_gap *g)
{
    if (!g)
        return;
    const score_allocator *a = &g->r->rs->alloc;
    sc_gap_plan_free(a, &g->plan);
    sc_arena_free(&g->arena);
    sc_free(a, g);
}

size_t score_gap_row_index(const score_gap *g)
{
    return g ? g->row : (size_t)-1;
}

int score_gap_tier(const score_gap *g)
{
    return g ? g->tier : -1;
}

size_t score_gap_target_tier(const score_gap *g)
{
    return g ? g->target : (size_t)-1;
}

int score_gap_reachable(const score_gap *g)
{
    return g ? g->reachable : 0;
}

size_t score_gap_change_count(const score_gap *g)
{
    return g ? g->plan.n : 0;
}

int score_gap_change_at(const score_gap *g, size_t i, score_gap_change *out)
{
    if (!g || !out || i >= g->plan.n)
        return SCORE_ENOTFOUND;
    const sc_gap_change *ch = &g->plan.changes[i];
    const sc_colspec *col = &g->r->rs->cols[ch->col];
    memset(out, 0, sizeof *out);
    out->criterion = ch->criterion;
    out->field = col->name;
    out->label = col->label;
    out->year = col->year;
    out->type = col->type;
    out->kind = (score_gap_kind)ch->kind;
    out->from = ch->from;
    out->to = ch->to;
    out->strict = ch->strict;
    out->value = ch->value;
    out->from_text = ch->from_text;
    out->to_text = ch->to_text;
    return 0;
}

size_t score_gap_unresolved_count(const score_gap *g)
{
    return g ? g->plan.nun : 0;
}

const char *score_gap_unresolved(const score_gap *g, size_t i)
{
    return g && i < g->plan.nun ? g->plan.unresolved[i] : NULL;
}

int score_gap_rank_part(const score_gap *g, score_gap_rank *out)
{
    if (!g || !g->has_rank)
        return 0;
    if (out)
        *out = g->rank;
    return 1;
}

size_t score_gap_headroom_count(const score_gap *g)
{
    return g ? g->nhead : 0;
}

int score_gap_headroom_at(const score_gap *g, size_t i, score_gap_headroom *out)
{
    if (!g || !out || i >= g->nhead)
        return SCORE_ENOTFOUND;
    *out = g->head[i];
    return 0;
}
