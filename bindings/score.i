/*
 * The C API as every binding sees it: include/score/score.h itself, read
 * by SWIG, plus the few calls a language cannot make as C has them. Each
 * language's module (python/capi.i, java/score_java.i) defines these
 * typemaps, then %includes this file:
 *   score_error *err, *rule_err   hidden; raise or throw when filled
 *                                 (rule_err: the failure is the ruleset's)
 *   (const char *const *cells, size_t n)  strings in, None/null missing
 *   (const double *values, size_t n), (const signed char *values, size_t n)
 *   (const char *text, size_t len), (const char *data, size_t len)
 *   const TYPE *SCORE_COLUMN      (TYPE double, int, unsigned, unsigned char,
 *                                 size_t) a borrowed array out, copied into
 *                                 the language, SCORE_COLUMN_LENGTH long:
 *                                 defined in a macro SCORE_COLUMN_TYPEMAPS,
 *                                 expanded here after each length (SWIG
 *                                 expands macros where a typemap is defined)
 * Handles (rulesets, tables, results, reports) are classes that own their
 * C object: what makes one is %newobject, the destructor frees it. A table
 * or result goes before its ruleset: the language's classes keep that order.
 */
%{
#include <stdlib.h>
#include <string.h>
#include "score/score.h"

/* A copy with malloc (strdup is not C11); NULL for NULL. */
static char *score_binding_strdup(const char *s)
{
    size_t n = s ? strlen(s) + 1 : 0;
    char *copy = n ? malloc(n) : NULL;
    return copy ? memcpy(copy, s, n) : NULL;
}

/* Free a list of n strings made by score_binding_copies(). */
static void score_binding_free_all(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

/* Copies of n strings (none NULL), or NULL when memory runs out. */
static char **score_binding_copies(const char *const *cells, size_t n)
{
    char **copy = calloc(n ? n : 1, sizeof *copy);
    for (size_t i = 0; copy && i < n; i++)
        if (!(copy[i] = score_binding_strdup(cells[i] ? cells[i] : ""))) {
            score_binding_free_all(copy, i);
            return NULL;
        }
    return copy;
}

static void score_binding_fail(score_error *err, score_code code, const char *what,
                               const char *text)
{
    memset(err, 0, sizeof *err);
    err->code = code;
    snprintf(err->message, sizeof err->message, "%s%s", what, text);
}
%}

#define SCORE_EXPORT

/* ---- handles ---- */

%define SCORE_HANDLE(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE { ~TYPE() { FREE($self); } }
%ignore FREE;
%enddef
SCORE_HANDLE(score_ruleset, score_ruleset_free)
SCORE_HANDLE(score_table, score_table_free)
SCORE_HANDLE(score_result, score_result_free)
SCORE_HANDLE(score_read_report, score_read_report_free)
/* The report a table keeps is the table's (score_report_of): only a check's is the caller's. */
%ignore score_table_report;

/* ---- options: made with their defaults, their strings copied ---- */

%define SCORE_OPTIONS(TYPE, INIT)
%extend TYPE {
  TYPE() {
    TYPE init = INIT, *o = malloc(sizeof *o);
    if (o)
      *o = init;
    return o;
  }
}
%immutable TYPE::version;
%enddef
SCORE_OPTIONS(score_eval_options, SCORE_EVAL_OPTIONS_INIT)
SCORE_OPTIONS(score_read_options, SCORE_READ_OPTIONS_INIT)
SCORE_OPTIONS(score_output_options, SCORE_OUTPUT_OPTIONS_INIT)
%typemap(memberin, noblock=1) const char *sheet, const char *data_name {
  free((char *)$1);
  $1 = score_binding_strdup($input);
}
%extend score_read_options {
  ~score_read_options() { free((char *)$self->sheet); free($self); }
}
%ignore score_read_options::keep_going; /* score_data_check() sets it */
%ignore score_output_options::keep;
%ignore score_output_options::nkeep;
%extend score_output_options {
  ~score_output_options() {
    score_binding_free_all((char **)$self->keep, $self->nkeep);
    free((char *)$self->data_name);
    free($self);
  }
  /* Fields (ids or labels) shown after the key, copied; none: the ruleset's display. */
  void keep_columns(const char *const *cells, size_t n) {
    score_binding_free_all((char **)$self->keep, $self->nkeep);
    $self->keep = n ? (const char *const *)score_binding_copies(cells, n) : NULL;
    $self->nkeep = $self->keep ? n : 0;
  }
}

/* Read-only views of what the library fills in. */
%immutable score_target_outcome::scope;
%immutable score_target_outcome::op;
%immutable score_item_info::id;
%immutable score_item_info::label;
%immutable score_item_info::expr;

/* ---- what no binding offers as C has it ---- */

/* callbacks, allocators, C-only forms */
%rename("$ignore", regextarget=1) "^score_(allocator|diagnostic_fn|case_fn|run_cases|write_fn)$";
%rename("$ignore", regextarget=1) "^score_(load_options|limits|limits_default|param)$";
%rename("$ignore", regextarget=1) "^score_(error_format|format_number|string_free)$";
%rename("$ignore", regextarget=1) "^score_(table_column|output_write)$";
%rename("$ignore", regextarget=1) "^SCORE_[A-Z_]*_OPTIONS_INIT$";
/* made through the functions below, which return the handle */
%rename("$ignore", regextarget=1) "^score_ruleset_load(|_file|_string|_builtin)$";
%rename("$ignore", regextarget=1) "^score_table_(read|parse)(|_csv)$";
%rename("$ignore", regextarget=1) "^score_(table_new|data_check|evaluate|evaluate_with|evaluate_into)$";
%rename("$ignore", regextarget=1) "^score_explain_(row|outcome)$";
%rename("$ignore", regextarget=1) "^score_(gap|plan)(_.*)?$"; /* as JSON text below */

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

#define SCORE_COLUMN_LENGTH score_table_row_count(arg1)
SCORE_COLUMN_TYPEMAPS
%apply const double *SCORE_COLUMN { const double *score_column_values };
#undef SCORE_COLUMN_LENGTH

/* One value out through a pointer. */
%include "typemaps.i"
%apply int *OUTPUT { int *detected, int *out, score_encoding *out };
%apply double *OUTPUT { double *out };

/* Partial aggregates in, for score_target_combine(). */
%include "carrays.i"
%array_functions(score_target_partial, score_partials)

%include "score/score.h"

/* ---- the calls C makes through `**out`, returning the handle ---- */

%{
/* A ruleset by built-in id or path (text NULL), or from a document held
 * in memory, with NAME=VALUE overrides. */
static score_ruleset *score_binding_load(const char *name_or_path, const char *text,
                                         size_t len, const char *source,
                                         const char *const *cells, size_t n,
                                         score_error *rule_err)
{
    score_ruleset *rs = NULL;
    score_param *params = calloc(n ? n : 1, sizeof *params);
    char **copies = params ? score_binding_copies(cells, n) : NULL;
    size_t i = 0;
    for (char *eq; copies && i < n && (eq = strchr(copies[i], '=')) && eq != copies[i]; i++) {
        *eq = '\0';
        params[i].name = copies[i];
        params[i].value = eq + 1;
    }
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.params = params;
    opts.param_count = n;
    if (!copies)
        score_binding_fail(rule_err, SCORE_ENOMEM, "out of memory", "");
    else if (i < n)
        score_binding_fail(rule_err, SCORE_EPARAM, "not NAME=VALUE: ", cells[i] ? cells[i] : "");
    else if (text)
        score_ruleset_load_string(&rs, text, len, source, &opts, rule_err);
    else
        score_ruleset_load(&rs, name_or_path, &opts, rule_err);
    score_binding_free_all(copies, copies ? n : 0);
    free(params);
    return rs;
}

/* The reader may try one encoding and succeed with another: an error
 * counts only when the call fails. A macro, so that HANDLE is read after
 * CALL has filled it (a function's arguments have no order). */
#define SCORE_BINDING_MADE(CALL, HANDLE, ERR) \
    ((CALL) == 0 ? ((ERR)->code = SCORE_OK, (HANDLE)) : (HANDLE))
%}

%newobject score_load;
%newobject score_load_text;
%inline %{
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
%}

/* NAME(PARAMS) returns what CALL makes in h, a new TYPE. */
%define SCORE_MAKER(TYPE, NAME, PARAMS, CALL)
%newobject NAME;
%inline %{
TYPE *NAME PARAMS { TYPE *h = NULL; return SCORE_BINDING_MADE(CALL, h, err); }
%}
%enddef
SCORE_MAKER(score_table, score_read, (const score_ruleset *rs, const char *path,
            const score_read_options *opts, score_error *err),
            score_table_read(&h, rs, path, opts, err))
SCORE_MAKER(score_table, score_parse, (const score_ruleset *rs, const char *data, size_t len,
            const char *source, const score_read_options *opts, score_error *err),
            score_table_parse(&h, rs, data, len, source, opts, err))
SCORE_MAKER(score_table, score_read_csv, (const score_ruleset *rs, const char *path,
            score_error *err), score_table_read_csv(&h, rs, path, err))
SCORE_MAKER(score_table, score_parse_csv, (const score_ruleset *rs, const char *data, size_t len,
            const char *source, score_error *err),
            score_table_parse_csv(&h, rs, data, len, source, err))
SCORE_MAKER(score_table, score_new_table, (const score_ruleset *rs, size_t rows, score_error *err),
            score_table_new(&h, rs, rows, err))
SCORE_MAKER(score_read_report, score_check_data, (const score_ruleset *rs, const char *path,
            const score_read_options *opts, score_error *err),
            score_data_check(&h, rs, path, opts, err))
SCORE_MAKER(score_result, score_evaluate_table, (const score_ruleset *rs, const score_table *t,
            const score_eval_options *opts, score_error *err),
            score_evaluate_with(&h, rs, t, opts, err))

/* Explanations as text (json 0) or JSON, and a number as the CLI prints
 * it ("0.3", "30000", "" for NaN): new strings the binding frees. */
%newobject score_explain_row_text;
%newobject score_explain_outcome_text;
%newobject score_number_text;
%newobject score_row_gap_text;
%newobject score_target_plan_text;
%typemap(newfree) char *score_explain_row_text, char *score_explain_outcome_text,
  char *score_row_gap_text, char *score_target_plan_text
  "score_string_free(arg1, $1);"
%typemap(newfree) char *score_number_text "free($1);"
%inline %{
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

/* A row's gap to a tier ((size_t)-1: the next) and a target outcome's
 * plan (攻坚清单), as text or JSON. */
char *score_row_gap_text(const score_result *r, const score_table *t, size_t row, size_t tier,
                         int json, score_error *err)
{
    score_gap *g = NULL;
    char *s = NULL;
    if (score_gap_row(&g, r, t, row, tier, err) == 0)
        score_gap_format(&s, g, json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT, err);
    score_gap_free(g);
    return s;
}

char *score_target_plan_text(const score_result *r, const score_table *t, size_t outcome,
                             int json, score_error *err)
{
    score_plan *p = NULL;
    char *s = NULL;
    if (score_plan_target(&p, r, t, outcome, err) == 0)
        score_plan_format(&s, p, json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT, err);
    score_plan_free(p);
    return s;
}

char *score_number_text(double v)
{
    char *s = malloc(32);
    if (s)
        score_format_number(v, s, 32);
    return s;
}

/* The report of the read that made t, or NULL: borrowed from the table. */
const score_read_report *score_report_of(const score_table *t)
{
    return score_table_report(t);
}

/* A table's column (numbers, bools 0/1, text as codes for
 * score_table_text(); NaN missing), and its type. */
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
