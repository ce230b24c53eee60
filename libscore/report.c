/* The read report: counts and problems of one read of data (report.h). */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "report.h"
#include "table.h"

score_read_report *sc_report_new(const score_allocator *alloc, const sc_schema *schema)
{
    score_read_report *r = sc_calloc(alloc, 1, sizeof *r);
    if (!r)
        return NULL;
    r->alloc = alloc;
    r->schema = schema;
    r->encoding = SCORE_ENCODING_UTF8;
    r->encoding_name = "UTF-8";
    size_t n = schema->ncols ? schema->ncols : 1;
    r->present = sc_calloc(alloc, n, sizeof *r->present);
    r->cells = sc_calloc(alloc, n, sizeof *r->cells);
    if (!r->present || !r->cells) {
        score_read_report_free(r);
        return NULL;
    }
    return r;
}

void score_read_report_free(score_read_report *r)
{
    if (!r)
        return;
    sc_free(r->alloc, r->present);
    sc_free(r->alloc, r->cells);
    sc_free(r->alloc, r->problems);
    sc_free(r->alloc, r);
}

int sc_report_add(score_read_report *r, const score_error *e, int is_error)
{
    r->counts[is_error ? SCORE_READ_ERRORS : SCORE_READ_WARNINGS]++;
    if (r->nproblems == SC_REPORT_KEPT)
        return 0;
    if (sc_grow(r->alloc, (void **)&r->problems, &r->cap, r->nproblems + 1, sizeof *r->problems))
        return -1;
    r->problems[r->nproblems].e = *e;
    r->problems[r->nproblems].is_error = is_error;
    r->nproblems++;
    return 0;
}

void sc_report_truncate(score_read_report *r, size_t keep)
{
    while (r->nproblems > keep) {
        r->nproblems--;
        r->counts[r->problems[r->nproblems].is_error ? SCORE_READ_ERRORS : SCORE_READ_WARNINGS]--;
    }
}

/* ---- public accessors ---- */

size_t score_read_report_count(const score_read_report *r, score_read_count what)
{
    if (!r || (unsigned)what >= sizeof r->counts / sizeof r->counts[0])
        return 0;
    return r->counts[what];
}

int score_read_report_ok(const score_read_report *r)
{
    return r && r->counts[SCORE_READ_ERRORS] == 0;
}

score_encoding score_read_report_encoding(const score_read_report *r, int *detected)
{
    if (detected)
        *detected = r ? r->encoding_detected : 0;
    return r ? r->encoding : SCORE_ENCODING_UTF8;
}

const char *score_read_report_encoding_name(const score_read_report *r)
{
    return r ? r->encoding_name : "UTF-8";
}

const char *score_read_report_sheet(const score_read_report *r)
{
    return r && r->is_sheet ? r->sheet : NULL;
}

size_t score_read_report_column_count(const score_read_report *r)
{
    return r ? r->schema->ncols : 0;
}

const char *score_read_report_column_name(const score_read_report *r, size_t i)
{
    return r && i < r->schema->ncols ? r->schema->cols[i].name : NULL;
}

int score_read_report_column_present(const score_read_report *r, size_t i)
{
    return r && i < r->schema->ncols ? r->present[i] : 0;
}

/* The missing cells of a column of t (absent: every row). */
static size_t count_missing(const score_table *t, size_t column)
{
    size_t n = 0;
    for (size_t r = 0; r < t->nrows; r++)
        n += isnan(t->cols[column].values[r]);
    return n;
}

size_t score_read_report_cells(const score_read_report *r, size_t column, score_cell_count what)
{
    if (!r || column >= r->schema->ncols || (unsigned)what >= SC_CELL_KINDS)
        return 0;
    if (what == SCORE_CELLS_MISSING && r->table)
        return count_missing(r->table, column); /* no cell of it was refused */
    return r->cells[column][what];
}

void sc_report_count_missing(score_read_report *r, const score_table *t)
{
    for (size_t j = 0; j < r->schema->ncols; j++) {
        /* refused cells of rows kept are NaN too */
        size_t missing = count_missing(t, j), refused = r->cells[j][SCORE_CELLS_REFUSED];
        r->cells[j][SCORE_CELLS_MISSING] = missing > refused ? missing - refused : 0;
    }
}

size_t score_read_report_problem_count(const score_read_report *r)
{
    return r ? r->nproblems : 0;
}

int score_read_report_problem(const score_read_report *r, size_t i, score_error *out)
{
    if (!r || i >= r->nproblems)
        return -1;
    if (out)
        *out = r->problems[i].e;
    return r->problems[i].is_error;
}
