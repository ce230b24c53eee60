/* The workbook: not written yet (a placeholder until libxlsxwriter is wired). */
#include "writers.h"

int sc_write_xlsx(const char *path, const score_result *r, const score_table *t,
                  score_output_kind kind, const score_output_options *opts, score_error *err)
{
    (void)r, (void)t, (void)kind, (void)opts;
    return sc_error(err, SCORE_EINVAL, path, 0, 0, "workbooks are not written yet");
}
