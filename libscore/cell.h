/*
 * One data cell read as text: the rules the CSV reader, the xlsx reader
 * and the bindings share, so that "3万", " 是 ", "98％" or "-" mean the
 * same wherever they come from. A cell is either read as the person meant
 * it or refused with a short reason and a hint; it is never misread
 * silently. The rules, with every accepted form and every refusal, are in
 * docs/data.md, "How cells are read".
 */
#ifndef SCORE_CELL_H
#define SCORE_CELL_H

#include <stddef.h>

#include "schema.h"

/* What reading a cell changed, for the data-quality report (bit flags). */
enum {
    SC_CELL_TRIMMED = 1,   /* leading/trailing spaces removed */
    SC_CELL_WIDTH = 2,     /* full-width digits/signs/％/．/， folded */
    SC_CELL_GROUPS = 4,    /* thousands separators removed */
    SC_CELL_UNIT = 8,      /* a unit after the number read (元, 万元, the field's unit) */
    SC_CELL_MARKER = 16,   /* a missing marker (-, N/A, ...) read as missing */
    SC_CELL_SPELLING = 32  /* a bool spelled other than 1/0 (√, Y, 有, a true_values entry...) */
};

/* Trim ASCII space and tab, U+3000 (ideographic space) and U+00A0 (NBSP)
 * at both ends. Returns 1 if anything was removed. */
int sc_cell_trim_all(const char **s, size_t *len);

/*
 * 1 if the text (trimmed here too) is missing: the empty cell always;
 * then the entries of `markers` when markers->items != NULL (they replace
 * the defaults), else the defaults: a run of dashes (- － − – —, any
 * number), /, N/A, NA, #N/A. Compared ignoring ASCII case and full width.
 */
int sc_cell_is_missing(const char *s, size_t len, const sc_strlist *markers);

/*
 * Read a number cell. Returns NULL on success with *out the value (NaN =
 * missing) and *how the SC_CELL_ flags; else a static message that
 * follows the quoted cell text in an error: it starts with a space and
 * ends with a hint, e.g. " is not a number (write digits such as 3.5万 or
 * 35000)"; *out is then NaN. `rules` may be NULL (no unit), `markers`
 * NULL for the defaults, `how` NULL when not wanted.
 */
const char *sc_cell_read_number(const char *s, size_t len, const sc_cellrules *rules,
                                const sc_strlist *markers, double *out, unsigned *how);

/* 1 when a plain number cell (digits alone) of a field with `rules` is
 * that number, so that a reader may take it by a fast path; 0 when the
 * field's unit changes it (a bare 30 in a % field is 0.3). */
int sc_cell_plain_is_itself(const sc_cellrules *rules);

/* Read a bool cell: *out 1, 0, or NaN for missing; results and messages
 * as for sc_cell_read_number, the hint listing the accepted spellings. */
const char *sc_cell_read_bool(const char *s, size_t len, const sc_cellrules *rules,
                              const sc_strlist *markers, double *out, unsigned *how);

/* A text cell: trims it (*s and *len narrowed to the text to store) and sets
 * *missing to 1 for an empty cell or a marker, else 0. `how` may be NULL. */
void sc_cell_read_text(const char **s, size_t *len, const sc_strlist *markers, int *missing,
                       unsigned *how);

/* A cell of a closed set (a field's `values:`): an id, or a label read as
 * its id. Returns the id's index (*by_label says which it was), or -1
 * with a did-you-mean, "; did you mean ID (LABEL)?", in hint ("" for
 * none). The cell is already trimmed. */
long sc_cell_closed_value(const sc_valueset *vs, const char *s, size_t len, int *by_label,
                          char *hint, size_t size);

/* How much of a cell a message shows: at most 64 bytes, cut at a
 * character boundary. */
int sc_cell_shown_len(const char *s, size_t len);

#endif
