/* Finding and loading the built-in rulesets by id. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

static const sc_builtin *find(const char *id)
{
    for (size_t i = 0; id && i < sc_builtin_count; i++)
        if (strcmp(sc_builtins[i].id, id) == 0)
            return &sc_builtins[i];
    return NULL;
}

int score_ruleset_load_builtin(score_ruleset **out, const char *id,
                               const score_load_options *opts, score_error *err)
{
    const sc_builtin *b = find(id);
    if (!b) {
        if (out)
            *out = NULL;
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no built-in ruleset '%s'",
                        id ? id : "(null)");
    }
    char source[96];
    snprintf(source, sizeof source, "<builtin>/%s.yaml", b->id);
    return score_ruleset_load_string(out, b->text, b->len, source, opts, err);
}

int score_ruleset_load(score_ruleset **out, const char *name_or_path,
                       const score_load_options *opts, score_error *err)
{
    if (find(name_or_path))
        return score_ruleset_load_builtin(out, name_or_path, opts, err);
    int rc = score_ruleset_load_file(out, name_or_path, opts, err);
    /* a bare name that is no file was meant as a built-in: say so */
    if (rc == SCORE_EIO && name_or_path && !strpbrk(name_or_path, "/.") &&
        access(name_or_path, F_OK) != 0) {
        char ids[256] = "";
        size_t len = 0;
        for (size_t i = 0; i < sc_builtin_count && len < sizeof ids; i++)
            len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%s", i ? ", " : "",
                                    sc_builtins[i].id);
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0,
                        "no built-in ruleset '%s' and no file of that name (built-ins: %s)",
                        name_or_path, ids);
    }
    return rc;
}
