/*
 * A target's plan (攻坚清单): for a target outcome that is not met, the
 * rows of its scope and population cheapest to bring over the line
 * (fewest changes, then the smallest relative change), as many as the
 * shortfall needs, each with its gap: the changes that make the row's
 * condition hold (count, share >=, all) or stop holding (share <=,
 * none). Sums, averages, minima and maxima are not planned.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "gap.h"
#include "view.h"

struct score_plan {
    const score_result *r;
    const score_table *t;
    size_t outcome;
    size_t need;      /* rows to change */
    score_gap **gaps; /* the rows chosen, cheapest first */
    size_t ngaps;
    int complete;     /* enough reachable rows */
};

/* The condition inside the target's aggregate (count, share, all, none). */
static const sc_ast *aggregate_arg(const sc_ast *n)
{
    if (sc_is_aggregate(n))
        return n->nargs ? n->args[0] : NULL;
    for (size_t i = 0; i < n->nargs; i++) {
        const sc_ast *a = aggregate_arg(n->args[i]);
        if (a)
            return a;
    }
    return NULL;
}

/* Is the row in the outcome's scope group? */
static int in_scope(const score_result *r, const score_table *t, const sc_outcome *o, size_t row)
{
    if (!o->scope_field)
        return 1;
    const score_ruleset *rs = r->rs;
    for (size_t f = 0; f < rs->nfields; f++) {
        if (strcmp(rs->fields[f].id, o->scope_field) != 0)
            continue;
        size_t col = rs->fields[f].column;
        double v = t->cols[col].values[row];
        if (v != v)
            return 0;
        if (rs->cols[col].type == SCORE_TYPE_TEXT)
            return strcmp(sc_table_text(t, v), o->scope_value) == 0;
        char buf[40];
        sc_decimal_format(v, buf, sizeof buf);
        return strcmp(buf, o->scope_value) == 0;
    }
    return 0;
}

typedef struct candidate {
    score_gap *g;
    size_t changes;
} candidate;

static int by_cost(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    int ra = a->g->reachable, rb = b->g->reachable;
    if (ra != rb)
        return rb - ra;
    if (a->changes != b->changes)
        return a->changes < b->changes ? -1 : 1;
    if (a->g->plan.cost != b->g->plan.cost)
        return a->g->plan.cost < b->g->plan.cost ? -1 : 1;
    return a->g->row < b->g->row ? -1 : a->g->row > b->g->row;
}

/* The gap of one row to make the target's condition `want`; *skip when
 * the row is out of the population or already as wanted. */
static int row_gap(score_gap **out, const score_result *r, const score_table *t,
                   const sc_target *tg, size_t row, int want, int *skip)
{
    *out = NULL;
    *skip = 1;
    score_gap *g = sc_gap_alloc(r, t, row);
    if (!g)
        return SCORE_ENOMEM;
    sc_gap_ctx c;
    int rc = sc_gap_ctx_init(&c, r, t, row, &g->arena);
    const sc_ast *cond = NULL, *pop = NULL;
    if (!rc) {
        const sc_ast *tree = sc_gap_parse_target(&c, tg->expr);
        cond = tree ? aggregate_arg(tree) : NULL;
        if (tg->population)
            pop = sc_gap_parse(&c, tg->population);
        if (c.nomem)
            rc = SCORE_ENOMEM;
    }
    double v = NAN;
    if (!rc && cond && (!tg->population || (pop && sc_gap_value(&c, pop, &v, NULL) == 0 &&
                                            v == 1.0))) {
        double now;
        if (sc_gap_value(&c, cond, &now, NULL) == SCORE_ENOMEM)
            rc = SCORE_ENOMEM;
        else if (now != (double)want) {
            sc_gap_req req = {cond, tg->id, want};
            *skip = 0;
            rc = sc_gap_solve_path(g, &c, &req, 1);
        }
    }
    sc_gap_ctx_free(&c);
    if (rc || *skip) {
        score_gap_free(g);
        return rc;
    }
    *out = g;
    return 0;
}

int score_plan_target(score_plan **out, const score_result *r, const score_table *t,
                      size_t outcome, score_error *err)
{
    if (!out || !r || !t)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out, result or table is NULL");
    *out = NULL;
    if (outcome >= r->noutcomes || t->nrows != r->nrows || t->schema != &r->rs->schema)
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no outcome %zu in this result",
                        outcome);
    const sc_outcome *o = &r->outcomes[outcome];
    const sc_target *tg = &r->rs->targets[o->pub.target];
    int want;
    if (tg->agg == SC_AGG_ALL)
        want = 1;
    else if (tg->agg == SC_AGG_NONE)
        want = 0;
    else if ((tg->agg == SC_AGG_COUNT || tg->agg == SC_AGG_SHARE) && tg->has_arg &&
             tg->op != SC_CMP_EQ && tg->op != SC_CMP_NE)
        want = tg->op == SC_CMP_GE || tg->op == SC_CMP_GT;
    else
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "target %s: only count, share, all and none are planned", tg->id);
    score_plan *p = sc_calloc(&r->rs->alloc, 1, sizeof *p);
    if (!p)
        return sc_nomem(err);
    p->r = r;
    p->t = t;
    p->outcome = outcome;
    const score_target_outcome *po = &o->pub;
    if (po->verdict == SCORE_MET) {
        p->complete = 1;
        *out = p;
        return 0;
    }
    candidate *c = sc_calloc(&r->rs->alloc, r->nrows + 1, sizeof *c);
    if (!c) {
        sc_free(&r->rs->alloc, p);
        return sc_nomem(err);
    }
    size_t n = 0;
    int rc = 0;
    for (size_t row = 0; !rc && row < r->nrows; row++) {
        int skip;
        if (!in_scope(r, t, o, row))
            continue;
        if (!(rc = row_gap(&c[n].g, r, t, tg, row, want, &skip)) && !skip) {
            c[n].changes = c[n].g->plan.n + c[n].g->plan.nun;
            n++;
        }
    }
    if (!rc) {
        qsort(c, n, sizeof *c, by_cost);
        /* count and share: the shortfall counted on the known rows, and
         * the unknown ones to settle for a ceiling; all and none: every one */
        double need = n;
        if (tg->agg == SC_AGG_COUNT || tg->agg == SC_AGG_SHARE) {
            need = po->shortfall == po->shortfall ? po->shortfall : 0;
            if (!want) /* a ceiling: the unknown rows must not hold either */
                need += (double)po->unknown;
        }
        p->need = need < 0 ? 0 : need > (double)n ? n : (size_t)ceil(need);
        p->gaps = sc_calloc(&r->rs->alloc, p->need + 1, sizeof *p->gaps);
        if (!p->gaps)
            rc = SCORE_ENOMEM;
    }
    size_t reachable = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rc && i < p->need) {
            p->gaps[p->ngaps++] = c[i].g;
            reachable += c[i].g->reachable;
        } else {
            score_gap_free(c[i].g);
        }
    }
    sc_free(&r->rs->alloc, c);
    if (rc) {
        score_plan_free(p);
        return sc_nomem(err);
    }
    double short_rows = po->shortfall == po->shortfall ? po->shortfall : 0;
    p->complete = reachable == p->ngaps && (double)p->ngaps >= ceil(short_rows);
    *out = p;
    return 0;
}

void score_plan_free(score_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ngaps; i++)
        score_gap_free(p->gaps[i]);
    sc_free(&p->r->rs->alloc, p->gaps);
    sc_free(&p->r->rs->alloc, p);
}

size_t score_plan_outcome(const score_plan *p)
{
    return p ? p->outcome : (size_t)-1;
}

int score_plan_complete(const score_plan *p)
{
    return p ? p->complete : 0;
}

size_t score_plan_gap_count(const score_plan *p)
{
    return p ? p->ngaps : 0;
}

const score_gap *score_plan_gap(const score_plan *p, size_t i)
{
    return p && i < p->ngaps ? p->gaps[i] : NULL;
}

int score_plan_format(char **out, const score_plan *p, score_explain_format format,
                      score_error *err)
{
    if (!out || !p)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out or plan is NULL");
    *out = NULL;
    const score_ruleset *rs = p->r->rs;
    const sc_outcome *o = &p->r->outcomes[p->outcome];
    const sc_target *tg = &rs->targets[o->pub.target];
    sc_buf b;
    sc_buf_init(&b, &rs->alloc);
    char s[40];
    sc_decimal_format(o->pub.shortfall, s, sizeof s);
    if (format == SCORE_EXPLAIN_JSON) {
        sc_buf_puts(&b, "{\"target\":");
        sc_buf_json_string(&b, tg->id);
        sc_buf_puts(&b, ",\"scope\":");
        sc_buf_json_string(&b, o->scope);
        sc_buf_printf(&b, ",\"shortfall\":%s,\"complete\":%s,\"rows\":[", *s ? s : "null",
                      p->complete ? "true" : "false");
        for (size_t i = 0; i < p->ngaps; i++) {
            if (i)
                sc_buf_puts(&b, ",");
            sc_gap_json(&b, p->gaps[i]);
            if (b.len && b.data[b.len - 1] == '\n')
                b.data[--b.len] = '\0';
        }
        sc_buf_puts(&b, "]}\n");
    } else {
        char scope[512]; /* 全部, 镇(街道)=桃源镇: as the explanation names it */
        sc_buf_printf(&b, "目标 %s %s（范围 %s）：%s", tg->label, tg->id,
                      sc_scope_text(p->r, rs, p->outcome, 1, scope, sizeof scope),
                      o->pub.verdict == SCORE_MET ? "已达标\n" : "");
        if (o->pub.verdict != SCORE_MET) {
            if (*s)
                sc_buf_printf(&b, "缺口 %s，", s);
            sc_buf_printf(&b, "攻坚清单 %zu 行%s\n", p->ngaps,
                          p->complete ? "" : "（不足以达标：其余行无法按单个字段求解）");
        }
        for (size_t i = 0; i < p->ngaps; i++) {
            sc_buf_printf(&b, "%zu. ", i + 1);
            sc_gap_text(&b, p->gaps[i]);
        }
    }
    if (b.failed || !b.data) {
        sc_buf_free(&b);
        return sc_nomem(err);
    }
    *out = b.data;
    return 0;
}
