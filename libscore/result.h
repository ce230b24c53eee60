/*
 * The result of one evaluation: per row, the criteria's verdicts, the
 * scorecards' totals and grades, the tiers qualified for and awarded; per
 * target and scope group, the outcome and its ledger of failing rows.
 */
#ifndef SCORE_RESULT_H
#define SCORE_RESULT_H

#include "meter.h"
#include "ruleset.h"
#include "vm.h" /* the evaluator runs the program over row blocks */

/* What a target's outcome is decided from, in one scope group. */
typedef struct sc_target_acc {
    size_t n;       /* rows in the population */
    size_t yes;     /* condition true */
    size_t unknown; /* condition unknown, or value missing */
    size_t known;   /* values present (sum, avg, min, max) */
    double sum, min, max;
} sc_target_acc;

typedef struct sc_outcome {
    score_target_outcome pub;
    sc_target_acc acc; /* kept for scale-out (score_result_partial) */
    char *scope;       /* owned: "FIELD=VALUE\0FIELD", or "all" */
    const char *scope_field, *scope_value; /* inside scope; NULL for all */
    size_t *failing;   /* its part of the result's ledgers */
} sc_outcome;

/* The scratch buffers of a result (sc_result_scratch()). */
enum { SC_SCRATCH_VM, SC_SCRATCH_RANK, SC_SCRATCH_TARGETS, SC_SCRATCHES };

struct score_result {
    score_allocator alloc;    /* the ruleset's: the struct itself, explanations */
    sc_meter meter;           /* the memory_bytes limit: everything else */
    const score_ruleset *rs;
    size_t nrows;
    unsigned threads;         /* worker threads for the evaluation */
    void *block;              /* every per-row array below, in one block */
    size_t block_size;        /* its bytes: reused when a next evaluation fits */
    unsigned char *verdicts;  /* ncriteria blocks of nrows */
    double *scores;           /* nscorecards blocks of nrows */
    int *vetoes;              /* nscorecards blocks: veto index, 0 none, -1 unknown */
    int *grades;              /* nscorecards blocks: grade class, -1 none */
    /* tiers */
    unsigned char *eligible;  /* nrows verdicts */
    unsigned char *level_met; /* nlevels blocks of nrows verdicts */
    int *qualified;           /* nrows: level index or -1 */
    int *awarded;             /* nrows: level index or -1 */
    int *step_limit;          /* nrows: highest level allowed, -1 no limit */
    double *rank;             /* nrows rank_by values */
    unsigned *tier_rank;      /* nlevels blocks: 1-based place among candidates;
                                 0 at a level without a quota or cap */
    size_t *candidates, *limit, *nawarded; /* per level */
    unsigned char *tie_lost;  /* per level: the first left out tied the last awarded */
    size_t applicants;
    int ranked;               /* some place in tier_rank may be non-zero */
    /* targets */
    sc_outcome *outcomes;
    size_t noutcomes, capoutcomes;
    size_t *ledgers;          /* every outcome's failing rows, in one block */
    /* buffers an evaluation needs only while it runs (the VMs' registers,
     * the ranking, the targets' rows), kept between score_evaluate_into()
     * calls */
    void *scratch[SC_SCRATCHES];
    size_t scratch_size[SC_SCRATCHES];
};

/* The allocator of everything a result holds but the struct. */
static inline const score_allocator *sc_result_alloc(const score_result *r)
{
    return &r->meter.hooks;
}

/* Scratch buffer `slot` of at least `size` bytes, its contents undefined:
 * the one of the last evaluation when it is large enough, else a new one;
 * NULL when out of memory. */
void *sc_result_scratch(score_result *r, int slot, size_t size);
/* Free the scratch buffers (a result that is not evaluated into again). */
void sc_result_release_scratch(score_result *r);

/* A rank value rounded to 15 significant digits, as tiers compare them
 * (tiers.c). */
double sc_rank_canonical(double x);

/* How many level lv may award at most (tiers.c): its quota, and the floor
 * of its cap times the applicants (as decimals); INFINITY for no limit. */
double sc_level_bound(const score_result *r, const sc_level *lv);

/* Allocate the tiers (tiers.c): qualified, step limits, the cascade, on
 * up to r->threads threads. `applicants` is the base of caps; 0: the
 * eligible rows of the table. */
int sc_allocate_tiers(score_result *r, const score_table *t, size_t applicants);

/* Decide a target's outcome from its aggregates (targets.c). */
void sc_target_decide(const sc_target *tg, const sc_target_acc *s, score_target_outcome *o);

/* What the evaluation kept of each target, per row: the population
 * (verdicts; NULL when every row is in it) and the argument, as verdicts
 * for a condition (count, share, all, none; NULL for count()) or as
 * values (sum, avg, min, max; NaN missing). */
typedef struct sc_target_rows {
    unsigned char *pop;
    unsigned char *cond;
    double *val;
} sc_target_rows;

/* Aggregate the targets (targets.c), one sc_target_rows per target. */
int sc_aggregate_targets(score_result *r, const score_table *t, const sc_target_rows *rows);

#endif
