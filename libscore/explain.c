/*
 * Explanations: why one row got its verdicts. The row's batch is run
 * again through the program on that row alone, so every register (each
 * requirement, item and veto) can be read; the operands of a criterion
 * are found by parsing its expression again. Written as Chinese text for
 * people or as JSON for machines, both from the same walk.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "result.h"
#include "view.h"
#include "vm.h"

typedef struct explainer {
    const score_result *r;
    const score_ruleset *rs;
    const score_table *t;
    size_t row;
    sc_vm vm;
    sc_buf out;
    int json;
    int first; /* JSON: no comma before the next member */
} explainer;

/* ---- values ---- */

static double reg_value(const explainer *e, uint32_t reg)
{
    return e->vm.ptr[reg][0];
}

static const char *verdict_text(int json, double v)
{
    if (v != v)
        return json ? "null" : "数据缺失";
    return v != 0.0 ? (json ? "true" : "是") : (json ? "false" : "否");
}

static void number(sc_buf *b, double v, int json)
{
    char tmp[40];
    if (v != v) {
        sc_buf_puts(b, json ? "null" : "缺失");
        return;
    }
    sc_decimal_format(v, tmp, sizeof tmp);
    sc_buf_puts(b, tmp);
}

/* A cell of the table as text: numbers, 是/否 (true/false), text. */
static void cell(explainer *e, size_t col)
{
    double v = e->t->cols[col].values[e->row];
    score_type type = e->t->schema->cols[col].type;
    if (v != v) {
        sc_buf_puts(&e->out, e->json ? "null" : "缺失");
    } else if (type == SCORE_TYPE_TEXT) {
        if (e->json)
            sc_buf_json_string(&e->out, sc_table_text(e->t, v));
        else
            sc_buf_puts(&e->out, sc_table_text(e->t, v));
    } else if (type == SCORE_TYPE_BOOL) {
        sc_buf_puts(&e->out, verdict_text(e->json, v));
    } else {
        number(&e->out, v, e->json);
    }
}

/* ---- JSON helpers ---- */

static void key(explainer *e, const char *k)
{
    if (!e->first)
        sc_buf_append(&e->out, ",", 1);
    e->first = 0;
    sc_buf_json_string(&e->out, k);
    sc_buf_append(&e->out, ":", 1);
}

static void json_open(explainer *e, const char *k, char bracket)
{
    if (k)
        key(e, k);
    else if (!e->first)
        sc_buf_append(&e->out, ",", 1);
    sc_buf_append(&e->out, &bracket, 1);
    e->first = 1;
}

static void json_close(explainer *e, char bracket)
{
    sc_buf_append(&e->out, &bracket, 1);
    e->first = 0;
}

/* A string as the next item of a JSON list. */
static void item_string(explainer *e, const char *v)
{
    if (!e->first)
        sc_buf_append(&e->out, ",", 1);
    e->first = 0;
    sc_buf_json_string(&e->out, v);
}

static void kv_string(explainer *e, const char *k, const char *v)
{
    key(e, k);
    if (v)
        sc_buf_json_string(&e->out, v);
    else
        sc_buf_puts(&e->out, "null");
}

static void kv_number(explainer *e, const char *k, double v)
{
    key(e, k);
    number(&e->out, v, 1);
}

static void kv_raw(explainer *e, const char *k, const char *raw)
{
    key(e, k);
    sc_buf_puts(&e->out, raw);
}

/* ---- operands ---- */

static int lookup(void *ud, const char *name, size_t len, sc_symbol *sym)
{
    return sc_ruleset_lookup(ud, name, len, sym);
}

typedef struct operand_walk {
    explainer *e;
    size_t seen[64]; /* columns and names already shown, encoded */
    size_t nseen;
    sc_buf missing;  /* text: the fields whose value is missing */
} operand_walk;

static int once(operand_walk *w, size_t code)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i] == code)
            return 0;
    if (w->nseen < sizeof w->seen / sizeof w->seen[0])
        w->seen[w->nseen++] = code;
    return 1;
}

static void operand(operand_walk *w, const sc_ast *n)
{
    explainer *e = w->e;
    const score_ruleset *rs = e->rs;
    int field = (n->kind == SC_AST_NAME || n->kind == SC_AST_INDEX) && n->sym == SC_SYM_FIELD;
    int named = n->kind == SC_AST_NAME && n->sym != SC_SYM_FIELD && n->sym != SC_SYM_NONE;
    if (field) {
        if (!once(w, n->sym_index * 8))
            return; /* shown already (and a year column's parts are not operands) */
        const sc_colspec *col = &rs->cols[n->sym_index];
        if (e->json) {
            json_open(e, NULL, '{');
            kv_string(e, "name", col->name);
            kv_string(e, "label", col->label ? col->label : "");
            key(e, "value");
            cell(e, n->sym_index);
            json_close(e, '}');
        } else {
            sc_buf_printf(&e->out, "%s%s %s = ", w->nseen > 1 ? "；" : "",
                          col->label ? col->label : col->name, col->name);
            cell(e, n->sym_index);
            if (e->t->cols[n->sym_index].values[e->row] != e->t->cols[n->sym_index].values[e->row])
                sc_buf_printf(&w->missing, "%s%s", w->missing.len ? "，" : "",
                              col->label ? col->label : col->name);
        }
        return;
    }
    if (named && once(w, n->sym_index * 8 + (size_t)n->sym)) {
        const char *name = NULL, *label = NULL, *value = NULL;
        double v = NAN;
        char buf[40];
        if (n->sym == SC_SYM_PARAM) {
            name = rs->params[n->sym_index].name;
            label = rs->params[n->sym_index].label;
            value = rs->params[n->sym_index].value_text;
        } else if (n->sym == SC_SYM_CRITERION) {
            name = rs->criteria[n->sym_index].id;
            label = rs->criteria[n->sym_index].label;
            v = reg_value(e, rs->criteria[n->sym_index].reg);
            value = verdict_text(e->json, v);
        } else {
            name = rs->scorecards[n->sym_index].id;
            label = rs->scorecards[n->sym_index].label;
            v = reg_value(e, rs->scorecards[n->sym_index].reg);
            sc_decimal_format(v, buf, sizeof buf);
            value = v != v ? (e->json ? "null" : "缺失") : buf;
        }
        if (e->json) {
            json_open(e, NULL, '{');
            kv_string(e, "name", name);
            kv_string(e, "label", label);
            if (n->sym == SC_SYM_PARAM && rs->params[n->sym_index].type == SC_TYPE_TEXT)
                kv_string(e, "value", value);
            else
                kv_raw(e, "value", value);
            json_close(e, '}');
        } else {
            sc_buf_printf(&e->out, "%s%s %s = %s", w->nseen > 1 ? "；" : "",
                          label && *label ? label : name, name, value);
        }
        return;
    }
    for (size_t i = 0; i < n->nargs; i++)
        operand(w, n->args[i]);
}

/* The fields, params, criteria and scorecards an expression reads; in
 * text, an unknown verdict names the missing fields ("数据缺失：…"). */
static void operands(explainer *e, const char *expr, double verdict)
{
    sc_arena arena;
    sc_arena_init(&arena, &e->rs->alloc);
    sc_ast *tree;
    score_error err;
    size_t pos;
    operand_walk w;
    memset(&w, 0, sizeof w);
    w.e = e;
    sc_buf_init(&w.missing, &e->rs->alloc);
    if (e->json)
        json_open(e, "operands", '[');
    int rc = sc_parse_expr(&tree, expr, strlen(expr), &e->rs->limits, &arena, &err, &pos);
    if (!rc) {
        sc_checker chk = {lookup, (void *)e->rs, &e->rs->alloc, &err, &pos, 0, 0};
        if (!(rc = sc_check(&chk, tree)))
            operand(&w, tree);
    }
    if (rc == SCORE_ENOMEM)
        e->out.failed = 1; /* not an explanation without its operands */
    if (e->json)
        json_close(e, ']');
    else if (verdict != verdict && w.missing.len)
        sc_buf_printf(&e->out, "\n      数据缺失：%s", w.missing.data);
    if (w.missing.failed)
        e->out.failed = 1;
    sc_buf_free(&w.missing);
    sc_arena_free(&arena);
}

/* Text over several lines (a YAML block), each line after the first
 * indented, without trailing blank lines. */
static void indented(sc_buf *b, const char *text, const char *indent)
{
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\r'))
        n--;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n') {
            sc_buf_puts(b, "\n");
            sc_buf_puts(b, indent);
            while (i + 1 < n && text[i + 1] == ' ')
                i++;
            continue;
        }
        sc_buf_append(b, text + i, 1);
    }
}

/* ---- parts ---- */

/* One condition: its verdict, its text and what it reads. */
static void condition(explainer *e, const char *expr, double v)
{
    const score_ruleset *rs = e->rs;
    size_t c = score_ruleset_criterion_index(rs, expr);
    const sc_criterion *crit = c != (size_t)-1 ? &rs->criteria[c] : NULL;
    if (e->json) {
        json_open(e, NULL, '{');
        if (crit) {
            kv_string(e, "criterion", crit->id);
            kv_string(e, "label", crit->label);
        }
        kv_string(e, "expr", crit ? crit->expr : expr);
        kv_raw(e, "verdict", verdict_text(1, v));
        operands(e, crit ? crit->expr : expr, v);
        json_close(e, '}');
        return;
    }
    const char *mark = v != v ? "?" : v != 0.0 ? "✓" : "✗";
    if (crit) {
        sc_buf_printf(&e->out, "    %s %s %s：%s\n      ", mark,
                      *crit->label ? crit->label : crit->id, crit->id, verdict_text(0, v));
        indented(&e->out, crit->expr, "      ");
        sc_buf_puts(&e->out, "\n      ");
    } else {
        sc_buf_printf(&e->out, "    %s ", mark);
        indented(&e->out, expr, "      ");
        sc_buf_printf(&e->out, "：%s\n      ", verdict_text(0, v));
    }
    operands(e, crit ? crit->expr : expr, v);
    sc_buf_puts(&e->out, "\n");
}

/* The ruleset's id, version, hash and changed params. */
static void provenance(explainer *e)
{
    const score_ruleset *rs = e->rs;
    if (e->json) {
        json_open(e, "ruleset", '{');
        kv_string(e, "id", rs->id);
        kv_string(e, "version", rs->version);
        kv_string(e, "hash", rs->hash);
        json_open(e, "params", '{');
        for (size_t i = 0; i < rs->nparams; i++)
            if (strcmp(rs->params[i].value_text, rs->params[i].default_text) != 0)
                kv_string(e, rs->params[i].name, rs->params[i].value_text);
        json_close(e, '}');
        json_close(e, '}');
        return;
    }
    sc_buf_printf(&e->out, "%s（%s %s，规则哈希 %s", *rs->title ? rs->title : rs->id, rs->id,
                  rs->version, rs->hash);
    int any = 0;
    for (size_t i = 0; i < rs->nparams; i++)
        if (strcmp(rs->params[i].value_text, rs->params[i].default_text) != 0)
            sc_buf_printf(&e->out, "%s%s=%s", any++ ? "，" : "；参数调整：", rs->params[i].name,
                          rs->params[i].value_text);
    sc_buf_puts(&e->out, "）\n");
}

static void header(explainer *e)
{
    const score_ruleset *rs = e->rs;
    const char *k = score_table_key(e->t, e->row);
    provenance(e);
    if (e->json) {
        kv_string(e, "key", k);
        return;
    }
    const sc_field *kf = &rs->fields[rs->cols[rs->schema.key_col].field];
    sc_buf_printf(&e->out, "%s %s\n", kf->label ? kf->label : kf->id, k ? k : "（缺失）");
}

static void criteria(explainer *e)
{
    const score_ruleset *rs = e->rs;
    if (e->json)
        json_open(e, "criteria", '[');
    else
        sc_buf_puts(&e->out, "\n指标：\n");
    for (size_t i = 0; i < rs->ncriteria; i++)
        condition(e, rs->criteria[i].id, reg_value(e, rs->criteria[i].reg));
    if (e->json)
        json_close(e, ']');
}

/* The vetoes ahead of a known outcome whose condition is unknown: the
 * outcome stands because each would give the same value and grade (JSON:
 * "unknown_vetoes", present only when there are some). */
static void unknown_vetoes(explainer *e, const sc_scorecard *c, double veto)
{
    size_t before = veto >= 1 ? (size_t)veto - 1 : c->nvetoes, listed = 0;
    for (size_t v = 0; veto == veto && v < before; v++) {
        const sc_veto *u = &c->vetoes[v];
        double cond = reg_value(e, u->reg);
        if (cond == cond)
            continue;
        if (!e->json) {
            sc_buf_printf(&e->out, "    数据缺失：%s（%s）；若成立，结果相同\n",
                          *u->label ? u->label : "是", u->expr);
            continue;
        }
        if (listed++ == 0)
            json_open(e, "unknown_vetoes", '[');
        json_open(e, NULL, '{');
        kv_string(e, "label", u->label);
        kv_string(e, "expr", u->expr);
        json_close(e, '}');
    }
    if (listed)
        json_close(e, ']');
}

static void scorecards(explainer *e)
{
    const score_ruleset *rs = e->rs;
    if (rs->nscorecards == 0)
        return;
    if (e->json)
        json_open(e, "scorecards", '[');
    else
        sc_buf_puts(&e->out, "\n计分：\n");
    for (size_t s = 0; s < rs->nscorecards; s++) {
        const sc_scorecard *c = &rs->scorecards[s];
        double total = reg_value(e, c->reg), veto = reg_value(e, c->veto_reg);
        const char *grade = score_result_grade(e->r, s, e->row);
        const sc_veto *fired = veto >= 1 ? &c->vetoes[(size_t)veto - 1] : NULL;
        if (e->json) {
            json_open(e, NULL, '{');
            kv_string(e, "id", c->id);
            kv_string(e, "label", c->label);
            kv_number(e, "value", total);
            kv_string(e, "grade", grade);
            json_open(e, "items", '[');
        } else {
            sc_buf_printf(&e->out, "  %s %s = ", *c->label ? c->label : c->id, c->id);
            if (fired && fired->value != fired->value)
                sc_buf_puts(&e->out, "不计分"); /* exempt (免评), not missing data */
            else
                number(&e->out, total, 0);
            if (grade)
                sc_buf_printf(&e->out, "（等级 %s）", grade);
            sc_buf_puts(&e->out, "\n");
        }
        for (size_t i = 0; i < c->nitems; i++) {
            const sc_score_item *it = &c->items[i];
            double v = reg_value(e, it->reg);
            if (e->json) {
                json_open(e, NULL, '{');
                kv_string(e, "id", it->id);
                kv_string(e, "label", it->label);
                kv_raw(e, "deduction", it->deduction ? "true" : "false");
                kv_string(e, "expr", it->expr);
                kv_number(e, "points", v);
                kv_number(e, "max", it->max);
                json_close(e, '}');
                continue;
            }
            sc_buf_printf(&e->out, "    %s %s %s = ", it->deduction ? "−" : "+", it->label,
                          it->expr);
            number(&e->out, v, 0);
            if (it->max == it->max) {
                sc_buf_puts(&e->out, "（上限 ");
                number(&e->out, it->max, 0);
                sc_buf_puts(&e->out, "）");
            }
            sc_buf_puts(&e->out, "\n");
        }
        if (e->json) {
            json_close(e, ']');
            unknown_vetoes(e, c, veto);
            if (fired) {
                json_open(e, "veto", '{');
                kv_string(e, "label", fired->label);
                kv_string(e, "expr", fired->expr);
                json_close(e, '}');
            } else {
                kv_raw(e, "veto", veto != veto ? "\"unknown\"" : "null");
            }
            json_close(e, '}');
        } else if (fired) {
            unknown_vetoes(e, c, veto);
            sc_buf_printf(&e->out, "    一票否决：%s（%s）\n", *fired->label ? fired->label : "是",
                          fired->expr);
        } else if (veto == 0.0) {
            unknown_vetoes(e, c, veto);
        } else if (veto != veto && c->nvetoes) {
            sc_buf_puts(&e->out, "    一票否决：数据缺失，无法判定\n");
        }
    }
    if (e->json)
        json_close(e, ']');
}

/* Why a level was not awarded, if the row was a candidate there. */
static void level_limit(explainer *e, size_t k)
{
    const sc_level *lv = &e->rs->tiers.levels[k];
    size_t rank = score_result_tier_rank(e->r, k, e->row);
    size_t limit = score_result_tier_limit(e->r, k);
    size_t cands = score_result_tier_candidates(e->r, k);
    if (e->json) {
        kv_number(e, "rank", rank ? (double)rank : NAN);
        kv_number(e, "candidates", (double)cands);
        kv_number(e, "limit", (double)limit);
        kv_number(e, "quota", lv->quota);
        kv_number(e, "cap", lv->cap);
        kv_raw(e, "lost_tie", rank && rank == limit + 1 && e->r->tie_lost[k] ? "true" : "false");
        return;
    }
    if (!rank) {
        /* a level without a quota or cap ranks no one: its candidates
         * are all awarded */
        if (lv->quota != lv->quota && lv->cap != lv->cap && e->r->awarded[e->row] == (int)k)
            sc_buf_printf(&e->out, "    候选 %zu 个，不限名额，入选\n", cands);
        return;
    }
    sc_buf_printf(&e->out, "    候选 %zu 个，本村排名第 %zu，可评 %zu 个", cands, rank, limit);
    if (lv->quota == lv->quota)
        sc_buf_printf(&e->out, "（名额 %.0f", lv->quota);
    if (lv->cap == lv->cap) {
        char cap[40];
        sc_decimal_format(lv->cap * 100, cap, sizeof cap);
        sc_buf_printf(&e->out, "%s比例上限 %s%% × 申报村 %zu 个", lv->quota == lv->quota ? "，" : "（",
                      cap, e->r->applicants);
    }
    if (lv->quota == lv->quota || lv->cap == lv->cap)
        sc_buf_puts(&e->out, "）");
    if (rank <= limit)
        sc_buf_puts(&e->out, "，入选\n");
    else if (rank == limit + 1 && e->r->tie_lost[k])
        sc_buf_printf(&e->out, "，与第 %zu 名同分，按代码顺序在后，未入选（降至下一等级）\n", limit);
    else
        sc_buf_puts(&e->out, "，未入选（末位淘汰，降至下一等级）\n");
}

static void tiers(explainer *e)
{
    const score_ruleset *rs = e->rs;
    const sc_tiers *t = &rs->tiers;
    if (!t->present)
        return;
    int q = e->r->qualified[e->row], a = e->r->awarded[e->row];
    int limit = e->r->step_limit[e->row];
    double eligible = reg_value(e, t->eligible_reg);
    if (e->json) {
        json_open(e, "tiers", '{');
        kv_string(e, "qualified", q >= 0 ? t->levels[q].id : NULL);
        kv_string(e, "tier", a >= 0 ? t->levels[a].id : NULL);
        kv_number(e, "rank_score", e->r->rank[e->row]);
        kv_string(e, "step_limit", limit >= 0 ? t->levels[limit].id : NULL);
        key(e, "eligible");
        sc_buf_puts(&e->out, verdict_text(1, eligible));
        json_open(e, "levels", '[');
    } else {
        sc_buf_puts(&e->out, "\n等级：\n");
        sc_buf_printf(&e->out, "  评定等级：%s；按条件可达：%s；排名得分：",
                      a >= 0 ? t->levels[a].label : "无", q >= 0 ? t->levels[q].label : "无");
        number(&e->out, e->r->rank[e->row], 0);
        sc_buf_printf(&e->out, "\n  申报条件（eligible）：%s", verdict_text(0, eligible));
        if (t->eligible)
            sc_buf_printf(&e->out, "（%s）", t->eligible);
        sc_buf_puts(&e->out, "\n");
        if (limit >= 0 && limit < q)
            sc_buf_printf(&e->out, "  晋升限制：上期等级起最多升 %.0f 级，至多 %s\n", t->max_step,
                          t->levels[limit].label);
        else if (limit == -2 && q >= 0)
            sc_buf_puts(&e->out, "  晋升限制：本期不能评定任何等级\n");
    }
    /* every level up to one above the awarded (and qualified) one */
    int top = (q > a ? q : a) + 1;
    if (top >= (int)t->nlevels)
        top = (int)t->nlevels - 1;
    for (int k = 0; k <= top; k++) {
        const sc_level *lv = &t->levels[k];
        double met = reg_value(e, lv->reg);
        if (e->json) {
            json_open(e, NULL, '{');
            kv_string(e, "id", lv->id);
            kv_string(e, "label", lv->label);
            kv_raw(e, "met", verdict_text(1, met));
            kv_raw(e, "awarded", a == k ? "true" : "false");
            level_limit(e, (size_t)k);
            json_open(e, "require", '[');
        } else {
            sc_buf_printf(&e->out, "  %s %s：%s%s\n", lv->label, lv->id,
                          met == met ? (met != 0.0 ? "条件全部符合" : "条件不符") : "数据缺失，不能评定",
                          a == k ? "，获评" : "");
        }
        for (size_t i = 0; i < lv->nrequire; i++)
            condition(e, lv->require[i], reg_value(e, lv->require_reg[i]));
        if (e->json) {
            json_close(e, ']');
            json_close(e, '}');
        } else {
            if (lv->extends != SIZE_MAX)
                sc_buf_printf(&e->out, "    （并须符合 %s 的全部条件）\n",
                              t->levels[lv->extends].label);
            level_limit(e, (size_t)k);
        }
    }
    if (e->json) {
        json_close(e, ']');
        json_close(e, '}');
    }
}

/* ---- a target outcome ---- */

static const char *verdict_name(score_target_verdict v, int json)
{
    if (v == SCORE_MET)
        return json ? "met" : "达标";
    if (v == SCORE_NOT_MET)
        return json ? "not_met" : "未达标";
    return json ? "unknown" : "待定（数据缺失，结果取决于缺失的行）";
}

/* What the shortfall counts, by the form of the requirement. */
static const char *shortfall_text(const sc_target *tg)
{
    switch (tg->agg) {
    case SC_AGG_ALL: return "行未满足";
    case SC_AGG_NONE: return "行须消除";
    case SC_AGG_SUM: return tg->op == SC_CMP_LE || tg->op == SC_CMP_LT ? "超出" : "尚差";
    default: return tg->op == SC_CMP_LE || tg->op == SC_CMP_LT ? "行须减少" : "行尚须满足";
    }
}

static void outcome_text(explainer *e, const sc_target *tg, const score_target_outcome *o,
                         size_t outcome)
{
    char buf[512];
    const char *scope = sc_scope_text(e->r, e->rs, outcome, 1, buf, sizeof buf);
    char a[40], q[40], s[40];
    if (tg->agg == SC_AGG_SHARE) { /* a share reads as a percent */
        sc_percent(o->actual, o->required, a);
        sc_percent(o->required, NAN, q);
    } else {
        sc_decimal_format(o->actual, a, sizeof a);
        sc_decimal_format(o->required, q, sizeof q);
    }
    sc_decimal_format(o->shortfall, s, sizeof s);
    sc_buf_printf(&e->out, "目标 %s %s", tg->label, tg->id);
    if (tg->year == tg->year)
        sc_buf_printf(&e->out, "（%.0f年）", tg->year);
    sc_buf_printf(&e->out, "\n  要求：%s\n", tg->expr);
    if (tg->population)
        sc_buf_printf(&e->out, "  范围内的行：%s\n", tg->population);
    if (tg->agg == SC_AGG_NONE) /* what none() counts are the rows it must not have */
        sc_buf_printf(&e->out, "  范围：%s；共 %zu 行，其中 %zu 行出现所列情形，数据缺失 %zu 行\n",
                      scope, o->population, o->satisfied, o->unknown);
    else
        sc_buf_printf(&e->out, "  范围：%s；共 %zu 行，满足 %zu 行，数据缺失 %zu 行\n", scope,
                      o->population, o->satisfied, o->unknown);
    if (tg->agg == SC_AGG_ALL)
        sc_buf_printf(&e->out, "  须全部满足：%s", verdict_name(o->verdict, 0));
    else if (tg->agg == SC_AGG_NONE)
        sc_buf_printf(&e->out, "  须无一出现：%s", verdict_name(o->verdict, 0));
    else
        sc_buf_printf(&e->out, "  实际 %s，要求 %s %s：%s", *a ? a : "（无）", o->op, q,
                      verdict_name(o->verdict, 0));
    if (o->shortfall == o->shortfall) {
        if (tg->agg == SC_AGG_SUM)
            sc_buf_printf(&e->out, "，%s %s", shortfall_text(tg), s);
        else
            sc_buf_printf(&e->out, "，%s %s", s, shortfall_text(tg));
    }
    sc_buf_puts(&e->out, "\n");
    if (o->nfailing) {
        sc_buf_printf(&e->out, "  %s的行（%zu）：", tg->agg == SC_AGG_NONE ||
                                                     tg->op == SC_CMP_LE || tg->op == SC_CMP_LT
                                                 ? "须消除"
                                                 : "未满足",
                      o->nfailing);
        for (size_t i = 0; i < o->nfailing; i++) {
            const char *k = score_table_key(e->t, o->failing[i]);
            sc_buf_printf(&e->out, "%s%s", i ? "，" : "", k ? k : "（无代码）");
        }
        sc_buf_puts(&e->out, "\n");
    }
}

static void outcome_json(explainer *e, const sc_target *tg, const score_target_outcome *o)
{
    kv_string(e, "target", tg->id);
    kv_string(e, "label", tg->label);
    kv_string(e, "expr", tg->expr);
    kv_string(e, "population_expr", tg->population);
    kv_number(e, "year", tg->year);
    kv_string(e, "scope", o->scope);
    kv_number(e, "population", (double)o->population);
    kv_number(e, "satisfied", (double)o->satisfied);
    kv_number(e, "unknown", (double)o->unknown);
    kv_number(e, "actual", o->actual);
    kv_string(e, "op", o->op);
    kv_number(e, "required", o->required);
    kv_string(e, "verdict", verdict_name(o->verdict, 1));
    kv_number(e, "shortfall", o->shortfall);
    json_open(e, "failing", '[');
    for (size_t i = 0; i < o->nfailing; i++)
        item_string(e, score_table_key(e->t, o->failing[i]));
    json_close(e, ']');
}

int score_explain_outcome(char **out, const score_result *r, const score_table *t,
                          size_t outcome, score_explain_format format, score_error *err)
{
    if (!out || !r || !t)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out, result or table is NULL");
    *out = NULL;
    score_target_outcome o;
    if (score_result_outcome(r, outcome, &o) || t->nrows != r->nrows ||
        t->schema != &r->rs->schema)
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no outcome %zu in this result",
                        outcome);
    explainer e;
    memset(&e, 0, sizeof e);
    e.r = r;
    e.rs = r->rs;
    e.t = t;
    e.json = format == SCORE_EXPLAIN_JSON;
    e.first = 1;
    sc_buf_init(&e.out, &r->rs->alloc);
    const sc_target *tg = &r->rs->targets[o.target];
    if (e.json) {
        sc_buf_puts(&e.out, "{");
        provenance(&e);
        outcome_json(&e, tg, &o);
        sc_buf_puts(&e.out, "}\n");
    } else {
        provenance(&e);
        outcome_text(&e, tg, &o, outcome);
    }
    if (e.out.failed || !e.out.data) {
        sc_buf_free(&e.out);
        return sc_nomem(err);
    }
    *out = e.out.data;
    return 0;
}

int score_explain_row(char **out, const score_result *r, const score_table *t, size_t row,
                      score_explain_format format, score_error *err)
{
    if (!out || !r || !t)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out, result or table is NULL");
    *out = NULL;
    if (row >= r->nrows || t->nrows != r->nrows || t->schema != &r->rs->schema)
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no row %zu in this result", row);
    explainer e;
    memset(&e, 0, sizeof e);
    e.r = r;
    e.rs = r->rs;
    e.t = t;
    e.row = row;
    e.json = format == SCORE_EXPLAIN_JSON;
    e.first = 1;
    sc_buf_init(&e.out, &r->rs->alloc);
    if (sc_vm_init_rows(&e.vm, &r->rs->prog, t, &r->rs->alloc, 1)) /* one row */
        return sc_nomem(err);
    sc_vm_run(&e.vm, row, 1);
    if (e.json)
        sc_buf_puts(&e.out, "{");
    header(&e);
    tiers(&e);
    scorecards(&e);
    criteria(&e);
    if (e.json)
        sc_buf_puts(&e.out, "}\n");
    sc_vm_free(&e.vm);
    if (e.out.failed || !e.out.data) {
        sc_buf_free(&e.out);
        return sc_nomem(err);
    }
    *out = e.out.data;
    return 0;
}
