/*
 * Filling a column from text cells, read as the data-file readers read
 * them (cell.c): for programs and bindings that hold their data as text,
 * so that "3.5万", "是" or "-" mean the same as in a CSV file.
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
        return score_table_set_texts(t, column, cells, n, err);
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
