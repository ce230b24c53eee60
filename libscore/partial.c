/*
 * Scale-out: a target's outcome combined from the partial aggregates of
 * the parts a population was split into (docs/scale-out.md). The verdict
 * is decided by the same code as for one table (sc_target_decide), from
 * the sums of the parts' counts and values.
 */
#include <math.h>
#include <string.h>

#include "result.h"

int score_result_partial(const score_result *r, size_t i, score_target_partial *out)
{
    if (!r || !out || i >= r->noutcomes)
        return SCORE_ENOTFOUND;
    const sc_outcome *o = &r->outcomes[i];
    out->target = o->pub.target;
    out->population = o->acc.n;
    out->satisfied = o->acc.yes;
    out->unknown = o->acc.unknown;
    out->known = o->acc.known;
    out->sum = o->acc.sum;
    out->min = o->acc.known ? o->acc.min : NAN;
    out->max = o->acc.known ? o->acc.max : NAN;
    return 0;
}

int score_target_combine(const score_ruleset *rs, const score_target_partial *parts,
                         size_t nparts, score_target_outcome *out, score_error *err)
{
    if (!rs || !out || (!parts && nparts))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "ruleset, parts or out is NULL");
    if (!nparts)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "no parts to combine");
    size_t target = parts[0].target;
    if (target >= rs->ntargets)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "no target %zu", target);
    sc_target_acc s;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < nparts; i++) {
        const score_target_partial *p = &parts[i];
        if (p->target != target)
            return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                            "part %zu is of target %zu, not %zu", i, p->target, target);
        s.n += p->population;
        s.yes += p->satisfied;
        s.unknown += p->unknown;
        if (p->known) {
            if (!s.known || p->min < s.min)
                s.min = p->min;
            if (!s.known || p->max > s.max)
                s.max = p->max;
            s.known += p->known;
            s.sum += p->sum;
        }
    }
    memset(out, 0, sizeof *out);
    out->target = target;
    sc_target_decide(&rs->targets[target], &s, out);
    return 0;
}
