/*
 * Filling a column from text cells, read as the data-file readers read
 * them (cell.c): for programs, bindings and databases that hold their
 * data as text, so that "3.5万", "是", "-", " 城关镇 " or a tier's label
 * mean the same as in a CSV file.
 */
#include <math.h>
#include <string.h>

#include "cell.h"
#include "internal.h"
#include "table.h"

/* Read every cell of a number or bool column into v; the first refused
 * cell is SCORE_EDATA naming its row (0-based, as the API counts rows) and
 * the column as the caller named it (id or label), as set_numbers does. */
static int read_cells(const score_table *t, const sc_colspec *spec, const char *column,
                      const char *const *cells, size_t n, double *v, score_error *err)
{
    const sc_strlist *markers = &t->schema->missing_values;
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i];
        if (!s) {
            v[i] = NAN;
            continue;
        }
        const char *why = spec->type == SCORE_TYPE_BOOL
                              ? sc_cell_read_bool(s, strlen(s), &spec->rules, markers, &v[i], NULL)
                              : sc_cell_read_number(s, strlen(s), &spec->rules, markers, &v[i],
                                                    NULL);
        if (why)
            return sc_error(err, SCORE_EDATA, NULL, 0, 0, "column \"%s\": row %zu: \"%.*s\"%s",
                            column, i, sc_cell_shown_len(s, strlen(s)), s, why);
    }
    return 0;
}

/* A text column's cells as the reader reads them: trimmed; a missing
 * marker is missing (a key must have a value); a closed set's label is
 * its id, and a cell outside the set is refused with a did-you-mean. The
 * texts to store go into out[] (NULL missing), copied into *block. */
static int read_texts(const score_table *t, size_t col, const char *column,
                      const char *const *cells, size_t n, const char **out, char **block,
                      score_error *err)
{
    const sc_colspec *spec = &t->schema->cols[col];
    const sc_strlist *markers = &t->schema->missing_values;
    int is_key = col == t->schema->key_col;
    size_t size = 1;
    for (size_t i = 0; i < n; i++)
        size += cells[i] ? strlen(cells[i]) + 1 : 0;
    char *at = *block = sc_malloc(t->alloc, size);
    if (!at)
        return sc_meter_error(&t->meter, "table", NULL, err);
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i];
        size_t len = s ? strlen(s) : 0;
        int missing = !s;
        if (s && is_key) {
            sc_cell_trim_all(&s, &len);
            if (!len || sc_cell_is_missing(s, len, markers))
                return sc_error(err, SCORE_EDATA, NULL, 0, 0, "column \"%s\": row %zu has no key",
                                column, i);
        } else if (s) {
            sc_cell_read_text(&s, &len, markers, &missing, NULL);
        }
        out[i] = NULL;
        if (missing)
            continue;
        if (spec->rules.values) {
            char hint[200];
            int by_label;
            long k = sc_cell_closed_value(spec->rules.values, s, len, &by_label, hint,
                                          sizeof hint);
            if (k < 0)
                return sc_error(err, SCORE_EDATA, NULL, 0, 0,
                                "column \"%s\": row %zu: \"%.*s\" is not one of the values of "
                                "%s%s",
                                column, i, sc_cell_shown_len(s, len), s, spec->name, hint);
            s = spec->rules.values->ids[k];
            len = strlen(s);
        }
        memcpy(at, s, len);
        at[len] = '\0';
        out[i] = at;
        at += len + 1;
    }
    return 0;
}

static int set_text_cells(score_table *t, size_t col, const char *column,
                          const char *const *cells, size_t n, score_error *err)
{
    if (n != t->nrows) /* as set_texts says it */
        return score_table_set_texts(t, column, cells, n, err);
    const char **out = sc_malloc(t->alloc, (n ? n : 1) * sizeof *out);
    char *block = NULL;
    int rc = out ? read_texts(t, col, column, cells, n, out, &block, err)
                 : sc_meter_error(&t->meter, "table", NULL, err);
    if (!rc)
        rc = score_table_set_texts(t, column, out, n, err);
    sc_free(t->alloc, block);
    sc_free(t->alloc, out);
    return rc;
}

int score_table_set_cells(score_table *t, const char *column, const char *const *cells,
                          size_t n, score_error *err)
{
    if (!t || !column || (!cells && n > 0))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "NULL argument");
    size_t col;
    int rc = sc_table_column_index(t, column, &col, err);
    if (rc)
        return rc;
    const sc_colspec *spec = &t->schema->cols[col];
    if (spec->type == SCORE_TYPE_TEXT)
        return set_text_cells(t, col, column, cells, n, err);
    if (n != t->nrows)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "column \"%s\": %zu values for %zu rows",
                        column, n, t->nrows);
    double *v = sc_malloc(t->alloc, (n ? n : 1) * sizeof *v);
    signed char *b = spec->type == SCORE_TYPE_BOOL ? sc_malloc(t->alloc, n ? n : 1) : NULL;
    if (!v || (spec->type == SCORE_TYPE_BOOL && !b))
        rc = sc_meter_error(&t->meter, "table", NULL, err);
    if (!rc)
        rc = read_cells(t, spec, column, cells, n, v, err);
    if (!rc && b) {
        for (size_t i = 0; i < n; i++)
            b[i] = isnan(v[i]) ? -1 : (signed char)v[i];
        rc = score_table_set_bools(t, column, b, n, err);
    } else if (!rc) {
        rc = score_table_set_numbers(t, column, v, n, err);
    }
    sc_free(t->alloc, b);
    sc_free(t->alloc, v);
    return rc;
}
