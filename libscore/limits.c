/* The default safety limits for untrusted input (SECURITY.md), and the
 * limits in force for a load. */
#include "ruleset.h"

void score_limits_default(score_limits *out)
{
    if (!out)
        return;
    out->document_bytes = (size_t)16 << 20;
    out->expression_bytes = 65536;
    out->expression_depth = 256;
    out->fields = 10000;
    out->criteria = 10000;
    out->tier_levels = 1000;
    out->targets = 10000;
    out->line_bytes = (size_t)1 << 20;
    out->cell_bytes = 65536;
    out->rows = (size_t)1 << 30;
    out->memory_bytes = (size_t)64 << 30;
}

void sc_limits_resolve(score_limits *out, const score_limits *in)
{
    score_limits d;
    score_limits_default(&d);
    *out = d;
    if (in) {
#define TAKE(f) out->f = in->f ? in->f : d.f
        TAKE(document_bytes);
        TAKE(expression_bytes);
        TAKE(expression_depth);
        TAKE(fields);
        TAKE(criteria);
        TAKE(tier_levels);
        TAKE(targets);
        TAKE(line_bytes);
        TAKE(cell_bytes);
        TAKE(rows);
        TAKE(memory_bytes);
#undef TAKE
    }
    if (out->expression_depth > SC_MAX_EXPR_HEIGHT)
        out->expression_depth = SC_MAX_EXPR_HEIGHT;
    if (out->tier_levels > SC_MAX_LEVELS)
        out->tier_levels = SC_MAX_LEVELS;
}
