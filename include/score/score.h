/*
 * libscore: evaluate the tier standards and target checks of
 * rural-revitalization plans over village-level data.
 *
 * The life cycle is that of a prepared statement:
 *
 *   score_ruleset_load()        compile a ruleset document once
 *   score_table_read()          read data (CSV, xlsx) into typed columns
 *   score_evaluate()            evaluate every criterion on every row
 *   score_result_tiers() ...    read the results, a column at a time
 *   score_explain_row()         say why, for one row
 *   score_*_free()              release
 *
 * Conventions (as in libgit2):
 * - Fallible functions return 0 on success or a positive score_code, and
 *   fill the caller's score_error (which may be NULL) with the details.
 * - Objects returned through `**out` belong to the caller and are released
 *   with the matching `_free`, which accepts NULL. Pointers returned plainly
 *   are borrowed and live as long as the object they came from.
 * - A compiled ruleset is immutable: it may be shared by any number of
 *   threads. Tables and results are built from a ruleset and must not
 *   outlive it.
 * - There is no global mutable state.
 * - Handles passed in (a ruleset, table or result) must not be NULL unless
 *   a function says so; index arguments out of range give NULL, NaN, -1,
 *   SCORE_NO_VERDICT or SCORE_ENOTFOUND as each function documents.
 */
#ifndef SCORE_SCORE_H
#define SCORE_SCORE_H

#include <stddef.h>

#include "score/score_export.h"
#include "score/score_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Error codes. Values are stable and never renumbered. */
typedef enum score_code {
    SCORE_OK = 0,
    SCORE_ENOMEM = 1,   /* an allocation failed */
    SCORE_EIO = 2,      /* a file could not be opened or read */
    SCORE_ESYNTAX = 3,  /* malformed document or expression */
    SCORE_ERULE = 4,    /* a well-formed ruleset that is wrong: unknown
                           name, type mismatch, cycle, duplicate, ... */
    SCORE_EDATA = 5,    /* bad input data: a cell, a header, a key */
    SCORE_EPARAM = 6,   /* unknown parameter or unreadable value */
    SCORE_ELIMIT = 7,   /* a safety limit was exceeded */
    SCORE_EINVAL = 8,   /* invalid argument to an API call */
    SCORE_ENOTFOUND = 9 /* no such ruleset, column, criterion or row */
} score_code;

#define SCORE_ERROR_SOURCE_LEN 256
#define SCORE_ERROR_MESSAGE_LEN 512

/*
 * The details of a failure. The caller owns it, usually on its stack;
 * filling it never allocates. `line` and `column` are 1-based positions
 * inside `source` (a file name, "<string>", or a data file), 0 when the
 * error has no position. For data errors `line` is the line of the CSV
 * file and `column` the 1-based column number.
 */
typedef struct score_error {
    score_code code;
    int line;
    int column;
    char source[SCORE_ERROR_SOURCE_LEN];
    char message[SCORE_ERROR_MESSAGE_LEN];
} score_error;

/* A short English name of a code, e.g. "syntax error". Never NULL. */
SCORE_EXPORT const char *score_code_name(score_code code);

/*
 * Format an error as "SOURCE:LINE:COL: message" (parts without a value are
 * left out) into buf, always NUL-terminated. A workbook's source names its
 * cell itself ("book.xlsx:Sheet1!F12"): then it is "SOURCE: message".
 * Returns buf.
 */
SCORE_EXPORT char *score_error_format(const score_error *err, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Version                                                             */
/* ------------------------------------------------------------------ */

/* The run-time version as "MAJOR.MINOR.PATCH". */
SCORE_EXPORT const char *score_version(void);

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

/*
 * Allocator hooks. Every allocation the library makes for a ruleset and
 * the tables and results built from it goes through these (libyaml's
 * own short-lived parser buffers excepted). `free` must accept NULL.
 */
typedef struct score_allocator {
    void *(*malloc)(void *ud, size_t size);
    void *(*realloc)(void *ud, void *ptr, size_t size);
    void (*free)(void *ud, void *ptr);
    void *ud;
} score_allocator;

/* ------------------------------------------------------------------ */
/* Rulesets                                                            */
/* ------------------------------------------------------------------ */

typedef struct score_ruleset score_ruleset;

/* A parameter override: `name` is a param of the ruleset, `value` a
 * literal as in expressions ("3万", "30%", "2021", "\"text\"", "true").
 * For a text param a bare word is accepted too. */
typedef struct score_param {
    const char *name;
    const char *value;
} score_param;

/* Called once for every error found while loading, in document order,
 * so that a tool can report them all; `err` is valid during the call. */
typedef void (*score_diagnostic_fn)(void *ud, const score_error *err);

/*
 * Safety limits for untrusted input. A ruleset keeps the limits it was
 * loaded with, and the tables and results made from it obey them too.
 * Exceeding one is SCORE_ELIMIT with a message naming the limit. A value
 * of 0 means "the default"; see SECURITY.md for each
 * default.
 */
typedef struct score_limits {
    size_t document_bytes;   /* size of a ruleset document */
    size_t expression_bytes; /* length of one expression */
    size_t expression_depth; /* nesting of one expression */
    size_t fields;           /* fields of a ruleset */
    size_t criteria;         /* criteria of a ruleset */
    size_t tier_levels;      /* levels of a tier ladder */
    size_t targets;          /* targets of a ruleset */
    size_t line_bytes;       /* one CSV record */
    size_t cell_bytes;       /* one CSV cell */
    size_t rows;             /* rows of a table */
    size_t memory_bytes;     /* bytes one table or one result may allocate */
} score_limits;

/* Fill *out with the default limits (every field non-zero). */
SCORE_EXPORT void score_limits_default(score_limits *out);

#define SCORE_LOAD_OPTIONS_VERSION 1

typedef struct score_load_options {
    unsigned version;                /* SCORE_LOAD_OPTIONS_VERSION */
    const score_allocator *allocator; /* NULL: the C library's malloc */
    const score_param *params;       /* overrides applied before compiling */
    size_t param_count;
    score_diagnostic_fn diagnostic;  /* NULL: only the first error is kept */
    void *diagnostic_ud;
    const score_limits *limits;      /* NULL: the defaults */
} score_load_options;

#define SCORE_LOAD_OPTIONS_INIT { SCORE_LOAD_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL, NULL }

/*
 * Load and compile a ruleset document (YAML, or JSON) from a file.
 * opts may be NULL. Errors: SCORE_EIO, SCORE_ESYNTAX, SCORE_ERULE,
 * SCORE_EPARAM, SCORE_ELIMIT, SCORE_ENOMEM; err then holds the first error
 * with its position in the document. Free the result with
 * score_ruleset_free().
 */
SCORE_EXPORT int score_ruleset_load_file(score_ruleset **out, const char *path,
                                         const score_load_options *opts,
                                         score_error *err);

/*
 * As score_ruleset_load_file(), from `len` bytes of text. `source` names
 * the text in error messages (NULL: "<string>").
 */
SCORE_EXPORT int score_ruleset_load_string(score_ruleset **out, const char *text,
                                           size_t len, const char *source,
                                           const score_load_options *opts,
                                           score_error *err);

/*
 * The built-in rulesets of the seed plans (meihao-xiangcun, zuzhi-zhenxing,
 * renju-huanjing, dangzuzhi-pingxing, dangyuan-jifen), compiled into the
 * library. score_builtin_id() and _title() return static strings, NULL
 * past the end.
 */
SCORE_EXPORT size_t score_builtin_count(void);
SCORE_EXPORT const char *score_builtin_id(size_t i);
SCORE_EXPORT const char *score_builtin_title(size_t i);

/* Load a built-in ruleset by id; SCORE_ENOTFOUND if there is none. */
SCORE_EXPORT int score_ruleset_load_builtin(score_ruleset **out, const char *id,
                                            const score_load_options *opts,
                                            score_error *err);

/* Load a built-in ruleset if `name_or_path` is a built-in id, else the
 * file at that path (write ./NAME for a file named like a built-in). */
SCORE_EXPORT int score_ruleset_load(score_ruleset **out, const char *name_or_path,
                                    const score_load_options *opts, score_error *err);

/* Release a ruleset; NULL is allowed. Tables and results made from it
 * must be released first. */
SCORE_EXPORT void score_ruleset_free(score_ruleset *rs);

/* Document metadata; borrowed strings, "" when absent. */
SCORE_EXPORT const char *score_ruleset_id(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_version(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_title(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_entity(const score_ruleset *rs);
/* The id of the key field. */
SCORE_EXPORT const char *score_ruleset_key(const score_ruleset *rs);

typedef enum score_type {
    SCORE_TYPE_BOOL = 1,
    SCORE_TYPE_NUMBER = 2,
    SCORE_TYPE_TEXT = 3
} score_type;

/* Fields, in document order. Borrowed strings. */
SCORE_EXPORT size_t score_ruleset_field_count(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_field_id(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_field_label(const score_ruleset *rs, size_t i);
SCORE_EXPORT score_type score_ruleset_field_type(const score_ruleset *rs, size_t i);
/* The years of a year-indexed field (NULL and *count 0 for a plain one). */
SCORE_EXPORT const int *score_ruleset_field_years(const score_ruleset *rs, size_t i,
                                                  size_t *count);

/* Criteria, in document order. Borrowed strings. `expr` is the source
 * text of `when`. */
SCORE_EXPORT size_t score_ruleset_criterion_count(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_criterion_id(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_criterion_label(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_criterion_expr(const score_ruleset *rs, size_t i);
/* Index of the criterion with this id, or (size_t)-1. */
SCORE_EXPORT size_t score_ruleset_criterion_index(const score_ruleset *rs, const char *id);

/* Params, in document order. `value` is the value in force (after
 * overrides), `default_value` the document's, both as literal text. */
SCORE_EXPORT size_t score_ruleset_param_count(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_param_name(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_param_label(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_param_value(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_param_default(const score_ruleset *rs, size_t i);

/* The document's display: list, the columns (as written) that the
 * formats for people show beside the key unless told otherwise. */
SCORE_EXPORT size_t score_ruleset_display_count(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_display(const score_ruleset *rs, size_t i);

/* Provenance: a hash of the compiled content (expressions, numbers and
 * params in force; not labels), 16 hex digits. Two rulesets with the same
 * hash decide the same way. */
SCORE_EXPORT const char *score_ruleset_hash(const score_ruleset *rs);

/* Scorecards (计分), in document order. Borrowed strings. */
SCORE_EXPORT size_t score_ruleset_scorecard_count(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_scorecard_id(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_scorecard_label(const score_ruleset *rs, size_t i);
/* Index of the scorecard with this id, or (size_t)-1. */
SCORE_EXPORT size_t score_ruleset_scorecard_index(const score_ruleset *rs, const char *id);
/* 1 if the scorecard has bands, and so a grade per row. */
SCORE_EXPORT int score_ruleset_scorecard_has_grades(const score_ruleset *rs, size_t i);
/* The grades a row of scorecard `sc` can have, as score_result_grades()
 * numbers them: index b is the grade of band b (bands highest first),
 * index nbands + k that of veto k when the veto gives a grade no band or
 * earlier veto gives. score_ruleset_grade_label() is NULL for an index no
 * row can have and past the end (score_ruleset_grade_count()). */
SCORE_EXPORT size_t score_ruleset_grade_count(const score_ruleset *rs, size_t sc);
SCORE_EXPORT const char *score_ruleset_grade_label(const score_ruleset *rs, size_t sc,
                                                   size_t grade);

/* The items and deductions of scorecard `sc`, in document order. */
typedef struct score_item_info {
    const char *id;
    const char *label;
    const char *expr;  /* the source of `points` */
    int deduction;     /* 1: subtracted from the total */
    double max;        /* the cap of the contribution; NaN for none */
} score_item_info;

SCORE_EXPORT size_t score_ruleset_item_count(const score_ruleset *rs, size_t sc);
/* Fills *info (borrowed strings); 0, or SCORE_ENOTFOUND. */
SCORE_EXPORT int score_ruleset_item(const score_ruleset *rs, size_t sc, size_t item,
                                    score_item_info *info);

/* Tier levels (等级), lowest first. Borrowed strings. */
SCORE_EXPORT size_t score_ruleset_tier_count(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_tier_id(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_tier_label(const score_ruleset *rs, size_t i);
/* Index of the level with this id, or (size_t)-1. */
SCORE_EXPORT size_t score_ruleset_tier_index(const score_ruleset *rs, const char *id);
/* The quota (名额) and cap (share of eligible rows) of a level; NaN if none. */
SCORE_EXPORT double score_ruleset_tier_quota(const score_ruleset *rs, size_t i);
SCORE_EXPORT double score_ruleset_tier_cap(const score_ruleset *rs, size_t i);
/* The level's own requirements (source text), inherited ones excluded. */
SCORE_EXPORT size_t score_ruleset_tier_require_count(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_tier_require(const score_ruleset *rs, size_t i, size_t k);
/* The level a level extends, or (size_t)-1. */
SCORE_EXPORT size_t score_ruleset_tier_extends(const score_ruleset *rs, size_t i);

/* Targets (目标任务), in document order. Borrowed strings. */
SCORE_EXPORT size_t score_ruleset_target_count(const score_ruleset *rs);
SCORE_EXPORT const char *score_ruleset_target_id(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_target_label(const score_ruleset *rs, size_t i);
SCORE_EXPORT const char *score_ruleset_target_expr(const score_ruleset *rs, size_t i);
/* Index of the target with this id, or (size_t)-1. */
SCORE_EXPORT size_t score_ruleset_target_index(const score_ruleset *rs, const char *id);
/* The milestone year, or 0 if the target has none. */
SCORE_EXPORT int score_ruleset_target_year(const score_ruleset *rs, size_t i);
/* The target's aggregate: "count", "share", "sum", "avg", "min", "max",
 * "all" or "none" (a share's actual and required values are fractions). */
SCORE_EXPORT const char *score_ruleset_target_aggregate(const score_ruleset *rs, size_t i);

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/*
 * Columnar data for one ruleset's fields. Every cell may be missing.
 * A column is named by its field id or label; a year-indexed field has one
 * column per year, named NAME_YYYY. Numbers are doubles; in arrays passed
 * in, NaN means missing.
 */
typedef struct score_table score_table;

/* An empty table of `rows` rows, every cell missing, to be filled with
 * the score_table_set_*() calls. SCORE_ELIMIT past the ruleset's rows or
 * memory_bytes limit. */
SCORE_EXPORT int score_table_new(score_table **out, const score_ruleset *rs,
                                 size_t rows, score_error *err);

/*
 * Fill a number column from `n` doubles (n must equal the row count);
 * NaN is missing, infinities are an error. The values are copied.
 * Errors: SCORE_ENOTFOUND (no such column), SCORE_EINVAL (wrong type or
 * length), SCORE_EDATA (an infinity), SCORE_ENOMEM.
 */
SCORE_EXPORT int score_table_set_numbers(score_table *t, const char *column,
                                         const double *values, size_t n,
                                         score_error *err);

/*
 * As score_table_set_numbers() without copying: the table reads `values`
 * in place, so they must stay valid and unchanged while the table is used.
 * The array is scanned once: an infinity is SCORE_EDATA, as when copied.
 */
SCORE_EXPORT int score_table_bind_numbers(score_table *t, const char *column,
                                          const double *values, size_t n,
                                          score_error *err);

/* Fill a bool column: 1 true, 0 false, any negative value missing. */
SCORE_EXPORT int score_table_set_bools(score_table *t, const char *column,
                                       const signed char *values, size_t n,
                                       score_error *err);

/* Fill a text column from UTF-8 strings; NULL is missing. Copied. */
SCORE_EXPORT int score_table_set_texts(score_table *t, const char *column,
                                       const char *const *values, size_t n,
                                       score_error *err);

/*
 * Fill a column of any type from text cells, read as the data-file
 * reader reads them (docs/data.md): "3.5万" or "35,000" for a number,
 * 是/否, √/× or the field's own true_values for a bool, "-" or N/A as
 * missing; NULL is missing. Text is trimmed, a missing marker is
 * missing, and a closed set's label (a tier's, a `values:` entry's) is its
 * id; a key must have a value. Errors: as score_table_set_numbers(), and
 * SCORE_EDATA for a refused cell (not a number, not yes or no, not one of
 * a closed set's values), naming its 0-based row and saying why.
 */
SCORE_EXPORT int score_table_set_cells(score_table *t, const char *column,
                                       const char *const *cells, size_t n, score_error *err);

SCORE_EXPORT size_t score_table_row_count(const score_table *t);

/* The key of a row (borrowed), or NULL if it is missing. */
SCORE_EXPORT const char *score_table_key(const score_table *t, size_t row);

/* Row index of a key, or (size_t)-1. */
SCORE_EXPORT size_t score_table_find_key(const score_table *t, const char *key);

/* The columns the ruleset expects but the data did not supply (all their
 * cells are missing), as "NAME" or "NAME_YYYY". */
SCORE_EXPORT size_t score_table_absent_count(const score_table *t);
SCORE_EXPORT const char *score_table_absent_name(const score_table *t, size_t i);

/*
 * The values of a column (id, label or NAME_YYYY), borrowed until the
 * table is freed or the column set again: score_table_row_count()
 * doubles, NaN where missing; numbers as themselves, bools 0 or 1, text
 * as codes that score_table_text() turns into text. *type (may be NULL)
 * gets the column's type. Errors: SCORE_EINVAL, SCORE_ENOTFOUND.
 */
SCORE_EXPORT int score_table_column(const score_table *t, const char *column,
                                    const double **values, score_type *type,
                                    score_error *err);

/* The text of a code from a text column (borrowed), NULL for NaN or a
 * code the table does not have. */
SCORE_EXPORT const char *score_table_text(const score_table *t, double code);

/* Release a table; NULL is allowed. */
SCORE_EXPORT void score_table_free(score_table *t);

/* ------------------------------------------------------------------ */
/* Reading data as it arrives: encodings, workbooks, hand-typed cells  */
/* ------------------------------------------------------------------ */

/* The text encoding of a data file. */
typedef enum score_encoding {
    SCORE_ENCODING_AUTO = 0,    /* UTF-8 (with or without BOM), UTF-16 by its
                                   BOM, else GB18030 */
    SCORE_ENCODING_UTF8 = 1,
    SCORE_ENCODING_GB18030 = 2, /* also reads GBK and GB2312 */
    SCORE_ENCODING_UTF16 = 3    /* LE or BE by the BOM (Excel's "Unicode
                                   text", TAB-separated) */
} score_encoding;

/* The encoding named by text: "auto", "utf-8"/"utf8", "gb18030", "gbk"
 * or "gb2312" (all read as GB18030, a superset), "utf-16"/"utf16"; ASCII
 * case-insensitive. Returns 0, or -1 (*out left alone) for any other name
 * or a NULL argument. */
SCORE_EXPORT int score_encoding_parse(const char *name, score_encoding *out);

/* The kind of a data file. */
typedef enum score_data_format {
    SCORE_DATA_AUTO = 0, /* by content: a ZIP is a workbook, else text */
    SCORE_DATA_CSV = 1,  /* comma- or TAB-separated text */
    SCORE_DATA_XLSX = 2  /* an Excel workbook (.xlsx) */
} score_data_format;

/* Version 2 added `threads`; a version 1 caller's smaller struct (without
 * it) is still accepted, and reads on one thread. */
#define SCORE_READ_OPTIONS_VERSION 2

typedef struct score_read_options {
    unsigned version;          /* SCORE_READ_OPTIONS_VERSION */
    score_encoding encoding;   /* of a text file */
    score_data_format format;
    const char *sheet;         /* a workbook's sheet: its name, or "N" for
                                  the N-th (1-based); NULL: the first */
    size_t header_row;         /* 1-based line (text) or row (sheet) of the
                                  header; 0: the first of the first 20 rows
                                  that names the most fields */
    int skip_totals;           /* skip total rows (合计, 总计, 小计, 平均)
                                  and count them, instead of refusing them */
    int strict;                /* absent fields and headers that match no
                                  field are errors, not warnings */
    int keep_going;            /* record every problem in the report and
                                  read on (score_data_check() sets it) */
    unsigned threads;          /* (version 2) threads that parse a CSV file,
                                  split at record boundaries (at most one
                                  per MiB); 0 or 1: one. The table, errors
                                  and report are the same whatever the
                                  number. The ruleset's allocator hooks are
                                  then also called from these threads, one
                                  call at a time (behind a lock). */
} score_read_options;

#define SCORE_READ_OPTIONS_INIT \
    { SCORE_READ_OPTIONS_VERSION, SCORE_ENCODING_AUTO, SCORE_DATA_AUTO, NULL, 0, 0, 0, 0, 1 }

/*
 * Read a data file: CSV or TAB-separated text in UTF-8, UTF-16 or GB18030,
 * or an .xlsx workbook, chosen by content (see score_read_options; NULL:
 * the defaults). Every cell is read by its field's type and rules as
 * docs/data.md lists them (trimmed; full-width digits; 1,234; 3.5万元;
 * √/×; -, N/A as missing; a closed set's labels as its ids) or refused
 * with its position and a hint. Blank rows are skipped and counted; a
 * total row is refused unless skip_totals. Errors: as
 * score_table_read_csv(); a workbook's cell is named in the source,
 * "villages.xlsx:Sheet1!F12", with line = its row and column = its column.
 */
SCORE_EXPORT int score_table_read(score_table **out, const score_ruleset *rs,
                                  const char *path, const score_read_options *opts,
                                  score_error *err);

/* As score_table_read(), from memory; `source` names it in errors. */
SCORE_EXPORT int score_table_parse(score_table **out, const score_ruleset *rs,
                                   const char *data, size_t len, const char *source,
                                   const score_read_options *opts, score_error *err);

/*
 * Read a CSV file (UTF-8, optional BOM, CRLF or LF, RFC 4180 quoting) whose
 * header names the ruleset's fields by id or label. Columns that match no
 * field are ignored; a field with no column is all missing (see
 * score_table_absent_count()). An empty cell is missing. Errors:
 * SCORE_EIO, SCORE_EDATA (with line and column of the bad cell),
 * SCORE_ELIMIT (the ruleset's line_bytes, cell_bytes, rows or
 * memory_bytes limit, with line and column for the first three),
 * SCORE_ENOMEM.
 */
SCORE_EXPORT int score_table_read_csv(score_table **out, const score_ruleset *rs,
                                      const char *path, score_error *err);

/* As score_table_read_csv(), from memory; `source` names it in errors. */
SCORE_EXPORT int score_table_parse_csv(score_table **out, const score_ruleset *rs,
                                       const char *data, size_t len,
                                       const char *source, score_error *err);

/*
 * What reading a data file found: rows read and skipped, per column the
 * missing, refused and normalized cells, and every problem (errors and
 * warnings) with its position.
 */
typedef struct score_read_report score_read_report;

/* The report of the read that made `t` (borrowed: freed with the table);
 * NULL for a table built with score_table_new(). */
SCORE_EXPORT const score_read_report *score_table_report(const score_table *t);

/*
 * Read a data file as score_table_read() would, but keep going past
 * refused cells and rows, recording each in the report (a data-quality
 * check). Returns 0 with *out set, whatever the data holds; an error only
 * when no report could be made (SCORE_EIO, SCORE_ENOMEM, SCORE_EINVAL).
 * The report is the caller's: score_read_report_free().
 */
SCORE_EXPORT int score_data_check(score_read_report **out, const score_ruleset *rs,
                                  const char *path, const score_read_options *opts,
                                  score_error *err);

/* Free a report from score_data_check(); NULL is allowed. */
SCORE_EXPORT void score_read_report_free(score_read_report *r);

/* Counts of a report. */
typedef enum score_read_count {
    SCORE_READ_ROWS = 0,       /* rows read into the table */
    SCORE_READ_BLANK_ROWS = 1, /* rows whose cells were all empty: skipped */
    SCORE_READ_TOTAL_ROWS = 2, /* total rows skipped (skip_totals) */
    SCORE_READ_TITLE_ROWS = 3, /* rows above the header */
    SCORE_READ_HEADER_ROW = 4, /* the header's line or row (1-based) */
    SCORE_READ_ERRORS = 5,     /* problems that stop a read */
    SCORE_READ_WARNINGS = 6    /* problems that do not */
} score_read_count;

SCORE_EXPORT size_t score_read_report_count(const score_read_report *r, score_read_count what);

/* 1 when the data can be evaluated (no errors): what score_table_read()
 * would have done. */
SCORE_EXPORT int score_read_report_ok(const score_read_report *r);

/* The encoding a text file was read in, and whether it was detected
 * (1) or given (0); a workbook is SCORE_ENCODING_UTF8. */
SCORE_EXPORT score_encoding score_read_report_encoding(const score_read_report *r,
                                                       int *detected);
/* "UTF-8", "GB18030", "UTF-16LE" or "UTF-16BE". */
SCORE_EXPORT const char *score_read_report_encoding_name(const score_read_report *r);

/* The sheet a workbook was read from (borrowed), NULL for a text file. */
SCORE_EXPORT const char *score_read_report_sheet(const score_read_report *r);

/* Per column of the ruleset (as score_table_absent_name() names them):
 * what its cells were. */
typedef enum score_cell_count {
    SCORE_CELLS_MISSING = 0,  /* empty or a missing marker */
    SCORE_CELLS_REFUSED = 1,  /* refused (an error each) */
    SCORE_CELLS_TRIMMED = 2,  /* spaces around the text removed */
    SCORE_CELLS_WIDTH = 3,    /* full-width digits or signs read */
    SCORE_CELLS_GROUPS = 4,   /* thousands separators read */
    SCORE_CELLS_UNIT = 5,     /* a unit read (3.5万元, 85分) */
    SCORE_CELLS_MARKER = 6,   /* a missing marker such as - or N/A */
    SCORE_CELLS_SPELLING = 7, /* a bool spelled as √, Y, 有 ... */
    SCORE_CELLS_LABEL = 8     /* a closed set's label read as its id */
} score_cell_count;

SCORE_EXPORT size_t score_read_report_column_count(const score_read_report *r);
SCORE_EXPORT const char *score_read_report_column_name(const score_read_report *r, size_t i);
/* 1 if the data had a column for it. */
SCORE_EXPORT int score_read_report_column_present(const score_read_report *r, size_t i);
SCORE_EXPORT size_t score_read_report_cells(const score_read_report *r, size_t column,
                                            score_cell_count what);

/* The problems in the order found (at most 1000 are kept; the counts
 * above count them all). Fills *out; returns 1 for an error, 0 for a
 * warning, -1 if i is out of range. */
SCORE_EXPORT size_t score_read_report_problem_count(const score_read_report *r);
SCORE_EXPORT int score_read_report_problem(const score_read_report *r, size_t i,
                                           score_error *out);

/* ------------------------------------------------------------------ */
/* Evaluation                                                          */
/* ------------------------------------------------------------------ */

typedef struct score_result score_result;

/* A criterion's verdict on a row: three-valued. */
typedef enum score_verdict {
    SCORE_NO_VERDICT = -1, /* no such criterion, level or row: an index out
                              of range (or no tier ladder) */
    SCORE_FALSE = 0,
    SCORE_TRUE = 1,
    SCORE_UNKNOWN = 2      /* data missing */
} score_verdict;

/*
 * Evaluate every criterion of `rs` on every row of `t` (which must have
 * been made for `rs`). Safe to call from many threads at once on the same
 * ruleset. Errors: SCORE_EINVAL (also for a table built with
 * score_table_new() whose key column was never set), SCORE_ELIMIT (the
 * result would hold more than the ruleset's memory_bytes limit),
 * SCORE_ENOMEM.
 */
SCORE_EXPORT int score_evaluate(score_result **out, const score_ruleset *rs,
                                const score_table *t, score_error *err);

#define SCORE_EVAL_OPTIONS_VERSION 1

typedef struct score_eval_options {
    unsigned version; /* SCORE_EVAL_OPTIONS_VERSION */
    unsigned threads; /* worker threads; 0 or 1: the calling thread only */
    /* The base of tier caps (比例上限) when the table is one part of a
     * larger population, as in scale-out: the number of eligible rows in
     * the whole. 0: the eligible rows of this table. */
    size_t applicants;
} score_eval_options;

#define SCORE_EVAL_OPTIONS_INIT { SCORE_EVAL_OPTIONS_VERSION, 1, 0 }

/*
 * As score_evaluate(), with options (NULL: the defaults). The result is
 * identical, bit for bit, whatever the number of threads.
 */
SCORE_EXPORT int score_evaluate_with(score_result **out, const score_ruleset *rs,
                                     const score_table *t, const score_eval_options *opts,
                                     score_error *err);

/*
 * Evaluate again into a result r made by score_evaluate() or
 * score_evaluate_with(), for a caller that evaluates repeatedly (a new
 * table of the same ruleset, other rows, the same rows changed): r's
 * buffers are reused when the new result fits in them, so that a
 * repeated evaluation neither allocates nor touches fresh pages. t must
 * be a table of r's ruleset; opts as in score_evaluate_with() (NULL: the
 * defaults). The result is identical, bit for bit, to what
 * score_evaluate_with() would return, and counts against the same
 * memory_bytes limit. r also keeps the buffers the evaluation works in
 * (registers, the ranking), so that the next call allocates nothing large;
 * score_result_free() frees them. Columns and outcomes borrowed from r
 * before the call are invalid after it. On failure r holds no rows and no
 * outcomes (and can be evaluated into again, or freed). Errors as
 * score_evaluate_with(); SCORE_EINVAL if r is NULL or t is not a table of
 * r's ruleset (r is then unchanged).
 */
SCORE_EXPORT int score_evaluate_into(score_result *r, const score_table *t,
                                     const score_eval_options *opts, score_error *err);

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

/*
 * Every per-row value comes two ways: as a column, one array of
 * score_result_row_count() values in row order, and as one row's value.
 * Columns are borrowed from the result: valid, and unchanged, until
 * score_result_free(). A column accessor returns NULL for an index out of
 * range (and the tier columns for a ruleset without a tier ladder). A
 * row accessor with an index out of range returns SCORE_NO_VERDICT for a
 * verdict, NULL for text, and for numbers what "none" is (NaN, -1, 0):
 * check indexes against the counts to tell those apart.
 */

SCORE_EXPORT size_t score_result_row_count(const score_result *r);

/* Criteria. The verdicts of criterion `criterion` (index as in
 * score_ruleset_criterion_id()), one byte (a score_verdict) per row. */
SCORE_EXPORT const unsigned char *score_result_verdicts(const score_result *r,
                                                        size_t criterion);
SCORE_EXPORT score_verdict score_result_verdict(const score_result *r, size_t criterion,
                                                size_t row);

/* Scorecards. Totals, NaN where missing (a missing item and no veto that
 * holds). */
SCORE_EXPORT const double *score_result_scores(const score_result *r, size_t scorecard);
SCORE_EXPORT double score_result_score(const score_result *r, size_t scorecard, size_t row);
/* Grades (等次): each row's grade index, -1 for none (no band reached, or
 * missing); score_ruleset_grade_label() gives its text. */
SCORE_EXPORT const int *score_result_grades(const score_result *r, size_t scorecard);
/* The grade of one row as text (band, or a veto's grade), or NULL if
 * none: borrowed from the ruleset. */
SCORE_EXPORT const char *score_result_grade(const score_result *r, size_t scorecard, size_t row);
/* The veto that forced the row's total: 1-based index in the scorecard's
 * veto list, 0 for none, -1 when unknown. */
SCORE_EXPORT const int *score_result_vetoes(const score_result *r, size_t scorecard);
SCORE_EXPORT int score_result_veto(const score_result *r, size_t scorecard, size_t row);

/* Tiers. Level indexes are those of score_ruleset_tier_id(); -1 is none. */
/* The row's eligibility (申报条件), a score_verdict per row. */
SCORE_EXPORT const unsigned char *score_result_eligibility(const score_result *r);
SCORE_EXPORT score_verdict score_result_eligible(const score_result *r, size_t row);
/* The level awarded after quotas, caps and the prior-level step limit. */
SCORE_EXPORT const int *score_result_tiers(const score_result *r);
SCORE_EXPORT int score_result_tier(const score_result *r, size_t row);
/* The highest level the row qualifies for by its criteria alone. */
SCORE_EXPORT const int *score_result_qualified_tiers(const score_result *r);
SCORE_EXPORT int score_result_qualified(const score_result *r, size_t row);
/* The ranking value (rank_by); NaN if missing. */
SCORE_EXPORT const double *score_result_rank_scores(const score_result *r);
SCORE_EXPORT double score_result_rank_score(const score_result *r, size_t row);
/* The highest level the prior-level step limit allows the row: -1 for no
 * limit, -2 when it allows no level at all. */
SCORE_EXPORT const int *score_result_step_limits(const score_result *r);
SCORE_EXPORT int score_result_step_limit(const score_result *r, size_t row);
/* Whether the row meets level `tier`'s own and inherited requirements. */
SCORE_EXPORT const unsigned char *score_result_tier_met_column(const score_result *r,
                                                               size_t tier);
SCORE_EXPORT score_verdict score_result_tier_met(const score_result *r, size_t tier, size_t row);
/* The row's 1-based place among the candidates of level `tier` (0 if it
 * was not a candidate there, or if the level has neither a quota nor a
 * cap: such a level awards every candidate and ranks none). */
SCORE_EXPORT const unsigned *score_result_tier_ranks(const score_result *r, size_t tier);
SCORE_EXPORT size_t score_result_tier_rank(const score_result *r, size_t tier, size_t row);
/* Per level: its candidates, how many it could award, how many it did. */
SCORE_EXPORT size_t score_result_tier_candidates(const score_result *r, size_t tier);
SCORE_EXPORT size_t score_result_tier_limit(const score_result *r, size_t tier);
SCORE_EXPORT size_t score_result_tier_awarded(const score_result *r, size_t tier);
/* The number of eligible rows (applicants), the base of every cap. */
SCORE_EXPORT size_t score_result_applicants(const score_result *r);

/* Target outcomes: one per target and scope group, targets in document
 * order, then scopes in their order, groups by value (byte order). */
typedef enum score_target_verdict {
    SCORE_NOT_MET = 0,
    SCORE_MET = 1,
    SCORE_TARGET_UNKNOWN = 2 /* the unknown rows could tip it either way */
} score_target_verdict;

typedef struct score_target_outcome {
    size_t target;        /* index of the target */
    const char *scope;    /* "all" or "FIELD=VALUE" (borrowed) */
    const char *op;       /* ">=", ">", "<=", "<", "==", "!=", "all", "none" */
    double actual;        /* shares as fractions; counts; sums; NaN when none */
    double required;      /* as actual; for all/none the rows that must hold */
    score_target_verdict verdict;
    double shortfall;     /* rows (or amount) still needed; NaN when met */
    size_t population;    /* rows in the population in this scope */
    size_t satisfied;     /* rows where the condition holds (count, share, all, none) */
    size_t unknown;       /* rows whose condition is unknown, or values skipped */
    const size_t *failing; /* rows that fall short (the 销号 ledger), by row index */
    size_t nfailing;
} score_target_outcome;

SCORE_EXPORT size_t score_result_outcome_count(const score_result *r);
/* Fills *out (arrays borrowed from the result); 0, or SCORE_ENOTFOUND. */
SCORE_EXPORT int score_result_outcome(const score_result *r, size_t i, score_target_outcome *out);

/* The scope of outcome i apart: the field (id, or NAME_YYYY) and the
 * value of its group ("" for the rows where the field is missing), both
 * borrowed from the result; NULL for the scope "all" or i out of range. */
SCORE_EXPORT const char *score_result_outcome_scope_field(const score_result *r, size_t i);
SCORE_EXPORT const char *score_result_outcome_scope_value(const score_result *r, size_t i);

/* Release a result; NULL is allowed. */
SCORE_EXPORT void score_result_free(score_result *r);

/* ------------------------------------------------------------------ */
/* Scale-out: targets over a population split into parts              */
/* ------------------------------------------------------------------ */

/*
 * Scale-out: a target's outcome over a population split into parts (the
 * partitions of a cluster) is combined exactly from each part's partial
 * aggregates: row counts, and the sum, minimum and maximum of the known
 * values. Sums are added part by part, in another order than one pass
 * over the whole, so a combined sum or average may differ from it in its
 * last digits (rounding); counts, shares, minima and maxima are exact.
 * Verdicts compare to 15 significant digits, so they agree unless a sum
 * lies that close to its requirement (docs/scale-out.md).
 */
typedef struct score_target_partial {
    size_t target;     /* index of the target */
    size_t population; /* rows in the population */
    size_t satisfied;  /* rows where the condition holds */
    size_t unknown;    /* rows whose condition or value is unknown */
    size_t known;      /* values present (sum, avg, min, max) */
    double sum, min, max; /* of the known values; min and max NaN if none */
} score_target_partial;

/* The partial aggregates behind outcome i; 0, or SCORE_ENOTFOUND. */
SCORE_EXPORT int score_result_partial(const score_result *r, size_t i,
                                      score_target_partial *out);

/*
 * Combine the partials of one target (all with the same `target`) into
 * its outcome: actual, required, verdict and shortfall as
 * score_result_outcome() gives them for the whole population. The scope
 * is left NULL and the ledger empty: the ledger of the whole is the
 * concatenation of the parts' ledgers (for a count or share compared with
 * == or !=, whose ledger side depends on the whole, see docs/scale-out.md).
 * Errors: SCORE_EINVAL (no parts, parts of different targets, a target out
 * of range).
 */
SCORE_EXPORT int score_target_combine(const score_ruleset *rs, const score_target_partial *parts,
                                      size_t nparts, score_target_outcome *out,
                                      score_error *err);

/* ------------------------------------------------------------------ */
/* Explanations                                                        */
/* ------------------------------------------------------------------ */

typedef enum score_explain_format {
    SCORE_EXPLAIN_TEXT = 0, /* Chinese labels, for people */
    SCORE_EXPLAIN_JSON = 1  /* for machines */
} score_explain_format;

/*
 * Explain one row of a result (made from table t): eligibility, every
 * criterion on its tier path with its expression, operand values and
 * verdict, the scorecards item by item, the awarded and qualified level and
 * why it is not higher (requirements failed or unknown, or quota/cap with
 * its rank), and the provenance of the ruleset. *out is NUL-terminated,
 * allocated with the ruleset's allocator: release it with
 * score_string_free(). Errors: SCORE_ENOTFOUND (row), SCORE_ENOMEM.
 */
SCORE_EXPORT int score_explain_row(char **out, const score_result *r, const score_table *t,
                                   size_t row, score_explain_format format, score_error *err);

/*
 * Explain one target outcome (index as in score_result_outcome()) of a
 * result made from table t: the target, its requirement and scope, how
 * many rows are in the population, satisfy it or are unknown, the actual
 * and required values, the verdict and shortfall, and the keys of the
 * rows that fall short (the 销号 ledger). Ownership as score_explain_row().
 * Errors: SCORE_ENOTFOUND (outcome), SCORE_ENOMEM.
 */
SCORE_EXPORT int score_explain_outcome(char **out, const score_result *r, const score_table *t,
                                       size_t outcome, score_explain_format format,
                                       score_error *err);

/* Release a string `s` that score_explain_row() or score_explain_outcome()
 * made from result `r` (it was allocated with r's allocator): pass that
 * same result, before freeing it. `s` may be NULL (nothing happens); `r`
 * may be NULL only then. */
SCORE_EXPORT void score_string_free(const score_result *r, char *s);

/* ------------------------------------------------------------------ */
/* Gaps (还差多少): what a row must change to reach a tier              */
/* ------------------------------------------------------------------ */

/*
 * The requirements on the path to a tier (eligibility, the level's own
 * and inherited ones) that fail or are unknown on a row, each solved for
 * the smallest change that makes it hold, the other fields held fixed
 * (docs/rulesets.md, "Gaps"). Numbers compare as decimals: `to` is the
 * exact bound, `strict` says whether the bound itself still fails.
 */
typedef struct score_gap score_gap;

typedef enum score_gap_kind {
    SCORE_GAP_INCREASE = 0, /* raise a number to `to` (beyond it when strict) */
    SCORE_GAP_DECREASE = 1, /* lower a number */
    SCORE_GAP_SET = 2,      /* set a bool (to 0 or 1) or a text (to_text) */
    SCORE_GAP_FILL = 3      /* missing: fill it in (within `to` when given) */
} score_gap_kind;

typedef struct score_gap_change {
    const char *criterion; /* id of the criterion asking for it, or the requirement's text */
    const char *field;     /* the column: NAME, or NAME_YYYY */
    const char *label;     /* its label, NULL if none */
    int year;              /* of a year column, else 0 */
    score_type type;
    score_gap_kind kind;
    double from;           /* the row's value (bools 0/1), NaN missing */
    double to;             /* the bound to reach; NaN for text, or any value will do */
    int strict;            /* `to` itself still fails (> or <): go beyond it */
    double value;          /* a value that holds: `to`, or just beyond a strict bound */
    const char *from_text; /* text fields: the row's value (NULL missing) */
    const char *to_text;   /* text fields: the value to set */
} score_gap_change;

/* When the row qualifies (or would, with the changes) but the level is
 * full: the rank score it needs. It is awarded with a rank score above
 * `needed`, or equal to it with a key before `tie_key` (byte order). */
typedef struct score_gap_rank {
    size_t tier;
    double score;          /* the row's rank score, with the changes; NaN missing */
    double needed;         /* the last awarded candidate's rank score */
    const char *tie_key;   /* that candidate's key */
    size_t place;          /* the row's place among the level's candidates, 0 if none */
    size_t limit;          /* how many the level awards */
    size_t candidates;
} score_gap_rank;

/* A scorecard item of rank_by with room to gain: points now and its cap
 * (NaN: none). A deduction's room is its points. */
typedef struct score_gap_headroom {
    const char *item, *label;
    int deduction;
    double points, max;
} score_gap_headroom;

/*
 * The gap of row `row` of result r (made from table t) to level `tier`,
 * or (size_t)-1 for the level above the awarded one. Release it with
 * score_gap_free(). Errors: SCORE_ENOTFOUND (no such row or level, or no
 * tier ladder; (size_t)-1 when the row has the top level), SCORE_ENOMEM.
 */
SCORE_EXPORT int score_gap_row(score_gap **out, const score_result *r, const score_table *t,
                               size_t row, size_t tier, score_error *err);
SCORE_EXPORT void score_gap_free(score_gap *g);
SCORE_EXPORT size_t score_gap_row_index(const score_gap *g);
/* The level awarded now (-1 none), and the one aimed at. */
SCORE_EXPORT int score_gap_tier(const score_gap *g);
SCORE_EXPORT size_t score_gap_target_tier(const score_gap *g);
/* 1 when applying every change makes the row qualify for the target by
 * its criteria (nothing unresolved), 0 otherwise. */
SCORE_EXPORT int score_gap_reachable(const score_gap *g);
/* The prior-level step limit (晋位升级) of the row: the highest level it
 * may be awarded this period, -1 for no limit, -2 for none at all. When
 * it is below the target, the gap is not reachable whatever changes. */
SCORE_EXPORT int score_gap_step_limit(const score_gap *g);
SCORE_EXPORT size_t score_gap_change_count(const score_gap *g);
/* Fills *out (strings borrowed from the gap); 0 or SCORE_ENOTFOUND. */
SCORE_EXPORT int score_gap_change_at(const score_gap *g, size_t i, score_gap_change *out);
/* What could not be solved for one field: expressions, borrowed. */
SCORE_EXPORT size_t score_gap_unresolved_count(const score_gap *g);
SCORE_EXPORT const char *score_gap_unresolved(const score_gap *g, size_t i);
/* 1 and *out filled when the ranking decides (the level is full), else 0. */
SCORE_EXPORT int score_gap_rank_part(const score_gap *g, score_gap_rank *out);
SCORE_EXPORT size_t score_gap_headroom_count(const score_gap *g);
SCORE_EXPORT int score_gap_headroom_at(const score_gap *g, size_t i, score_gap_headroom *out);
/*
 * The gap as Chinese text for people or as JSON ({"key", "tier",
 * "target_tier", "reachable", "changes", "rank", "unresolved"}), *out
 * released with score_string_free() and the gap's result.
 */
SCORE_EXPORT int score_gap_format(char **out, const score_gap *g, score_explain_format format,
                                  score_error *err);

/*
 * A target's plan (攻坚清单): for target outcome `outcome` (index as in
 * score_result_outcome()) that is not met, the rows of its scope and
 * population cheapest to bring over the line (fewest changes, then the
 * smallest relative change), as many as the shortfall needs, each with
 * its gap (score_gap_target_tier() is (size_t)-1: the gap is to the
 * target's condition, holding for count, share >= and all, not holding
 * for share <= and none). A met outcome has an empty plan. Errors:
 * SCORE_ENOTFOUND (outcome), SCORE_EINVAL (sum, avg, min, max and ==
 * targets are not planned), SCORE_ENOMEM.
 */
typedef struct score_plan score_plan;
SCORE_EXPORT int score_plan_target(score_plan **out, const score_result *r,
                                   const score_table *t, size_t outcome, score_error *err);
SCORE_EXPORT void score_plan_free(score_plan *p);
SCORE_EXPORT size_t score_plan_outcome(const score_plan *p);
/* 1 when applying every row's changes meets the target (enough rows are
 * reachable), 0 otherwise. */
SCORE_EXPORT int score_plan_complete(const score_plan *p);
SCORE_EXPORT size_t score_plan_gap_count(const score_plan *p);
/* The i-th row's gap, borrowed from the plan (score_gap_row_index()). */
SCORE_EXPORT const score_gap *score_plan_gap(const score_plan *p, size_t i);
/* Text or JSON ({"target", "scope", "shortfall", "complete", "rows": [gap...]}),
 * released with score_string_free(). */
SCORE_EXPORT int score_plan_format(char **out, const score_plan *p,
                                   score_explain_format format, score_error *err);

/* ------------------------------------------------------------------ */
/* Output: results as people read them                                 */
/* ------------------------------------------------------------------ */

/* What to write. */
typedef enum score_output_kind {
    SCORE_OUTPUT_EVAL = 0,    /* a row per row of data: the key, kept
                                 columns, tiers, scores, grades, criteria */
    SCORE_OUTPUT_TARGETS = 1, /* a row per target and scope group */
    SCORE_OUTPUT_REPORT = 2   /* everything: the 考核验收 report (HTML), or
                                 the whole workbook (XLSX) */
} score_output_kind;

/* How to write it. */
typedef enum score_output_format {
    SCORE_OUTPUT_TABLE = 0, /* aligned text for a terminal */
    SCORE_OUTPUT_CSV = 1,   /* RFC 4180, full precision */
    SCORE_OUTPUT_JSON = 2,  /* full precision */
    SCORE_OUTPUT_XLSX = 3,  /* an Excel workbook (files only) */
    SCORE_OUTPUT_HTML = 4   /* a self-contained HTML report (files only) */
} score_output_format;

#define SCORE_OUTPUT_OPTIONS_VERSION 1

typedef struct score_output_options {
    unsigned version;          /* SCORE_OUTPUT_OPTIONS_VERSION */
    int labels;                /* Chinese labels for headers, tiers, verdicts
                                  and scopes (CSV then starts with a UTF-8
                                  BOM); 0: ids, as machines read them */
    const char *const *keep;   /* fields (id, label or NAME_YYYY) shown after
                                  the key; NULL: the ruleset's display: list */
    size_t nkeep;
    int digits;                /* decimals of numbers for people (table with
                                  labels, xlsx, report); -1: 2 */
    int year;                  /* targets of this milestone year only; 0: all */
    const char *data_name;     /* the data file, named in the workbook and
                                  the report; NULL: not named */
} score_output_options;

#define SCORE_OUTPUT_OPTIONS_INIT { SCORE_OUTPUT_OPTIONS_VERSION, 0, NULL, 0, -1, 0, NULL }

/* Receives the output in pieces; returns 0, or non-zero to stop (the
 * write then fails with SCORE_EIO). */
typedef int (*score_write_fn)(void *ud, const char *data, size_t len);

/*
 * Write `kind` of result r (made from table t) as `format` to a callback:
 * EVAL and TARGETS as TABLE, CSV or JSON, the REPORT as HTML (a workbook
 * needs a file). opts may be NULL (ids, every target; the table, workbook
 * and report show the ruleset's display: columns). Errors: SCORE_EINVAL
 * (a format the kind is not written in), SCORE_ENOTFOUND (a kept column
 * the ruleset does not have, with the nearest), SCORE_EIO (the callback
 * stopped), SCORE_ENOMEM.
 */
SCORE_EXPORT int score_output_write(const score_result *r, const score_table *t,
                                    score_output_kind kind, score_output_format format,
                                    const score_output_options *opts, score_write_fn write,
                                    void *ud, score_error *err);

/*
 * As score_output_write(), to the file at `path`, in any format. The file
 * is written under a temporary name beside it and renamed over `path`
 * only when complete, so that a failed or interrupted write leaves the
 * previous file as it was and no partial one. Errors as above; SCORE_EIO
 * names the path and says why (permission, disk full).
 */
SCORE_EXPORT int score_output_file(const char *path, const score_result *r,
                                   const score_table *t, score_output_kind kind,
                                   score_output_format format,
                                   const score_output_options *opts, score_error *err);

/* ------------------------------------------------------------------ */
/* Rule authors' test cases                                            */
/* ------------------------------------------------------------------ */

/* Called once per case: `passed` 1 or 0; `detail` says what differed
 * (one line per difference), "" when it passed. Valid during the call. */
typedef void (*score_case_fn)(void *ud, const char *case_name, int passed, const char *detail);

/*
 * Run a YAML file of test cases against a ruleset (a built-in id or a
 * path; see docs/rulesets.md, "Test cases"): each case gives records and
 * the tiers, grades, scores, verdicts and target outcomes expected of
 * them. Reports every case through `report` and stores the number that
 * failed in *failed. Returns 0 when the file could be run (whatever the
 * cases gave), else a code: SCORE_EIO, SCORE_ESYNTAX (with the position in
 * the cases file), SCORE_ERULE and the others of loading.
 */
SCORE_EXPORT int score_run_cases(const char *ruleset, const char *cases_path,
                                 const score_load_options *opts, score_case_fn report,
                                 void *ud, size_t *failed, score_error *err);

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

/*
 * Format a number in the shortest form that reads back as the same
 * decimal, numbers being equal when they agree to 15 significant digits:
 * "0.3" for 0.1 + 0.2, "30000", "1e+21"; NaN formats as "". Returns the
 * length written (buf of 32 bytes always suffices).
 */
SCORE_EXPORT size_t score_format_number(double v, char *buf, size_t size);

/*
 * Read one cell of text as the CSV reader does, for bindings and programs
 * that hold their data as text: spaces and tabs around it are ignored,
 * and an empty cell is missing (*out NaN, or -1 for a bool).
 * score_parse_number() accepts a sign, decimals, exponents and one suffix
 * of %, 千, 万 or 亿 ("3.5万" is 35000); score_parse_bool() accepts 1/0,
 * true/false and 是/否, giving 1 or 0. Errors: SCORE_EDATA (message says
 * why; no position), SCORE_EINVAL.
 */
SCORE_EXPORT int score_parse_number(const char *text, size_t len, double *out, score_error *err);
SCORE_EXPORT int score_parse_bool(const char *text, size_t len, int *out, score_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SCORE_SCORE_H */
