/* used by output.c; defined by out_eval.c, out_targets.c, out_xlsx.c and out_report.c. */
/*
 * The writers of each kind and format, over the views (view.h). Each
 * returns 0, or -1 when memory ran out (the sink remembers the rest).
 */
#ifndef SCORE_WRITERS_H
#define SCORE_WRITERS_H

#include "out.h"
#include "view.h"

int sc_write_eval_csv(sc_out *o, const sc_eval_view *v);
int sc_write_eval_json(sc_out *o, const sc_eval_view *v);
int sc_write_eval_table(sc_out *o, const sc_eval_view *v);

int sc_write_targets_csv(sc_out *o, const sc_targets_view *v);
int sc_write_targets_json(sc_out *o, const sc_targets_view *v);
/* digits: of counts and amounts with labels (-1: 2). */
int sc_write_targets_table(sc_out *o, const sc_targets_view *v, int digits);

/* The workbook (out_xlsx.c), written to `path` (a temporary the caller
 * renames): the sheets 等级评定, 目标任务, 销号台账 and 说明 (kind
 * REPORT or EVAL: all four; TARGETS: 目标任务, 销号台账, 说明). Returns 0
 * or a score_code with err filled. */
int sc_write_xlsx(const char *path, const score_result *r, const score_table *t,
                  score_output_kind kind, const score_output_options *opts, score_error *err);

/* The 考核验收 report as one self-contained HTML document (out_report.c).
 * Returns 0 or a score_code with err filled. */
int sc_write_report(sc_out *o, const score_result *r, const score_table *t,
                    const score_output_options *opts, score_error *err);

#endif
