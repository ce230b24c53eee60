/* The default safety limits for untrusted input (SECURITY.md). */
#include "internal.h"

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
