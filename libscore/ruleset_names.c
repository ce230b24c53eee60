/* The one namespace of a compiled ruleset, for the expression checker:
 * what a name resolves to, and what to say of a name that is not there. */
#include <stdio.h>
#include <string.h>

#include "ruleset.h"
#include "suggest.h"

int sc_ruleset_lookup(const score_ruleset *rs, const char *name, size_t len, sc_symbol *sym)
{
    int64_t code = sc_dict_find(&rs->names, name, len);
    if (code < 0)
        return 0;
    memset(sym, 0, sizeof *sym);
    sym->kind = rs->name_kind[code];
    size_t i = rs->name_index[code];
    switch (sym->kind) {
    case SC_SYM_PARAM:
        sym->index = i;
        sym->type = rs->params[i].type;
        sym->num = rs->params[i].num;
        sym->text = rs->params[i].text;
        return 1;
    case SC_SYM_FIELD:
        sym->index = rs->fields[i].column;
        sym->type = rs->fields[i].type;
        sym->years = rs->fields[i].years;
        sym->nyears = rs->fields[i].nyears;
        sym->values = rs->fields[i].rules.values;
        return 1;
    case SC_SYM_CRITERION:
        sym->index = i;
        sym->type = SC_TYPE_BOOL;
        return 1;
    case SC_SYM_SCORECARD:
        sym->index = i;
        sym->type = SC_TYPE_NUMBER;
        return 1;
    case SC_SYM_NONE:
        break;
    }
    return 0;
}

int sc_ruleset_unknown_name(const score_ruleset *rs, const char *name, size_t len, char *out,
                            size_t cap)
{
    char word[256];
    if (len == 0 || len >= sizeof word)
        return 0;
    memcpy(word, name, len);
    word[len] = '\0';
    /* a label written where its id belongs */
    const char *owner = NULL;
    for (size_t i = 0; !owner && i < rs->nfields; i++)
        if (rs->fields[i].label && strcmp(rs->fields[i].label, word) == 0)
            owner = rs->fields[i].id;
    for (size_t i = 0; !owner && i < rs->nparams; i++)
        if (rs->params[i].label && strcmp(rs->params[i].label, word) == 0)
            owner = rs->params[i].name;
    for (size_t i = 0; !owner && i < rs->ncriteria; i++)
        if (rs->criteria[i].label && strcmp(rs->criteria[i].label, word) == 0)
            owner = rs->criteria[i].id;
    for (size_t i = 0; !owner && i < rs->nscorecards; i++)
        if (rs->scorecards[i].label && strcmp(rs->scorecards[i].label, word) == 0)
            owner = rs->scorecards[i].id;
    if (owner) {
        snprintf(out, cap, "'%s' is the label of %s: expressions use the id", word, owner);
        return 2;
    }
    /* a near name or label: one list of both, labels mapped to their id */
    size_t nnames = rs->names.count;
    size_t nlabels = rs->nfields + rs->nparams + rs->ncriteria + rs->nscorecards;
    const char **cands = sc_calloc(&rs->alloc, 2 * (nnames + nlabels) + 1, sizeof *cands);
    if (!cands)
        return 0; /* no suggestion then */
    const char **ids = cands + nnames + nlabels;
    size_t n = 0;
    for (size_t i = 0; i < nnames; i++, n++)
        cands[n] = ids[n] = rs->names.strings[i];
    for (size_t i = 0; i < rs->nfields; i++, n++)
        cands[n] = rs->fields[i].label, ids[n] = rs->fields[i].id;
    for (size_t i = 0; i < rs->nparams; i++, n++)
        cands[n] = rs->params[i].label, ids[n] = rs->params[i].name;
    for (size_t i = 0; i < rs->ncriteria; i++, n++)
        cands[n] = rs->criteria[i].label, ids[n] = rs->criteria[i].id;
    for (size_t i = 0; i < rs->nscorecards; i++, n++)
        cands[n] = rs->scorecards[i].label, ids[n] = rs->scorecards[i].id;
    size_t near = sc_suggest(word, cands, n);
    int said = 0;
    if (near != (size_t)-1 && ids[near]) {
        if (near < nnames)
            snprintf(out, cap, "unknown name '%s' (did you mean %s?)", word, ids[near]);
        else
            snprintf(out, cap, "unknown name '%s' (did you mean %s, labelled %s?)", word,
                     ids[near], cands[near]);
        said = 1;
    }
    sc_free(&rs->alloc, cands);
    return said;
}
