/*
 * A workbook's sheet into a table: the cells of xlsx.c mapped to columns
 * by ingest.c, with the same rules as the CSV reader's.
 */
#ifndef SCORE_XLSX_TABLE_H
#define SCORE_XLSX_TABLE_H

#include <stddef.h>

#include "report.h"
#include "score/score.h"

/* Read the sheet opts->sheet of the workbook in data[0..len). The report
 * goes to *report (the caller's, also on failure). */
int sc_xlsx_table_read(score_table **out, const score_ruleset *rs, const char *data, size_t len,
                       const char *source, const score_read_options *opts,
                       score_read_report **report, score_error *err);

#endif
