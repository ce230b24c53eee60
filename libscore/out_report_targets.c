/*
 * The report's targets: every outcome of the targets view (target and
 * scope) with its actual and required value, verdict, shortfall and the
 * rows that fall short (the 销号 ledger), then a chart per target of its
 * scopes' actual values against the requirement.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "out_html.h"
#include "out_report.h"

static const char *op_word(const char *op)
{
    static const char *const ops[][2] = {{">=", "≥"}, {">", "＞"},  {"<=", "≤"},
                                         {"<", "＜"},  {"==", "＝"}, {"!=", "≠"},
                                         {"all", "全部符合"}, {"none", "全部不符"}};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
        if (strcmp(op, ops[k][0]) == 0)
            return ops[k][1];
    return op;
}

static void num_cell(sc_out *o, const char *text)
{
    if (*text)
        sc_html_element(o, "td", "num", text);
    else
        sc_html_cell(o, NULL);
}

static const char *amount(const sc_report *rp, const score_target_outcome *oc, double v,
                          double beside, char buf[32])
{
    return sc_target_is_share(rp->rs, oc->target) ? sc_percent(v, beside, buf)
                                                 : sc_people_number(v, rp->opts.digits, 0, buf, 32);
}

/* The rows that fall short of a target not met, key and name, in a row
 * of their own under the outcome. */
static void ledger(sc_report *rp, const score_target_outcome *oc)
{
    sc_out *o = rp->o;
    if (oc->verdict != SCORE_NOT_MET || !oc->nfailing)
        return;
    sc_out_printf(o, "<tr class=\"ledger\"><td colspan=\"5\">销号台账（%zu %s）：", oc->nfailing,
                  rp->unit);
    for (size_t i = 0; i < oc->nfailing; i++) {
        sc_out_puts(o, i ? "；" : "");
        sc_report_row_label(rp, oc->failing[i]);
    }
    sc_out_puts(o, "</td></tr>\n");
}

/* One outcome: scope, actual, requirement, verdict and shortfall (the
 * target is the table's caption). */
static void outcome_row(sc_report *rp, size_t i)
{
    sc_out *o = rp->o;
    score_target_outcome oc;
    score_result_outcome(rp->r, i, &oc);
    char scope[512], num[32], req[80];
    sc_out_puts(o, "<tr class=\"outcome\">");
    sc_html_cell(o, sc_scope_text(rp->r, rp->rs, i, 1, scope, sizeof scope));
    sc_html_element(o, "td", "num", amount(rp, &oc, oc.actual, oc.required, num));
    snprintf(req, sizeof req, "%s %s", op_word(oc.op), amount(rp, &oc, oc.required, NAN, num));
    sc_html_element(o, "td", "num", req);
    sc_out_puts(o, "<td>");
    sc_html_verdict(o, (int)oc.verdict, sc_target_verdict_word(oc.verdict, 1));
    sc_out_puts(o, "</td>");
    num_cell(o, sc_people_number(oc.shortfall, rp->opts.digits, 0, num, sizeof num));
    sc_out_puts(o, "</tr>\n");
    ledger(rp, &oc);
}

/* The chart of outcomes tv.outcomes[from .. to), all of one target. */
static int target_chart(sc_report *rp, size_t from, size_t to)
{
    size_t n = to - from;
    const char **rows = sc_calloc(rp->a, n, sizeof *rows);
    double *values = sc_calloc(rp->a, 2 * n, sizeof *values);
    int *verdicts = sc_calloc(rp->a, n, sizeof *verdicts);
    if (!rows || !values || !verdicts) {
        sc_free(rp->a, rows);
        sc_free(rp->a, values);
        sc_free(rp->a, verdicts);
        return -1;
    }
    score_target_outcome oc;
    for (size_t k = 0; k < n; k++) {
        size_t i = rp->tv.outcomes[from + k];
        score_result_outcome(rp->r, i, &oc);
        const char *value = score_result_outcome_scope_value(rp->r, i);
        rows[k] = !score_result_outcome_scope_field(rp->r, i) ? "全部"
                  : value && *value                          ? value
                                                             : "（空）";
        values[k] = oc.actual;
        values[n + k] = oc.required;
        verdicts[k] = (int)oc.verdict;
    }
    int share = sc_target_is_share(rp->rs, oc.target);
    const char *label = score_ruleset_target_label(rp->rs, oc.target);
    sc_mark_chart c = {label, share ? "实际占比（%）" : "实际数值", n, rows, values,
                       values + n, verdicts, share, rp->opts.digits};
    sc_out_printf(rp->o, "<figure><figcaption>图 %u　", ++rp->nfigures);
    sc_html_text(rp->o, label);
    sc_out_puts(rp->o, "：实际与要求</figcaption>\n");
    sc_svg_mark_chart(rp->o, &c);
    sc_out_puts(rp->o, "</figure>\n");
    sc_free(rp->a, rows);
    sc_free(rp->a, values);
    sc_free(rp->a, verdicts);
    return 0;
}

/* A target's outcomes tv.outcomes[from .. to): its heading, table and
 * chart. */
static int target_block(sc_report *rp, size_t from, size_t to)
{
    sc_out *o = rp->o;
    score_target_outcome oc;
    score_result_outcome(rp->r, rp->tv.outcomes[from], &oc);
    const char *label = score_ruleset_target_label(rp->rs, oc.target);
    int year = score_ruleset_target_year(rp->rs, oc.target);
    sc_out_puts(o, "<div class=\"target\">\n<table class=\"targets\">\n<caption>");
    sc_html_text(o, label);
    if (year)
        sc_out_printf(o, "（%d 年）", year);
    sc_out_puts(o, "</caption>\n<thead><tr><th>范围</th><th>实际</th><th>要求</th><th>结论</th>"
                   "<th>缺口</th></tr></thead>\n<tbody>\n");
    for (size_t k = from; k < to; k++)
        outcome_row(rp, rp->tv.outcomes[k]);
    sc_out_puts(o, "</tbody></table>\n");
    int rc = target_chart(rp, from, to);
    sc_out_puts(o, "</div>\n");
    return rc;
}

int sc_report_targets(sc_report *rp)
{
    sc_out *o = rp->o;
    if (!rp->tv.n)
        return 0;
    sc_report_section(rp, "targets", "目标任务完成情况");
    sc_html_element(o, "p", "note", "每项目标按范围（全部、各区县、各镇街道）列出实际与要求；占比以百分数表示；"
                                    "缺口为尚须达到（或消除）的个数或数量；未达标的范围下列出拖后腿的各行"
                                    "（销号台账）。");
    for (size_t from = 0, to; from < rp->tv.n; from = to) {
        score_target_outcome first, oc;
        score_result_outcome(rp->r, rp->tv.outcomes[from], &first);
        for (to = from + 1; to < rp->tv.n; to++) {
            score_result_outcome(rp->r, rp->tv.outcomes[to], &oc);
            if (oc.target != first.target)
                break;
        }
        if (target_block(rp, from, to))
            return -1;
    }
    sc_out_puts(o, "</section>\n");
    return o->buf.failed ? -1 : 0;
}
