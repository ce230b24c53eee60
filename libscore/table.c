/*
 * Tables: one array of doubles per schema column, NaN for missing. The
 * columns nobody supplied share one all-NaN array, so a ruleset with many
 * fields costs nothing for the fields a data file leaves out.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "ruleset.h"
#include "table.h"

/* Rows are indexed by uint32_t in the key hash (row + 1). */
#define TABLE_MAX_ROWS ((size_t)UINT32_MAX - 1)

static const char *type_name(score_type type)
{
    switch (type) {
    case SCORE_TYPE_BOOL: return "bool";
    case SCORE_TYPE_NUMBER: return "number";
    case SCORE_TYPE_TEXT: return "text";
    }
    return "unknown";
}

static double *alloc_doubles(const score_allocator *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / sizeof(double))
        return NULL;
    return sc_malloc(a, n * sizeof(double));
}

/* ---- absent columns ---- */

/* One block: ncols pointers, then every column name in schema order. */
static char **absent_block(const score_allocator *a, const sc_schema *s)
{
    size_t size = s->ncols * sizeof(char *);
    for (size_t j = 0; j < s->ncols; j++)
        size += strlen(s->cols[j].name) + 1;
    char **block = sc_malloc(a, size);
    if (!block)
        return NULL;
    char *p = (char *)(block + s->ncols);
    for (size_t j = 0; j < s->ncols; j++) {
        size_t n = strlen(s->cols[j].name) + 1;
        memcpy(p, s->cols[j].name, n);
        block[j] = p;
        p += n;
    }
    return block;
}

void sc_table_update_absent(score_table *t)
{
    const char *p = (const char *)(t->absent + t->schema->ncols);
    size_t n = 0;
    for (size_t j = 0; j < t->schema->ncols; j++) {
        if (!t->cols[j].present)
            t->absent[n++] = (char *)p; /* points into our own block */
        p += strlen(p) + 1;
    }
    t->nabsent = n;
}

/* ---- life cycle ---- */

void sc_table_limits(const score_ruleset *rs, score_limits *out)
{
    if (rs)
        *out = rs->limits;
    else
        score_limits_default(out);
}

int sc_table_nomem(const score_table *t, const char *source, score_error *err)
{
    return sc_meter_error(&t->meter, "table", source, err);
}

/* The shared all-missing array, made when a first column is absent. */
static int make_missing(score_table *t)
{
    if (t->missing)
        return 0;
    t->missing = alloc_doubles(t->alloc, t->nrows);
    if (!t->missing)
        return -1;
    for (size_t i = 0; i < t->nrows; i++)
        t->missing[i] = NAN;
    return 0;
}

int sc_table_point_absent(score_table *t)
{
    int absent = 0;
    for (size_t j = 0; j < t->schema->ncols; j++)
        absent |= !t->cols[j].present;
    if (absent && make_missing(t) != 0)
        return -1;
    for (size_t j = 0; j < t->schema->ncols; j++)
        if (!t->cols[j].present)
            t->cols[j].values = t->missing;
    return 0;
}

int sc_table_create(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                    const score_allocator *alloc, size_t rows, const char *source,
                    score_error *err)
{
    *out = NULL;
    score_limits limits;
    sc_table_limits(rs, &limits);
    if (rows > limits.rows)
        return sc_error(err, SCORE_ELIMIT, source, 0, 0,
                        "a table of %zu rows is over the rows limit (%zu)", rows, limits.rows);
    if (rows > TABLE_MAX_ROWS)
        return sc_error(err, SCORE_ELIMIT, source, 0, 0, "too many rows: %zu", rows);
    score_table *t = sc_calloc(alloc, 1, sizeof *t);
    if (!t)
        return sc_nomem(err);
    t->base = alloc;
    sc_meter_init(&t->meter, alloc, limits.memory_bytes);
    t->alloc = &t->meter.hooks;
    t->rs = rs;
    t->schema = schema;
    t->nrows = rows;
    sc_dict_init(&t->dict, t->alloc);
    t->cols = sc_calloc(t->alloc, schema->ncols ? schema->ncols : 1, sizeof *t->cols);
    t->absent = absent_block(t->alloc, schema);
    if (!t->cols || !t->absent) {
        int rc = sc_table_nomem(t, source, err);
        score_table_free(t);
        return rc;
    }
    t->nabsent = schema->ncols;
    *out = t;
    return 0;
}

int sc_table_new(score_table **out, const score_ruleset *rs, const sc_schema *schema,
                 const score_allocator *alloc, size_t rows, score_error *err)
{
    if (!out || !schema || !alloc)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_table_new: NULL argument");
    int rc = sc_table_create(out, rs, schema, alloc, rows, NULL, err);
    if (rc)
        return rc;
    if (sc_table_point_absent(*out) != 0) {
        rc = sc_table_nomem(*out, NULL, err);
        score_table_free(*out);
        *out = NULL;
    }
    return rc;
}

void score_table_free(score_table *t)
{
    if (!t)
        return;
    const score_allocator *a = t->alloc;
    if (t->cols) {
        for (size_t j = 0; j < t->schema->ncols; j++)
            sc_free(a, t->cols[j].owned);
        sc_free(a, t->cols);
    }
    sc_free(a, t->block);
    sc_free(a, t->missing);
    sc_free(a, t->absent);
    sc_free(a, t->key_slots);
    score_read_report_free(t->report);
    sc_dict_free(&t->dict);
    sc_free(t->base, t);
}

/* ---- the key index: key code -> row + 1 ----
 * Dictionary codes are dense, so the index is an array by code rather
 * than a hash: new keys get rising codes and the writes stay sequential. */

/* Room in *slots for `code`, new slots zeroed. */
static int key_room(const score_allocator *a, uint32_t **slots, size_t *n, size_t code)
{
    if (code < *n)
        return 0;
    size_t old = *n;
    if (sc_grow(a, (void **)slots, n, code + 1, sizeof **slots) != 0)
        return -1;
    memset(*slots + old, 0, (*n - old) * sizeof **slots);
    return 0;
}

int sc_table_key_reserve(score_table *t, size_t n)
{
    return n ? key_room(t->alloc, &t->key_slots, &t->key_nslots, n - 1) : 0;
}

int sc_table_key_add(score_table *t, size_t row, size_t *prev)
{
    size_t code = (size_t)t->cols[t->schema->key_col].values[row];
    if (key_room(t->alloc, &t->key_slots, &t->key_nslots, code) != 0)
        return -1;
    uint32_t r = t->key_slots[code];
    if (r) {
        *prev = r - 1;
    } else {
        t->key_slots[code] = (uint32_t)(row + 1);
        *prev = (size_t)-1;
    }
    return 0;
}

/* ---- reading ---- */

size_t score_table_row_count(const score_table *t)
{
    return t ? t->nrows : 0;
}

const char *score_table_key(const score_table *t, size_t row)
{
    if (!t || row >= t->nrows || t->schema->key_col >= t->schema->ncols)
        return NULL;
    double v = t->cols[t->schema->key_col].values[row];
    return isnan(v) ? NULL : sc_table_text(t, v);
}

size_t score_table_find_key(const score_table *t, const char *key)
{
    if (!t || !key || !t->key_slots)
        return (size_t)-1;
    int64_t code = sc_dict_find(&t->dict, key, strlen(key));
    if (code < 0 || (size_t)code >= t->key_nslots || !t->key_slots[code])
        return (size_t)-1;
    return t->key_slots[code] - 1;
}

size_t score_table_absent_count(const score_table *t)
{
    return t ? t->nabsent : 0;
}

const char *score_table_absent_name(const score_table *t, size_t i)
{
    return t && i < t->nabsent ? t->absent[i] : NULL;
}

/* ---- filling from arrays ---- */

/* The index of the column named `name` (id or label), or ncols. */
static size_t column_named(const sc_schema *s, const char *name)
{
    size_t j = 0;
    while (j < s->ncols && strcmp(s->cols[j].name, name) != 0 &&
           !(s->cols[j].label && strcmp(s->cols[j].label, name) == 0))
        j++;
    return j;
}

/* Whether `col` is `name` followed by "_YYYY". */
static int is_year_of(const char *col, const char *name)
{
    size_t n = strlen(name);
    return col && strncmp(col, name, n) == 0 && col[n] == '_' && strlen(col + n) == 5;
}

/* SCORE_ENOTFOUND for a name no column has. A year-indexed field has no
 * column of its own name: the error lists its NAME_YYYY columns. */
static int no_column(const sc_schema *s, const char *name, score_error *err)
{
    char years[160] = "";
    size_t len = 0;
    for (size_t j = 0; j < s->ncols && len < sizeof years - 32; j++) {
        const sc_colspec *c = &s->cols[j];
        if (c->year && (is_year_of(c->name, name) || is_year_of(c->label, name)))
            len += (size_t)snprintf(years + len, sizeof years - len, "%s%s", len ? ", " : "",
                                    is_year_of(c->name, name) ? c->name : c->label);
    }
    if (len)
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0,
                        "no column \"%s\": the field is indexed by year; its columns are %s",
                        name, years);
    return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no column \"%s\"", name);
}

int sc_table_column_index(const score_table *t, const char *name, size_t *col, score_error *err)
{
    size_t j = column_named(t->schema, name);
    if (j == t->schema->ncols)
        return no_column(t->schema, name, err);
    *col = j;
    return 0;
}

/* The column named `name` (id or label) of the given type, whose length
 * matches the table. */
static int find_column(const score_table *t, const char *name, const void *values, size_t n,
                       score_type type, size_t *col, score_error *err)
{
    if (!t || !name || (!values && n > 0))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "NULL argument");
    const sc_schema *s = t->schema;
    size_t j = column_named(s, name);
    if (j == s->ncols)
        return no_column(s, name, err);
    if (s->cols[j].type != type)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "column \"%s\" is %s, not %s", name,
                        type_name(s->cols[j].type), type_name(type));
    if (n != t->nrows)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "column \"%s\": %zu values for %zu rows",
                        name, n, t->nrows);
    *col = j;
    return 0;
}

/* The column's own array, allocated if it has none. */
static double *writable(score_table *t, size_t col)
{
    if (!t->cols[col].owned)
        t->cols[col].owned = alloc_doubles(t->alloc, t->nrows);
    return t->cols[col].owned;
}

static void supply(score_table *t, size_t col, const double *values)
{
    sc_column *c = &t->cols[col];
    if (c->owned && c->owned != values) {
        sc_free(t->alloc, c->owned);
        c->owned = NULL;
    }
    c->values = values;
    c->present = 1;
    sc_table_update_absent(t);
}

/* The number column to set from `values`; an infinity is no number a
 * cell can hold: refused, with its row. */
static int number_column(const score_table *t, const char *column, const double *values,
                         size_t n, size_t *col, score_error *err)
{
    int rc = find_column(t, column, values, n, SCORE_TYPE_NUMBER, col, err);
    for (size_t i = 0; !rc && values && i < n; i++)
        if (isinf(values[i]))
            rc = sc_error(err, SCORE_EDATA, NULL, 0, 0, "column \"%s\": row %zu is infinite",
                          column, i);
    return rc;
}

int score_table_set_numbers(score_table *t, const char *column, const double *values,
                            size_t n, score_error *err)
{
    size_t col;
    int rc = number_column(t, column, values, n, &col, err);
    if (rc)
        return rc;
    double *dst = writable(t, col);
    if (!dst)
        return sc_table_nomem(t, NULL, err);
    if (n)
        memcpy(dst, values, n * sizeof *dst);
    supply(t, col, dst);
    return 0;
}

int score_table_bind_numbers(score_table *t, const char *column, const double *values,
                             size_t n, score_error *err)
{
    size_t col;
    /* scanned once, not copied: an infinity would compare as a number */
    int rc = number_column(t, column, values, n, &col, err);
    if (rc)
        return rc;
    if (!values && make_missing(t) != 0)
        return sc_table_nomem(t, NULL, err);
    supply(t, col, values ? values : t->missing);
    return 0;
}

int score_table_set_bools(score_table *t, const char *column, const signed char *values,
                          size_t n, score_error *err)
{
    size_t col;
    int rc = find_column(t, column, values, n, SCORE_TYPE_BOOL, &col, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (values[i] > 1)
            return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                            "column \"%s\": row %zu: %d is not a bool (1, 0, or negative "
                            "for missing)", column, i, values[i]);
    }
    double *dst = writable(t, col);
    if (!dst)
        return sc_table_nomem(t, NULL, err);
    for (size_t i = 0; i < n; i++)
        dst[i] = values[i] < 0 ? NAN : (double)values[i];
    supply(t, col, dst);
    return 0;
}

/* Texts go into a fresh array (and a fresh key hash for the key column)
 * so that a failure leaves the column as it was. */
int score_table_set_texts(score_table *t, const char *column, const char *const *values,
                          size_t n, score_error *err)
{
    size_t col;
    int rc = find_column(t, column, values, n, SCORE_TYPE_TEXT, &col, err);
    if (rc)
        return rc;
    int is_key = col == t->schema->key_col;
    for (size_t i = 0; i < n; i++) {
        if ((!values[i] || !values[i][0]) && is_key)
            return sc_error(err, SCORE_EDATA, NULL, 0, 0, "column \"%s\": row %zu has no key",
                            column, i);
        if (values[i] && !sc_utf8_valid(values[i], strlen(values[i])))
            return sc_error(err, SCORE_EDATA, NULL, 0, 0,
                            "column \"%s\": row %zu is not valid UTF-8", column, i);
    }
    double *dst = alloc_doubles(t->alloc, n);
    if (!dst)
        return sc_table_nomem(t, NULL, err);
    for (size_t i = 0; i < n; i++) {
        uint32_t code;
        if (!values[i] || !values[i][0]) {
            dst[i] = NAN; /* "" is missing, as an empty CSV cell */
        } else if (sc_dict_intern(&t->dict, values[i], strlen(values[i]), &code) == 0) {
            dst[i] = code;
        } else {
            sc_free(t->alloc, dst);
            return sc_table_nomem(t, NULL, err);
        }
    }
    if (is_key) {
        size_t nslots = t->dict.count;
        uint32_t *slots = sc_calloc(t->alloc, nslots, sizeof *slots);
        if (!slots) {
            sc_free(t->alloc, dst);
            return sc_table_nomem(t, NULL, err);
        }
        for (size_t i = 0; i < n; i++) {
            size_t code = (size_t)dst[i];
            if (slots[code]) {
                size_t prev = slots[code] - 1;
                sc_free(t->alloc, slots);
                sc_free(t->alloc, dst);
                return sc_error(err, SCORE_EDATA, NULL, 0, 0,
                                "column \"%s\": rows %zu and %zu have the same key \"%s\"",
                                column, prev, i, values[i]);
            }
            slots[code] = (uint32_t)(i + 1);
        }
        sc_free(t->alloc, t->key_slots);
        t->key_slots = slots;
        t->key_nslots = nslots;
    }
    sc_free(t->alloc, t->cols[col].owned);
    t->cols[col].owned = dst;
    supply(t, col, dst);
    return 0;
}

/* ---- public constructors ---- */

int score_table_new(score_table **out, const score_ruleset *rs, size_t rows, score_error *err)
{
    if (!out || !rs)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_table_new: NULL argument");
    return sc_table_new(out, rs, sc_ruleset_schema(rs), sc_ruleset_allocator(rs), rows, err);
}

const score_read_report *score_table_report(const score_table *t)
{
    return t ? t->report : NULL;
}

/* ---- reading columns back ---- */

int score_table_column(const score_table *t, const char *column, const double **values,
                       score_type *type, score_error *err)
{
    if (!t || !column || !values)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_table_column: NULL argument");
    const sc_schema *s = t->schema;
    size_t j = column_named(s, column);
    if (j == s->ncols)
        return no_column(s, column, err);
    *values = t->cols[j].values;
    if (type)
        *type = s->cols[j].type;
    return 0;
}

const char *score_table_text(const score_table *t, double code)
{
    if (!t || !(code >= 0) || code >= (double)t->dict.count)
        return NULL;
    return sc_table_text(t, code);
}
