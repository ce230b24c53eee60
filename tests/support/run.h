/*
 * Helpers for the tests that evaluate small documents: load a ruleset
 * from text, read a CSV string, evaluate, and release; and check a load
 * error's position and words. They fail the running cmocka test on error.
 */
#ifndef SCORE_TEST_RUN_H
#define SCORE_TEST_RUN_H

#include <stddef.h>

#include "score/score.h"

typedef struct run {
    score_ruleset *rs;
    score_table *t;
    score_result *r;
} run;

/* Load `doc` with the overrides, read `csv` for it and evaluate. */
run run_evaluate(const char *doc, const char *csv, const score_param *params, size_t nparams);
void run_done(run *x);

/* Loading `doc` must fail at line:column with `words` in the message;
 * `what` names the case in the failure report. */
void expect_load_error(const char *what, const char *doc, int line, int column,
                       const char *words);

#endif
