/* used by cases_run.c; uses cases_load.c. */
/*
 * The rule authors' test cases (`score test RULESET CASES.yaml`), in two
 * steps: cases_load.c reads the file and checks it whole against the
 * ruleset (a typo in an id is an error at its position, not a case that
 * can never pass) into a plan; cases_run.c runs each case of the plan.
 */
#ifndef SCORE_CASES_H
#define SCORE_CASES_H

#include "yaml_dom.h"

/* A cases file read and checked: every node below is checked. */
typedef struct sc_case_plan {
    sc_doc doc;
    score_ruleset *base;   /* the ruleset as the caller gives it */
    const sc_node *params; /* the file's params, or NULL */
    const sc_node *cases;  /* the list of cases */
} sc_case_plan;

/* Read the cases file at `path`, load `ruleset` (a built-in id or a
 * path) with `opts` and check the file against it. 0, or the first error
 * (in err) and nothing to free. */
int sc_cases_load(sc_case_plan *plan, const char *ruleset, const char *path,
                  const score_load_options *opts, const score_allocator *alloc,
                  score_error *err);
void sc_cases_free(sc_case_plan *plan);

/* The column a row's key feeds, as (field, year; 0 for a plain field),
 * the way the data readers match a header: 0, or -1 for none. */
int sc_case_column(const score_ruleset *rs, const char *key, size_t *field, int *year);
/* The key node of `row` that feeds column (field, year), or NULL. Rows
 * may name a field by id or by label. */
const sc_node *sc_case_row_column(const score_ruleset *rs, const sc_node *row, size_t field,
                                  int year);
/* The cell of `row` for column (field, year), or NULL. */
const sc_node *sc_case_row_cell(const score_ruleset *rs, const sc_node *row, size_t field,
                                int year);
/* A number as a case writes it (30%, 3万): 0, or -1 if n is not one. */
int sc_case_number(const sc_node *n, double *out);

#endif
