/*
 * The result of one evaluation: per row, the criteria's verdicts, the
 * scorecards' totals and grades, the tiers qualified for and awarded; per
 * target and scope group, the outcome and its ledger of failing rows.
 */
#ifndef SCORE_RESULT_H
#define SCORE_RESULT_H

#include "ruleset.h"

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
    char *scope;       /* owned */
    size_t *failing;   /* owned */
} sc_outcome;

struct score_result {
    score_allocator alloc;
    const score_ruleset *rs;
    size_t nrows;
    unsigned char *verdicts;  /* ncriteria blocks of nrows */
    double *scores;           /* nscorecards blocks of nrows */
    int16_t *vetoes;          /* nscorecards blocks: veto index, 0 none, -1 unknown */
    /* tiers */
    unsigned char *eligible;  /* nrows verdicts */
    unsigned char *level_met; /* nlevels blocks of nrows verdicts */
    int16_t *qualified;       /* nrows: level index or -1 */
    int16_t *awarded;         /* nrows: level index or -1 */
    int16_t *step_limit;      /* nrows: highest level allowed, -1 no limit */
    double *rank;             /* nrows rank_by values */
    uint32_t *tier_rank;      /* nlevels blocks: 1-based place among candidates */
    size_t *candidates, *limit, *nawarded; /* per level */
    unsigned char *tie_lost;  /* per level: the first left out tied the last awarded */
    size_t applicants;
    /* targets */
    sc_outcome *outcomes;
    size_t noutcomes, capoutcomes;
};

/* Allocate the tiers (tiers.c): qualified, step limits, the cascade.
 * `applicants` is the base of caps; 0: the eligible rows of the table. */
int sc_allocate_tiers(score_result *r, const score_table *t, size_t applicants);

/* Decide a target's outcome from its aggregates (targets.c). */
void sc_target_decide(const sc_target *tg, const sc_target_acc *s, score_target_outcome *o);

/* Aggregate the targets (targets.c) from each target's per-row population
 * flags (pop, SCORE_TRUE/FALSE/UNKNOWN) and argument values (val). */
int sc_aggregate_targets(score_result *r, const score_table *t, const unsigned char *pop,
                         const double *val);

#endif
