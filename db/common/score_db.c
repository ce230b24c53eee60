/*
 * The part of the database extensions that knows libscore: see score_db.h.
 */
#include "score_db.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define NO_COL ((size_t)-1)

static int oom(score_error *err)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->code = SCORE_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
    return SCORE_ENOMEM;
}

static int fail(score_error *err, score_code code, const char *msg, const char *detail)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->code = code;
        snprintf(err->message, sizeof err->message, "%s%s", msg, detail ? detail : "");
    }
    return code;
}

/* ---- strings ---- */

void sdb_buf_free(sdb_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void sdb_buf_add(sdb_buf *b, const char *s, size_t len)
{
    if (b->failed)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void sdb_buf_puts(sdb_buf *b, const char *s)
{
    sdb_buf_add(b, s, strlen(s));
}

void sdb_buf_json_string(sdb_buf *b, const char *s)
{
    sdb_buf_add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        char esc[8];
        if (ch == '"' || ch == '\\') {
            esc[0] = '\\';
            esc[1] = (char)ch;
            sdb_buf_add(b, esc, 2);
        } else if (ch < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            sdb_buf_add(b, esc, 6);
        } else {
            sdb_buf_add(b, s, 1);
        }
    }
    sdb_buf_add(b, "\"", 1);
}

void sdb_buf_json_number(sdb_buf *b, double v)
{
    char num[32];
    if (isnan(v)) {
        sdb_buf_puts(b, "null");
        return;
    }
    score_format_number(v, num, sizeof num);
    sdb_buf_puts(b, num);
}

const char *sdb_error_text(const score_error *err, char *buf, size_t size)
{
    return score_error_format(err, buf, size);
}

/* ---- parameters: a flat JSON object of scalars ---- */

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

/* Read a JSON string at p (at its quote) into a new C string. */
static const char *read_json_string(const char *p, char **out)
{
    sdb_buf b = { 0 };
    sdb_buf_add(&b, "", 0);
    for (p++; *p && *p != '"'; p++) {
        if (*p != '\\') {
            sdb_buf_add(&b, p, 1);
            continue;
        }
        p++;
        char c = *p;
        if (c == 'u') {
            unsigned cp = 0;
            if (sscanf(p + 1, "%4x", &cp) != 1)
                break;
            p += 4;
            char u[4];
            size_t n;
            if (cp < 0x80) {
                u[0] = (char)cp;
                n = 1;
            } else if (cp < 0x800) {
                u[0] = (char)(0xc0 | (cp >> 6));
                u[1] = (char)(0x80 | (cp & 0x3f));
                n = 2;
            } else {
                u[0] = (char)(0xe0 | (cp >> 12));
                u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
                u[2] = (char)(0x80 | (cp & 0x3f));
                n = 3;
            }
            sdb_buf_add(&b, u, n);
            continue;
        }
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *k = c ? strchr(from, c) : NULL;
        if (!k)
            break;
        sdb_buf_add(&b, to + (k - from), 1);
    }
    if (*p != '"' || b.failed) {
        sdb_buf_free(&b);
        return NULL;
    }
    *out = b.data;
    return p + 1;
}

typedef struct param_list {
    score_param *items;
    char **texts; /* names and values, owned */
    size_t n, ntexts;
} param_list;

static void params_free(param_list *ps)
{
    for (size_t i = 0; i < ps->ntexts; i++)
        free(ps->texts[i]);
    free(ps->texts);
    free(ps->items);
}

static int params_parse(param_list *ps, const char *json, score_error *err)
{
    const char *bad = "params: not a JSON object of names and scalar values";
    const char *p = skip_ws(json);
    size_t cap = strlen(json) / 2 + 1; /* every pair takes at least "":1 */
    ps->items = calloc(cap, sizeof *ps->items);
    ps->texts = calloc(2 * cap, sizeof *ps->texts);
    if (!ps->items || !ps->texts)
        return oom(err);
    if (*p++ != '{')
        return fail(err, SCORE_EPARAM, bad, NULL);
    p = skip_ws(p);
    if (*p == '}')
        return *skip_ws(p + 1) ? fail(err, SCORE_EPARAM, bad, NULL) : 0;
    for (;;) {
        char *name = NULL, *value = NULL;
        if (*p != '"' || !(p = read_json_string(p, &name)))
            return fail(err, SCORE_EPARAM, bad, NULL);
        ps->texts[ps->ntexts++] = name;
        p = skip_ws(p);
        if (*p++ != ':')
            return fail(err, SCORE_EPARAM, bad, NULL);
        p = skip_ws(p);
        if (*p == '"') {
            if (!(p = read_json_string(p, &value)))
                return fail(err, SCORE_EPARAM, bad, NULL);
        } else {
            /* A number, true or false: its text is the literal. */
            size_t n = strcspn(p, ",} \t\r\n");
            if (n == 0 || *p == '{' || *p == '[' || (n == 4 && !strncmp(p, "null", 4)))
                return fail(err, SCORE_EPARAM, bad, NULL);
            value = malloc(n + 1);
            if (!value)
                return oom(err);
            memcpy(value, p, n);
            value[n] = '\0';
            p += n;
        }
        ps->texts[ps->ntexts++] = value;
        ps->items[ps->n].name = name;
        ps->items[ps->n].value = value;
        ps->n++;
        p = skip_ws(p);
        if (*p == '}')
            break;
        if (*p++ != ',')
            return fail(err, SCORE_EPARAM, bad, NULL);
        p = skip_ws(p);
    }
    return *skip_ws(p + 1) ? fail(err, SCORE_EPARAM, bad, NULL) : 0;
}

static int is_builtin(const char *id)
{
    for (size_t i = 0; i < score_builtin_count(); i++)
        if (strcmp(score_builtin_id(i), id) == 0)
            return 1;
    return 0;
}

int sdb_ruleset_load(score_ruleset **out, const char *ruleset, const char *params_json,
                     score_error *err)
{
    param_list ps = { 0 };
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    int rc = 0;
    *out = NULL;
    if (params_json && (rc = params_parse(&ps, params_json, err)) != 0) {
        params_free(&ps);
        return rc;
    }
    opts.params = ps.items;
    opts.param_count = ps.n;
    /* One word is a built-in's id (a misspelt one is told the nearest),
     * anything else a document. */
    if (is_builtin(ruleset) || strcspn(ruleset, " \t\r\n:{[\"'") == strlen(ruleset))
        rc = score_ruleset_load_builtin(out, ruleset, &opts, err);
    else
        rc = score_ruleset_load_string(out, ruleset, strlen(ruleset), "ruleset", &opts, err);
    params_free(&ps);
    return rc;
}

/* ---- the cache of compiled rulesets ---- */

#define CACHE_SIZE 8

typedef struct cache_entry {
    unsigned long long hash; /* FNV-1a of the text, to compare fast */
    char *text;              /* ruleset text, a NUL, then the params text */
    size_t len;
    score_ruleset *rs;
    unsigned refs;           /* callers holding it: never evicted while > 0 */
    unsigned long used;
} cache_entry;

struct sdb_cache {
    cache_entry entries[CACHE_SIZE];
    unsigned long clock;
};

sdb_cache *sdb_cache_new(void)
{
    return calloc(1, sizeof(sdb_cache));
}

void sdb_cache_free(sdb_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < CACHE_SIZE; i++) {
        score_ruleset_free(c->entries[i].rs);
        free(c->entries[i].text);
    }
    free(c);
}

static unsigned long long fnv1a(const char *s, size_t len)
{
    unsigned long long h = 14695981039346656037ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

int sdb_cache_get(sdb_cache *c, const char *ruleset, const char *params, score_ruleset **out,
                  score_error *err)
{
    size_t rlen = strlen(ruleset), plen = params ? strlen(params) : 0;
    size_t len = rlen + 1 + plen;
    char *text = malloc(len + 1);
    if (!text)
        return oom(err);
    memcpy(text, ruleset, rlen + 1);
    if (plen)
        memcpy(text + rlen + 1, params, plen);
    text[len] = '\0';
    unsigned long long hash = fnv1a(text, len);
    for (size_t i = 0; i < CACHE_SIZE; i++) {
        cache_entry *e = &c->entries[i];
        if (e->rs && e->hash == hash && e->len == len && memcmp(e->text, text, len) == 0) {
            free(text);
            e->refs++;
            e->used = ++c->clock;
            *out = e->rs;
            return 0;
        }
    }
    score_ruleset *rs = NULL;
    int rc = sdb_ruleset_load(&rs, ruleset, params, err);
    if (rc) {
        free(text);
        return rc;
    }
    cache_entry *victim = NULL;
    for (size_t i = 0; i < CACHE_SIZE; i++) {
        cache_entry *e = &c->entries[i];
        if (!e->refs && (!victim || e->used < victim->used))
            victim = e;
    }
    *out = rs;
    if (!victim) {
        /* Every entry held (calls nested 8 deep): this one is not kept,
         * sdb_cache_release() frees it. */
        free(text);
        return 0;
    }
    score_ruleset_free(victim->rs);
    free(victim->text);
    victim->hash = hash;
    victim->text = text;
    victim->len = len;
    victim->rs = rs;
    victim->refs = 1;
    victim->used = ++c->clock;
    return 0;
}

void sdb_cache_release(sdb_cache *c, score_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < CACHE_SIZE; i++)
        if (c->entries[i].rs == rs) {
            c->entries[i].refs--;
            return;
        }
    score_ruleset_free(rs); /* one that was never kept */
}

/* ---- a query's columns ---- */

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

int sdb_columns_init(sdb_columns *c, const score_ruleset *rs, const char *const *names,
                     size_t ncols, score_error *err)
{
    memset(c, 0, sizeof *c);
    c->rs = rs;
    c->key_col = NO_COL;
    c->names = calloc(ncols ? ncols : 1, sizeof *c->names);
    c->used = calloc(ncols ? ncols : 1, sizeof *c->used);
    c->cells = calloc(ncols ? ncols : 1, sizeof *c->cells);
    if (!c->names || !c->used || !c->cells)
        return oom(err);
    c->ncols = ncols;
    /* Which names are fields: asked of a one-row table, the one matcher of
     * names to columns (id, label, NAME_YYYY) the CSV reader uses too. */
    score_table *probe = NULL;
    int rc = score_table_new(&probe, rs, 1, err);
    if (rc)
        return rc;
    const char *key = score_ruleset_key(rs);
    const double *values;
    for (size_t j = 0; j < ncols; j++) {
        if (!(c->names[j] = dup(names[j]))) {
            score_table_free(probe);
            return oom(err);
        }
        c->used[j] = score_table_column(probe, names[j], &values, NULL, NULL) == 0;
        if (c->used[j] && c->key_col == NO_COL) {
            for (size_t f = 0; f < score_ruleset_field_count(rs); f++)
                if (!strcmp(score_ruleset_field_id(rs, f), key) &&
                    (!strcmp(names[j], key) ||
                     !strcmp(names[j], score_ruleset_field_label(rs, f))))
                    c->key_col = j;
        }
    }
    score_table_free(probe);
    return 0;
}

int sdb_columns_add_row(sdb_columns *c, score_error *err)
{
    if (c->nrows == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        for (size_t j = 0; j < c->ncols; j++) {
            if (!c->used[j])
                continue;
            size_t *p = realloc(c->cells[j].at, cap * sizeof *p);
            if (!p)
                return oom(err);
            c->cells[j].at = p;
        }
        c->cap = cap;
    }
    for (size_t j = 0; j < c->ncols; j++)
        if (c->used[j])
            c->cells[j].at[c->nrows] = SDB_MISSING;
    c->nrows++;
    return 0;
}

int sdb_columns_set(sdb_columns *c, size_t j, const char *text, size_t len, score_error *err)
{
    if (j >= c->ncols || !c->used[j] || !text || c->nrows == 0)
        return 0;
    sdb_cells *k = &c->cells[j];
    if (len + 1 > k->size - k->len) {
        size_t size = k->size ? k->size : 4096;
        while (len + 1 > size - k->len) {
            if (size > SIZE_MAX / 2)
                return oom(err);
            size *= 2;
        }
        char *p = realloc(k->text, size);
        if (!p)
            return oom(err);
        k->text = p;
        k->size = size;
    }
    memcpy(k->text + k->len, text, len);
    k->text[k->len + len] = '\0';
    k->at[c->nrows - 1] = k->len; /* a cell set twice keeps the last */
    k->len += len + 1;
    return 0;
}

/* Cell `row` of column j, or NULL when it is missing. */
static const char *cell_at(const sdb_columns *c, size_t j, size_t row)
{
    size_t at = c->cells[j].at[row];
    return at == SDB_MISSING ? NULL : c->cells[j].text + at;
}

const char *sdb_columns_key(const sdb_columns *c, size_t row)
{
    const char *key = c->key_col == NO_COL || row >= c->nrows ? NULL : cell_at(c, c->key_col, row);
    return key ? key : "";
}

void sdb_columns_free(sdb_columns *c)
{
    for (size_t j = 0; j < c->ncols; j++) {
        if (c->cells) {
            free(c->cells[j].at);
            free(c->cells[j].text);
        }
        if (c->names)
            free(c->names[j]);
    }
    free(c->cells);
    free(c->names);
    free(c->used);
    memset(c, 0, sizeof *c);
}

/* score_table_set_cells() names a refused cell by its 0-based row; the
 * database names it by its key, which is what people look up. */
static int name_row(const sdb_columns *c, score_error *err)
{
    const char *at = strstr(err->message, "\": row ");
    if (err->code != SCORE_EDATA || !at)
        return err->code;
    char *end;
    unsigned long row = strtoul(at + 7, &end, 10);
    if (end == at + 7 || *end != ':')
        return err->code;
    char msg[SCORE_ERROR_MESSAGE_LEN];
    snprintf(msg, sizeof msg, "%.*s\": row with key \"%s\"%s", (int)(at - err->message),
             err->message, sdb_columns_key(c, row), end);
    memcpy(err->message, msg, sizeof msg);
    return err->code;
}

int sdb_table_build(score_table **out, const sdb_columns *c, score_error *err)
{
    score_table *t = NULL;
    int rc = score_table_new(&t, c->rs, c->nrows, err);
    const char **cells = rc ? NULL : malloc((c->nrows ? c->nrows : 1) * sizeof *cells);
    if (!rc && !cells)
        rc = oom(err);
    for (size_t j = 0; !rc && j < c->ncols; j++) {
        if (!c->used[j])
            continue;
        for (size_t i = 0; i < c->nrows; i++)
            cells[i] = cell_at(c, j, i);
        rc = score_table_set_cells(t, c->names[j], cells, c->nrows, err);
        if (rc)
            rc = name_row(c, err);
    }
    free(cells);
    if (!rc && c->key_col == NO_COL)
        rc = fail(err, SCORE_EDATA, "the query has no column for the key field ",
                  score_ruleset_key(c->rs));
    if (rc) {
        score_table_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

/* ---- results as JSON ---- */

int sdb_scores_json(sdb_buf *b, const score_ruleset *rs, const score_result *r, size_t row)
{
    sdb_buf_puts(b, "{");
    for (size_t s = 0; s < score_ruleset_scorecard_count(rs); s++) {
        const char *id = score_ruleset_scorecard_id(rs, s);
        if (s)
            sdb_buf_puts(b, ",");
        sdb_buf_json_string(b, id);
        sdb_buf_puts(b, ":");
        sdb_buf_json_number(b, score_result_score(r, s, row));
        if (score_ruleset_scorecard_has_grades(rs, s)) {
            const char *grade = score_result_grade(r, s, row);
            sdb_buf_puts(b, ",\"");
            sdb_buf_puts(b, id);
            sdb_buf_puts(b, "_grade\":");
            if (grade)
                sdb_buf_json_string(b, grade);
            else
                sdb_buf_puts(b, "null");
        }
    }
    sdb_buf_puts(b, "}");
    return b->failed ? SCORE_ENOMEM : 0;
}

int sdb_criteria_json(sdb_buf *b, const score_ruleset *rs, const score_result *r, size_t row)
{
    sdb_buf_puts(b, "{");
    for (size_t k = 0; k < score_ruleset_criterion_count(rs); k++) {
        score_verdict v = score_result_verdict(r, k, row);
        if (k)
            sdb_buf_puts(b, ",");
        sdb_buf_json_string(b, score_ruleset_criterion_id(rs, k));
        sdb_buf_puts(b, v == SCORE_TRUE ? ":true" : v == SCORE_FALSE ? ":false" : ":null");
    }
    sdb_buf_puts(b, "}");
    return b->failed ? SCORE_ENOMEM : 0;
}

int sdb_failing_json(sdb_buf *b, const score_table *t, const score_target_outcome *oc)
{
    sdb_buf_puts(b, "[");
    for (size_t i = 0; i < oc->nfailing; i++) {
        const char *key = score_table_key(t, oc->failing[i]);
        if (i)
            sdb_buf_puts(b, ",");
        if (key)
            sdb_buf_json_string(b, key);
        else
            sdb_buf_puts(b, "null");
    }
    sdb_buf_puts(b, "]");
    return b->failed ? SCORE_ENOMEM : 0;
}

const char *sdb_tier_id(const score_ruleset *rs, int level)
{
    return level < 0 ? NULL : score_ruleset_tier_id(rs, (size_t)level);
}

const char *sdb_verdict_name(score_target_verdict v)
{
    return v == SCORE_MET ? "met" : v == SCORE_NOT_MET ? "not_met" : "unknown";
}

int sdb_outcome_in_year(const score_ruleset *rs, const score_target_outcome *oc, int year)
{
    return !year || score_ruleset_target_year(rs, oc->target) == year;
}
