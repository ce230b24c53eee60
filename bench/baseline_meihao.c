#include "baseline_meihao.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const meihao_criterion_ids[MH_NCRITERIA] = {
    "application_ok", "three_revolutions", "messes_basic", "messes_cleared", "steel_shed",
    "env_plan", "industry_ideas", "demo_standard", "industry_shaping", "civility_ok",
    "governance_ok", "beauty_ok", "demo_exceeded", "demo_leading", "model_project_ok",
    "was_boutique_demo", "min_fu", "cun_qiang", "ren_he"};

typedef struct meihao_candidate {
    double rank;
    const char *key;
    size_t row;
} meihao_candidate;

/* ---- three-valued logic over NaN-missing doubles ---------------------- */

typedef unsigned char verdict;

/* Numbers are equal when they agree to 15 significant digits. */
static int near(double a, double b)
{
    double d = fabs(a - b), m = fmax(fabs(a), fabs(b));
    return a == b || (m < HUGE_VAL && d <= m * 5e-15);
}

static verdict truth(double b)
{
    return b != b ? MH_UNKNOWN : b != 0.0 ? MH_TRUE : MH_FALSE;
}

static verdict ge(double x, double y)
{
    return x != x || y != y ? MH_UNKNOWN : (x > y || near(x, y)) ? MH_TRUE : MH_FALSE;
}

static verdict le(double x, double y)
{
    return x != x || y != y ? MH_UNKNOWN : (x < y || near(x, y)) ? MH_TRUE : MH_FALSE;
}

static verdict gt(double x, double y)
{
    return x != x || y != y ? MH_UNKNOWN : (x > y && !near(x, y)) ? MH_TRUE : MH_FALSE;
}

static verdict eq(double x, double y)
{
    return x != x || y != y ? MH_UNKNOWN : near(x, y) ? MH_TRUE : MH_FALSE;
}

static verdict and2(verdict a, verdict b)
{
    return a == MH_FALSE || b == MH_FALSE ? MH_FALSE
           : a == MH_TRUE && b == MH_TRUE ? MH_TRUE
                                          : MH_UNKNOWN;
}

/* min/max of the scorecard: missing if either side is */
static double min2(double x, double y)
{
    return x != x || y != y ? NAN : y < x ? y : x;
}

static double max2(double x, double y)
{
    return x != x || y != y ? NAN : y > x ? y : x;
}

/* ---- ranking ---------------------------------------------------------- */

/* A rank rounded to 15 significant digits, so that equal decimals tie. */
static double canonical(double x)
{
    if (x == 0 || !isfinite(x))
        return x;
    int e = (int)floor(log10(fabs(x)));
    if (e < -280 || e > 280)
        return x;
    double scale = pow(10.0, 14 - e);
    return nearbyint(x * scale) / scale;
}

/* Score descending, missing last, then key in byte order (missing last). */
static int by_rank_then_key(const void *pa, const void *pb)
{
    const meihao_candidate *a = pa, *b = pb;
    int ma = a->rank != a->rank, mb = b->rank != b->rank;
    if (ma != mb)
        return ma - mb;
    if (!ma && a->rank != b->rank)
        return a->rank > b->rank ? -1 : 1;
    if (a->key && b->key) {
        int c = strcmp(a->key, b->key);
        if (c)
            return c;
    } else if (a->key != b->key) {
        return a->key ? -1 : 1;
    }
    return a->row < b->row ? -1 : a->row > b->row;
}

/* floor(x) reading x as a decimal: 30% of 10 is 3. */
static double decimal_floor(double x)
{
    double r = round(x);
    return near(x, r) ? r : floor(x);
}

/* ---- the baseline ----------------------------------------------------- */

int meihao_output_init(meihao_output *out, size_t n)
{
    memset(out, 0, sizeof *out);
    size_t one = n ? n : 1;
    int ok = 1;
    for (size_t c = 0; c < MH_NCRITERIA; c++)
        ok &= (out->verdict[c] = malloc(one)) != NULL;
    out->assessment = malloc(one * sizeof *out->assessment);
    out->qualified = malloc(one);
    out->tier = malloc(one);
    out->cand = malloc(one * sizeof *out->cand);
    if (!ok || !out->assessment || !out->qualified || !out->tier || !out->cand) {
        meihao_output_free(out);
        return -1;
    }
    return 0;
}

void meihao_output_free(meihao_output *out)
{
    for (size_t c = 0; c < MH_NCRITERIA; c++)
        free(out->verdict[c]);
    free(out->assessment);
    free(out->qualified);
    free(out->tier);
    free(out->cand);
    memset(out, 0, sizeof *out);
}

/* One row's criteria, scorecard and qualified level, stored in out;
 * returns the level (-1 none), *applicant set if the row is eligible. */
static inline int score_row(const meihao_input *in, const meihao_params *p, meihao_output *out,
                            size_t i, int *applicant)
{
    unsigned char **v = out->verdict;
    verdict app = and2(and2(and2(truth(in->applied[i]), truth(in->plan_village[i])),
                            and2(truth(in->plan_creation[i]), truth(in->plan_env[i]))),
                       and2(and2(truth(in->leadership_ok[i]),
                                 ge(in->participation[i], p->participation_min)),
                            truth(in->operating_plan[i])));
    verdict three = and2(and2(truth(in->sewage_done[i]), truth(in->toilet_done[i])),
                         truth(in->garbage_done[i]));
    verdict m_basic = le(in->messes[i], p->messes_basic_max);
    verdict m_cleared = eq(in->messes[i], 0.0);
    verdict steel = truth(in->steel_shed_done[i]);
    verdict envp = truth(in->env_plan_done[i]);
    verdict ideas = ge(in->industry_stage[i], 1.0);
    verdict demo_std = ge(in->demo_index[i], p->demo_pass);
    verdict shaping = ge(in->industry_stage[i], 2.0);
    verdict civ = ge(in->civility[i], p->quality_min);
    verdict gov = ge(in->governance[i], p->quality_min);
    verdict bea = ge(in->beauty[i], p->quality_min);
    verdict exceeded = ge(in->demo_index[i], p->demo_exceed);
    verdict leading = and2(and2(truth(in->learnable[i]), truth(in->viewable[i])),
                           and2(truth(in->replicable[i]), truth(in->comprehensive[i])));
    verdict model = truth(in->model_project[i]);
    verdict was_bd = in->prior_tier[i] == in->boutique_demo_code ? MH_TRUE : MH_FALSE;
    verdict min_fu = gt(in->income_growth[i], 0.0);
    verdict cun_qiang = gt(in->collective_income[i], in->collective_income_prev[i]);
    verdict ren_he = truth(in->harmony_ok[i]);

    v[MH_APPLICATION_OK][i] = app;
    v[MH_THREE_REVOLUTIONS][i] = three;
    v[MH_MESSES_BASIC][i] = m_basic;
    v[MH_MESSES_CLEARED][i] = m_cleared;
    v[MH_STEEL_SHED][i] = steel;
    v[MH_ENV_PLAN][i] = envp;
    v[MH_INDUSTRY_IDEAS][i] = ideas;
    v[MH_DEMO_STANDARD][i] = demo_std;
    v[MH_INDUSTRY_SHAPING][i] = shaping;
    v[MH_CIVILITY_OK][i] = civ;
    v[MH_GOVERNANCE_OK][i] = gov;
    v[MH_BEAUTY_OK][i] = bea;
    v[MH_DEMO_EXCEEDED][i] = exceeded;
    v[MH_DEMO_LEADING][i] = leading;
    v[MH_MODEL_PROJECT_OK][i] = model;
    v[MH_WAS_BOUTIQUE_DEMO][i] = was_bd;
    v[MH_MIN_FU][i] = min_fu;
    v[MH_CUN_QIANG][i] = cun_qiang;
    v[MH_REN_HE][i] = ren_he;

    /* 考核验收得分: capped items summed in document order, then 0..100 */
    double total = 0.0;
    total += min2(in->demo_index[i] * 0.4, 40);
    total += min2(in->civility[i] * 0.2, 20);
    total += min2(in->governance[i] * 0.2, 20);
    total += min2(in->beauty[i] * 0.2, 20);
    total = min2(max2(total, 0), 100);
    out->assessment[i] = total;

    /* each level adds its own requirements to the one below */
    int q = -1;
    *applicant = app == MH_TRUE;
    if (app == MH_TRUE && three == MH_TRUE && m_basic == MH_TRUE) {
        q = 0;
        if (steel == MH_TRUE && envp == MH_TRUE && m_cleared == MH_TRUE && ideas == MH_TRUE) {
            q = 1;
            if (demo_std == MH_TRUE && shaping == MH_TRUE && civ == MH_TRUE && gov == MH_TRUE &&
                bea == MH_TRUE) {
                q = 2;
                if (exceeded == MH_TRUE && leading == MH_TRUE && model == MH_TRUE) {
                    q = 3;
                    if (was_bd == MH_TRUE && min_fu == MH_TRUE && cun_qiang == MH_TRUE &&
                        ren_he == MH_TRUE)
                        q = 4;
                }
            }
        }
    }
    out->qualified[i] = (signed char)q;
    return q;
}

void meihao_baseline_run(const meihao_input *in, const meihao_params *p, meihao_output *out)
{
    size_t applicants = 0, ncand = 0;

    /* criteria, scorecard and the level each row qualifies for */
    for (size_t i = 0; i < in->n; i++) {
        int applicant;
        int q = score_row(in, p, out, i, &applicant);
        applicants += (size_t)applicant;
        out->tier[i] = -1;
        if (q >= 0) {
            out->cand[ncand].rank = canonical(out->assessment[i]);
            out->cand[ncand].key = in->key[i];
            out->cand[ncand].row = i;
            ncand++;
        }
    }
    out->applicants = applicants;

    /* One ranking serves every level: a level's candidates keep their
     * order. From the top level down, award the first `limit` candidates
     * not yet awarded; the others compete at the level below. */
    qsort(out->cand, ncand, sizeof *out->cand, by_rank_then_key);
    for (int k = MH_NLEVELS - 1; k >= 0; k--) {
        double limit = HUGE_VAL;
        if (p->quota[k] == p->quota[k])
            limit = p->quota[k];
        if (p->cap[k] == p->cap[k]) {
            double cap = decimal_floor(p->cap[k] * (double)applicants);
            if (cap < limit)
                limit = cap;
        }
        limit = floor(limit); /* as a count */
        size_t awarded = 0;
        for (size_t j = 0; j < ncand && (double)awarded < limit; j++) {
            size_t row = out->cand[j].row;
            if (out->tier[row] < 0 && out->qualified[row] >= k) {
                out->tier[row] = (signed char)k;
                awarded++;
            }
        }
        out->awarded[k] = awarded;
    }
}

void meihao_baseline_run_open(const meihao_input *in, const meihao_params *p, meihao_output *out)
{
    size_t applicants = 0;
    for (size_t k = 0; k < MH_NLEVELS; k++)
        out->awarded[k] = 0;
    /* without quotas and caps every level awards all its candidates: the
     * tier is the level qualified for */
    for (size_t i = 0; i < in->n; i++) {
        int applicant;
        int q = score_row(in, p, out, i, &applicant);
        applicants += (size_t)applicant;
        out->tier[i] = (signed char)q;
        if (q >= 0)
            out->awarded[q]++;
    }
    out->applicants = applicants;
}
