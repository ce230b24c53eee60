/* The 考核验收 report: not written yet (a placeholder). */
#include "writers.h"

int sc_write_report(sc_out *o, const score_result *r, const score_table *t,
                    const score_output_options *opts, score_error *err)
{
    (void)o, (void)r, (void)t, (void)opts;
    return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "reports are not written yet");
}
