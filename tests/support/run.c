/* Evaluating small documents in the tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "run.h"

run run_evaluate(const char *doc, const char *csv, const score_param *params, size_t nparams)
{
    run x;
    score_error err;
    score_load_options o = SCORE_LOAD_OPTIONS_INIT;
    o.params = params;
    o.param_count = nparams;
    if (score_ruleset_load_string(&x.rs, doc, strlen(doc), "doc.yaml", &o, &err))
        fail_msg("doc.yaml:%d:%d: %s", err.line, err.column, err.message);
    if (score_table_parse_csv(&x.t, x.rs, csv, strlen(csv), "t.csv", &err))
        fail_msg("t.csv:%d:%d: %s", err.line, err.column, err.message);
    if (score_evaluate(&x.r, x.rs, x.t, &err))
        fail_msg("evaluate: %s", err.message);
    return x;
}

void run_done(run *x)
{
    score_result_free(x->r);
    score_table_free(x->t);
    score_ruleset_free(x->rs);
}

void expect_load_error(const char *what, const char *doc, int line, int column,
                       const char *words)
{
    score_ruleset *rs = NULL;
    score_error err;
    memset(&err, 0, sizeof err);
    int rc = score_ruleset_load_string(&rs, doc, strlen(doc), "e.yaml", NULL, &err);
    score_ruleset_free(rs);
    if (rc == 0 || err.line != line || err.column != column || !strstr(err.message, words))
        fail_msg("%s: want %d:%d '%s'; got rc %d at %d:%d: %s", what, line, column, words, rc,
                 err.line, err.column, err.message);
}
