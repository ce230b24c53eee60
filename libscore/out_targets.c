/*
 * The targets output as a table, CSV or JSON: one row per target and
 * scope group (the targets view). For machines the output is what `score
 * targets` has always printed; with labels, scopes and verdicts read in
 * Chinese (全部, 镇(街道)=双河镇, 达标/未达标/数据缺失).
 */
#include <math.h>
#include <string.h>

#include "writers.h"

#define UTF8_BOM "\xef\xbb\xbf"
#define FAILING_SHOWN 10 /* failing keys listed under a table line */

int sc_write_targets_csv(sc_out *o, const sc_targets_view *v)
{
    char num[32], scope[512];
    if (v->labels)
        sc_out_puts(o, UTF8_BOM "目标任务,范围,实际,比较,要求,结论,缺口\n");
    else
        sc_out_puts(o, "target,scope,actual,op,required,verdict,shortfall\n");
    for (size_t k = 0; k < v->n; k++) {
        score_target_outcome oc;
        score_result_outcome(v->r, v->outcomes[k], &oc);
        sc_out_csv_field(o, v->labels ? score_ruleset_target_label(v->rs, oc.target)
                                      : score_ruleset_target_id(v->rs, oc.target));
        sc_out_putc(o, ',');
        sc_out_csv_field(o, sc_scope_text(v->r, v->rs, v->outcomes[k], v->labels, scope,
                                          sizeof scope));
        sc_out_putc(o, ',');
        sc_out_puts(o, sc_out_number(oc.actual, num));
        sc_out_putc(o, ',');
        sc_out_csv_field(o, oc.op);
        sc_out_putc(o, ',');
        sc_out_puts(o, sc_out_number(oc.required, num));
        sc_out_putc(o, ',');
        sc_out_puts(o, sc_target_verdict_word(oc.verdict, v->labels));
        sc_out_putc(o, ',');
        sc_out_puts(o, sc_out_number(oc.shortfall, num));
        sc_out_putc(o, '\n');
    }
    return 0;
}

int sc_write_targets_json(sc_out *o, const sc_targets_view *v)
{
    char scope[512];
    sc_out_putc(o, '{');
    sc_out_json_provenance(o, v->rs);
    sc_out_puts(o, ",\"outcomes\":[");
    for (size_t k = 0; k < v->n; k++) {
        score_target_outcome oc;
        score_result_outcome(v->r, v->outcomes[k], &oc);
        sc_out_puts(o, k ? ",\n" : "\n");
        int year = score_ruleset_target_year(v->rs, oc.target);
        sc_out_puts(o, "{\"target\":");
        sc_out_json_string(o, score_ruleset_target_id(v->rs, oc.target));
        sc_out_puts(o, ",\"label\":");
        sc_out_json_string(o, score_ruleset_target_label(v->rs, oc.target));
        sc_out_puts(o, ",\"year\":");
        if (year)
            sc_out_printf(o, "%d", year);
        else
            sc_out_puts(o, "null");
        sc_out_puts(o, ",\"scope\":");
        sc_out_json_string(o, sc_scope_text(v->r, v->rs, v->outcomes[k], v->labels, scope,
                                            sizeof scope));
        sc_out_puts(o, ",\"actual\":");
        sc_out_json_number(o, oc.actual);
        sc_out_puts(o, ",\"op\":");
        sc_out_json_string(o, oc.op);
        sc_out_puts(o, ",\"required\":");
        sc_out_json_number(o, oc.required);
        sc_out_puts(o, ",\"verdict\":");
        sc_out_json_string(o, sc_target_verdict_word(oc.verdict, v->labels));
        sc_out_puts(o, ",\"shortfall\":");
        sc_out_json_number(o, oc.shortfall);
        sc_out_printf(o, ",\"population\":%zu,\"satisfied\":%zu,\"unknown\":%zu,\"failing\":[",
                      oc.population, oc.satisfied, oc.unknown);
        for (size_t i = 0; i < oc.nfailing; i++) {
            if (i)
                sc_out_putc(o, ',');
            sc_out_json_string(o, score_table_key(v->t, oc.failing[i]));
        }
        sc_out_puts(o, "]}");
    }
    sc_out_puts(o, v->n ? "\n]}\n" : "]}\n");
    return 0;
}

/* The note under a not-met all/none line: its first failing keys. */
static void failing_note(sc_grid *g, const sc_targets_view *v, const score_target_outcome *oc)
{
    sc_buf note;
    sc_buf_init(&note, v->alloc);
    sc_buf_puts(&note, "  未达标: ");
    size_t shown = oc->nfailing < FAILING_SHOWN ? oc->nfailing : FAILING_SHOWN;
    for (size_t i = 0; i < shown; i++) {
        const char *key = score_table_key(v->t, oc->failing[i]);
        sc_buf_printf(&note, "%s%s", i ? ", " : "", key ? key : "?");
    }
    if (oc->nfailing > shown)
        sc_buf_printf(&note, ", …and %zu more", oc->nfailing - shown);
    if (note.failed)
        g->failed = 1;
    else
        sc_grid_note(g, note.data);
    sc_buf_free(&note);
}

/* A count or an amount: in full for machines, rounded for people. */
static const char *amount(const sc_targets_view *v, double x, int digits, char buf[32])
{
    return v->labels ? sc_people_number(x, digits, 0, buf, 32) : sc_out_number(x, buf);
}

int sc_write_targets_table(sc_out *o, const sc_targets_view *v, int digits)
{
    static const char *const header[] = {"目标任务", "范围", "实际", "比较", "要求", "结论", "缺口"};
    sc_grid g;
    sc_grid_init(&g, v->alloc, 7);
    for (size_t k = 0; k < 7; k++)
        sc_grid_cell(&g, header[k]);
    char num[32], scope[512];
    for (size_t k = 0; k < v->n; k++) {
        score_target_outcome oc;
        score_result_outcome(v->r, v->outcomes[k], &oc);
        int share = sc_target_is_share(v->rs, oc.target);
        sc_grid_cell(&g, score_ruleset_target_label(v->rs, oc.target));
        sc_grid_cell(&g, sc_scope_text(v->r, v->rs, v->outcomes[k], v->labels, scope,
                                       sizeof scope));
        sc_grid_cell(&g, share ? sc_percent(oc.actual, oc.required, num)
                               : amount(v, oc.actual, digits, num));
        sc_grid_cell(&g, oc.op);
        sc_grid_cell(&g, share ? sc_percent(oc.required, NAN, num)
                               : amount(v, oc.required, digits, num));
        sc_grid_cell(&g, v->labels ? sc_target_verdict_word(oc.verdict, 1)
                     : oc.verdict == SCORE_TARGET_UNKNOWN ? "待定(数据缺失)"
                                                          : sc_target_verdict_word(oc.verdict, 1));
        sc_grid_cell(&g, amount(v, oc.shortfall, digits, num));
        int ledger = strcmp(oc.op, "all") == 0 || strcmp(oc.op, "none") == 0;
        if (ledger && oc.verdict == SCORE_NOT_MET && oc.nfailing > 0)
            failing_note(&g, v, &oc);
    }
    int rc = sc_grid_print(o, &g);
    sc_grid_free(&g);
    return rc;
}
