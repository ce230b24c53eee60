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

#endif
