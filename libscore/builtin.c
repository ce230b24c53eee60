/* The built-in rulesets: their list and finding one by id (loading it:
 * ruleset_load.c). */
#include <string.h>

#include "builtin.h"
#include "internal.h"

size_t score_builtin_count(void)
{
    return sc_builtin_count;
}

const char *score_builtin_id(size_t i)
{
    return i < sc_builtin_count ? sc_builtins[i].id : NULL;
}

const char *score_builtin_title(size_t i)
{
    return i < sc_builtin_count ? sc_builtins[i].title : NULL;
}

const sc_builtin *sc_builtin_find(const char *id)
{
    for (size_t i = 0; id && i < sc_builtin_count; i++)
        if (strcmp(sc_builtins[i].id, id) == 0)
            return &sc_builtins[i];
    return NULL;
}
