/*
 * score targets RULESET DATA.csv [--year Y] [--format table|csv|json]
 *                                [--param k=v]...
 *
 * One line per target outcome (a target in one scope group): actual value,
 * comparison, required value, verdict and shortfall; --year Y keeps the
 * targets whose milestone year is Y.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define FAILING_SHOWN 10 /* failing keys listed under a table line */

static const char *verdict_id(score_target_verdict v)
{
    switch (v) {
    case SCORE_MET: return "met";
    case SCORE_NOT_MET: return "not_met";
    case SCORE_TARGET_UNKNOWN: break;
    }
    return "unknown";
}

static const char *verdict_zh(score_target_verdict v)
{
    switch (v) {
    case SCORE_MET: return "达标";
    case SCORE_NOT_MET: return "未达标";
    case SCORE_TARGET_UNKNOWN: break;
    }
    return "待定(数据缺失)";
}

/* Whether outcome i is shown: --year Y keeps the targets of year Y. */
static int selected(const cli_args *a, const score_ruleset *rs, const score_target_outcome *o)
{
    return !a->has_year || score_ruleset_target_year(rs, o->target) == a->year;
}

/* A fraction as a percent, with one decimal (0.347826 → 34.8%, 0.3 →
 * 30%), or more when one would make it look equal to `beside` while it
 * is not (29.96% next to 30%); NaN is "". */
static const char *percent(double v, double beside, char buf[32])
{
    if (v != v) {
        buf[0] = '\0';
        return buf;
    }
    for (int decimals = 1; decimals <= 6; decimals++) {
        snprintf(buf, 32, "%.*f", decimals, v * 100.0);
        char other[32];
        snprintf(other, sizeof other, "%.*f", decimals, beside * 100.0);
        if (beside != beside || v == beside || strcmp(buf, other) != 0)
            break;
    }
    /* drop trailing zeros of the fraction, and a "-0" */
    size_t n = strlen(buf);
    if (strchr(buf, '.')) {
        while (n > 0 && buf[n - 1] == '0')
            n--;
        if (n > 0 && buf[n - 1] == '.')
            n--;
    }
    if (n == 2 && strncmp(buf, "-0", 2) == 0) {
        buf[0] = '0';
        n = 1;
    }
    buf[n] = '%';
    buf[n + 1] = '\0';
    return buf;
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static int write_csv(FILE *out, const cli_args *a, const score_ruleset *rs,
                     const score_result *r)
{
    char num[32];
    fputs("target,scope,actual,op,required,verdict,shortfall\n", out);
    for (size_t i = 0; i < score_result_outcome_count(r); i++) {
        score_target_outcome o;
        if (score_result_outcome(r, i, &o) != 0 || !selected(a, rs, &o))
            continue;
        cli_csv_field(out, score_ruleset_target_id(rs, o.target));
        putc(',', out);
        cli_csv_field(out, o.scope);
        putc(',', out);
        fputs(cli_number(o.actual, num), out);
        putc(',', out);
        cli_csv_field(out, o.op);
        putc(',', out);
        fputs(cli_number(o.required, num), out);
        putc(',', out);
        fputs(verdict_id(o.verdict), out);
        putc(',', out);
        fputs(cli_number(o.shortfall, num), out);
        putc('\n', out);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static int write_json(FILE *out, const cli_args *a, const score_ruleset *rs,
                      const score_table *t, const score_result *r)
{
    putc('{', out);
    cli_json_provenance(out, rs);
    fputs(",\"outcomes\":[", out);
    size_t shown = 0;
    for (size_t i = 0; i < score_result_outcome_count(r); i++) {
        score_target_outcome o;
        if (score_result_outcome(r, i, &o) != 0 || !selected(a, rs, &o))
            continue;
        fputs(shown++ ? ",\n" : "\n", out);
        int year = score_ruleset_target_year(rs, o.target);
        fputs("{\"target\":", out);
        cli_json_string(out, score_ruleset_target_id(rs, o.target));
        fputs(",\"label\":", out);
        cli_json_string(out, score_ruleset_target_label(rs, o.target));
        fputs(",\"year\":", out);
        if (year)
            fprintf(out, "%d", year);
        else
            fputs("null", out);
        fputs(",\"scope\":", out);
        cli_json_string(out, o.scope);
        fputs(",\"actual\":", out);
        cli_json_number(out, o.actual);
        fputs(",\"op\":", out);
        cli_json_string(out, o.op);
        fputs(",\"required\":", out);
        cli_json_number(out, o.required);
        fputs(",\"verdict\":", out);
        cli_json_string(out, verdict_id(o.verdict));
        fputs(",\"shortfall\":", out);
        cli_json_number(out, o.shortfall);
        fprintf(out, ",\"population\":%zu,\"satisfied\":%zu,\"unknown\":%zu,\"failing\":[",
                o.population, o.satisfied, o.unknown);
        for (size_t k = 0; k < o.nfailing; k++) {
            if (k)
                putc(',', out);
            cli_json_string(out, score_table_key(t, o.failing[k]));
        }
        fputs("]}", out);
    }
    fputs(shown ? "\n]}\n" : "]}\n", out);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Table                                                               */
/* ------------------------------------------------------------------ */

/* The note under a not-met all/none line: its first failing keys. */
static int failing_note(cli_grid *g, const score_table *t, const score_target_outcome *o)
{
    size_t cap = 64;
    size_t shown = o->nfailing < FAILING_SHOWN ? o->nfailing : FAILING_SHOWN;
    for (size_t k = 0; k < shown; k++) {
        const char *key = score_table_key(t, o->failing[k]);
        cap += strlen(key ? key : "?") + 2;
    }
    char *note = malloc(cap);
    if (!note)
        return -1;
    size_t n = (size_t)snprintf(note, cap, "  未达标: ");
    for (size_t k = 0; k < shown; k++) {
        const char *key = score_table_key(t, o->failing[k]);
        n += (size_t)snprintf(note + n, cap - n, "%s%s", k ? ", " : "", key ? key : "?");
    }
    if (o->nfailing > shown)
        snprintf(note + n, cap - n, ", …and %zu more", o->nfailing - shown);
    cli_grid_note(g, note);
    free(note);
    return 0;
}

static int write_table(FILE *out, const cli_args *a, const score_ruleset *rs,
                       const score_table *t, const score_result *r)
{
    static const char *const header[] = {"目标任务", "范围", "实际", "比较", "要求", "结论", "缺口"};
    cli_grid g;
    cli_grid_init(&g, 7);
    for (size_t k = 0; k < 7; k++)
        cli_grid_cell(&g, header[k]);

    char num[32];
    int rc = 0;
    for (size_t i = 0; i < score_result_outcome_count(r) && rc == 0; i++) {
        score_target_outcome o;
        if (score_result_outcome(r, i, &o) != 0 || !selected(a, rs, &o))
            continue;
        int share = strcmp(score_ruleset_target_aggregate(rs, o.target), "share") == 0;
        cli_grid_cell(&g, score_ruleset_target_label(rs, o.target));
        cli_grid_cell(&g, o.scope);
        cli_grid_cell(&g, share ? percent(o.actual, o.required, num) : cli_number(o.actual, num));
        cli_grid_cell(&g, o.op);
        cli_grid_cell(&g, share ? percent(o.required, NAN, num) : cli_number(o.required, num));
        cli_grid_cell(&g, verdict_zh(o.verdict));
        cli_grid_cell(&g, cli_number(o.shortfall, num));
        int ledger = strcmp(o.op, "all") == 0 || strcmp(o.op, "none") == 0;
        if (ledger && o.verdict == SCORE_NOT_MET && o.nfailing > 0)
            rc = failing_note(&g, t, &o);
    }
    if (rc == 0)
        rc = cli_grid_print(out, &g);
    cli_grid_free(&g);
    return rc;
}

int cmd_targets(const cli_args *a)
{
    cli_run run;
    int rc = cli_run_open(&run, a);
    if (rc != CLI_OK)
        return rc;
    int wrc = 0;
    switch (a->format) {
    case CLI_FORMAT_CSV: wrc = write_csv(stdout, a, run.rs, run.r); break;
    case CLI_FORMAT_JSON: wrc = write_json(stdout, a, run.rs, run.t, run.r); break;
    default: wrc = write_table(stdout, a, run.rs, run.t, run.r); break;
    }
    if (wrc != 0) {
        fputs("score: out of memory\n", stderr);
        rc = CLI_FAIL;
    }
    cli_run_close(&run);
    return rc;
}
