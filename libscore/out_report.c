/*
 * The 考核验收 report (docs/report.md): one self-contained HTML document,
 * no script, no address, inline CSS and SVG only, made of the same views
 * as the other formats (view.h) so that it cannot disagree with them.
 * Sections: the provenance, the summary with its chart, a table per town,
 * the targets with their charts and ledger, every row's explanation.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest.h"
#include "out_html.h"
#include "out_report.h"
#include "result.h"
#include "writers.h"

static void prov_row(sc_out *o, const char *name, const char *value)
{
    sc_out_puts(o, "<tr>");
    sc_html_element(o, "th", NULL, name);
    sc_html_cell(o, value);
    sc_out_puts(o, "</tr>\n");
}

static void provenance(sc_report *rp)
{
    sc_out *o = rp->o;
    const score_ruleset *rs = rp->rs;
    char n[32];
    sc_out_puts(o, "<header>\n");
    sc_html_element(o, "h1", NULL, rp->title);
    sc_html_element(o, "p", "sub", "考核验收报告");
    sc_out_puts(o, "<table class=\"prov\">\n");
    prov_row(o, "规则", rp->title);
    prov_row(o, "规则编号", score_ruleset_id(rs));
    prov_row(o, "规则版本", score_ruleset_version(rs));
    prov_row(o, "规则哈希", score_ruleset_hash(rs));
    prov_row(o, "数据文件", rp->opts.data_name);
    snprintf(n, sizeof n, "%zu", score_result_row_count(rp->r));
    prov_row(o, "数据行数", n);
    prov_row(o, "生成程序", "libscore");
    prov_row(o, "程序版本", score_version());
    sc_out_puts(o, "</table>\n");
    size_t changed = 0;
    for (size_t i = 0; i < score_ruleset_param_count(rs); i++) {
        const char *value = score_ruleset_param_value(rs, i);
        const char *dflt = score_ruleset_param_default(rs, i);
        if (value && dflt && strcmp(value, dflt) == 0)
            continue;
        if (!changed++)
            sc_out_puts(o, "<h3>调整的参数</h3>\n<table>\n<thead><tr><th>参数</th><th>说明</th>"
                           "<th>取值</th><th>默认值</th></tr></thead>\n<tbody>\n");
        sc_out_puts(o, "<tr>");
        sc_html_cell(o, score_ruleset_param_name(rs, i));
        sc_html_cell(o, score_ruleset_param_label(rs, i));
        sc_html_cell(o, value);
        sc_html_cell(o, dflt);
        sc_out_puts(o, "</tr>\n");
    }
    if (changed)
        sc_out_puts(o, "</tbody></table>\n");
    else
        sc_html_element(o, "p", "note", "参数：全部为规则的默认值。");
    sc_out_puts(o, "</header>\n");
}

static void num_cell(sc_out *o, const char *text)
{
    if (text && *text)
        sc_html_element(o, "td", "num", text);
    else
        sc_html_cell(o, NULL);
}

/* The tiers, highest first: candidates, awarded, limit, quota and cap. */
static void tier_table(sc_report *rp)
{
    sc_out *o = rp->o;
    char n[32];
    sc_out_puts(o, "<table class=\"tiers\">\n<thead><tr><th>等级</th><th>候选</th><th>获评</th>"
                   "<th>可评</th><th>名额</th><th>比例上限</th></tr></thead>\n<tbody>\n");
    for (size_t k = rp->ntiers; k-- > 0;) {
        sc_out_puts(o, "<tr>");
        sc_html_cell(o, score_ruleset_tier_label(rp->rs, k));
        snprintf(n, sizeof n, "%zu", score_result_tier_candidates(rp->r, k));
        num_cell(o, n);
        snprintf(n, sizeof n, "%zu", score_result_tier_awarded(rp->r, k));
        num_cell(o, n);
        snprintf(n, sizeof n, "%zu", score_result_tier_limit(rp->r, k));
        num_cell(o, n);
        num_cell(o, sc_people_number(score_ruleset_tier_quota(rp->rs, k), 0, 0, n, sizeof n));
        num_cell(o, sc_percent(score_ruleset_tier_cap(rp->rs, k), NAN, n));
        sc_out_puts(o, "</tr>\n");
    }
    snprintf(n, sizeof n, "%zu", rp->unawarded);
    sc_out_puts(o, "<tr><td>未获评</td><td class=\"none\">—</td>");
    num_cell(o, n);
    sc_out_puts(o, "<td class=\"none\">—</td><td class=\"none\">—</td><td class=\"none\">—</td>"
                   "</tr>\n</tbody></table>\n");
}

/* Awards per town and tier as stacked bars. */
static int awards_chart(sc_report *rp)
{
    size_t ncells = rp->ngroups * rp->ntiers;
    size_t *counts = sc_calloc(rp->a, ncells + 1, sizeof *counts);
    const char **series = sc_calloc(rp->a, rp->ntiers + 1, sizeof *series);
    if (!counts || !series) {
        sc_free(rp->a, counts);
        sc_free(rp->a, series);
        return -1;
    }
    for (size_t k = 0; k < rp->ntiers; k++) /* highest first */
        series[k] = score_ruleset_tier_label(rp->rs, rp->ntiers - 1 - k);
    const int *tiers = score_result_tiers(rp->r);
    for (size_t row = 0; row < rp->nrows; row++)
        if (tiers[row] >= 0)
            counts[rp->group_of[row] * rp->ntiers + (rp->ntiers - 1 - (size_t)tiers[row])]++;
    char axis[32];
    snprintf(axis, sizeof axis, "获评数量（%s）", rp->unit);
    sc_stack_chart c = {"各等级获评数量", axis, rp->group_label, rp->ngroups,
                        rp->ntiers, rp->groups, series, counts};
    sc_out_printf(rp->o, "<figure><figcaption>图 %u　各", ++rp->nfigures);
    sc_html_text(rp->o, rp->group_label);
    sc_out_puts(rp->o, "各等级获评数量</figcaption>\n");
    sc_svg_stack_chart(rp->o, &c);
    sc_out_puts(rp->o, "</figure>\n");
    sc_free(rp->a, counts);
    sc_free(rp->a, series);
    return 0;
}

static int summary(sc_report *rp)
{
    sc_out *o = rp->o;
    sc_report_section(rp, "summary", "总体情况");
    sc_out_printf(o, "<p>参评 %zu %s", rp->nrows, rp->unit);
    if (rp->ntiers) {
        sc_out_printf(o, "，符合申报条件（申报数）%zu %s", score_result_applicants(rp->r), rp->unit);
        sc_out_printf(o, "，获评等级 %zu %s，未获评 %zu %s", rp->nrows - rp->unawarded, rp->unit,
                      rp->unawarded, rp->unit);
    }
    sc_out_puts(o, "。</p>\n");
    if (rp->ntiers)
        tier_table(rp);
    size_t counts[3] = {0, 0, 0};
    for (size_t k = 0; k < rp->tv.n; k++) {
        score_target_outcome oc;
        score_result_outcome(rp->r, rp->tv.outcomes[k], &oc);
        counts[oc.verdict <= 2 ? oc.verdict : 2]++;
    }
    if (rp->tv.n)
        sc_out_printf(o, "<p class=\"targets-summary\">目标任务（按范围计）%zu 项：达标 %zu 项，"
                         "未达标 %zu 项，数据缺失 %zu 项。</p>\n",
                      rp->tv.n, counts[SCORE_MET], counts[SCORE_NOT_MET],
                      counts[SCORE_TARGET_UNKNOWN]);
    else
        sc_html_element(o, "p", "note", "本规则未设目标任务。");
    if (rp->ntiers && awards_chart(rp))
        return -1;
    sc_out_puts(o, "</section>\n");
    return 0;
}

/* ---- every row's explanation ---- */

static int explanations(sc_report *rp, score_error *err)
{
    sc_out *o = rp->o;
    sc_report_section(rp, "explain", "逐一说明（评定依据）");
    sc_html_element(o, "p", "note screen", "点击各行展开其评定依据；打印时只列各行的结论。");
    const int *tiers = score_result_tiers(rp->r);
    for (size_t row = 0; row < rp->nrows && !o->buf.failed; row++) {
        char *text = NULL;
        int rc = score_explain_row(&text, rp->r, rp->t, row, SCORE_EXPLAIN_TEXT, err);
        if (rc)
            return rc;
        sc_out_puts(o, "<details><summary>");
        sc_report_row_label(rp, row);
        if (rp->ntiers) {
            sc_out_putc(o, ' ');
            sc_html_text(o, tiers[row] >= 0 ? score_ruleset_tier_label(rp->rs, (size_t)tiers[row])
                                            : "未获评");
        }
        sc_out_puts(o, "</summary><pre>");
        sc_html_text(o, text);
        sc_out_puts(o, "</pre></details>\n");
        score_string_free(rp->r, text);
    }
    sc_out_puts(o, "</section>\n");
    return 0;
}

int sc_write_report(sc_out *o, const score_result *r, const score_table *t,
                    const score_output_options *opts, score_error *err)
{
    sc_report rp;
    int rc = sc_report_init(&rp, o, r, t, opts, err);
    if (rc)
        return rc;
    sc_out_puts(o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"generator\" content=\"libscore ");
    sc_html_text(o, score_version());
    sc_out_puts(o, "\">\n<title>");
    sc_html_text(o, rp.title);
    sc_out_puts(o, " 考核验收报告</title>\n");
    sc_html_style(o);
    sc_out_puts(o, "</head>\n<body>\n");
    provenance(&rp);
    if (summary(&rp) || sc_report_towns(&rp) || sc_report_targets(&rp))
        rc = sc_nomem(err);
    else
        rc = explanations(&rp, err);
    sc_out_puts(o, "</body>\n</html>\n");
    sc_report_free(&rp);
    return rc;
}
