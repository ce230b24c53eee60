/*
 * The report's shared state (out_report.h) and its section of tables, one
 * per town: the key, the kept columns, the tier, rank score, scores and
 * grades of each row, as the eval view writes them for people.
 */
#include <stdio.h>
#include <string.h>

#include "ingest.h"
#include "out_html.h"
#include "out_report.h"
#include "result.h"

#define NO_NAME "（未填）"

static const char *const NUMERALS[] = {"一", "二", "三", "四", "五", "六", "七", "八"};

/* "一、TITLE" as the heading of a major section (a new page in print). */
void sc_report_section(sc_report *rp, const char *id, const char *title)
{
    /* the first follows the title on its page */
    sc_out_printf(rp->o, "<section%s id=\"%s\">\n<h2>%s、", rp->nsections ? " class=\"major\"" : "",
                  id, NUMERALS[rp->nsections % 8]);
    rp->nsections++;
    sc_html_text(rp->o, title);
    sc_out_puts(rp->o, "</h2>\n");
}

static int is_text_field(const sc_report *rp, size_t col)
{
    return sc_ruleset_schema(rp->rs)->cols[col].type == SCORE_TYPE_TEXT;
}

/* The town field: the one with id "town", else the first text field
 * shown; and the name: the first text field shown that is not the town. */
static void choose_fields(sc_report *rp)
{
    const sc_schema *s = sc_ruleset_schema(rp->rs);
    rp->group_field = SC_NO_COL;
    for (size_t j = 0; j < s->ncols; j++)
        if (strcmp(s->cols[j].name, "town") == 0 && is_text_field(rp, j))
            rp->group_field = j;
    for (size_t c = 1; c <= rp->ev.nkept && rp->group_field == SC_NO_COL; c++)
        if (is_text_field(rp, rp->ev.cols[c].index))
            rp->group_field = rp->ev.cols[c].index;
    for (size_t c = 1; c <= rp->ev.nkept && !rp->name_col; c++)
        if (is_text_field(rp, rp->ev.cols[c].index) && rp->ev.cols[c].index != rp->group_field)
            rp->name_col = c;
    if (rp->group_field == SC_NO_COL) {
        rp->group_label = "全部";
        return;
    }
    const sc_colspec *spec = &s->cols[rp->group_field];
    rp->group_label = spec->label ? spec->label : spec->name;
}

/* Each row's group, the groups in order of first appearance; rows where
 * the field is missing share one group named NO_NAME. */
static int group_rows(sc_report *rp)
{
    rp->group_of = sc_calloc(rp->a, rp->nrows + 1, sizeof *rp->group_of);
    rp->groups = sc_calloc(rp->a, rp->nrows + 1, sizeof *rp->groups);
    if (!rp->group_of || !rp->groups)
        return -1;
    const double *values = NULL;
    if (rp->group_field == SC_NO_COL ||
        score_table_column(rp->t, sc_ruleset_schema(rp->rs)->cols[rp->group_field].name, &values,
                           NULL, NULL) != 0) {
        rp->groups[0] = rp->group_label;
        rp->ngroups = 1;
        return 0;
    }
    for (size_t row = 0; row < rp->nrows; row++) {
        const char *name = values[row] == values[row] ? score_table_text(rp->t, values[row]) : NULL;
        if (!name || !*name)
            name = NO_NAME;
        size_t g = 0;
        while (g < rp->ngroups && strcmp(rp->groups[g], name) != 0)
            g++;
        if (g == rp->ngroups)
            rp->groups[rp->ngroups++] = name;
        rp->group_of[row] = g;
    }
    return 0;
}

int sc_report_init(sc_report *rp, sc_out *o, const score_result *r, const score_table *t,
                   const score_output_options *opts, score_error *err)
{
    memset(rp, 0, sizeof *rp);
    score_output_options defaults = SCORE_OUTPUT_OPTIONS_INIT;
    rp->opts = opts ? *opts : defaults;
    rp->opts.labels = 1; /* the report is read by people */
    rp->o = o;
    rp->r = r;
    rp->t = t;
    rp->rs = r->rs;
    rp->a = sc_result_alloc(r);
    rp->nrows = score_result_row_count(r);
    rp->unit = strcmp(score_ruleset_entity(r->rs), "member") == 0 ? "名" : "个";
    rp->ntiers = score_ruleset_tier_count(rp->rs);
    rp->title = *score_ruleset_title(rp->rs) ? score_ruleset_title(rp->rs) : score_ruleset_id(rp->rs);
    int rc = sc_eval_view_init(&rp->ev, r, t, &rp->opts, 1, err);
    if (rc)
        return rc;
    if ((rc = sc_targets_view_init(&rp->tv, r, t, &rp->opts, err))) {
        sc_eval_view_free(&rp->ev);
        return rc;
    }
    choose_fields(rp);
    if (group_rows(rp)) {
        sc_report_free(rp);
        return sc_nomem(err);
    }
    const int *tiers = score_result_tiers(r);
    for (size_t row = 0; tiers && row < rp->nrows; row++)
        rp->unawarded += tiers[row] < 0;
    return 0;
}

void sc_report_row_label(const sc_report *rp, size_t row)
{
    sc_html_text(rp->o, score_table_key(rp->t, row));
    if (!rp->name_col)
        return;
    sc_vcell c;
    char buf[64];
    sc_eval_view_cell(&rp->ev, rp->name_col, row, &c);
    sc_out_putc(rp->o, ' ');
    sc_html_text(rp->o, sc_vcell_text(&rp->ev, &c, SC_FOR_PEOPLE, buf, sizeof buf));
}

void sc_report_free(sc_report *rp)
{
    sc_eval_view_free(&rp->ev);
    sc_targets_view_free(&rp->tv);
    sc_free(rp->a, rp->groups);
    sc_free(rp->a, rp->group_of);
    rp->groups = NULL;
    rp->group_of = NULL;
}

/* The columns of a town's table: all but the town itself, the qualified
 * tier and the criteria (those are in the explanations) unless the
 * criteria are all there is (no tiers, no scorecards). */
static int shown(const sc_report *rp, size_t c)
{
    const sc_vcol *k = &rp->ev.cols[c];
    if (k->kind == SC_VC_FIELD)
        return k->index != rp->group_field;
    if (k->kind == SC_VC_CRITERION)
        return !rp->ntiers && !score_ruleset_scorecard_count(rp->rs);
    return k->kind != SC_VC_QUALIFIED;
}

static void row_cells(sc_report *rp, size_t row)
{
    sc_out *o = rp->o;
    char buf[64];
    sc_out_puts(o, "<tr>");
    for (size_t c = 0; c < rp->ev.ncols; c++) {
        if (!shown(rp, c))
            continue;
        sc_vcell cell;
        sc_eval_view_cell(&rp->ev, c, row, &cell);
        const char *text = sc_vcell_text(&rp->ev, &cell, SC_FOR_PEOPLE, buf, sizeof buf);
        if (rp->ev.cols[c].kind == SC_VC_TIER && cell.kind == SC_V_NONE)
            sc_html_element(o, "td", "tier-none", "未获评");
        else if (cell.kind == SC_V_NUMBER && *text)
            sc_html_element(o, "td", "num", text);
        else
            sc_html_cell(o, text);
    }
    sc_out_puts(o, "</tr>\n");
}

int sc_report_towns(sc_report *rp)
{
    sc_out *o = rp->o;
    char title[256];
    if (rp->group_field != SC_NO_COL)
        snprintf(title, sizeof title, "分%s评定结果", rp->group_label);
    sc_report_section(rp, "rows", rp->group_field != SC_NO_COL ? title : "评定结果");
    for (size_t g = 0; g < rp->ngroups && !o->buf.failed; g++) {
        size_t n = 0;
        for (size_t row = 0; row < rp->nrows; row++)
            n += rp->group_of[row] == g;
        sc_out_puts(o, "<h3>");
        sc_html_text(o, rp->groups[g]);
        sc_out_printf(o, "（%zu %s）</h3>\n<table class=\"rows\">\n<thead><tr>", n, rp->unit);
        for (size_t c = 0; c < rp->ev.ncols; c++)
            if (shown(rp, c))
                sc_html_element(o, "th", NULL, sc_eval_view_header(&rp->ev, c));
        sc_out_puts(o, "</tr></thead>\n<tbody>\n");
        for (size_t row = 0; row < rp->nrows; row++)
            if (rp->group_of[row] == g)
                row_cells(rp, row);
        sc_out_puts(o, "</tbody></table>\n");
    }
    sc_out_puts(o, "</section>\n");
    return o->buf.failed ? -1 : 0;
}
