/*
 * The 美好乡村 tiers (built-in ruleset meihao-xiangcun) written by hand in
 * C, without the rule engine: the baseline that libscore's evaluation is
 * measured against. Same semantics as the ruleset: NaN is missing,
 * three-valued (Kleene) logic, numbers compared as decimals (15
 * significant digits), the 考核验收得分 scorecard with its caps, and the
 * tier allocation of docs/rulesets.md (quota and cap, ranking by score
 * descending, missing last, ties by key in byte order, 末位淘汰).
 */
#ifndef BENCH_BASELINE_MEIHAO_H
#define BENCH_BASELINE_MEIHAO_H

#include <stddef.h>

/* Verdicts as libscore's score_verdict: 0 false, 1 true, 2 unknown. */
enum { MH_FALSE = 0, MH_TRUE = 1, MH_UNKNOWN = 2 };

/* The criteria, in the ruleset's order. */
enum {
    MH_APPLICATION_OK, MH_THREE_REVOLUTIONS, MH_MESSES_BASIC, MH_MESSES_CLEARED, MH_STEEL_SHED,
    MH_ENV_PLAN, MH_INDUSTRY_IDEAS, MH_DEMO_STANDARD, MH_INDUSTRY_SHAPING, MH_CIVILITY_OK,
    MH_GOVERNANCE_OK, MH_BEAUTY_OK, MH_DEMO_EXCEEDED, MH_DEMO_LEADING, MH_MODEL_PROJECT_OK,
    MH_WAS_BOUTIQUE_DEMO, MH_MIN_FU, MH_CUN_QIANG, MH_REN_HE, MH_NCRITERIA
};

/* The criterion ids, indexed as above. */
extern const char *const meihao_criterion_ids[MH_NCRITERIA];

#define MH_NLEVELS 5 /* clean, tidy, boutique, boutique_demo, operating_demo */

/* The columns, NaN = missing; bools 0/1; prior_tier as a code. */
typedef struct meihao_input {
    size_t n;
    const char *const *key; /* NULL = missing */
    const double *applied, *plan_village, *plan_creation, *plan_env, *leadership_ok,
        *participation, *operating_plan, *sewage_done, *toilet_done, *garbage_done,
        *steel_shed_done, *env_plan_done, *messes, *industry_stage, *demo_index, *civility,
        *governance, *beauty, *learnable, *viewable, *replicable, *comprehensive,
        *model_project, *prior_tier, *income_growth, *collective_income,
        *collective_income_prev, *harmony_ok;
    double boutique_demo_code; /* the code of "boutique_demo" in prior_tier */
} meihao_input;

/* The params in force; quota and cap NaN where a level has none. */
typedef struct meihao_params {
    double participation_min, messes_basic_max, demo_pass, demo_exceed, quality_min;
    double quota[MH_NLEVELS], cap[MH_NLEVELS];
} meihao_params;

/* What the baseline computes per row, as libscore keeps it. */
typedef struct meihao_output {
    unsigned char *verdict[MH_NCRITERIA]; /* [criterion][row] */
    double *assessment;                   /* the scorecard, NaN = missing */
    signed char *qualified;               /* highest level met, -1 none */
    signed char *tier;                    /* level awarded, -1 none */
    size_t awarded[MH_NLEVELS];
    size_t applicants;
    /* scratch for the ranking */
    struct meihao_candidate *cand;
} meihao_output;

/* Allocate the output arrays for n rows; 0, or -1 when out of memory. */
int meihao_output_init(meihao_output *out, size_t n);
void meihao_output_free(meihao_output *out);

/* Score every row and allocate the tiers. */
void meihao_baseline_run(const meihao_input *in, const meihao_params *p, meihao_output *out);

/* The same for the ruleset without quotas and caps (bench.sh's
 * meihao-open.yaml): criteria, scorecard and qualified level, which is the
 * tier; no ranking, no allocation. */
void meihao_baseline_run_open(const meihao_input *in, const meihao_params *p, meihao_output *out);

#endif
