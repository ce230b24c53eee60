/*
 * The C API as every binding sees it: include/score/score.h itself, read
 * by SWIG, plus the few calls a language cannot make as C has them. Each
 * language's module (python/capi.i, java/score_java.i) defines its
 * typemaps first, then %includes this file. They are:
 *
 *   score_error *err, *rule_err   hidden; raise or throw when filled
 *                                 (rule_err: the failure is the ruleset's)
 *   (const char *const *cells, size_t n)
 *                                 a sequence of strings in, None/null missing
 *   (const double *values, size_t n), (const signed char *values, size_t n)
 *                                 a column in, without a copy where possible
 *   (const char *text, size_t len), (const char *data, size_t len)
 *                                 a document or a data file held in memory
 *   const TYPE *SCORE_COLUMN      TYPE double, int, unsigned, unsigned char
 *                                 or size_t: a borrowed array out, copied
 *                                 into the language; its length is
 *                                 SCORE_COLUMN_LENGTH. SWIG expands macros
 *                                 when a typemap is defined, not when it is
 *                                 %applied: so these are defined in the
 *                                 macro SCORE_COLUMN_TYPEMAPS, which this
 *                                 file expands after each definition of
 *                                 SCORE_COLUMN_LENGTH
 *
 * Handles (rulesets, tables, results, reports) are classes that own their
 * C object: the functions here that make one are %newobject, and the
 * destructor frees it. A table or result must be released before the
 * ruleset it came from: the language's own classes keep that order.
 */
%{
#include <stdlib.h>
#include <string.h>
#include "score/score.h"

/* A copy of s with malloc (strdup is not C11), NULL for NULL. */
static char *score_binding_strdup(const char *s)
{
    size_t n = s ? strlen(s) + 1 : 0;
    char *copy = n ? malloc(n) : NULL;
    if (copy)
        memcpy(copy, s, n);
    return copy;
}
%}

#define SCORE_EXPORT

/* ---- handles ---- */

%define SCORE_HANDLE(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
  ~TYPE() { FREE($self); }
}
%enddef
SCORE_HANDLE(score_ruleset, score_ruleset_free)
SCORE_HANDLE(score_table, score_table_free)
SCORE_HANDLE(score_result, score_result_free)
SCORE_HANDLE(score_read_report, score_read_report_free)
/* The report a table keeps is the table's: only a check's is the caller's. */
%ignore score_table_report;
%ignore score_ruleset_free;
%ignore score_table_free;
%ignore score_result_free;
%ignore score_read_report_free;

/* ---- options: made with their defaults, the sheet name copied ---- */

%define SCORE_OPTIONS(TYPE, INIT)
%extend TYPE {
  TYPE() {
    TYPE init = INIT, *o = malloc(sizeof *o);
    if (o)
      *o = init;
    return o;
  }
}
%enddef
SCORE_OPTIONS(score_eval_options, SCORE_EVAL_OPTIONS_INIT)
SCORE_OPTIONS(score_read_options, SCORE_READ_OPTIONS_INIT)
%extend score_read_options {
  ~score_read_options() {
    free((char *)$self->sheet);
    free($self);
  }
}
%typemap(memberin, noblock=1) const char *sheet {
  free((char *)$1);
  $1 = score_binding_strdup($input);
}
%immutable score_read_options::version;
%immutable score_eval_options::version;
%ignore score_read_options::keep_going; /* score_data_check() sets it */

/* Read-only views of what the library fills in. */
%immutable score_target_outcome;
%immutable score_item_info;
%immutable score_error;

/* ---- what no binding offers: callbacks, allocators, C-only forms ---- */

%ignore score_allocator;
%ignore score_diagnostic_fn;
%ignore score_case_fn;
%ignore score_run_cases;
%ignore score_load_options;
%ignore score_limits;
%ignore score_limits_default;
%ignore score_param;
%ignore score_error_format;
%ignore score_format_number;
%ignore score_string_free;
%ignore score_table_column;
%ignore SCORE_LOAD_OPTIONS_INIT;
%ignore SCORE_EVAL_OPTIONS_INIT;
%ignore SCORE_READ_OPTIONS_INIT;
/* made through the constructors below, which return the handle */
%ignore score_ruleset_load_file;
%ignore score_ruleset_load_string;
%ignore score_ruleset_load_builtin;
%ignore score_ruleset_load;
%ignore score_table_read_csv;
%ignore score_table_parse_csv;
%ignore score_table_read;
%ignore score_table_parse;
%ignore score_table_new;
%ignore score_data_check;
%ignore score_evaluate;
%ignore score_evaluate_with;
%ignore score_evaluate_into; /* not bound yet: the bindings evaluate into new results */
%ignore score_explain_row;
%ignore score_explain_outcome;

/* ---- columns out ---- */

#define SCORE_COLUMN_LENGTH score_result_row_count(arg1)
SCORE_COLUMN_TYPEMAPS
%apply const unsigned char *SCORE_COLUMN {
  const unsigned char *score_result_verdicts, const unsigned char *score_result_eligibility,
  const unsigned char *score_result_tier_met_column };
%apply const double *SCORE_COLUMN {
  const double *score_result_scores, const double *score_result_rank_scores };
%apply const int *SCORE_COLUMN {
  const int *score_result_grades, const int *score_result_vetoes, const int *score_result_tiers,
  const int *score_result_qualified_tiers, const int *score_result_step_limits };
%apply const unsigned *SCORE_COLUMN { const unsigned *score_result_tier_ranks };
#undef SCORE_COLUMN_LENGTH

#define SCORE_COLUMN_LENGTH arg1->nfailing
SCORE_COLUMN_TYPEMAPS
%apply const size_t *SCORE_COLUMN { const size_t *failing };
#undef SCORE_COLUMN_LENGTH

#define SCORE_COLUMN_LENGTH *arg3
SCORE_COLUMN_TYPEMAPS
%typemap(in, numinputs=0, noblock=1) size_t *count (size_t count = 0) {
  $1 = &count;
}
%apply const int *SCORE_COLUMN { const int *score_ruleset_field_years };
#undef SCORE_COLUMN_LENGTH

/* One value out through a pointer. */
%include "typemaps.i"
%apply int *OUTPUT { int *detected, score_encoding *out };
%apply double *OUTPUT { double *out };

/* Partial aggregates in, for score_target_combine(). */
%include "carrays.i"
%array_functions(score_target_partial, score_partials)

%include "score/score.h"

/* ---- the calls C makes through `**out`, returning the handle ---- */

%newobject score_load;
%newobject score_load_text;
%newobject score_read;
%newobject score_parse;
%newobject score_read_csv;
%newobject score_parse_csv;
%newobject score_new_table;
%newobject score_check_data;
%newobject score_evaluate_table;
%newobject score_explain_row_text;
%newobject score_explain_outcome_text;
%newobject score_number_text;
%typemap(newfree) char *score_explain_row_text, char *score_explain_outcome_text
  "score_string_free(arg1, $1);"
%typemap(newfree) char *score_number_text "free($1);"

%inline %{
/* Parameter overrides, NAME=VALUE each, as score_load_options carries
 * them; the strings stay the caller's. NULL with err filled on failure. */
static score_param *score_binding_params(const char *const *cells, size_t n,
                                         score_error *err)
{
    score_param *params = calloc(n ? n : 1, sizeof *params);
    char *names = NULL;
    size_t room = 0;
    for (size_t i = 0; params && i < n; i++)
        room += cells[i] ? strlen(cells[i]) + 1 : 0;
    names = params ? malloc(room ? room : 1) : NULL;
    if (!params || !names) {
        free(params);
        free(names);
        memset(err, 0, sizeof *err);
        err->code = SCORE_ENOMEM;
        strcpy(err->message, "out of memory");
        return NULL;
    }
    /* names[] holds every name, NUL-terminated; params[0].name is its start */
    char *at = names;
    for (size_t i = 0; i < n; i++) {
        const char *eq = cells[i] ? strchr(cells[i], '=') : NULL;
        if (!eq || eq == cells[i]) {
            free(params);
            free(names);
            memset(err, 0, sizeof *err);
            err->code = SCORE_EPARAM;
            snprintf(err->message, sizeof err->message, "not NAME=VALUE: %s",
                     cells[i] ? cells[i] : "(missing)");
            return NULL;
        }
        memcpy(at, cells[i], (size_t)(eq - cells[i]));
        at[eq - cells[i]] = '\0';
        params[i].name = at;
        params[i].value = eq + 1;
        at += eq - cells[i] + 1;
    }
    if (n == 0)
        free(names);
    return params;
}

static void score_binding_params_free(score_param *params, size_t n)
{
    if (params && n)
        free((char *)params[0].name);
    free(params);
}

/* A ruleset by built-in id or path (text NULL), or from a document held
 * in memory, with NAME=VALUE overrides. */
static score_ruleset *score_binding_load(const char *name_or_path, const char *text,
                                         size_t len, const char *source,
                                         const char *const *cells, size_t n,
                                         score_error *rule_err)
{
    score_ruleset *rs = NULL;
    score_param *params = score_binding_params(cells, n, rule_err);
    if (!params)
        return NULL;
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.params = params;
    opts.param_count = n;
    if (text)
        score_ruleset_load_string(&rs, text, len, source, &opts, rule_err);
    else
        score_ruleset_load(&rs, name_or_path, &opts, rule_err);
    score_binding_params_free(params, n);
    return rs;
}

score_ruleset *score_load(const char *name_or_path, const char *const *cells, size_t n,
                          score_error *rule_err)
{
    return score_binding_load(name_or_path, NULL, 0, NULL, cells, n, rule_err);
}

score_ruleset *score_load_text(const char *text, size_t len, const char *source,
                               const char *const *cells, size_t n, score_error *rule_err)
{
    return score_binding_load(NULL, text ? text : "", len, source, cells, n, rule_err);
}

/* The reader may try one encoding and succeed with another: an error
 * counts only when the call fails. A macro, so that HANDLE is read after
 * CALL has filled it (a function's arguments have no order). */
#define SCORE_BINDING_MADE(CALL, HANDLE, ERR) \
    ((CALL) == 0 ? ((ERR)->code = SCORE_OK, (HANDLE)) : (HANDLE))

score_table *score_read(const score_ruleset *rs, const char *path,
                        const score_read_options *opts, score_error *err)
{
    score_table *t = NULL;
    return SCORE_BINDING_MADE(score_table_read(&t, rs, path, opts, err), t, err);
}

score_table *score_parse(const score_ruleset *rs, const char *data, size_t len,
                         const char *source, const score_read_options *opts, score_error *err)
{
    score_table *t = NULL;
    return SCORE_BINDING_MADE(score_table_parse(&t, rs, data, len, source, opts, err), t, err);
}

score_table *score_read_csv(const score_ruleset *rs, const char *path, score_error *err)
{
    score_table *t = NULL;
    return SCORE_BINDING_MADE(score_table_read_csv(&t, rs, path, err), t, err);
}

score_table *score_parse_csv(const score_ruleset *rs, const char *data, size_t len,
                             const char *source, score_error *err)
{
    score_table *t = NULL;
    return SCORE_BINDING_MADE(score_table_parse_csv(&t, rs, data, len, source, err), t, err);
}

score_table *score_new_table(const score_ruleset *rs, size_t rows, score_error *err)
{
    score_table *t = NULL;
    return SCORE_BINDING_MADE(score_table_new(&t, rs, rows, err), t, err);
}

/* The report of the read that made t, or NULL: borrowed from the table. */
const score_read_report *score_report_of(const score_table *t)
{
    return score_table_report(t);
}

score_read_report *score_check_data(const score_ruleset *rs, const char *path,
                                    const score_read_options *opts, score_error *err)
{
    score_read_report *r = NULL;
    return SCORE_BINDING_MADE(score_data_check(&r, rs, path, opts, err), r, err);
}

score_result *score_evaluate_table(const score_ruleset *rs, const score_table *t,
                                   const score_eval_options *opts, score_error *err)
{
    score_result *r = NULL;
    return SCORE_BINDING_MADE(score_evaluate_with(&r, rs, t, opts, err), r, err);
}

/* Explanations as text (json 0) or JSON, freed by the binding. */
char *score_explain_row_text(const score_result *r, const score_table *t, size_t row,
                             int json, score_error *err)
{
    char *s = NULL;
    score_explain_row(&s, r, t, row, json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT, err);
    return s;
}

char *score_explain_outcome_text(const score_result *r, const score_table *t, size_t outcome,
                                 int json, score_error *err)
{
    char *s = NULL;
    score_explain_outcome(&s, r, t, outcome, json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT,
                          err);
    return s;
}

/* A number as the CLI prints it: "0.3", "30000", "" for NaN. */
char *score_number_text(double v)
{
    char *s = malloc(32);
    if (s)
        score_format_number(v, s, 32);
    return s;
}
%}

/* A table's column: numbers, bools 0/1, or text as codes for
 * score_table_text(); NaN missing. */
#define SCORE_COLUMN_LENGTH score_table_row_count(arg1)
SCORE_COLUMN_TYPEMAPS
%apply const double *SCORE_COLUMN { const double *score_column_values };
#undef SCORE_COLUMN_LENGTH
%inline %{
const double *score_column_values(const score_table *t, const char *column, score_error *err)
{
    const double *v = NULL;
    score_table_column(t, column, &v, NULL, err);
    return v;
}

score_type score_column_type(const score_table *t, const char *column, score_error *err)
{
    const double *v = NULL;
    score_type type = SCORE_TYPE_NUMBER;
    score_table_column(t, column, &v, &type, err);
    return type;
}
%}
