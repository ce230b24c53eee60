/*
 * A gap as text for people (Chinese labels, numbers grouped by
 * thousands: 村集体经济收入 +4,300 元 (25,700 → 30,000)) or as JSON.
 */
#include <math.h>
#include <string.h>

#include "decimal.h"
#include "gap.h"

static const char *const kind_names[] = {"increase", "decrease", "set", "fill"};

/* A number for people: thousands grouped (25,700), decimals as they are. */
static void grouped(sc_buf *b, double v)
{
    char tmp[48];
    if (v != v) {
        sc_buf_puts(b, "缺失");
        return;
    }
    sc_decimal_format(v, tmp, sizeof tmp);
    const char *s = tmp;
    if (*s == '-') {
        sc_buf_puts(b, "-");
        s++;
    }
    size_t digits = strspn(s, "0123456789");
    if (strchr(s, 'e'))
        digits = 0; /* exponent notation stays as it is */
    for (size_t i = 0; i < digits; i++) {
        if (i && (digits - i) % 3 == 0)
            sc_buf_puts(b, ",");
        sc_buf_append(b, s + i, 1);
    }
    sc_buf_puts(b, s + digits);
}

static void json_number(sc_buf *b, double v)
{
    char tmp[48];
    if (v != v || !isfinite(v)) {
        sc_buf_puts(b, "null");
        return;
    }
    sc_decimal_format(v, tmp, sizeof tmp);
    sc_buf_puts(b, tmp);
}

/* A cell value in JSON by type: number, true/false, text, null. */
static void json_value(sc_buf *b, score_type type, double v, const char *text)
{
    if (type == SCORE_TYPE_TEXT) {
        if (text)
            sc_buf_json_string(b, text);
        else
            sc_buf_puts(b, "null");
    } else if (type == SCORE_TYPE_BOOL && v == v) {
        sc_buf_puts(b, v != 0.0 ? "true" : "false");
    } else {
        json_number(b, v);
    }
}

/* What a change is for, as people name it: the criterion's label, or in a
 * target's plan the target's. */
static const char *criterion_label(const score_ruleset *rs, const char *crit)
{
    size_t i = crit ? score_ruleset_criterion_index(rs, crit) : (size_t)-1;
    if (i != (size_t)-1)
        return *rs->criteria[i].label ? rs->criteria[i].label : rs->criteria[i].id;
    i = crit ? score_ruleset_target_index(rs, crit) : (size_t)-1;
    if (i != (size_t)-1 && *rs->targets[i].label)
        return rs->targets[i].label;
    return crit;
}

static void change_text(sc_buf *b, const score_ruleset *rs, const score_gap_change *ch)
{
    const char *label = ch->label ? ch->label : ch->field;
    const char *unit = NULL;
    size_t col = SIZE_MAX;
    for (size_t i = 0; i < rs->schema.ncols; i++)
        if (strcmp(rs->cols[i].name, ch->field) == 0)
            col = i;
    if (col != SIZE_MAX)
        unit = rs->cols[col].rules.unit;
    sc_buf_puts(b, "  ");
    if (ch->kind == SCORE_GAP_FILL)
        sc_buf_puts(b, "补齐数据：");
    sc_buf_printf(b, "%s %s", label, ch->field);
    if (ch->type == SCORE_TYPE_TEXT) {
        sc_buf_printf(b, "：%s → %s", ch->from_text ? ch->from_text : "（空）",
                      ch->to_text ? ch->to_text : "（空）");
    } else if (ch->type == SCORE_TYPE_BOOL) {
        sc_buf_printf(b, "：%s → %s", ch->from != ch->from ? "缺失" : ch->from != 0.0 ? "是" : "否",
                      ch->value != 0.0 ? "是" : "否");
    } else if (ch->kind == SCORE_GAP_FILL) {
        if (ch->to == ch->to) {
            sc_buf_puts(b, ch->strict ? "（须超过 " : "（可取 ");
            grouped(b, ch->strict ? ch->to : ch->value);
            sc_buf_printf(b, "%s%s）", unit ? " " : "", unit ? unit : "");
        }
    } else if (ch->strict) {
        sc_buf_puts(b, ch->kind == SCORE_GAP_INCREASE ? " 须高于 " : " 须低于 ");
        grouped(b, ch->to);
        sc_buf_printf(b, "%s%s (现为 ", unit ? " " : "", unit ? unit : "");
        grouped(b, ch->from);
        sc_buf_puts(b, "，如 ");
        grouped(b, ch->value);
        sc_buf_puts(b, ")");
    } else {
        sc_buf_puts(b, ch->to >= ch->from ? " +" : " -");
        grouped(b, sc_rank_canonical(fabs(ch->to - ch->from)));
        sc_buf_printf(b, "%s%s (", unit ? " " : "", unit ? unit : "");
        grouped(b, ch->from);
        sc_buf_puts(b, " → ");
        grouped(b, ch->to);
        sc_buf_puts(b, ")");
    }
    const char *cl = criterion_label(rs, ch->criterion);
    if (cl)
        sc_buf_printf(b, "；%s", cl);
    sc_buf_puts(b, "\n");
}

static void rank_text(sc_buf *b, const score_gap *g)
{
    const score_ruleset *rs = g->r->rs;
    const score_gap_rank *k = &g->rank;
    sc_buf_printf(b, "排名：%s 可评 %zu 个，候选 %zu 个", rs->tiers.levels[k->tier].label, k->limit,
                  k->candidates);
    if (k->place)
        sc_buf_printf(b, "，本行第 %zu 名", k->place);
    sc_buf_puts(b, "\n  排名得分须 ≥ ");
    grouped(b, k->needed);
    sc_buf_printf(b, " 且代码在 %s 之前，或 > ", k->tie_key ? k->tie_key : "（无）");
    grouped(b, k->needed);
    sc_buf_puts(b, "；本行 ");
    grouped(b, k->score);
    sc_buf_puts(b, "\n");
    if (g->nhead) {
        sc_buf_puts(b, "  可提分项：");
        for (size_t i = 0; i < g->nhead; i++) {
            const score_gap_headroom *h = &g->head[i];
            sc_buf_printf(b, "%s%s%s ", i ? "；" : "", h->deduction ? "减分 " : "",
                          *h->label ? h->label : h->item);
            grouped(b, h->points);
            if (h->max == h->max) {
                sc_buf_puts(b, "/");
                grouped(b, h->max);
            }
        }
        sc_buf_puts(b, "\n");
    }
}

void sc_gap_text(sc_buf *b, const score_gap *g)
{
    const score_ruleset *rs = g->r->rs;
    const sc_tiers *t = &rs->tiers;
    const char *key = score_table_key(g->t, g->row);
    const sc_field *kf = &rs->fields[rs->cols[rs->schema.key_col].field];
    if (g->target == SIZE_MAX)
        sc_buf_printf(b, "%s %s（%s）\n", kf->label ? kf->label : kf->id, key ? key : "（缺失）",
                      g->reachable ? "可达" : "尚不可达");
    else
        sc_buf_printf(b, "%s %s：评定等级 %s，目标 %s（%s）\n", kf->label ? kf->label : kf->id,
                      key ? key : "（缺失）", g->tier >= 0 ? t->levels[g->tier].label : "无",
                      t->levels[g->target].label,
                      g->step_blocks ? "本期不可达：晋升限制"
                      : g->reachable ? "按条件可达" : "按条件尚不可达");
    if (g->step_blocks)
        sc_buf_printf(b, "晋升限制：上期等级起本期至多 %s，%s 须待下期\n",
                      g->step_limit >= 0 ? t->levels[g->step_limit].label : "无等级",
                      t->levels[g->target].label);
    if (g->plan.n) {
        sc_buf_printf(b, "须改变（%zu 项）：\n", g->plan.n);
        for (size_t i = 0; i < g->plan.n; i++) {
            score_gap_change ch;
            score_gap_change_at(g, i, &ch);
            change_text(b, rs, &ch);
        }
    } else if (g->reachable || (g->step_blocks && !g->plan.nun)) {
        sc_buf_puts(b, "条件已全部符合\n");
    }
    if (g->has_rank)
        rank_text(b, g);
    if (g->plan.nun) {
        sc_buf_puts(b, "无法按单个字段求解：\n");
        for (size_t i = 0; i < g->plan.nun; i++)
            sc_buf_printf(b, "  %s\n", g->plan.unresolved[i]);
    }
}

void sc_gap_json(sc_buf *b, const score_gap *g)
{
    const score_ruleset *rs = g->r->rs;
    const sc_tiers *t = &rs->tiers;
    const char *key = score_table_key(g->t, g->row);
    sc_buf_puts(b, "{\"key\":");
    if (key)
        sc_buf_json_string(b, key);
    else
        sc_buf_puts(b, "null");
    sc_buf_puts(b, ",\"tier\":");
    if (g->tier >= 0)
        sc_buf_json_string(b, t->levels[g->tier].id);
    else
        sc_buf_puts(b, "null");
    sc_buf_puts(b, ",\"target_tier\":");
    if (g->target != SIZE_MAX)
        sc_buf_json_string(b, t->levels[g->target].id);
    else
        sc_buf_puts(b, "null");
    sc_buf_printf(b, ",\"reachable\":%s,\"step_limit\":", g->reachable ? "true" : "false");
    if (g->step_limit >= 0)
        sc_buf_json_string(b, t->levels[g->step_limit].id);
    else
        sc_buf_puts(b, g->step_limit == -2 ? "\"\"" : "null");
    sc_buf_printf(b, ",\"step_blocks\":%s,\"changes\":[", g->step_blocks ? "true" : "false");
    for (size_t i = 0; i < g->plan.n; i++) {
        score_gap_change ch;
        score_gap_change_at(g, i, &ch);
        sc_buf_puts(b, i ? ",{\"criterion\":" : "{\"criterion\":");
        sc_buf_json_string(b, ch.criterion ? ch.criterion : "");
        sc_buf_puts(b, ",\"field\":");
        sc_buf_json_string(b, ch.field);
        sc_buf_puts(b, ",\"label\":");
        sc_buf_json_string(b, ch.label ? ch.label : "");
        sc_buf_puts(b, ",\"year\":");
        if (ch.year)
            sc_buf_printf(b, "%d", ch.year);
        else
            sc_buf_puts(b, "null");
        sc_buf_puts(b, ",\"from\":");
        json_value(b, ch.type, ch.from, ch.from_text);
        sc_buf_puts(b, ",\"to\":");
        json_value(b, ch.type, ch.type == SCORE_TYPE_BOOL ? ch.value : ch.to, ch.to_text);
        sc_buf_printf(b, ",\"strict\":%s,\"value\":", ch.strict ? "true" : "false");
        json_value(b, ch.type, ch.value, ch.to_text);
        sc_buf_printf(b, ",\"kind\":\"%s\"}", kind_names[ch.kind]);
    }
    sc_buf_puts(b, "],\"rank\":");
    if (g->has_rank) {
        const score_gap_rank *k = &g->rank;
        sc_buf_puts(b, "{\"tier\":");
        sc_buf_json_string(b, t->levels[k->tier].id);
        sc_buf_puts(b, ",\"score\":");
        json_number(b, k->score);
        sc_buf_puts(b, ",\"needed\":");
        json_number(b, k->needed);
        sc_buf_puts(b, ",\"tie_key\":");
        if (k->tie_key)
            sc_buf_json_string(b, k->tie_key);
        else
            sc_buf_puts(b, "null");
        sc_buf_printf(b, ",\"place\":%zu,\"limit\":%zu,\"candidates\":%zu,\"headroom\":[", k->place,
                      k->limit, k->candidates);
        for (size_t i = 0; i < g->nhead; i++) {
            const score_gap_headroom *h = &g->head[i];
            sc_buf_puts(b, i ? ",{\"item\":" : "{\"item\":");
            sc_buf_json_string(b, h->item);
            sc_buf_puts(b, ",\"label\":");
            sc_buf_json_string(b, h->label);
            sc_buf_printf(b, ",\"deduction\":%s,\"points\":", h->deduction ? "true" : "false");
            json_number(b, h->points);
            sc_buf_puts(b, ",\"max\":");
            json_number(b, h->max);
            sc_buf_puts(b, "}");
        }
        sc_buf_puts(b, "]}");
    } else {
        sc_buf_puts(b, "null");
    }
    sc_buf_puts(b, ",\"unresolved\":[");
    for (size_t i = 0; i < g->plan.nun; i++) {
        if (i)
            sc_buf_puts(b, ",");
        sc_buf_json_string(b, g->plan.unresolved[i]);
    }
    sc_buf_puts(b, "]}\n");
}

int score_gap_format(char **out, const score_gap *g, score_explain_format format,
                     score_error *err)
{
    if (!out || !g)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out or gap is NULL");
    *out = NULL;
    sc_buf b;
    sc_buf_init(&b, &g->r->rs->alloc);
    if (format == SCORE_EXPLAIN_JSON)
        sc_gap_json(&b, g);
    else
        sc_gap_text(&b, g);
    if (b.failed || !b.data) {
        sc_buf_free(&b);
        return sc_nomem(err);
    }
    *out = b.data;
    return 0;
}
