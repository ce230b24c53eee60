/*
 * The writers of `score eval`: one per --format. Each prints the verdicts of
 * a result to `out`, using only the public API, and returns 0, or -1 if
 * memory ran out (nothing else can fail; the caller checks ferror(out)).
 */
#ifndef SCORE_TOOLS_OUTPUT_H
#define SCORE_TOOLS_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "score/score.h"

typedef enum cli_format {
    CLI_FORMAT_TABLE = 0,
    CLI_FORMAT_CSV,
    CLI_FORMAT_JSON
} cli_format;

/* CSV: a header of the key field id and the criterion ids, then one line
 * per row; cells 1, 0, or empty for unknown; RFC 4180 quoting; LF. */
int cli_write_csv(FILE *out, const score_ruleset *rs, const score_table *t,
                  const score_result *r);

/* JSON: one object with the ruleset id, version, the overridden params and
 * the rows, one row per line; verdicts true, false or null. */
int cli_write_json(FILE *out, const score_ruleset *rs, const score_table *t,
                   const score_result *r);

/* A table for a terminal: aligned columns (wide characters count two),
 * cells 1, 0 or ?, then a legend line. */
int cli_write_table(FILE *out, const score_ruleset *rs, const score_table *t,
                    const score_result *r);

/* Display width of UTF-8 text in terminal columns: East Asian wide and
 * fullwidth characters count 2, combining marks 0, invalid bytes and
 * ASCII control characters 1 (the table shows the latter as spaces). */
size_t cli_text_width(const char *s);

#endif
