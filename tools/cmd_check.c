/* score check RULESET DATA: what reading DATA finds, before any verdict. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    score_cell_count what;
    const char *name;
} cell_counts[] = {
    {SCORE_CELLS_REFUSED, "refused"},   {SCORE_CELLS_TRIMMED, "trimmed"},
    {SCORE_CELLS_WIDTH, "full-width"},  {SCORE_CELLS_GROUPS, "thousands separators"},
    {SCORE_CELLS_UNIT, "units"},        {SCORE_CELLS_MARKER, "missing markers"},
    {SCORE_CELLS_SPELLING, "yes/no spellings"}, {SCORE_CELLS_LABEL, "labels read as ids"},
};

static void print_columns(const score_read_report *rep)
{
    puts("columns:");
    for (size_t i = 0; i < score_read_report_column_count(rep); i++) {
        if (!score_read_report_column_present(rep, i))
            continue;
        printf("  %s: %zu missing", score_read_report_column_name(rep, i),
               score_read_report_cells(rep, i, SCORE_CELLS_MISSING));
        for (size_t k = 0; k < sizeof cell_counts / sizeof cell_counts[0]; k++) {
            size_t n = score_read_report_cells(rep, i, cell_counts[k].what);
            if (n)
                printf(", %zu %s", n, cell_counts[k].name);
        }
        putchar('\n');
    }
}

int cli_check_data(const score_ruleset *rs, const char *path, const score_read_options *opts)
{
    if (!cli_file_readable(path))
        return CLI_FAIL;
    score_read_report *rep;
    score_error err;
    memset(&err, 0, sizeof err);
    if (score_data_check(&rep, rs, path, opts, &err) != 0) {
        cli_print_error(&err);
        return CLI_FAIL;
    }
    int detected;
    score_read_report_encoding(rep, &detected);
    const char *sheet = score_read_report_sheet(rep);
    printf("data: %s (", path);
    if (sheet)
        printf("workbook, sheet %s)\n", sheet);
    else
        printf("text, %s%s)\n", score_read_report_encoding_name(rep), detected ? " detected" : "");
    printf("header: row %zu, %zu title row%s above it\n",
           score_read_report_count(rep, SCORE_READ_HEADER_ROW),
           score_read_report_count(rep, SCORE_READ_TITLE_ROWS),
           score_read_report_count(rep, SCORE_READ_TITLE_ROWS) == 1 ? "" : "s");
    printf("rows: %zu read, %zu blank skipped, %zu total rows skipped\n",
           score_read_report_count(rep, SCORE_READ_ROWS),
           score_read_report_count(rep, SCORE_READ_BLANK_ROWS),
           score_read_report_count(rep, SCORE_READ_TOTAL_ROWS));
    print_columns(rep);
    size_t errors = score_read_report_count(rep, SCORE_READ_ERRORS);
    size_t warnings = score_read_report_count(rep, SCORE_READ_WARNINGS);
    size_t shown = score_read_report_problem_count(rep);
    if (shown)
        puts("problems:");
    for (size_t i = 0; i < shown; i++) {
        score_error e;
        int is_error = score_read_report_problem(rep, i, &e);
        char buf[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 64];
        printf("  %s: %s\n", is_error ? "error" : "warning", score_error_format(&e, buf, sizeof buf));
    }
    if (shown < errors + warnings)
        printf("  ... and %zu more\n", errors + warnings - shown);
    int ok = score_read_report_ok(rep);
    if (ok)
        printf("ok: %zu warning%s; eval reads this data\n", warnings, warnings == 1 ? "" : "s");
    else
        printf("not ok: %zu error%s, %zu warning%s; eval refuses this data\n", errors,
               errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    score_read_report_free(rep);
    return ok ? CLI_OK : CLI_FAIL;
}
