/*
 * How a field's cells are read, as its document says: `unit`,
 * `true_values` / `false_values` and `values` (a closed set: a list, a
 * mapping of ids to labels, or the ruleset's tiers), and the document's
 * `missing_values` list. The rules are kept in the field and handed to
 * the data readers through the schema (cell.c, ingest.c).
 */
#include <stdio.h>
#include <string.h>

#include "ruleset_parts.h"

/* A list of scalars into *out (owned; on error what was copied stays
 * there for the caller to free). Returns 0, or -1 (reported). */
static int read_strlist(sc_builder *b, const sc_node *n, const char *what, sc_strlist *out)
{
    if (!sc_list(&b->rd, n, what))
        return -1;
    char **items = sc_calloc(b->alloc, n->count + 1, sizeof *items);
    if (!items) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    out->items = (const char *const *)items;
    out->count = 0;
    char item_what[64];
    snprintf(item_what, sizeof item_what, "an entry of %s", what);
    for (size_t i = 0; i < n->count; i++) {
        if (!sc_scalar(&b->rd, n->values[i], item_what) ||
            !(items[i] = sc_dup(b, n->values[i]->text)))
            return -1;
        out->count++;
    }
    return 0;
}

/* The first entry of a list equal to an earlier one, in *dup; 1 if there
 * is one, 0 if none, -1 when out of memory (reported). With `against`,
 * the first entry that is in `against` instead. Linear, with a dict. */
static int find_repeat(sc_builder *b, const sc_strlist *l, const sc_strlist *against,
                       size_t *dup)
{
    sc_dict seen;
    sc_dict_init(&seen, b->alloc);
    int rc = 0;
    const sc_strlist *first = against ? against : l;
    for (size_t i = 0; !rc && i < first->count; i++) {
        size_t before = seen.count;
        uint32_t code;
        if (sc_dict_intern(&seen, first->items[i], strlen(first->items[i]), &code))
            rc = -1;
        else if (!against && code < before) {
            *dup = i;
            rc = 1;
        }
    }
    for (size_t i = 0; against && !rc && i < l->count; i++)
        if (sc_dict_find(&seen, l->items[i], strlen(l->items[i])) >= 0) {
            *dup = i;
            rc = 1;
        }
    sc_dict_free(&seen);
    if (rc < 0)
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
    return rc;
}

/* true_values and false_values: spellings a bool cell may have besides
 * the default ones (which they override: a field "无违纪" may well list 无
 * as true). None may be listed twice, be in both lists, or be empty (an
 * empty cell is missing). */
static int check_spellings(sc_builder *b, const sc_node *list, const sc_strlist *mine,
                           const char *name, const sc_strlist *other)
{
    for (size_t i = 0; i < mine->count; i++) {
        if (!*mine->items[i]) {
            sc_report_at(&b->rd, list->values[i], SCORE_ERULE,
                         "an empty entry in %s: an empty cell is missing", name);
            return -1;
        }
    }
    size_t dup;
    int rc = find_repeat(b, mine, NULL, &dup);
    if (rc > 0)
        sc_report_at(&b->rd, list->values[dup], SCORE_ERULE, "\"%s\" is listed twice in %s",
                     mine->items[dup], name);
    if (!rc && other && (rc = find_repeat(b, mine, other, &dup)) > 0)
        sc_report_at(&b->rd, list->values[dup], SCORE_ERULE,
                     "\"%s\" is in both true_values and false_values", mine->items[dup]);
    return rc ? -1 : 0;
}

/* Room for n values, zeroed. */
static sc_valueset *valueset_new(sc_builder *b, size_t n)
{
    sc_valueset *vs = sc_calloc(b->alloc, 1, sizeof *vs);
    const char **ids = sc_calloc(b->alloc, n + 1, sizeof *ids);
    const char **labels = sc_calloc(b->alloc, n + 1, sizeof *labels);
    if (!vs || !ids || !labels) {
        sc_free(b->alloc, vs);
        sc_free(b->alloc, ids);
        sc_free(b->alloc, labels);
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return NULL;
    }
    vs->ids = ids;
    vs->labels = labels;
    return vs;
}

/* Add an id and its label (NULL or "" for none); -1 when out of memory. */
static int valueset_add(sc_builder *b, sc_valueset *vs, const char *id, const char *label)
{
    char *i = sc_dup(b, id);
    char *l = i && label && *label ? sc_dup(b, label) : NULL;
    if (!i || (label && *label && !l)) {
        sc_free(b->alloc, i);
        return -1;
    }
    ((const char **)vs->ids)[vs->count] = i;
    ((const char **)vs->labels)[vs->count] = l;
    vs->count++;
    return 0;
}

/* Every id and label of a closed set must differ from all the others, or
 * a cell could not tell which value it holds. `at[i]`: where value i's id
 * and label stand (label: NULL for a list). Reports the first clash. */
static int check_valueset(sc_builder *b, const sc_valueset *vs, const sc_node *const *ids,
                          const sc_node *const *labels)
{
    sc_dict seen;
    sc_dict_init(&seen, b->alloc);
    size_t *owner = sc_calloc(b->alloc, 2 * vs->count + 1, sizeof *owner);
    int rc = 0;
    if (!owner) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < vs->count && !rc; i++) {
        const char *texts[2] = {vs->ids[i], vs->labels[i]};
        for (int k = 0; k < 2 && texts[k] && !rc; k++) {
            const sc_node *at = k ? labels[i] : ids[i];
            if (!*texts[k]) {
                sc_report_at(&b->rd, at, SCORE_ERULE, "an empty value: an empty cell is missing");
                rc = -1;
                break;
            }
            size_t before = seen.count;
            uint32_t code;
            if (sc_dict_intern(&seen, texts[k], strlen(texts[k]), &code)) {
                sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
                rc = -1;
                break;
            }
            if (code == before) {
                owner[code] = 2 * i + (size_t)k;
                continue;
            }
            size_t j = owner[code] / 2;
            if (j == i)
                continue; /* a label equal to its own id */
            const sc_node *first = (owner[code] % 2 ? labels : ids)[j];
            if (k == 0 && owner[code] % 2 == 0)
                sc_report_at(&b->rd, at, SCORE_ERULE, "the value \"%s\" is listed twice (first at "
                             "line %d, column %d)", texts[k], first->line, first->column);
            else if (k == 0)
                sc_report_at(&b->rd, at, SCORE_ERULE,
                             "the value \"%s\" is also the label of %s, so "
                             "a cell could not tell them apart",
                             texts[k], vs->ids[j]);
            else
                sc_report_at(&b->rd, at, SCORE_ERULE,
                             "the label \"%s\" of %s is also the %s of %s, "
                             "so a cell could not tell them apart",
                             texts[k], vs->ids[i], owner[code] % 2 ? "label" : "id", vs->ids[j]);
            rc = -1;
        }
    }
    sc_free(b->alloc, owner);
    sc_dict_free(&seen);
    return rc;
}

/* `values: tiers`: the ids and labels of the document's tier levels. The
 * levels themselves are checked where tiers are read: a malformed one is
 * skipped here, and so is an id seen already. A label that is another
 * level's id or label is an error: a cell holding it could mean either. */
static sc_valueset *tier_values(sc_builder *b, const sc_node *word)
{
    const sc_node *tiers = b->tiers_node;
    if (!tiers || tiers->kind != SC_NODE_MAP) {
        sc_report_at(&b->rd, word, SCORE_ERULE, "values: tiers takes the ids of the ruleset's tier "
                     "levels, and this ruleset has no tiers");
        return NULL;
    }
    const sc_node *levels = sc_map_get(tiers, "levels");
    size_t n = levels && levels->kind == SC_NODE_SEQ ? levels->count : 0;
    sc_valueset *vs = valueset_new(b, n);
    for (size_t i = 0; vs && i < n; i++) {
        const sc_node *lv = levels->values[i];
        const sc_node *id = sc_map_get(lv, "id"), *label = sc_map_get(lv, "label");
        if (!id || id->kind != SC_NODE_SCALAR || !id->len)
            continue;
        if (label && label->kind != SC_NODE_SCALAR)
            label = NULL;
        int clash = 0;
        for (size_t k = 0; k < vs->count && !clash; k++) {
            clash = strcmp(vs->ids[k], id->text) == 0; /* reported with the tiers */
            const sc_node *dup = vs->labels[k] && strcmp(vs->labels[k], id->text) == 0 ? id
                                 : label && strcmp(label->text, id->text) != 0 &&
                                         (strcmp(vs->ids[k], label->text) == 0 ||
                                          (vs->labels[k] &&
                                           strcmp(vs->labels[k], label->text) == 0))
                                     ? label
                                     : NULL;
            if (dup) {
                sc_report_at(&b->rd, dup, SCORE_ERULE,
                             "\"%s\" names two tier levels (%s is the other), so a cell of a "
                             "field with values: tiers holding it could mean either",
                             dup->text, vs->ids[k]);
                sc_valueset_free(b->alloc, vs);
                return NULL;
            }
        }
        if (!clash && valueset_add(b, vs, id->text, label ? label->text : NULL)) {
            sc_valueset_free(b->alloc, vs);
            return NULL;
        }
    }
    return vs;
}

/* `values:` a list of ids, a mapping id -> label, or the word tiers. */
static sc_valueset *read_values(sc_builder *b, const sc_node *n)
{
    if (n->kind == SC_NODE_SCALAR) {
        if (n->style == SC_STYLE_PLAIN && strcmp(n->text, "tiers") == 0)
            return tier_values(b, n);
        sc_report_at(&b->rd, n, SCORE_ESYNTAX, "values is a list of values, a mapping of values to "
                     "labels, or the word tiers, not \"%s\"", n->text);
        return NULL;
    }
    if (n->count == 0) {
        sc_report_at(&b->rd, n, SCORE_ESYNTAX, "values needs at least one value");
        return NULL;
    }
    const sc_node **ids = sc_arena_alloc(&b->arena, n->count * sizeof *ids);
    const sc_node **labels = sc_arena_alloc(&b->arena, n->count * sizeof *labels);
    sc_valueset *vs = ids && labels ? valueset_new(b, n->count) : NULL;
    if (!vs) {
        if (ids && labels)
            return NULL; /* reported */
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n->count; i++) {
        const sc_node *id = n->kind == SC_NODE_MAP ? n->keys[i] : n->values[i];
        const sc_node *label = n->kind == SC_NODE_MAP ? n->values[i] : NULL;
        if (!sc_scalar(&b->rd, id, "a value") ||
            (label && !sc_scalar(&b->rd, label, "a value's label")) ||
            valueset_add(b, vs, id->text, label ? label->text : NULL)) {
            sc_valueset_free(b->alloc, vs);
            return NULL;
        }
        ids[i] = id;
        labels[i] = label;
    }
    if (check_valueset(b, vs, ids, labels)) {
        sc_valueset_free(b->alloc, vs);
        return NULL;
    }
    return vs;
}

/* The keys unit, true_values, false_values and values, each allowed on
 * one type of field. Returns 0, or -1 (reported; r holds what was read). */
int sc_read_cellrules(sc_builder *b, const sc_node *val, sc_type type, sc_cellrules *r)
{
    static const struct {
        const char *key;
        sc_type type;
    } only[] = {{"unit", SC_TYPE_NUMBER},
                {"true_values", SC_TYPE_BOOL},
                {"false_values", SC_TYPE_BOOL},
                {"values", SC_TYPE_TEXT}};
    for (size_t i = 0; i < sizeof only / sizeof only[0]; i++) {
        const sc_node *n = NULL;
        for (size_t k = 0; k < val->count && !n; k++)
            if (strcmp(val->keys[k]->text, only[i].key) == 0)
                n = val->keys[k];
        if (n && type != only[i].type) {
            sc_report_at(&b->rd, n, SCORE_ERULE,
                         "%s is for %s fields, and this field is a %s", only[i].key,
                         sc_type_name(only[i].type), sc_type_name(type));
            return -1;
        }
    }
    const sc_node *unit = sc_map_get(val, "unit");
    if (unit) {
        if (!sc_scalar(&b->rd, unit, "unit"))
            return -1;
        if (!unit->len) {
            sc_report_at(&b->rd, unit, SCORE_ESYNTAX, "unit needs a text, e.g. 分 or 元");
            return -1;
        }
        if (!(r->unit = sc_dup(b, unit->text)))
            return -1;
    }
    const sc_node *tv = sc_map_get(val, "true_values"), *fv = sc_map_get(val, "false_values");
    if (tv && (read_strlist(b, tv, "true_values", &r->true_values) ||
               check_spellings(b, tv, &r->true_values, "true_values", NULL)))
        return -1;
    if (fv && (read_strlist(b, fv, "false_values", &r->false_values) ||
               check_spellings(b, fv, &r->false_values, "false_values", &r->true_values)))
        return -1;
    const sc_node *values = sc_map_get(val, "values");
    if (values && !(r->values = read_values(b, values)))
        return -1;
    return 0;
}

/* `missing_values:` the cell texts read as missing besides the empty
 * cell, in place of the default markers. Kept even when empty (items is
 * then non-NULL with count 0: no markers at all). */
void sc_read_missing_values(sc_builder *b, const sc_node *n)
{
    sc_strlist *l = &b->rs->schema.missing_values;
    size_t dup;
    if (read_strlist(b, n, "missing_values", l))
        return; /* what was read is freed with the ruleset */
    if (find_repeat(b, l, NULL, &dup) > 0)
        sc_report_at(&b->rd, n->values[dup], SCORE_ERULE,
                     "\"%s\" is listed twice in missing_values", l->items[dup]);
}
