/* used by csv.c, xlsx_table.c and cases_load.c (sc_ingest_find_column); uses cell.c,
 * table.c, report.c. */
/*
 * From cells to columns: what every reader of data (CSV, workbook) shares
 * once it has cut its input into cells. The header is matched to the
 * ruleset's fields, each cell is read by its field's type and rules
 * (cell.c), keys are indexed, rows that are not records (blank rows,
 * 合计 rows) are recognised, and every problem is either an error with
 * its position or a line in the read report.
 *
 * A reader calls sc_ingest_header() once, sc_ingest_make_table(), then
 * for each record the cells it cannot store by a fast path
 * (sc_ingest_cell()) and sc_ingest_row_end(), which says whether the
 * record became a row.
 */
#ifndef SCORE_INGEST_H
#define SCORE_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "report.h"
#include "table.h"

#define SC_NO_COL SIZE_MAX
#define SC_INGEST_RECENT 4 /* text cells remembered per column */
#define SC_TITLE_ROWS 20   /* the header is looked for in this many rows */

/* How a column's cells are read: the fast paths try first. */
typedef enum sc_hkind { SC_H_IGNORED, SC_H_NUMBER, SC_H_BOOL, SC_H_TEXT, SC_H_KEY } sc_hkind;

/* One header cell and the column it feeds. */
typedef struct sc_hcol {
    size_t name;        /* offset of the header text in ingest.names */
    size_t col;         /* schema column, or SC_NO_COL */
    score_type type;
    sc_hkind kind;
    double *dst;        /* the column's values, NULL if ignored */
    sc_cellrules rules; /* the field's, with the header's unit if it gives one */
    size_t unit;        /* offset in ingest.names of the unit the header
                           gives in brackets, SIZE_MAX if none */
    double scale;       /* the header's money unit in the field's: 万元 for 元 is 1e4 */
    int fast;           /* a plain number is that number: the reader's fast path */
    /* text: the last few distinct raw cells met, so that a column of a
     * few values (a town, a category) is read by a comparison */
    const char *recent[SC_INGEST_RECENT];
    size_t recent_len[SC_INGEST_RECENT];
    double recent_code[SC_INGEST_RECENT];
    unsigned recent_how[SC_INGEST_RECENT];  /* what reading it changed */
    int recent_label[SC_INGEST_RECENT];     /* a closed set's label */
    unsigned next_recent;
    sc_dict *dict;      /* a chunk's dictionary of this column's texts;
                           NULL: the reader's (sc_ingest.dict) */
} sc_hcol;

/* A position in the input: a line and cell number of a text file, or
 * a row and column of a sheet (1-based). */
typedef struct sc_pos {
    size_t line;
    size_t col;
} sc_pos;

/* A cell's text as a reader cut it (not yet trimmed). */
typedef struct sc_text {
    const char *s;
    size_t len;
} sc_text;

typedef struct sc_ingest {
    score_table *t;
    const score_ruleset *rs;
    const sc_schema *schema;
    const score_allocator *alloc;
    const char *source;
    const char *sheet;  /* a workbook's sheet: positions print as Sheet!F12 */
    score_error *err;   /* the caller's, or `own` when it gave none */
    score_error own;
    score_limits limits;
    score_read_options opts;
    score_read_report *rep;
    sc_hcol *hdr;
    size_t nhdr, hdr_cap;
    size_t key_hdr;     /* header cell of the key column */
    sc_buf names;       /* header texts */
    char *scratch;      /* a cell's text rewritten (quotes undone) */
    size_t scratch_cap;
    /* the record being read */
    size_t row;         /* rows stored so far: the record's index */
    int row_failed;     /* a cell of it was refused */
    size_t row_problems;/* report problems before it (dropped if the
                           record turns out not to be a row) */
    score_error first;  /* its first refusal, when not keeping going */
    sc_dict *dict;      /* where text cells are interned: the table's, or
                           a chunk's own */
    /* A chunk of a parallel read (csv_chunks.c) neither interns nor
     * indexes its keys: it copies them into key_text and notes where each
     * is in the key column. Its text columns have dictionaries of their
     * own (a column of names is looked up in a dictionary of names only,
     * which the caches hold), and `order` lists what one thread would
     * have interned, in its order: a column's new text (header index <<
     * 32 | its code in the column's dictionary) or a row's key (key
     * header index << 32 | the row), so that the merge gives every text
     * the code a one-thread read gives it. */
    int chunk;          /* (the reader's own sc_ingest is no chunk: these
                           stay empty, and csv_chunks.c frees a chunk's) */
    sc_buf key_text;
    uint64_t *order;
    size_t norder, order_cap;
    /* The line of an earlier row's key, to word a duplicate (a text
     * reader's; NULL for a sheet). */
    size_t (*key_line)(void *ud, size_t row);
    void *key_line_ud;
} sc_ingest;

/* Start: the options (NULL for the defaults), limits and report. */
int sc_ingest_init(sc_ingest *in, const score_ruleset *rs, const sc_schema *schema,
                   const score_allocator *alloc, const char *source,
                   const score_read_options *opts, score_error *err);
/* The end: everything but the table (taken by the caller or freed). */
void sc_ingest_done(sc_ingest *in);

/* The column a header's exact text names: a field's id or label, or for
 * a year-indexed field ID_YYYY or LABEL_YYYY; SC_NO_COL if none. The one
 * matcher of names to columns (column_names.c; also for the cases of
 * `score test`). */
size_t sc_ingest_find_column(const sc_schema *schema, const char *s, size_t len);

/* The column a person names in an option or a display: list: as
 * sc_ingest_find_column(), or a label without its gloss in brackets
 * (镇 for 镇(街道)) when only one label has it; SC_NO_COL if none (the
 * caller refuses the name with the nearest ones). */
size_t sc_ingest_find_named(const sc_schema *schema, const char *name);

/* How many cells of a row name a field (to find the header row). */
size_t sc_ingest_header_matches(const sc_schema *schema, const sc_text *cells, size_t n);

/* Match the header cells to fields. Errors: two cells for one field, no
 * key column, and under `strict` an unmatched header. */
int sc_ingest_header(sc_ingest *in, const sc_text *cells, size_t n, sc_pos at);

/* The table for at most `cap` rows, a column for each matched header. */
int sc_ingest_make_table(sc_ingest *in, size_t cap);

/* How a cell's text is held (sc_ingest_cell()). */
enum {
    SC_TEXT_QUOTED = 1,  /* holds doubled quotes to undo */
    SC_TEXT_VOLATILE = 2 /* not there after the record: not to be remembered */
};

/* Read cell i (header index) of the current record into its column.
 * Returns 0 (also when the cell was refused and the reader is to go on
 * to the end of the record) or an error code to stop at. */
int sc_ingest_cell(sc_ingest *in, size_t i, const char *s, size_t len, unsigned held, sc_pos at);

/* A warning at `at` for the report (cells right of a sheet's header, a
 * numeric key column). Returns 0, or SCORE_ENOMEM. */
int sc_ingest_warn(sc_ingest *in, sc_pos at, const char *fmt, ...) SC_PRINTF(3, 4);

/* Refuse cell i (header index) of the current record for a reason its
 * text does not show (a workbook's error value, a date). */
int sc_ingest_refuse(sc_ingest *in, size_t i, sc_pos at, const char *fmt, ...) SC_PRINTF(4, 5);

/* A record's shape, for sc_ingest_row_end(). */
typedef struct sc_record {
    size_t ncells;
    int blank;            /* every cell empty */
    int total;            /* a 合计/总计/小计/平均 row */
    int has_key;          /* the key cell held text */
    sc_text key;          /* the key's text (when has_key) */
    int key_escaped;      /* holds doubled quotes */
    uint64_t key_hash;    /* sc_dict_hash() of key, or 0 to compute */
    sc_pos at;            /* where the record starts */
    sc_pos key_at;        /* the key cell */
} sc_record;

/* The record is read: store its key and count it as a row, or skip it
 * (blank or total) or refuse it. *stored is 1 when it became a row.
 * Returns 0 or the error to stop at. */
int sc_ingest_row_end(sc_ingest *in, const sc_record *rec, int *stored);

/* 1 if a cell's text marks a total row (合计, 总计, 小计, 平均, with
 * spaces or a prefix such as 全镇合计). */
int sc_ingest_is_total(const char *s, size_t len);

/* Finish the table: absent columns, missing counts, warnings. */
int sc_ingest_finish(sc_ingest *in);

/* Report an error at `at` (formatted with the sheet when there is one).
 * Returns the code. */
int sc_ingest_error(sc_ingest *in, score_code code, sc_pos at, const char *fmt, ...)
    SC_PRINTF(4, 5);

/* Add to a chunk's order (header index, code or row). Returns 0, or -1
 * when out of memory. */
int sc_ingest_order(sc_ingest *in, size_t hdr, size_t what);

/* A chunk's key of the current row copied into its key_text, put in
 * its order, and the note of where (for the key column): 0, or -1 when
 * out of memory or too long to note. And back, the text of a note.
 * (ingest_chunk.c) */
int sc_ingest_key_note(sc_ingest *in, const char *s, size_t len, double *note);
void sc_ingest_key_text(const sc_buf *key_text, double note, const char **s, size_t *len);

/* "F12" for column 6, row 12. */
void sc_ingest_cell_name(char *buf, size_t size, sc_pos at);

#endif
