/* used by every file that reads a compiled ruleset; declares what ruleset_info.c,
 * ruleset_names.c, ruleset_free.c, limits.c, grades.c and hash.c define, and the
 * loader's options check (ruleset_load.c). */
/*
 * A compiled ruleset: the document's metadata, params, fields and
 * criteria, the column schema its tables follow, and one program that
 * evaluates every criterion on a batch of rows. Immutable once built.
 */
#ifndef SCORE_RULESET_H
#define SCORE_RULESET_H

#include "ast.h"
#include "check.h"
#include "dict.h"
#include "program.h"
#include "schema.h"

typedef struct sc_param {
    char *name;
    char *label;
    sc_type type;
    double num;          /* number or bool value in force; NaN for null */
    char *text;          /* text value in force */
    char *value_text;    /* the value in force, as literal text */
    char *written;       /* the value in force as written (30%, 3万), for labels */
    char *unit;          /* `unit:` ("元", "%", "个"), for labels; NULL if none */
    char *default_text;  /* the document's value, as literal text */
    int line, column;
} sc_param;

typedef struct sc_field {
    char *id;
    char *label;
    sc_type type;
    int *years;          /* NULL for a plain field */
    size_t nyears;
    size_t column;       /* first column in the schema */
    int line, column_pos;
    /* How its cells are read: `unit`, `true_values`, `false_values`,
     * `values` (see schema.h). The strings, lists and the value set are
     * owned here (sc_field_free) and shared by the field's columns. */
    sc_cellrules rules;
} sc_field;

typedef struct sc_criterion {
    char *id;
    char *label;
    char *expr;          /* the source text of `when` */
    uint32_t reg;        /* register holding its verdicts after a batch */
    int line, column;
} sc_criterion;

/* Limits of a document that the result's storage relies on. */
#define SC_MAX_VETOES 1000 /* per scorecard */
#define SC_MAX_LEVELS 1000 /* of a tier ladder */

/* One item or deduction of a scorecard. */
typedef struct sc_score_item {
    char *id;
    char *label;
    char *expr;          /* source of `points` */
    int deduction;       /* subtracted from the total */
    double max;          /* cap of the contribution; NaN for none */
    uint32_t reg;        /* the contribution after the cap */
} sc_score_item;

typedef struct sc_veto {
    char *label;
    char *expr;          /* source of `when` */
    double value;        /* the forced total; NaN: missing */
    char *grade;         /* the forced grade, or NULL for the band's */
    uint32_t reg;        /* the condition */
} sc_veto;

typedef struct sc_band {
    double min;
    char *grade;
} sc_band;

typedef struct sc_scorecard {
    char *id;
    char *label;
    sc_score_item *items; /* items and deductions, in document order */
    size_t nitems;
    sc_veto *vetoes;
    size_t nvetoes;
    double min, max;      /* floor and ceiling of the total; NaN for none */
    sc_band *bands;       /* highest first */
    size_t nbands;
    uint32_t reg;         /* the total after vetoes */
    uint32_t veto_reg;    /* 1-based index of the veto that holds, 0 none */
    int line, column;
} sc_scorecard;

/* One level of a tier ladder. */
typedef struct sc_level {
    char *id;
    char *label;
    size_t extends;       /* the level it extends, or SIZE_MAX */
    char **require;       /* source of each own requirement */
    uint32_t *require_reg;
    size_t nrequire;
    uint32_t reg;         /* own and inherited requirements all hold */
    double quota;         /* NaN for none */
    double cap;           /* share of the eligible rows; NaN for none */
} sc_level;

typedef struct sc_tiers {
    int present;
    char *eligible;       /* source text; NULL: every row is eligible */
    uint32_t eligible_reg;
    char *rank_by;        /* source text; NULL: no ranking (ties by key) */
    uint32_t rank_reg;
    int has_prior;
    size_t prior_col;     /* column of the prior level */
    sc_type prior_type;   /* text: a level id; number: 1-based level */
    double max_step;      /* NaN for none */
    sc_level *levels;     /* lowest first */
    size_t nlevels;
} sc_tiers;

typedef enum sc_agg {
    SC_AGG_COUNT, SC_AGG_SHARE, SC_AGG_SUM, SC_AGG_AVG,
    SC_AGG_MIN, SC_AGG_MAX, SC_AGG_ALL, SC_AGG_NONE
} sc_agg;

typedef enum sc_cmp { SC_CMP_GE, SC_CMP_GT, SC_CMP_LE, SC_CMP_LT, SC_CMP_EQ, SC_CMP_NE } sc_cmp;

typedef struct sc_target {
    char *id;
    char *label;
    char *expr;           /* source of `require` */
    double year;          /* milestone year; NaN for none */
    int has_population;
    char *population;     /* source of `population`, or NULL */
    uint32_t population_reg;
    sc_agg agg;
    int has_arg;          /* count() has none */
    uint32_t arg_reg;     /* the condition or value aggregated */
    sc_cmp op;            /* for the comparison forms */
    double required;
    size_t *scopes;       /* SIZE_MAX for all rows, else a column */
    size_t nscopes;
    int line, column;
} sc_target;

struct score_ruleset {
    score_allocator alloc;
    score_limits limits;    /* in force: the load options' or the defaults,
                               every field non-zero (sc_limits_resolve) */
    char *source;
    char *id, *version, *title, *entity, *key;
    sc_param *params;
    size_t nparams;
    sc_field *fields;
    size_t nfields;
    sc_criterion *criteria;
    size_t ncriteria;
    sc_scorecard *scorecards;
    size_t nscorecards;
    sc_tiers tiers;
    sc_target *targets;
    size_t ntargets;
    char **display;         /* `display:` columns shown beside the key */
    size_t ndisplay;
    char hash[24];          /* provenance: a hash of the compiled content */
    sc_colspec *cols;    /* the schema's columns; names owned here */
    sc_schema schema;
    sc_program prog;
    sc_dict names;          /* the one namespace: params, fields, criteria */
    sc_sym_kind *name_kind; /* per name code */
    size_t *name_index;     /* per name code: index in params/fields/criteria */
};

/* limits.c: the limits in force for `in` (NULL: the defaults): every field that is 0
 * takes its default, and fields the library cannot honour beyond a fixed
 * bound (expression_depth, tier_levels) are clamped to it. */
void sc_limits_resolve(score_limits *out, const score_limits *in);

/* The value in force of a param as a person writes it (labels.c): "5万元"
 * for 50000 with unit 元, "30%", "2020", 是/否, the text. Returns the
 * length it needed, as snprintf. */
size_t sc_param_natural(const sc_param *p, char *buf, size_t size);

/* ruleset_names.c: resolve a name of the ruleset's namespace (for the checker). */
int sc_ruleset_lookup(const score_ruleset *rs, const char *name, size_t len, sc_symbol *sym);

/* Fill rs->hash from the compiled content (hash.c). Returns 0 or -1
 * when out of memory. */
int sc_ruleset_hash(score_ruleset *rs);

/* ruleset_free.c: free what a field owns: its id, label, years and cell rules. */
void sc_field_free(const score_allocator *a, sc_field *f);
/* Free a list of strings owned by the ruleset, and zero it. */
void sc_strlist_free(const score_allocator *a, sc_strlist *l);
/* Free a closed set of values (NULL: nothing). */
void sc_valueset_free(const score_allocator *a, const sc_valueset *vs);
/* Free what a field's cell rules own, and zero them. */
void sc_cellrules_free(const score_allocator *a, sc_cellrules *r);

/*
 * The message for a name that is not declared, when there is something to
 * say (ruleset_names.c): returns 2 and writes "'乡风文明得分' is the label of
 * civility; ..." when it is a label of a param, field, criterion or
 * scorecard; 1 and "unknown name 'X' (did you mean Y?)" when a name or label
 * is near (sc_suggest); 0 and nothing otherwise. For sc_checker.unknown.
 */
int sc_ruleset_unknown_name(const score_ruleset *rs, const char *name, size_t len, char *out,
                            size_t cap);

/* SCORE_EINVAL (with err filled) unless opts is NULL or of this
 * version (ruleset_load.c; also for score_run_cases()). */
int sc_load_options_check(const score_load_options *opts, score_error *err);

/* ruleset_info.c: the grade a number reaches: that of the first band (highest first)
 * whose min it reaches as a decimal, or NULL (no band, or missing). */
const char *sc_scorecard_band(const sc_scorecard *card, double v);
/* The index of that band, -1 for none (grades.c). */
int sc_scorecard_band_index(const sc_scorecard *card, double v);
/* The class of a grade text: its first band's index, else nbands + k for
 * the first veto k giving it; -1 for NULL (grades.c). */
int sc_scorecard_grade_class(const sc_scorecard *card, const char *grade);

#endif
