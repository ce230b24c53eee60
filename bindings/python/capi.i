/*
 * The low-level module libscore.capi: score.h as ../score.i wraps it, with
 * the typemaps it asks of a language; the package libscore (libscore/*.py)
 * uses it. Handles are proxies that free their C object (_handle.py: in order).
 */
%module(package="libscore", threads="1") capi
%nothread;

%{
#include <math.h>
#include <string.h>
#include "score/score.h"

/* Raise what libscore._errors.from_c() makes of err; kind is "rule" or
 * "data", the context the code is read in. */
static void score_py_raise(const score_error *err, const char *kind)
{
    PyObject *mod = err->code == SCORE_ENOMEM ? PyErr_NoMemory()
                                              : PyImport_ImportModule("libscore._errors");
    PyObject *exc = mod ? PyObject_CallMethod(mod, "from_c", "sisiis", kind, (int)err->code,
                                              err->source, err->line, err->column, err->message)
                        : NULL;
    if (exc)
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_XDECREF(exc);
    Py_XDECREF(mod);
}

/* A C-contiguous buffer of items of format fmt ("d", "b"), not copied. */
static int score_py_buffer(PyObject *obj, Py_buffer *view, const char *fmt, Py_ssize_t size)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0)
        return -1;
    const char *f = view->format ? view->format : "B";
    if (view->itemsize != size || strcmp(f + (*f && strchr("@=<", *f)), fmt) != 0) {
        PyErr_Format(PyExc_TypeError, "expected a contiguous buffer of format '%s', got '%s'",
                     fmt, f);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Missing cells: None, a float NaN, pandas.NA or NaT. */
static int score_py_missing(PyObject *o)
{
    const char *type = Py_TYPE(o)->tp_name;
    return o == Py_None || (PyFloat_Check(o) && isnan(PyFloat_AS_DOUBLE(o))) ||
           !strcmp(type, "NAType") || !strcmp(type, "NaTType");
}

/* The items of a sequence: a numpy object array's own, read in place, or
 * those of PySequence_Fast(). *seq keeps them alive. */
static PyObject *const *score_py_items(PyObject *obj, PyObject **seq, Py_ssize_t *len)
{
    *seq = PyObject_CheckBuffer(obj) ? PyMemoryView_FromObject(obj) : NULL;
    Py_buffer *view = *seq ? PyMemoryView_GET_BUFFER(*seq) : NULL;
    if (view && view->format && !strcmp(view->format, "O") && view->ndim == 1 &&
        PyBuffer_IsContiguous(view, 'C')) {
        *len = view->shape[0];
        return (PyObject *const *)view->buf;
    }
    Py_XDECREF(*seq);
    PyErr_Clear();
    *seq = PySequence_Fast(obj, "expected a sequence of cells");
    *len = *seq ? PySequence_Fast_GET_SIZE(*seq) : 0;
    return *seq ? PySequence_Fast_ITEMS(*seq) : NULL;
}

/* The cells of a sequence as UTF-8 (NULL missing, others through str()),
 * malloc'd in *cells; *keep holds the texts alive until it is released. */
static int score_py_cells(PyObject *obj, const char ***cells, size_t *n, PyObject **keep)
{
    Py_ssize_t len = 0;
    PyObject *seq = NULL, *const *items = score_py_items(obj, &seq, &len);
    *keep = seq ? PyList_New(1) : NULL; /* the items, then texts made by str() */
    *cells = *keep ? calloc(len ? (size_t)len : 1, sizeof **cells) : NULL;
    *n = (size_t)len;
    if (*keep)
        PyList_SET_ITEM(*keep, 0, seq);
    else
        Py_XDECREF(seq);
    if (*keep && !*cells)
        PyErr_NoMemory();
    for (Py_ssize_t i = 0; *cells && i < len; i++) {
        PyObject *o = items[i];
        if (score_py_missing(o))
            continue;
        if (!PyUnicode_Check(o) && (!(o = PyObject_Str(o)) || PyList_Append(*keep, o) != 0)) {
            Py_XDECREF(o);
            return -1;
        }
        if (o != items[i])
            Py_DECREF(o); /* kept alive by *keep */
        if (!((*cells)[i] = PyUnicode_AsUTF8(o)))
            return -1;
    }
    return *cells ? 0 : -1;
}
%}

/* Errors: filled by the call, raised when set. */
%typemap(in, numinputs=0, noblock=1) score_error *err (score_error e), score_error *rule_err
  (score_error e) { memset(&e, 0, sizeof e); $1 = &e; }
%typemap(argout, noblock=1) score_error *err {
  if ($1->code != SCORE_OK) { Py_CLEAR($result); score_py_raise($1, "data"); SWIG_fail; }
}
%typemap(argout, noblock=1) score_error *rule_err {
  if ($1->code != SCORE_OK) { Py_CLEAR($result); score_py_raise($1, "rule"); SWIG_fail; }
}

/* Text cells from any sequence or object array. */
%typemap(in, noblock=1) (const char *const *cells, size_t n) (PyObject *keep = NULL) {
  if (score_py_cells($input, (const char ***)&$1, &$2, &keep) != 0) SWIG_fail;
}
%typemap(freearg, noblock=1) (const char *const *cells, size_t n) {
  Py_XDECREF(keep$argnum); free((void *)$1);
}

/* Columns in through the buffer protocol. */
%define SCORE_PY_BUFFER(TYPE, FORMAT)
%typemap(in, noblock=1) (const TYPE *values, size_t n) (Py_buffer view = {0}) {
  if (score_py_buffer($input, &view, FORMAT, sizeof(TYPE)) != 0) SWIG_fail;
  $1 = ($1_ltype)view.buf;
  $2 = (size_t)(view.len / (Py_ssize_t)sizeof(TYPE));
}
%typemap(freearg, noblock=1) (const TYPE *values, size_t n) { PyBuffer_Release(&view$argnum); }
%enddef
SCORE_PY_BUFFER(double, "d")
SCORE_PY_BUFFER(signed char, "b")
/* The table would read the caller's array after the call: copy instead. */
%ignore score_table_bind_numbers;

/* A document or data file in memory: str (as UTF-8) or bytes. */
%typemap(in, noblock=1) (const char *text, size_t len) (Py_ssize_t size = 0) {
  if (PyBytes_Check($input) ? PyBytes_AsStringAndSize($input, (char **)&$1, &size) != 0
      : !($1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &size))) SWIG_fail;
  $2 = (size_t)size;
}
%apply (const char *text, size_t len) { (const char *data, size_t len) };

/* Columns out as a copy in bytes (numpy.frombuffer reads them), NULL
 * None; ../score.i defines SCORE_COLUMN_LENGTH before each use. */
%define SCORE_COLUMN_TYPEMAPS
%typemap(out, noblock=1) const double *SCORE_COLUMN, const int *SCORE_COLUMN,
  const unsigned *SCORE_COLUMN, const unsigned char *SCORE_COLUMN, const size_t *SCORE_COLUMN {
  $result = $1 ? PyBytes_FromStringAndSize((const char *)$1,
                                           (Py_ssize_t)((SCORE_COLUMN_LENGTH) * sizeof *$1))
               : (Py_INCREF(Py_None), Py_None);
  if (!$result) SWIG_fail;
}
%enddef

/* A handle is never None: C would be handed NULL. */
%typemap(check, noblock=1) score_ruleset *, const score_ruleset *, score_table *,
  const score_table *, score_result *, const score_result *, score_read_report *,
  const score_read_report * {
  if (!$1) { PyErr_SetString(PyExc_ValueError, "$symname: $1_name is None"); SWIG_fail; }
}

/* The long calls let other Python threads run. */
%thread score_load; %thread score_load_text; %thread score_read; %thread score_parse;
%thread score_read_csv; %thread score_check_data; %thread score_evaluate_table;

%include "../score.i"

