/*
 * score diff RULESET OLD.csv NEW.csv [--targets] [--format table|csv|json]
 *            [--param NAME=VALUE]... [--param-new NAME=VALUE]...
 *
 * What changed between two evaluations: of two data files (two years, or
 * before and after a correction), or of one file under two sets of params
 * (--param-new applies to the new side only). Per row, matched by key:
 * the tier before and after, the change (up, down, same, added, removed)
 * and the criteria whose verdict flipped; with --targets, per target and
 * scope: actual, verdict and shortfall before and after.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A tier by id, or by label for people (--labels); "" for none. */
static const char *tier_name(const score_ruleset *rs, int k, int labels)
{
    if (k < 0)
        return "";
    return labels ? score_ruleset_tier_label(rs, (size_t)k) : score_ruleset_tier_id(rs, (size_t)k);
}

static const char *verdict_name(score_target_verdict v, int labels)
{
    if (labels)
        return v == SCORE_MET ? "达标" : v == SCORE_NOT_MET ? "未达标" : "数据缺失";
    return v == SCORE_MET ? "met" : v == SCORE_NOT_MET ? "not_met" : "unknown";
}

/* up/down/same/added/removed, or 上升/下降/不变/新增/移除 for people. */
static const char *change_name(const char *change, int labels)
{
    static const char *const words[][2] = {{"up", "上升"},      {"down", "下降"},
                                           {"same", "不变"},    {"added", "新增"},
                                           {"removed", "移除"}};
    for (size_t i = 0; labels && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(change, words[i][0]) == 0)
            return words[i][1];
    return change;
}

/* An outcome's scope: "all" or "FIELD=VALUE", or for people 全部 and the
 * field's label (镇(街道)=双河镇), as `score targets --labels` writes it. */
static const char *scope_name(const cli_run *run, size_t i, const score_target_outcome *oc,
                              int labels, char *buf, size_t size)
{
    const char *field = score_result_outcome_scope_field(run->r, i);
    if (!labels)
        return oc->scope;
    if (!field)
        return "全部";
    const char *label = field;
    for (size_t f = 0; f < score_ruleset_field_count(run->rs); f++)
        if (strcmp(score_ruleset_field_id(run->rs, f), field) == 0 &&
            score_ruleset_field_label(run->rs, f)[0])
            label = score_ruleset_field_label(run->rs, f);
    const char *value = score_result_outcome_scope_value(run->r, i);
    snprintf(buf, size, "%s=%s", label, value && *value ? value : "（空）");
    return buf;
}

/* A number as text, "" when missing. */
static void num(char *buf, size_t size, double v)
{
    if (v != v)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.15g", v);
}

/* ---- one output line of named cells ---- */

typedef struct sheet {
    cli_format format;
    const char *const *names;
    size_t ncols;
    size_t nrows;  /* lines written */
    char **cells;  /* table: kept until the end to align the columns */
    size_t ncells, cap;
} sheet;

/* Display width of UTF-8 text: CJK counts two columns. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += *p >= 0xE0 ? 2 : 1;
    return w;
}

static void csv_cell(const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

/* A space-separated list as a JSON list of strings. */
static void json_list(const char *s)
{
    putchar('[');
    for (int first = 1; *s;) {
        size_t n = strcspn(s, " ");
        if (n) {
            printf("%s\"%.*s\"", first ? "" : ",", (int)n, s);
            first = 0;
        }
        s += n + (s[n] == ' ');
    }
    putchar(']');
}

/* One line; `raw` marks the cells written in JSON as numbers (1) or as
 * lists of words (2). */
static int sheet_line(sheet *s, const char *const *cells, const int *raw)
{
    if (s->format == CLI_FORMAT_CSV) {
        for (size_t i = 0; i < s->ncols; i++) {
            if (i)
                putchar(',');
            csv_cell(cells[i]);
        }
        putchar('\n');
    } else if (s->format == CLI_FORMAT_JSON) {
        fputs(s->nrows ? ",\n{" : "{", stdout);
        for (size_t i = 0; i < s->ncols; i++) {
            if (i)
                putchar(',');
            json_string(s->names[i]);
            putchar(':');
            if (raw && raw[i] == 2)
                json_list(cells[i]);
            else if (!*cells[i])
                fputs("null", stdout);
            else if (raw && raw[i])
                fputs(cells[i], stdout);
            else
                json_string(cells[i]);
        }
        putchar('}');
    } else {
        if (s->ncells + s->ncols > s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 64;
            while (cap < s->ncells + s->ncols)
                cap *= 2;
            char **p = realloc(s->cells, cap * sizeof *p);
            if (!p)
                return CLI_FAIL;
            s->cells = p;
            s->cap = cap;
        }
        for (size_t i = 0; i < s->ncols; i++) {
            size_t n = strlen(cells[i]);
            char *c = malloc(n + 1);
            if (!c)
                return CLI_FAIL;
            memcpy(c, cells[i], n + 1);
            s->cells[s->ncells++] = c;
        }
    }
    s->nrows++;
    return CLI_OK;
}

static void sheet_begin(sheet *s)
{
    if (s->format == CLI_FORMAT_CSV)
        sheet_line(s, s->names, NULL), s->nrows = 0;
    else if (s->format == CLI_FORMAT_JSON)
        fputs("[\n", stdout);
}

static void sheet_end(sheet *s)
{
    if (s->format == CLI_FORMAT_JSON) {
        fputs(s->nrows ? "\n]\n" : "]\n", stdout);
        return;
    }
    if (s->format != CLI_FORMAT_TABLE)
        return;
    size_t *w = calloc(s->ncols, sizeof *w);
    if (!w)
        return;
    for (size_t i = 0; i < s->ncols; i++)
        w[i] = width(s->names[i]);
    for (size_t k = 0; k < s->ncells; k++)
        if (width(s->cells[k]) > w[k % s->ncols])
            w[k % s->ncols] = width(s->cells[k]);
    for (size_t r = 0; r <= s->nrows; r++) {
        for (size_t i = 0; i < s->ncols; i++) {
            const char *c = r == 0 ? s->names[i] : s->cells[(r - 1) * s->ncols + i];
            fputs(c, stdout);
            if (i + 1 < s->ncols)
                printf("%*s", (int)(w[i] - width(c) + 2), "");
        }
        putchar('\n');
    }
    for (size_t k = 0; k < s->ncells; k++)
        free(s->cells[k]);
    free(s->cells);
    free(w);
}

/* CSV for people starts with a UTF-8 BOM, so that Excel reads the
 * Chinese, as `score eval --labels` writes it. */
static void bom_for_people(const cli_args *a)
{
    if (a->out.labels && a->format == CLI_FORMAT_CSV)
        fputs("\xef\xbb\xbf", stdout);
}

/* ---- rows ---- */

/* The criteria whose verdicts differ, space-separated (by label and 、
 * for people), into buf. */
static void flipped(char *buf, size_t size, const cli_run *o, size_t ro, const cli_run *n,
                    size_t rn, int labels)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < score_ruleset_criterion_count(o->rs); c++) {
        if (score_result_verdict(o->r, c, ro) == score_result_verdict(n->r, c, rn))
            continue;
        const char *id = score_ruleset_criterion_id(o->rs, c);
        const char *label = score_ruleset_criterion_label(o->rs, c);
        const char *name = labels && label[0] ? label : id;
        if (used + strlen(name) + 4 >= size)
            break;
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 used ? (labels ? "、" : " ") : "", name);
    }
}

static int diff_rows(const cli_args *a, const cli_run *o, const cli_run *n)
{
    static const char *const ids[] = {"key", "tier_old", "tier_new", "change", "flipped"};
    const char *key_label = "代码";
    for (size_t f = 0; f < score_ruleset_field_count(o->rs); f++)
        if (strcmp(score_ruleset_field_id(o->rs, f), score_ruleset_key(o->rs)) == 0 &&
            score_ruleset_field_label(o->rs, f)[0])
            key_label = score_ruleset_field_label(o->rs, f);
    const char *const zh[] = {key_label, "原等级", "新等级", "变化", "改变的条件"};
    static const int raw[] = {0, 0, 0, 0, 2};
    int labels = a->out.labels;
    sheet s = {a->format, labels ? zh : ids, 5, 0, NULL, 0, 0};
    bom_for_people(a);
    sheet_begin(&s);
    char flips[4096];
    int rc = CLI_OK;
    int tiers = score_ruleset_tier_count(o->rs) > 0;
    for (size_t ro = 0; rc == CLI_OK && ro < score_table_row_count(o->t); ro++) {
        const char *key = score_table_key(o->t, ro);
        size_t rn = key ? score_table_find_key(n->t, key) : (size_t)-1;
        int to = tiers ? score_result_tier(o->r, ro) : -1;
        if (rn == (size_t)-1) {
            const char *cells[] = {key ? key : "", tier_name(o->rs, to, labels), "",
                                   change_name("removed", labels), ""};
            rc = sheet_line(&s, cells, raw);
            continue;
        }
        int tn = tiers ? score_result_tier(n->r, rn) : -1;
        flipped(flips, sizeof flips, o, ro, n, rn, labels);
        const char *change = change_name(tn > to ? "up" : tn < to ? "down" : "same", labels);
        const char *cells[] = {key, tier_name(o->rs, to, labels), tier_name(n->rs, tn, labels),
                               change, flips};
        rc = sheet_line(&s, cells, raw);
    }
    for (size_t rn = 0; rc == CLI_OK && rn < score_table_row_count(n->t); rn++) {
        const char *key = score_table_key(n->t, rn);
        if (key && score_table_find_key(o->t, key) != (size_t)-1)
            continue;
        int tn = tiers ? score_result_tier(n->r, rn) : -1;
        const char *cells[] = {key ? key : "", "", tier_name(n->rs, tn, labels),
                               change_name("added", labels), ""};
        rc = sheet_line(&s, cells, raw);
    }
    sheet_end(&s);
    return rc;
}

/* ---- targets ---- */

static int diff_targets(const cli_args *a, const cli_run *o, const cli_run *n)
{
    static const char *const ids[] = {"target",      "scope",       "actual_old",
                                      "actual_new",  "verdict_old", "verdict_new",
                                      "shortfall_old", "shortfall_new"};
    static const char *const zh[] = {"目标任务", "范围",   "原实际", "新实际",
                                     "原结论",   "新结论", "原缺口", "新缺口"};
    static const int raw[] = {0, 0, 1, 1, 0, 0, 1, 1};
    int labels = a->out.labels;
    char scope[512];
    sheet s = {a->format, labels ? zh : ids, 8, 0, NULL, 0, 0};
    bom_for_people(a);
    sheet_begin(&s);
    int rc = CLI_OK;
    size_t nn = score_result_outcome_count(n->r);
    for (size_t i = 0; rc == CLI_OK && i < score_result_outcome_count(o->r); i++) {
        score_target_outcome x, y;
        score_result_outcome(o->r, i, &x);
        int found = 0;
        for (size_t j = 0; !found && j < nn; j++) {
            score_result_outcome(n->r, j, &y);
            found = y.target == x.target && strcmp(y.scope, x.scope) == 0;
        }
        char ao[40], an[40], so[40], sn[40];
        num(ao, sizeof ao, x.actual);
        num(so, sizeof so, x.shortfall);
        num(an, sizeof an, found ? y.actual : NAN);
        num(sn, sizeof sn, found ? y.shortfall : NAN);
        const char *cells[] = {labels ? score_ruleset_target_label(o->rs, x.target)
                                      : score_ruleset_target_id(o->rs, x.target),
                               scope_name(o, i, &x, labels, scope, sizeof scope), ao, an,
                               verdict_name(x.verdict, labels),
                               found ? verdict_name(y.verdict, labels) : "", so, sn};
        rc = sheet_line(&s, cells, raw);
    }
    /* scopes only the new data has (a new town) */
    for (size_t j = 0; rc == CLI_OK && j < nn; j++) {
        score_target_outcome x, y;
        score_result_outcome(n->r, j, &y);
        int found = 0;
        for (size_t i = 0; !found && i < score_result_outcome_count(o->r); i++) {
            score_result_outcome(o->r, i, &x);
            found = y.target == x.target && strcmp(y.scope, x.scope) == 0;
        }
        if (found)
            continue;
        char an[40], sn[40];
        num(an, sizeof an, y.actual);
        num(sn, sizeof sn, y.shortfall);
        const char *cells[] = {labels ? score_ruleset_target_label(n->rs, y.target)
                                      : score_ruleset_target_id(n->rs, y.target),
                               scope_name(n, j, &y, labels, scope, sizeof scope), "", an, "",
                               verdict_name(y.verdict, labels), "", sn};
        rc = sheet_line(&s, cells, raw);
    }
    sheet_end(&s);
    return rc;
}

int cmd_diff(const cli_args *a)
{
    if (a->format != CLI_FORMAT_TABLE && a->format != CLI_FORMAT_CSV &&
        a->format != CLI_FORMAT_JSON) {
        cli_usage_error("diff: --format is table, csv or json");
        return CLI_USAGE;
    }
    cli_run o, n;
    int rc = cli_run_open(&o, a);
    if (rc != CLI_OK)
        return rc;
    /* the new side: the NEW file (or OLD again), params and --param-new */
    cli_args b = *a;
    b.pos[1] = a->npos > 2 ? a->pos[2] : a->pos[1];
    score_param *params = calloc(a->nparams + a->nparams_new + 1, sizeof *params);
    if (!params) {
        cli_run_close(&o);
        fputs("score: out of memory\n", stderr);
        return CLI_FAIL;
    }
    b.nparams = 0;
    for (size_t i = 0; i < a->nparams; i++) {
        int overridden = 0;
        for (size_t j = 0; j < a->nparams_new; j++)
            overridden |= strcmp(a->params[i].name, a->params_new[j].name) == 0;
        if (!overridden)
            params[b.nparams++] = a->params[i];
    }
    for (size_t j = 0; j < a->nparams_new; j++)
        params[b.nparams++] = a->params_new[j];
    b.params = params;
    rc = cli_run_open(&n, &b);
    if (rc == CLI_OK) {
        rc = a->diff_targets ? diff_targets(a, &o, &n) : diff_rows(a, &o, &n);
        cli_run_close(&n);
    }
    free(params);
    cli_run_close(&o);
    return rc;
}
