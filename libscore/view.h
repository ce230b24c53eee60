/* used by the writers (out_eval.c, out_targets.c, out_xlsx.c, out_report.c);
 * uses the public API, schema.h and ruleset.h (labels, units). */
/*
 * A result as the writers show it. The eval view is its columns (the key,
 * the kept fields, qualified and awarded tier, rank score, each
 * scorecard's total and grade, each criterion) with a header for machines
 * (ids) and one for people (labels), and typed cells; the targets view is
 * the outcomes selected (by year). Every format is made from these, so a
 * CSV, a workbook and a report cannot disagree about what a cell holds.
 */
#ifndef SCORE_VIEW_H
#define SCORE_VIEW_H

#include <stddef.h>

#include "score/score.h"

typedef enum sc_vkind {
    SC_V_NONE = 0, /* empty: missing data, no tier, no grade */
    SC_V_TEXT,     /* text: a key, a text field, a grade */
    SC_V_NUMBER,   /* a number; `money` when its field's unit is 元 */
    SC_V_VERDICT,  /* a criterion's verdict or a bool field: code 1 or 0 */
    SC_V_LEVEL     /* a tier: code is the level's index */
} sc_vkind;

typedef struct sc_vcell {
    sc_vkind kind;
    int code;
    double num;
    const char *text; /* borrowed from the table or the ruleset */
    int money;
} sc_vcell;

typedef enum sc_vcol_kind {
    SC_VC_KEY,
    SC_VC_FIELD,     /* a kept field: index is its column in the schema */
    SC_VC_QUALIFIED,
    SC_VC_TIER,
    SC_VC_RANK,
    SC_VC_SCORE,     /* index: the scorecard */
    SC_VC_GRADE,     /* index: the scorecard */
    SC_VC_CRITERION  /* index: the criterion */
} sc_vcol_kind;

typedef struct sc_vcol {
    sc_vcol_kind kind;
    size_t index;
    const char *id;    /* the header for machines */
    const char *label; /* the header for people */
    char *made;        /* storage of a made-up header, owned */
    /* the cells, fetched once (sc_eval_view_init): a field's or a score's
     * doubles, a criterion's verdicts, a grade's or a tier's indexes */
    const void *data;
    score_type type;   /* a field's */
    int money;         /* a number field in 元 */
} sc_vcol;

typedef struct sc_eval_view {
    const score_ruleset *rs;
    const score_table *t;
    const score_result *r;
    const score_allocator *alloc;
    int labels;      /* people: labels, words */
    int digits;      /* decimals for people; -1 when not asked */
    size_t nrows;
    sc_vcol *cols;
    size_t ncols;
    size_t nkept;    /* kept fields: cols[1 .. nkept] */
    int tiers;       /* the ruleset has a tier ladder */
} sc_eval_view;

/* The view of r (made from t) under opts (NULL: the defaults).
 * `display`: use the ruleset's display: list when opts keep nothing (the
 * formats for people). Errors: SCORE_ENOTFOUND for a kept name that is no
 * column (with the nearest), SCORE_ENOMEM. */
int sc_eval_view_init(sc_eval_view *v, const score_result *r, const score_table *t,
                      const score_output_options *opts, int display, score_error *err);
void sc_eval_view_free(sc_eval_view *v);
void sc_eval_view_cell(const sc_eval_view *v, size_t col, size_t row, sc_vcell *c);
/* The header of a column: its label for people, else its id. */
const char *sc_eval_view_header(const sc_eval_view *v, size_t col);

/* How a cell is written: ids and full precision (machines), labels and
 * words with full precision (CSV and JSON with labels), or labels, words
 * and numbers rounded for people (tables, workbooks, reports). */
typedef enum sc_vstyle { SC_FOR_MACHINES, SC_WITH_LABELS, SC_FOR_PEOPLE } sc_vstyle;

/* A cell as text: numbers in full precision or (for people) to
 * v->digits decimals (2 when not asked) and money of 1万 or more in 万;
 * verdicts 1/0 or 是/否; tiers by id or label. Missing is "". Returns buf
 * or a borrowed text. */
const char *sc_vcell_text(const sc_eval_view *v, const sc_vcell *c, sc_vstyle style, char *buf,
                          size_t size);

/* A number for people: rounded to `digits` decimals, trailing zeros
 * dropped; with `money`, 1万 or more in 万 ("3.5万"). NaN is "". */
const char *sc_people_number(double v, int digits, int money, char *buf, size_t size);

/* A fraction as a percent with one decimal (0.347826 → 34.8%), or more
 * when one would make it look equal to `beside` while it is not; NaN is
 * "". */
const char *sc_percent(double v, double beside, char buf[32]);

/* ---- targets ---- */

typedef struct sc_targets_view {
    const score_ruleset *rs;
    const score_table *t;
    const score_result *r;
    const score_allocator *alloc;
    int labels;
    size_t *outcomes; /* the outcomes shown, in order */
    size_t n;
} sc_targets_view;

int sc_targets_view_init(sc_targets_view *v, const score_result *r, const score_table *t,
                         const score_output_options *opts, score_error *err);
void sc_targets_view_free(sc_targets_view *v);

/* The scope of outcome i: "all" and "town=双河镇" for machines; 全部 and
 * the field's label, "镇(街道)=双河镇", for people. */
const char *sc_scope_text(const score_result *r, const score_ruleset *rs, size_t outcome,
                          int people, char *buf, size_t size);
/* met/not_met/unknown, or 达标/未达标/数据缺失. */
const char *sc_target_verdict_word(score_target_verdict v, int people);
/* 1 when a target's actual and required values are shares (fractions). */
int sc_target_is_share(const score_ruleset *rs, size_t target);

#endif
