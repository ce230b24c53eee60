/*
 * Names of columns: which column of a ruleset's schema a header, an
 * option (--keep) or a document's display: list names. The one matcher
 * of names to columns, for the readers, the outputs and the test cases.
 */
#include <string.h>

#include "ingest.h"

static int same(const char *name, const char *s, size_t len)
{
    return name && strlen(name) == len && memcmp(name, s, len) == 0;
}

size_t sc_ingest_find_column(const sc_schema *sch, const char *s, size_t len)
{
    for (size_t j = 0; j < sch->ncols; j++)
        if (same(sch->cols[j].name, s, len) || same(sch->cols[j].label, s, len))
            return j;
    return SC_NO_COL;
}

/* Whether `label` is `name` followed by a gloss in brackets, as 镇(街道)
 * is 镇: people name a column without it. */
static int label_without_gloss(const char *label, const char *name)
{
    size_t n = strlen(name);
    if (!label || !n || strncmp(label, name, n) != 0)
        return 0;
    const char *rest = label + n;
    size_t len = strlen(rest);
    return (rest[0] == '(' && len > 1 && rest[len - 1] == ')') ||
           (strncmp(rest, "\xef\xbc\x88", 3) == 0 && len > 6 &&
            strcmp(rest + len - 3, "\xef\xbc\x89") == 0);
}

size_t sc_ingest_find_named(const sc_schema *sch, const char *name)
{
    size_t j = sc_ingest_find_column(sch, name, strlen(name));
    if (j != SC_NO_COL)
        return j;
    /* 镇 for 镇(街道) only when no other label glosses 镇 too: 收入 could be
     * 收入(元) or 收入(万元), and which is not for us to guess */
    for (size_t k = 0; k < sch->ncols; k++)
        if (label_without_gloss(sch->cols[k].label, name)) {
            if (j != SC_NO_COL)
                return SC_NO_COL;
            j = k;
        }
    return j;
}
