/*
 * The low-level Python module libscore.capi over the C API.
 *
 * Only the pure-Python package `libscore` (this directory's libscore/)
 * uses it. Every function here works a whole column at a time: numbers
 * cross through the buffer protocol (a float64 array in, written into a
 * caller's array out), text columns through one C loop over a Python
 * sequence. Errors are raised as libscore exceptions, built by
 * libscore._errors.from_c() from the score_error a call filled.
 *
 * Handles (rulesets, tables, results) are opaque SWIG pointers; the
 * Python classes own them and call the matching *_free exactly once.
 */
%module(package="libscore") capi

%{
#define SWIG_FILE_WITH_INIT
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "score/score.h"

/* Raise the libscore exception for err: `kind` is "rule" or "data", the
 * context the code is read in (a missing file while loading a ruleset is
 * a rule error, while reading a table a data error). */
static void capi_raise(const score_error *err, const char *kind)
{
    if (err->code == SCORE_ENOMEM) {
        PyErr_NoMemory();
        return;
    }
    PyObject *mod = PyImport_ImportModule("libscore._errors");
    if (!mod)
        return;
    PyObject *exc = PyObject_CallMethod(mod, "from_c", "sisiis", kind, (int)err->code,
                                        err->source, err->line, err->column, err->message);
    Py_DECREF(mod);
    if (!exc)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

/* A C-contiguous buffer of `n` items of format `fmt` ("d", "b", "B", "i"),
 * read-only or writable. Returns 0, or -1 with a Python exception set. */
static int capi_buffer(PyObject *obj, Py_buffer *view, const char *fmt, size_t itemsize,
                       int writable)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0)
        return -1;
    const char *f = view->format ? view->format : "B";
    if (*f == '@' || *f == '=' || *f == '<')
        f++;
    if ((size_t)view->itemsize != itemsize || strcmp(f, fmt) != 0) {
        PyErr_Format(PyExc_TypeError, "expected a contiguous buffer of format '%s', got '%s'",
                     fmt, view->format ? view->format : "B");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* The UTF-8 text of a sequence item, or NULL for a missing cell (None, a
 * float NaN, pandas.NA or NaT). Other objects are converted with str().
 * *hold receives a new reference to keep the text alive (or NULL).
 * Returns 0, or -1 with a Python exception set. */
static int capi_item_text(PyObject *item, const char **text, Py_ssize_t *len, PyObject **hold)
{
    *text = NULL;
    *len = 0;
    *hold = NULL;
    if (item == Py_None)
        return 0;
    if (PyFloat_Check(item) && isnan(PyFloat_AS_DOUBLE(item)))
        return 0;
    if (!PyUnicode_Check(item)) {
        const char *tn = Py_TYPE(item)->tp_name;
        if (strcmp(tn, "NAType") == 0 || strcmp(tn, "NaTType") == 0)
            return 0;
        *hold = PyObject_Str(item);
        if (!*hold)
            return -1;
        item = *hold;
    }
    *text = PyUnicode_AsUTF8AndSize(item, len);
    return *text ? 0 : -1;
}

/* A data error about row `row` (0-based, as in the C API's own messages)
 * of column `column`. */
static void capi_cell_error(const char *column, size_t row, const score_error *why)
{
    score_error e = *why;
    snprintf(e.message, sizeof e.message, "column \"%s\": row %zu: %s", column, row,
             why->message);
    capi_raise(&e, "data");
}
%}

%include "typemaps.i"

/* Every `score_error *err` is filled by the call and raised if set. */
%typemap(in, numinputs=0) score_error *err (score_error temp) {
    memset(&temp, 0, sizeof temp);
    $1 = &temp;
}
%typemap(argout) score_error *err {
    if ($1->code != SCORE_OK) {
        capi_raise($1, "data");
        SWIG_fail;
    }
}
/* rule_err and data_err name the context; err alone is a data error. */
%apply score_error *err { score_error *rule_err, score_error *data_err };
%typemap(argout) score_error *rule_err {
    if ($1->code != SCORE_OK) {
        capi_raise($1, "rule");
        SWIG_fail;
    }
}

/* (const char *text, size_t len): a str, passed as UTF-8 with its length. */
%apply (char *STRING, size_t LENGTH) { (const char *text, size_t len) };

/* Functions that report through a Python exception (a void function
 * cannot say it failed otherwise). */
%exception {
    $action
    if (PyErr_Occurred())
        SWIG_fail;
}

/* Column buffers in and out. */
%typemap(in) (const double *values, size_t n) (Py_buffer view, int got = 0) {
    if (capi_buffer($input, &view, "d", sizeof(double), 0) != 0)
        SWIG_fail;
    got = 1;
    $1 = ($1_ltype)view.buf;
    $2 = (size_t)(view.len / (Py_ssize_t)sizeof(double));
}
%typemap(freearg) (const double *values, size_t n) {
    if (got$argnum)
        PyBuffer_Release(&view$argnum);
}
%typemap(in) (const signed char *values, size_t n) (Py_buffer view, int got = 0) {
    if (capi_buffer($input, &view, "b", 1, 0) != 0)
        SWIG_fail;
    got = 1;
    $1 = ($1_ltype)view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const signed char *values, size_t n) {
    if (got$argnum)
        PyBuffer_Release(&view$argnum);
}
/* A numpy object array (format "O"): the cells of a text column, or of
 * a column held as text, read in C without a Python list. */
%typemap(in) (PyObject *const *cells, size_t n) (Py_buffer view, int got = 0) {
    if (capi_buffer($input, &view, "O", sizeof(PyObject *), 0) != 0)
        SWIG_fail;
    got = 1;
    $1 = ($1_ltype)view.buf;
    $2 = (size_t)(view.len / (Py_ssize_t)sizeof(PyObject *));
}
%typemap(freearg) (PyObject *const *cells, size_t n) {
    if (got$argnum)
        PyBuffer_Release(&view$argnum);
}
%typemap(in) (double *out, size_t n) (Py_buffer view, int got = 0) {
    if (capi_buffer($input, &view, "d", sizeof(double), 1) != 0)
        SWIG_fail;
    got = 1;
    $1 = (double *)view.buf;
    $2 = (size_t)(view.len / (Py_ssize_t)sizeof(double));
}
%typemap(freearg) (double *out, size_t n) {
    if (got$argnum)
        PyBuffer_Release(&view$argnum);
}
%typemap(in) (int *out, size_t n) (Py_buffer view, int got = 0) {
    if (capi_buffer($input, &view, "i", sizeof(int), 1) != 0)
        SWIG_fail;
    got = 1;
    $1 = (int *)view.buf;
    $2 = (size_t)(view.len / (Py_ssize_t)sizeof(int));
}
%typemap(freearg) (int *out, size_t n) {
    if (got$argnum)
        PyBuffer_Release(&view$argnum);
}
%typemap(in) (signed char *out, size_t n) (Py_buffer view, int got = 0) {
    if (capi_buffer($input, &view, "b", 1, 1) != 0)
        SWIG_fail;
    got = 1;
    $1 = (signed char *)view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (signed char *out, size_t n) {
    if (got$argnum)
        PyBuffer_Release(&view$argnum);
}

%apply (double *out, size_t n) { (double *out, size_t nout) };

/* Functions returning a new Python object build it themselves. */
%typemap(out) PyObject * {
    $result = $1;
    if (!$result)
        SWIG_fail;
}

/* A handle is never None: C would be handed NULL. */
%typemap(check) score_ruleset *, const score_ruleset *, score_table *, const score_table *,
                score_result *, const score_result * {
    if (!$1) {
        PyErr_SetString(PyExc_ValueError, "$1_name is None");
        SWIG_fail;
    }
}

/* The opaque handles. */
typedef struct score_ruleset score_ruleset;
typedef struct score_table score_table;
typedef struct score_result score_result;

/* Plain accessors of the C API, wrapped as they are. */
const char *score_version(void);
size_t score_builtin_count(void);
const char *score_builtin_id(size_t i);
const char *score_builtin_title(size_t i);

void score_ruleset_free(score_ruleset *rs);
const char *score_ruleset_id(const score_ruleset *rs);
const char *score_ruleset_version(const score_ruleset *rs);
const char *score_ruleset_title(const score_ruleset *rs);
const char *score_ruleset_entity(const score_ruleset *rs);
const char *score_ruleset_key(const score_ruleset *rs);
const char *score_ruleset_hash(const score_ruleset *rs);
size_t score_ruleset_field_count(const score_ruleset *rs);
const char *score_ruleset_field_id(const score_ruleset *rs, size_t i);
const char *score_ruleset_field_label(const score_ruleset *rs, size_t i);
int score_ruleset_field_type(const score_ruleset *rs, size_t i);
size_t score_ruleset_criterion_count(const score_ruleset *rs);
const char *score_ruleset_criterion_id(const score_ruleset *rs, size_t i);
const char *score_ruleset_criterion_label(const score_ruleset *rs, size_t i);
const char *score_ruleset_criterion_expr(const score_ruleset *rs, size_t i);
size_t score_ruleset_param_count(const score_ruleset *rs);
const char *score_ruleset_param_name(const score_ruleset *rs, size_t i);
const char *score_ruleset_param_label(const score_ruleset *rs, size_t i);
const char *score_ruleset_param_value(const score_ruleset *rs, size_t i);
const char *score_ruleset_param_default(const score_ruleset *rs, size_t i);
size_t score_ruleset_scorecard_count(const score_ruleset *rs);
const char *score_ruleset_scorecard_id(const score_ruleset *rs, size_t i);
const char *score_ruleset_scorecard_label(const score_ruleset *rs, size_t i);
int score_ruleset_scorecard_has_grades(const score_ruleset *rs, size_t i);
size_t score_ruleset_tier_count(const score_ruleset *rs);
const char *score_ruleset_tier_id(const score_ruleset *rs, size_t i);
const char *score_ruleset_tier_label(const score_ruleset *rs, size_t i);
double score_ruleset_tier_quota(const score_ruleset *rs, size_t i);
double score_ruleset_tier_cap(const score_ruleset *rs, size_t i);
size_t score_ruleset_tier_require_count(const score_ruleset *rs, size_t i);
const char *score_ruleset_tier_require(const score_ruleset *rs, size_t i, size_t k);
size_t score_ruleset_tier_extends(const score_ruleset *rs, size_t i);
size_t score_ruleset_target_count(const score_ruleset *rs);
const char *score_ruleset_target_id(const score_ruleset *rs, size_t i);
const char *score_ruleset_target_label(const score_ruleset *rs, size_t i);
const char *score_ruleset_target_expr(const score_ruleset *rs, size_t i);
int score_ruleset_target_year(const score_ruleset *rs, size_t i);
const char *score_ruleset_target_aggregate(const score_ruleset *rs, size_t i);

void score_table_free(score_table *t);
size_t score_table_row_count(const score_table *t);
size_t score_table_absent_count(const score_table *t);
const char *score_table_absent_name(const score_table *t, size_t i);
size_t score_table_find_key(const score_table *t, const char *key);

void score_result_free(score_result *r);
size_t score_result_row_count(const score_result *r);
size_t score_result_outcome_count(const score_result *r);
size_t score_result_applicants(const score_result *r);

%ignore load;

%inline %{
/* ---- rulesets ---- */

/* Load a built-in id or a path (text == NULL), or a document given as
 * text, with parameter overrides as parallel sequences of names and
 * values. */
static score_ruleset *load(const char *name_or_path, const char *text, size_t len,
                           const char *source, PyObject *names, PyObject *values,
                           score_error *rule_err)
{
    score_ruleset *rs = NULL;
    Py_ssize_t n = PySequence_Size(names);
    if (n < 0 || n != PySequence_Size(values)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "parameter names and values differ in length");
        return NULL;
    }
    score_param *params = calloc(n ? (size_t)n : 1, sizeof *params);
    PyObject **hold = calloc(n ? 2 * (size_t)n : 1, sizeof *hold);
    if (!params || !hold) {
        free(params);
        free(hold);
        PyErr_NoMemory();
        return NULL;
    }
    int ok = 1;
    for (Py_ssize_t i = 0; ok && i < n; i++) {
        PyObject *k = PySequence_GetItem(names, i);
        PyObject *v = k ? PySequence_GetItem(values, i) : NULL;
        Py_ssize_t klen, vlen;
        const char *ks = NULL, *vs = NULL;
        ok = k && v && capi_item_text(k, &ks, &klen, &hold[2 * i]) == 0 &&
             capi_item_text(v, &vs, &vlen, &hold[2 * i + 1]) == 0;
        if (ok && (!ks || !vs)) {
            PyErr_SetString(PyExc_TypeError, "a parameter name or value is missing");
            ok = 0;
        }
        /* The texts live in k and v, or in hold: keep k and v too. */
        if (ok) {
            params[i].name = ks;
            params[i].value = vs;
        }
        if (ok && !hold[2 * i])
            hold[2 * i] = k, k = NULL;
        if (ok && !hold[2 * i + 1])
            hold[2 * i + 1] = v, v = NULL;
        Py_XDECREF(k);
        Py_XDECREF(v);
    }
    if (ok) {
        score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
        opts.params = params;
        opts.param_count = (size_t)n;
        int rc;
        Py_BEGIN_ALLOW_THREADS
        if (text)
            rc = score_ruleset_load_string(&rs, text, len, source, &opts, rule_err);
        else
            rc = score_ruleset_load(&rs, name_or_path, &opts, rule_err);
        Py_END_ALLOW_THREADS
        (void)rc;
    }
    for (Py_ssize_t i = 0; i < 2 * n; i++)
        Py_XDECREF(hold[i]);
    free(hold);
    free(params);
    return rs;
}

static score_ruleset *capi_load(const char *name_or_path, PyObject *names, PyObject *values,
                                score_error *rule_err)
{
    return load(name_or_path, NULL, 0, NULL, names, values, rule_err);
}

static score_ruleset *capi_load_text(const char *text, size_t len, const char *source,
                                     PyObject *names, PyObject *values, score_error *rule_err)
{
    return load(NULL, text, len, source, names, values, rule_err);
}

/* The years of a year-indexed field as a list of ints (empty if plain). */
static PyObject *capi_field_years(const score_ruleset *rs, size_t i)
{
    size_t n = 0;
    const int *years = score_ruleset_field_years(rs, i, &n);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; list && k < n; k++) {
        PyObject *y = PyLong_FromLong(years[k]);
        if (!y) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)k, y);
    }
    return list;
}

/* The items of scorecard sc: a list of (id, label, expr, deduction, max). */
static PyObject *capi_scorecard_items(const score_ruleset *rs, size_t sc)
{
    size_t n = score_ruleset_item_count(rs, sc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; list && k < n; k++) {
        score_item_info info;
        PyObject *item = NULL;
        if (score_ruleset_item(rs, sc, k, &info) == 0)
            item = Py_BuildValue("(sssOd)", info.id, info.label, info.expr,
                                 info.deduction ? Py_True : Py_False, info.max);
        else
            PyErr_SetString(PyExc_IndexError, "no such scorecard item");
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)k, item);
    }
    return list;
}

/* ---- tables ---- */

static score_table *capi_read_csv(const score_ruleset *rs, const char *path,
                                  score_error *data_err)
{
    score_table *t = NULL;
    Py_BEGIN_ALLOW_THREADS
    score_table_read_csv(&t, rs, path, data_err);
    Py_END_ALLOW_THREADS
    return t;
}

/* The read options of score_read_options, as the Python keywords give
 * them: encoding and format as their enum values, sheet NULL for the
 * first, header_row 0 for the one found. */
static score_read_options capi_read_options(int encoding, int format, const char *sheet,
                                            size_t header_row, int skip_totals, int strict)
{
    score_read_options opts = SCORE_READ_OPTIONS_INIT;
    opts.encoding = (score_encoding)encoding;
    opts.format = (score_data_format)format;
    opts.sheet = sheet;
    opts.header_row = header_row;
    opts.skip_totals = skip_totals;
    opts.strict = strict;
    return opts;
}

/* Read a data file (CSV/TSV text in any encoding, or .xlsx) with the C
 * reader; its report stays with the table (capi_table_report()). */
static score_table *capi_read(const score_ruleset *rs, const char *path, int encoding,
                              int format, const char *sheet, size_t header_row,
                              int skip_totals, int strict, score_error *data_err)
{
    score_table *t = NULL;
    score_read_options opts =
        capi_read_options(encoding, format, sheet, header_row, skip_totals, strict);
    Py_BEGIN_ALLOW_THREADS
    score_table_read(&t, rs, path, &opts, data_err);
    Py_END_ALLOW_THREADS
    return t;
}

/* A report as a dict: counts, encoding, sheet, columns (name -> (present,
 * 9 cell counts)), problems ((is_error, code, source, line, column,
 * message), in the order found), ok. */
static PyObject *capi_report_dict(const score_read_report *r)
{
    int detected = 0;
    score_encoding enc = score_read_report_encoding(r, &detected);
    const char *sheet = score_read_report_sheet(r);
    PyObject *d = Py_BuildValue(
        "{s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:O,s:i,s:s,s:O,s:z}",
        "rows", (Py_ssize_t)score_read_report_count(r, SCORE_READ_ROWS),
        "blank_rows", (Py_ssize_t)score_read_report_count(r, SCORE_READ_BLANK_ROWS),
        "total_rows", (Py_ssize_t)score_read_report_count(r, SCORE_READ_TOTAL_ROWS),
        "title_rows", (Py_ssize_t)score_read_report_count(r, SCORE_READ_TITLE_ROWS),
        "header_row", (Py_ssize_t)score_read_report_count(r, SCORE_READ_HEADER_ROW),
        "errors", (Py_ssize_t)score_read_report_count(r, SCORE_READ_ERRORS),
        "warnings", (Py_ssize_t)score_read_report_count(r, SCORE_READ_WARNINGS),
        "ok", score_read_report_ok(r) ? Py_True : Py_False,
        "encoding_code", (int)enc,
        "encoding", score_read_report_encoding_name(r),
        "encoding_detected", detected ? Py_True : Py_False,
        "sheet", sheet);
    if (!d)
        return NULL;
    size_t nc = score_read_report_column_count(r);
    PyObject *cols = PyList_New((Py_ssize_t)nc);
    for (size_t i = 0; cols && i < nc; i++) {
        PyObject *c = Py_BuildValue(
            "(sO(nnnnnnnnn))", score_read_report_column_name(r, i),
            score_read_report_column_present(r, i) ? Py_True : Py_False,
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_MISSING),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_REFUSED),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_TRIMMED),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_WIDTH),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_GROUPS),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_UNIT),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_MARKER),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_SPELLING),
            (Py_ssize_t)score_read_report_cells(r, i, SCORE_CELLS_LABEL));
        if (!c) {
            Py_CLEAR(cols);
            break;
        }
        PyList_SET_ITEM(cols, (Py_ssize_t)i, c);
    }
    size_t np = score_read_report_problem_count(r);
    PyObject *probs = cols ? PyList_New((Py_ssize_t)np) : NULL;
    for (size_t i = 0; probs && i < np; i++) {
        score_error e;
        memset(&e, 0, sizeof e);
        int is_error = score_read_report_problem(r, i, &e);
        PyObject *p = Py_BuildValue("(Oiziis)", is_error > 0 ? Py_True : Py_False, (int)e.code,
                                    e.source[0] ? e.source : NULL, e.line, e.column, e.message);
        if (!p) {
            Py_CLEAR(probs);
            break;
        }
        PyList_SET_ITEM(probs, (Py_ssize_t)i, p);
    }
    if (!cols || !probs || PyDict_SetItemString(d, "columns", cols) != 0 ||
        PyDict_SetItemString(d, "problems", probs) != 0) {
        Py_XDECREF(cols);
        Py_XDECREF(probs);
        Py_DECREF(d);
        return NULL;
    }
    Py_DECREF(cols);
    Py_DECREF(probs);
    return d;
}

/* The report of the read that made t (a dict, see capi_report_dict()),
 * or None for a table not read from a file. */
static PyObject *capi_table_report(const score_table *t)
{
    const score_read_report *r = score_table_report(t);
    if (!r) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    return capi_report_dict(r);
}

/* Check a data file (score_data_check()): its report as a dict. */
static PyObject *capi_data_check(const score_ruleset *rs, const char *path, int encoding,
                                 int format, const char *sheet, size_t header_row,
                                 int skip_totals, int strict, score_error *data_err)
{
    score_read_report *r = NULL;
    score_read_options opts =
        capi_read_options(encoding, format, sheet, header_row, skip_totals, strict);
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = score_data_check(&r, rs, path, &opts, data_err);
    Py_END_ALLOW_THREADS
    if (rc != 0) {
        Py_INCREF(Py_None);
        return Py_None; /* the err typemap raises */
    }
    PyObject *d = capi_report_dict(r);
    score_read_report_free(r);
    return d;
}

/* The type of a table's column (1 bool, 2 number, 3 text). */
static int capi_column_type(const score_table *t, const char *column, score_error *data_err)
{
    const double *v = NULL;
    score_type type = SCORE_TYPE_NUMBER;
    if (score_table_column(t, column, &v, &type, data_err) != 0)
        return 0;
    return (int)type;
}

/* The values of a number or bool column into `out` (NaN missing). */
static void capi_column_values(const score_table *t, const char *column, double *out,
                               size_t n, score_error *data_err)
{
    const double *v = NULL;
    if (score_table_column(t, column, &v, NULL, data_err) != 0)
        return;
    if (n != score_table_row_count(t)) {
        PyErr_SetString(PyExc_ValueError, "output differs in length from the table");
        return;
    }
    if (n)
        memcpy(out, v, n * sizeof *out);
}

/* The cells of a text column as a list of str (None where missing). */
static PyObject *capi_column_texts(const score_table *t, const char *column,
                                   score_error *data_err)
{
    const double *v = NULL;
    if (score_table_column(t, column, &v, NULL, data_err) != 0) {
        Py_INCREF(Py_None);
        return Py_None; /* the err typemap raises */
    }
    size_t n = score_table_row_count(t);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        const char *s = score_table_text(t, v[i]);
        PyObject *o = s ? PyUnicode_FromString(s) : (Py_INCREF(Py_None), Py_None);
        if (!o) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, o);
    }
    return list;
}

static score_table *capi_table_new(const score_ruleset *rs, size_t rows, score_error *data_err)
{
    score_table *t = NULL;
    score_table_new(&t, rs, rows, data_err);
    return t;
}

static void capi_set_numbers(score_table *t, const char *column, const double *values,
                             size_t n, score_error *data_err)
{
    score_table_set_numbers(t, column, values, n, data_err);
}

static void capi_set_bools(score_table *t, const char *column, const signed char *values,
                           size_t n, score_error *data_err)
{
    score_table_set_bools(t, column, values, n, data_err);
}

/* A text column from an object array: None, NaN and pandas.NA are
 * missing, other objects are converted with str(). */
static void capi_set_texts(score_table *t, const char *column, PyObject *const *cells,
                           size_t n, score_error *data_err)
{
    const char **texts = calloc(n ? n : 1, sizeof *texts);
    PyObject **hold = calloc(n ? n : 1, sizeof *hold);
    size_t i = 0;
    if (!texts || !hold)
        PyErr_NoMemory();
    for (; texts && hold && i < n; i++) {
        Py_ssize_t len;
        if (capi_item_text(cells[i], &texts[i], &len, &hold[i]) != 0)
            break;
    }
    if (texts && hold && i == n)
        score_table_set_texts(t, column, texts, n, data_err);
    for (size_t k = 0; hold && k < i; k++)
        Py_XDECREF(hold[k]);
    free(hold);
    free(texts);
}

/* Read cells as the CSV reader reads text (numbers with units like "3万"
 * or "30%"; bools as 是/否, true/false, 1/0) into `out`: numbers for a
 * number column, 1/0/NaN for a bool column. Python numbers and bools pass
 * as they are; None, NaN and pandas.NA are missing. The cells come as an
 * object array (`cells`) of the same length as `out`. */
static void capi_parse_cells(PyObject *const *cells, size_t n, int is_bool,
                             const char *column, double *out, size_t nout)
{
    if (nout != n) {
        PyErr_SetString(PyExc_ValueError, "cells and output differ in length");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *item = cells[i];
        if (PyBool_Check(item) || PyLong_Check(item) || PyFloat_Check(item)) {
            out[i] = PyFloat_AsDouble(item);
            if (out[i] == -1.0 && PyErr_Occurred())
                return;
            if (is_bool && !isnan(out[i]) && out[i] != 0 && out[i] != 1) {
                score_error why = {SCORE_EDATA, 0, 0, "", ""};
                snprintf(why.message, sizeof why.message,
                         "%g is not yes or no (write 是/否, 1/0, √/×, Y/N, yes/no, true/false or 有/无)", out[i]);
                capi_cell_error(column, i, &why);
                return;
            }
            continue;
        }
        const char *s;
        Py_ssize_t len;
        PyObject *hold;
        if (capi_item_text(item, &s, &len, &hold) != 0)
            return;
        score_error why;
        int rc = 0;
        if (!s) {
            out[i] = NAN;
        } else if (is_bool) {
            int b;
            rc = score_parse_bool(s, (size_t)len, &b, &why);
            out[i] = b < 0 ? NAN : b;
        } else {
            rc = score_parse_number(s, (size_t)len, &out[i], &why);
        }
        Py_XDECREF(hold);
        if (rc) {
            capi_cell_error(column, i, &why);
            return;
        }
    }
}

/* The keys of a table's rows as a list of str (None where missing). */
static PyObject *capi_table_keys(const score_table *t)
{
    size_t n = score_table_row_count(t);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        const char *k = score_table_key(t, i);
        PyObject *s = k ? PyUnicode_FromString(k) : (Py_INCREF(Py_None), Py_None);
        if (!s) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    return list;
}

/* ---- results ---- */

/* `applicants`: the base of caps when the table is a part of the
 * population (scale-out); 0 for the table's own eligible rows. */
static score_result *capi_evaluate(const score_ruleset *rs, const score_table *t,
                                   unsigned threads, size_t applicants, score_error *data_err)
{
    score_result *r = NULL;
    score_eval_options opts = SCORE_EVAL_OPTIONS_INIT;
    opts.threads = threads;
    opts.applicants = applicants;
    Py_BEGIN_ALLOW_THREADS
    score_evaluate_with(&r, rs, t, &opts, data_err);
    Py_END_ALLOW_THREADS
    return r;
}

/* Verdicts of criterion c into `out`: 1 true, 0 false, -1 unknown. */
static void capi_verdicts(const score_result *r, size_t c, signed char *out, size_t n)
{
    const unsigned char *v = score_result_verdicts(r, c);
    for (size_t i = 0; v && i < n; i++)
        out[i] = v[i] == SCORE_UNKNOWN ? -1 : (signed char)v[i];
}

/* Eligibility of every row, as capi_verdicts(). */
static void capi_eligible(const score_result *r, signed char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        score_verdict v = score_result_eligible(r, i);
        out[i] = v == SCORE_UNKNOWN ? -1 : (signed char)v;
    }
}

static void capi_scores(const score_result *r, size_t sc, double *out, size_t n)
{
    const double *v = score_result_scores(r, sc);
    if (v)
        memcpy(out, v, n * sizeof *out);
}

static void capi_rank_scores(const score_result *r, double *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = score_result_rank_score(r, i);
}

/* Each row's 1-based place among the candidates of level `tier` (0: not
 * a candidate there). */
static void capi_tier_ranks(const score_result *r, size_t tier, int *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = score_result_tier_rank(r, tier, i);
        out[i] = k > INT_MAX ? INT_MAX : (int)k;
    }
}

/* Awarded (which == 0) or qualified (which == 1) level per row; -1 none. */
static void capi_levels(const score_result *r, int which, int *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = which ? score_result_qualified(r, i) : score_result_tier(r, i);
}

/* The grades of scorecard sc per row: a list of str or None. */
static PyObject *capi_grades(const score_result *r, size_t sc)
{
    size_t n = score_result_row_count(r);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        const char *g = score_result_grade(r, sc, i);
        PyObject *s = g ? PyUnicode_FromString(g) : (Py_INCREF(Py_None), Py_None);
        if (!s) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    return list;
}

/* Target outcome i as a tuple: (target, scope, op, actual, required,
 * verdict, shortfall, population, satisfied, unknown, failing rows). */
static PyObject *capi_outcome(const score_result *r, size_t i)
{
    score_target_outcome o;
    if (score_result_outcome(r, i, &o) != 0) {
        PyErr_SetString(PyExc_IndexError, "no such target outcome");
        return NULL;
    }
    PyObject *failing = PyList_New((Py_ssize_t)o.nfailing);
    for (size_t k = 0; failing && k < o.nfailing; k++) {
        PyObject *row = PyLong_FromSize_t(o.failing[k]);
        if (!row) {
            Py_CLEAR(failing);
            break;
        }
        PyList_SET_ITEM(failing, (Py_ssize_t)k, row);
    }
    if (!failing)
        return NULL;
    static const char *const verdicts[] = {"not_met", "met", "unknown"};
    return Py_BuildValue("(nssddsdnnnN)", (Py_ssize_t)o.target, o.scope, o.op, o.actual,
                         o.required, verdicts[o.verdict], o.shortfall,
                         (Py_ssize_t)o.population, (Py_ssize_t)o.satisfied,
                         (Py_ssize_t)o.unknown, failing);
}

/* The partial aggregates of outcome i: (target, population, satisfied,
 * unknown, known, sum, min, max). */
static PyObject *capi_partial(const score_result *r, size_t i)
{
    score_target_partial p;
    if (score_result_partial(r, i, &p) != 0) {
        PyErr_SetString(PyExc_IndexError, "no such target outcome");
        return NULL;
    }
    return Py_BuildValue("(nnnnnddd)", (Py_ssize_t)p.target, (Py_ssize_t)p.population,
                         (Py_ssize_t)p.satisfied, (Py_ssize_t)p.unknown, (Py_ssize_t)p.known,
                         p.sum, p.min, p.max);
}

/* Combine the partials (a sequence of capi_partial() tuples, of one
 * target) into an outcome tuple as capi_outcome() gives, with scope None
 * and no failing rows. */
static PyObject *capi_combine(const score_ruleset *rs, PyObject *partials, score_error *data_err)
{
    PyObject *seq = PySequence_Fast(partials, "expected a sequence of partials");
    if (!seq)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    score_target_partial *parts = calloc(n ? (size_t)n : 1, sizeof *parts);
    PyObject *result = NULL;
    Py_ssize_t i = 0;
    if (!parts)
        PyErr_NoMemory();
    for (; parts && i < n; i++) {
        score_target_partial *p = &parts[i];
        Py_ssize_t target, population, satisfied, unknown, known;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "nnnnnddd", &target, &population,
                              &satisfied, &unknown, &known, &p->sum, &p->min, &p->max))
            break;
        if (target < 0 || population < 0 || satisfied < 0 || unknown < 0 || known < 0) {
            PyErr_SetString(PyExc_ValueError, "a negative count in a partial");
            break;
        }
        p->target = (size_t)target;
        p->population = (size_t)population;
        p->satisfied = (size_t)satisfied;
        p->unknown = (size_t)unknown;
        p->known = (size_t)known;
    }
    score_target_outcome o;
    if (parts && i == n && score_target_combine(rs, parts, (size_t)n, &o, data_err) == 0) {
        static const char *const verdicts[] = {"not_met", "met", "unknown"};
        result = Py_BuildValue("(nOsddsdnnn[])", (Py_ssize_t)o.target, Py_None, o.op, o.actual,
                               o.required, verdicts[o.verdict], o.shortfall,
                               (Py_ssize_t)o.population, (Py_ssize_t)o.satisfied,
                               (Py_ssize_t)o.unknown);
    } else if (!PyErr_Occurred() && data_err->code == SCORE_OK) {
        PyErr_SetString(PyExc_ValueError, "could not combine the partials");
    }
    free(parts);
    Py_DECREF(seq);
    if (!result && !PyErr_Occurred()) {
        Py_INCREF(Py_None);
        return Py_None; /* the err typemap raises */
    }
    return result;
}

/* An explanation of row `row` (outcome < 0) or of target outcome
 * `outcome`, as text (json == 0) or JSON. */
static PyObject *capi_explain(const score_result *r, const score_table *t, size_t row,
                              long outcome, int json, score_error *data_err)
{
    char *s = NULL;
    score_explain_format f = json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT;
    int rc = outcome < 0 ? score_explain_row(&s, r, t, row, f, data_err)
                         : score_explain_outcome(&s, r, t, (size_t)outcome, f, data_err);
    if (rc) {
        Py_INCREF(Py_None);
        return Py_None; /* the err typemap raises */
    }
    PyObject *text = PyUnicode_FromString(s);
    score_string_free(r, s);
    return text;
}
%}
