/* used by ruleset_load.c (loading one by id); uses nothing of libscore. */
/* The built-in rulesets: documents compiled into the library (the build
 * generates their table from the YAML files in libscore/rulesets). */
#ifndef SCORE_BUILTIN_H
#define SCORE_BUILTIN_H

#include <stddef.h>

typedef struct sc_builtin {
    const char *id;    /* the file name without .yaml */
    const char *title; /* the document's title line */
    const char *text;  /* the document, NUL-terminated */
    size_t len;
} sc_builtin;

extern const sc_builtin sc_builtins[];
extern const size_t sc_builtin_count;

/* The built-in ruleset `id` (NULL: none), or NULL. */
const sc_builtin *sc_builtin_find(const char *id);

#endif
