/*
 * The CLI's output formats. The writers themselves are the library's
 * (score_output_write, score_output_file), so that the CLI, Python and
 * Java write the same CSV, workbook and report.
 */
#ifndef SCORE_TOOLS_OUTPUT_H
#define SCORE_TOOLS_OUTPUT_H

typedef enum cli_format {
    CLI_FORMAT_TABLE = 0,
    CLI_FORMAT_CSV,
    CLI_FORMAT_JSON,
    CLI_FORMAT_TEXT,
    CLI_FORMAT_XLSX,
    CLI_FORMAT_HTML
} cli_format;

#endif
