/*
 * The eval output as a table, CSV or JSON: one row per row of data, the
 * columns of the eval view. For machines (ids, full precision) the
 * output is what `score eval` has always printed; with labels, headers,
 * tiers and verdicts read in Chinese, and the table rounds numbers.
 */
#include <string.h>

#include "writers.h"

#define UTF8_BOM "\xef\xbb\xbf" /* so that Excel reads a CSV as UTF-8 */

int sc_write_eval_csv(sc_out *o, const sc_eval_view *v)
{
    sc_vstyle style = v->labels ? SC_WITH_LABELS : SC_FOR_MACHINES;
    char buf[64];
    if (v->labels)
        sc_out_puts(o, UTF8_BOM);
    for (size_t c = 0; c < v->ncols; c++) {
        if (c)
            sc_out_putc(o, ',');
        sc_out_csv_field(o, sc_eval_view_header(v, c));
    }
    sc_out_putc(o, '\n');
    for (size_t row = 0; row < v->nrows; row++) {
        for (size_t c = 0; c < v->ncols; c++) {
            sc_vcell cell;
            sc_eval_view_cell(v, c, row, &cell);
            if (c)
                sc_out_putc(o, ',');
            sc_out_csv_field(o, sc_vcell_text(v, &cell, style, buf, sizeof buf));
        }
        sc_out_putc(o, '\n');
    }
    return 0;
}

/* A cell as a JSON value: numbers as numbers, verdicts as booleans, text
 * and tiers as strings, missing as null. */
static void json_value(sc_out *o, const sc_eval_view *v, const sc_vcell *cell)
{
    char buf[64];
    switch (cell->kind) {
    case SC_V_NONE: sc_out_puts(o, "null"); break;
    case SC_V_NUMBER: sc_out_json_number(o, cell->num); break;
    case SC_V_VERDICT: sc_out_puts(o, cell->code ? "true" : "false"); break;
    default:
        sc_out_json_string(o, sc_vcell_text(v, cell, v->labels ? SC_WITH_LABELS : SC_FOR_MACHINES,
                                            buf, sizeof buf));
        break;
    }
}

/* The columns of one kind as a member "name":{HEADER:value,...}; nothing
 * when there are none. Returns how many. */
static size_t json_group(sc_out *o, const sc_eval_view *v, size_t row, sc_vcol_kind kind,
                       const char *name)
{
    size_t n = 0;
    for (size_t c = 0; c < v->ncols; c++) {
        if (v->cols[c].kind != kind)
            continue;
        sc_out_puts(o, n++ ? "," : ",\"");
        if (n == 1) {
            sc_out_puts(o, name);
            sc_out_puts(o, "\":{");
        }
        sc_out_json_string(o, sc_eval_view_header(v, c));
        sc_out_putc(o, ':');
        sc_vcell cell;
        sc_eval_view_cell(v, c, row, &cell);
        json_value(o, v, &cell);
    }
    if (n)
        sc_out_putc(o, '}');
    return n;
}

/* One object: the provenance and the rows, one per line. Members
 * qualified, tier and rank_score appear with tiers, fields with kept
 * columns, scores with scorecards, grades with scorecards that have bands;
 * missing is null. */
int sc_write_eval_json(sc_out *o, const sc_eval_view *v)
{
    sc_out_putc(o, '{');
    sc_out_json_provenance(o, v->rs);
    sc_out_puts(o, ",\"rows\":[\n");
    static const char *const tier_members[] = {",\"qualified\":", ",\"tier\":", ",\"rank_score\":"};
    for (size_t row = 0; row < v->nrows; row++) {
        sc_vcell cell;
        sc_out_puts(o, "{\"key\":");
        sc_eval_view_cell(v, 0, row, &cell);
        json_value(o, v, &cell);
        json_group(o, v, row, SC_VC_FIELD, "fields");
        for (size_t c = 0, k = 0; c < v->ncols; c++) {
            sc_vcol_kind kind = v->cols[c].kind;
            if (kind != SC_VC_QUALIFIED && kind != SC_VC_TIER && kind != SC_VC_RANK)
                continue;
            sc_out_puts(o, tier_members[k++]);
            sc_eval_view_cell(v, c, row, &cell);
            json_value(o, v, &cell);
        }
        json_group(o, v, row, SC_VC_SCORE, "scores");
        json_group(o, v, row, SC_VC_GRADE, "grades");
        /* criteria always, even when there are none */
        if (!json_group(o, v, row, SC_VC_CRITERION, "criteria"))
            sc_out_puts(o, ",\"criteria\":{}");
        sc_out_puts(o, row + 1 < v->nrows ? "},\n" : "}\n");
    }
    sc_out_puts(o, "]}\n");
    return 0;
}

/* Aligned columns with the cells of the CSV (an unknown verdict, a missing
 * number and no tier or grade are empty), then the legend. */
int sc_write_eval_table(sc_out *o, const sc_eval_view *v)
{
    sc_vstyle style = v->labels ? SC_FOR_PEOPLE : SC_FOR_MACHINES;
    sc_grid g;
    sc_grid_init(&g, v->alloc, v->ncols);
    char buf[64];
    int grades = 0;
    for (size_t c = 0; c < v->ncols; c++) {
        sc_grid_cell(&g, sc_eval_view_header(v, c));
        grades |= v->cols[c].kind == SC_VC_GRADE;
    }
    for (size_t row = 0; row < v->nrows; row++)
        for (size_t c = 0; c < v->ncols; c++) {
            sc_vcell cell;
            sc_eval_view_cell(v, c, row, &cell);
            sc_grid_cell(&g, sc_vcell_text(v, &cell, style, buf, sizeof buf));
        }
    int rc = sc_grid_print(o, &g);
    sc_grid_free(&g);
    if (rc != 0)
        return rc;
    if (v->labels)
        sc_out_puts(o, v->tiers || grades ? "空白 = 数据缺失，或无等级\n" : "空白 = 数据缺失\n");
    else
        sc_out_puts(o, v->tiers || grades ? "空白 = 数据缺失 (unknown)，或无等级 (none)\n"
                                          : "空白 = 数据缺失 (unknown)\n");
    return 0;
}
