/* used by out_report.c (the document), out_report_towns.c (the state, the
 * sections' headings and the tables per town) and out_report_targets.c
 * (the targets): the document calls both, the targets call the towns'
 * helpers, the towns call neither. */
/*
 * What the sections of the report share: the result, its eval view for
 * people and its targets view, and the rows grouped by town (the field
 * with id "town", else the first text field shown; one group if none).
 */
#ifndef SCORE_OUT_REPORT_H
#define SCORE_OUT_REPORT_H

#include <stddef.h>

#include "out.h"
#include "view.h"

typedef struct sc_report {
    sc_out *o;
    const score_result *r;
    const score_table *t;
    const score_ruleset *rs;
    const score_allocator *a;
    score_output_options opts; /* the caller's, with labels */
    sc_eval_view ev;           /* display columns, for people */
    sc_targets_view tv;
    const char *title;         /* the ruleset's title, else its id */
    const char *unit;          /* the measure word of a row: 名 for people
                                  (entity member), else 个 */
    size_t nrows, ntiers;
    size_t unawarded;          /* rows with no tier */
    size_t group_field;        /* schema column of the groups, or SC_NO_COL */
    const char *group_label;   /* "镇(街道)", or "全部" */
    size_t ngroups;
    const char **groups;       /* their names, in order of first appearance */
    size_t *group_of;          /* each row's group */
    size_t name_col;           /* view column of the row's name; 0 for none */
    unsigned nsections, nfigures;
} sc_report;

/* 0, or a score_code with err filled (a kept column unknown, memory). */
int sc_report_init(sc_report *rp, sc_out *o, const score_result *r, const score_table *t,
                   const score_output_options *opts, score_error *err);
void sc_report_free(sc_report *rp);

/* A row as people name it: its key and name, escaped. */
void sc_report_row_label(const sc_report *rp, size_t row);

/* Open a major section: <section> and its numbered heading ("一、TITLE"),
 * a new page in print but the first. */
void sc_report_section(sc_report *rp, const char *id, const char *title);

/* The sections after the summary; each returns 0, or -1 when memory ran
 * out. */
int sc_report_towns(sc_report *rp);
int sc_report_targets(sc_report *rp);

#endif
