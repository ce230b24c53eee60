/* Reading a result: bounds-checked accessors, and its release. */
#include <math.h>
#include <string.h>

#include "result.h"

size_t score_result_row_count(const score_result *r)
{
    return r ? r->nrows : 0;
}

score_verdict score_result_verdict(const score_result *r, size_t criterion, size_t row)
{
    if (!r || criterion >= r->rs->ncriteria || row >= r->nrows)
        return SCORE_NO_VERDICT;
    return (score_verdict)r->verdicts[criterion * r->nrows + row];
}

const unsigned char *score_result_verdicts(const score_result *r, size_t criterion)
{
    if (!r || criterion >= r->rs->ncriteria)
        return NULL;
    return r->verdicts + criterion * r->nrows;
}

const double *score_result_scores(const score_result *r, size_t scorecard)
{
    if (!r || scorecard >= r->rs->nscorecards)
        return NULL;
    return r->scores + scorecard * r->nrows;
}

double score_result_score(const score_result *r, size_t scorecard, size_t row)
{
    if (!r || scorecard >= r->rs->nscorecards || row >= r->nrows)
        return NAN;
    return r->scores[scorecard * r->nrows + row];
}

int score_result_veto(const score_result *r, size_t scorecard, size_t row)
{
    if (!r || scorecard >= r->rs->nscorecards || row >= r->nrows)
        return -1;
    return r->vetoes[scorecard * r->nrows + row];
}

const int *score_result_vetoes(const score_result *r, size_t scorecard)
{
    if (!r || scorecard >= r->rs->nscorecards)
        return NULL;
    return r->vetoes + scorecard * r->nrows;
}

const int *score_result_grades(const score_result *r, size_t scorecard)
{
    if (!r || scorecard >= r->rs->nscorecards)
        return NULL;
    return r->grades + scorecard * r->nrows;
}

const char *score_result_grade(const score_result *r, size_t scorecard, size_t row)
{
    if (!r || scorecard >= r->rs->nscorecards || row >= r->nrows)
        return NULL;
    return score_ruleset_grade_label(r->rs, scorecard, (size_t)r->grades[scorecard * r->nrows + row]);
}

static int has_tiers(const score_result *r, size_t row)
{
    return r && r->rs->tiers.present && row < r->nrows;
}

/* The per-row columns of the tiers; NULL without a tier ladder. */
static const void *tier_column(const score_result *r, const void *column)
{
    return r && r->rs->tiers.present ? column : NULL;
}

const unsigned char *score_result_eligibility(const score_result *r)
{
    return tier_column(r, r ? r->eligible : NULL);
}

const int *score_result_tiers(const score_result *r)
{
    return tier_column(r, r ? r->awarded : NULL);
}

const int *score_result_qualified_tiers(const score_result *r)
{
    return tier_column(r, r ? r->qualified : NULL);
}

const int *score_result_step_limits(const score_result *r)
{
    return tier_column(r, r ? r->step_limit : NULL);
}

const double *score_result_rank_scores(const score_result *r)
{
    return tier_column(r, r ? r->rank : NULL);
}

const unsigned char *score_result_tier_met_column(const score_result *r, size_t tier)
{
    if (!tier_column(r, r ? r->level_met : NULL) || tier >= r->rs->tiers.nlevels)
        return NULL;
    return r->level_met + tier * r->nrows;
}

const unsigned *score_result_tier_ranks(const score_result *r, size_t tier)
{
    if (!tier_column(r, r ? r->tier_rank : NULL) || tier >= r->rs->tiers.nlevels)
        return NULL;
    return r->tier_rank + tier * r->nrows;
}

score_verdict score_result_eligible(const score_result *r, size_t row)
{
    return has_tiers(r, row) ? (score_verdict)r->eligible[row] : SCORE_NO_VERDICT;
}

score_verdict score_result_tier_met(const score_result *r, size_t tier, size_t row)
{
    if (!has_tiers(r, row) || tier >= r->rs->tiers.nlevels)
        return SCORE_NO_VERDICT;
    return (score_verdict)r->level_met[tier * r->nrows + row];
}

int score_result_qualified(const score_result *r, size_t row)
{
    return has_tiers(r, row) ? r->qualified[row] : -1;
}

int score_result_tier(const score_result *r, size_t row)
{
    return has_tiers(r, row) ? r->awarded[row] : -1;
}

int score_result_step_limit(const score_result *r, size_t row)
{
    return has_tiers(r, row) ? r->step_limit[row] : -1;
}

double score_result_rank_score(const score_result *r, size_t row)
{
    return has_tiers(r, row) ? r->rank[row] : NAN;
}

size_t score_result_tier_rank(const score_result *r, size_t tier, size_t row)
{
    if (!has_tiers(r, row) || tier >= r->rs->tiers.nlevels)
        return 0;
    return r->tier_rank[tier * r->nrows + row];
}

static size_t per_level(const score_result *r, const size_t *a, size_t tier)
{
    return r && r->rs->tiers.present && tier < r->rs->tiers.nlevels ? a[tier] : 0;
}

size_t score_result_tier_candidates(const score_result *r, size_t tier)
{
    return per_level(r, r ? r->candidates : NULL, tier);
}

size_t score_result_tier_limit(const score_result *r, size_t tier)
{
    return per_level(r, r ? r->limit : NULL, tier);
}

size_t score_result_tier_awarded(const score_result *r, size_t tier)
{
    return per_level(r, r ? r->nawarded : NULL, tier);
}

size_t score_result_applicants(const score_result *r)
{
    return r ? r->applicants : 0;
}

size_t score_result_outcome_count(const score_result *r)
{
    return r ? r->noutcomes : 0;
}

int score_result_outcome(const score_result *r, size_t i, score_target_outcome *out)
{
    if (!r || !out || i >= r->noutcomes)
        return SCORE_ENOTFOUND;
    *out = r->outcomes[i].pub;
    return 0;
}

const char *score_result_outcome_scope_field(const score_result *r, size_t i)
{
    return r && i < r->noutcomes ? r->outcomes[i].scope_field : NULL;
}

const char *score_result_outcome_scope_value(const score_result *r, size_t i)
{
    return r && i < r->noutcomes ? r->outcomes[i].scope_value : NULL;
}

void *sc_result_scratch(score_result *r, int slot, size_t size)
{
    if (size <= r->scratch_size[slot] && r->scratch[slot])
        return r->scratch[slot];
    /* freed first: the old contents are not needed, and the memory_bytes
     * limit then need not hold both */
    sc_free(sc_result_alloc(r), r->scratch[slot]);
    r->scratch_size[slot] = 0;
    r->scratch[slot] = sc_malloc(sc_result_alloc(r), size ? size : 1);
    if (r->scratch[slot])
        r->scratch_size[slot] = size;
    return r->scratch[slot];
}

void sc_result_release_scratch(score_result *r)
{
    for (int i = 0; i < SC_SCRATCHES; i++) {
        sc_free(sc_result_alloc(r), r->scratch[i]);
        r->scratch[i] = NULL;
        r->scratch_size[i] = 0;
    }
}

void score_result_free(score_result *r)
{
    if (!r)
        return;
    const score_allocator *a = sc_result_alloc(r);
    sc_result_release_scratch(r);
    for (size_t i = 0; i < r->noutcomes; i++)
        sc_free(a, r->outcomes[i].scope);
    sc_free(a, r->outcomes);
    sc_free(a, r->ledgers);
    sc_free(a, r->block);
    score_allocator base = r->alloc; /* the meter lives in r */
    sc_free(&base, r);
}

void score_string_free(const score_result *r, char *s)
{
    if (s)
        sc_free(&r->alloc, s);
}
