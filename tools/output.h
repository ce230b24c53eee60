/*
 * The building blocks of the CLI's output: CSV fields, JSON strings and
 * numbers, the provenance block, and aligned tables for a terminal. The
 * writers of each command (cmd_*.c) are made of these. Nothing here can
 * fail but allocation; the caller checks ferror(out).
 */
#ifndef SCORE_TOOLS_OUTPUT_H
#define SCORE_TOOLS_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "score/score.h"

typedef enum cli_format {
    CLI_FORMAT_TABLE = 0,
    CLI_FORMAT_CSV,
    CLI_FORMAT_JSON,
    CLI_FORMAT_TEXT
} cli_format;

/* Display width of UTF-8 text in terminal columns: East Asian wide and
 * fullwidth characters count 2, combining marks 0, invalid bytes and
 * ASCII control characters 1 (the table shows the latter as spaces). */
size_t cli_text_width(const char *s);

/* A number in its shortest form (score_format_number); NaN is "". */
const char *cli_number(double v, char buf[32]);

/* A field of RFC 4180: quoted when it holds a comma, quote, CR or LF;
 * NULL prints nothing (an empty cell). */
void cli_csv_field(FILE *out, const char *s);

/* A JSON string: quotes, backslashes and control characters escaped,
 * everything else (UTF-8 included) passed through. NULL is null. */
void cli_json_string(FILE *out, const char *s);

/* A JSON number in its shortest form; NaN is null. */
void cli_json_number(FILE *out, double v);

/* The provenance of a ruleset as the JSON member
 *   "ruleset":{"id":..,"version":..,"hash":..,"params":{NAME:VALUE,..}}
 * where params are those whose value in force differs from the default. */
void cli_json_provenance(FILE *out, const score_ruleset *rs);

/*
 * A table for a terminal: cells of text in rows, printed with aligned
 * columns (two spaces apart, wide characters counting two, no trailing
 * blanks; control characters shown as spaces). A row may carry a note,
 * a line printed under it that takes no part in the alignment.
 */
typedef struct cli_grid {
    size_t ncols;
    size_t nrows;
    size_t ncells, capcells;
    char **cells; /* row-major, ncols per row */
    char **notes; /* one per row, NULL for none */
    size_t capnotes;
    int failed;   /* an allocation failed */
} cli_grid;

void cli_grid_init(cli_grid *g, size_t ncols);
/* Append a cell (copied) to the last row; a row is complete after ncols
 * cells, and the next cell starts a new one. NULL is an empty cell. */
void cli_grid_cell(cli_grid *g, const char *s);
/* Set the note of the last complete row (copied). */
void cli_grid_note(cli_grid *g, const char *s);
/* Print it; returns 0, or -1 if memory ran out at any point. */
int cli_grid_print(FILE *out, const cli_grid *g);
void cli_grid_free(cli_grid *g);

#endif
