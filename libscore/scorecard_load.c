/*
 * Scorecards (计分): weighted items, each optionally capped; deductions
 * (扣分); a floor and a ceiling; vetoes (一票否决) that force the value;
 * bands that turn the total into a grade. All of it compiles into the row
 * program, so a scorecard costs a few instructions per batch.
 */
#include <math.h>
#include <string.h>

#include "ruleset_parts.h"

static void load_items(sc_builder *b, sc_scorecard *card, const sc_node *list, int deduction,
                       const sc_node **nodes)
{
    static const char *const keys[] = {"id", "label", "points", "max", "description", NULL};
    const char *what = deduction ? "a deduction" : "an item";
    for (size_t i = 0; list && i < list->count && !b->rd.nomem; i++) {
        const sc_node *it = list->values[i];
        if (!sc_mapping(&b->rd, it, what))
            continue;
        sc_only_keys(&b->rd, it, what, keys);
        const sc_node *id = sc_scalar(&b->rd, sc_map_get(it, "id"), "an item's id");
        const sc_node *label = sc_scalar(&b->rd, sc_map_get(it, "label"), "an item's label");
        const sc_node *points = sc_scalar(&b->rd, sc_map_get(it, "points"), "an item's points");
        if (!points) {
            if (!sc_map_get(it, "points"))
                sc_missing_key(&b->rd, it, "points", what);
            continue;
        }
        sc_score_item *item = &card->items[card->nitems];
        item->max = NAN;
        const sc_node *max = sc_map_get(it, "max");
        if (max && sc_load_number(b, max, "an item's max", &item->max))
            continue;
        item->deduction = deduction;
        item->id = sc_dup(b, id ? id->text : "");
        item->label = label ? sc_load_label(b, label) : sc_dup(b, id ? id->text : "");
        item->expr = sc_dup(b, points->text);
        nodes[card->nitems++] = points;
    }
}

static void load_vetoes(sc_builder *b, sc_scorecard *card, const sc_node *list,
                        const sc_node **nodes)
{
    static const char *const keys[] = {"when", "value", "grade", "label", "description", NULL};
    for (size_t i = 0; list && i < list->count && !b->rd.nomem; i++) {
        const sc_node *v = list->values[i];
        if (!sc_mapping(&b->rd, v, "a veto"))
            continue;
        sc_only_keys(&b->rd, v, "a veto", keys);
        const sc_node *when = sc_scalar(&b->rd, sc_map_get(v, "when"), "a veto's when");
        const sc_node *label = sc_scalar(&b->rd, sc_map_get(v, "label"), "a veto's label");
        const sc_node *grade = sc_scalar(&b->rd, sc_map_get(v, "grade"), "a veto's grade");
        const sc_node *value = sc_map_get(v, "value");
        if (!when) {
            if (!sc_map_get(v, "when"))
                sc_missing_key(&b->rd, v, "when", "a veto");
            continue;
        }
        if (!value && !grade) {
            sc_report_at(&b->rd, v, SCORE_ESYNTAX, "a veto needs a 'value', a 'grade', or both");
            continue;
        }
        sc_veto *veto = &card->vetoes[card->nvetoes];
        veto->value = NAN;
        if (value && sc_load_number(b, value, "a veto's value", &veto->value))
            continue;
        veto->label = sc_load_label(b, label);
        veto->expr = sc_dup(b, when->text);
        veto->grade = grade ? sc_dup(b, grade->text) : NULL;
        nodes[card->nitems + card->nvetoes++] = when;
    }
}

static void load_bands(sc_builder *b, sc_scorecard *card, const sc_node *list)
{
    static const char *const keys[] = {"min", "grade", "description", NULL};
    for (size_t i = 0; list && i < list->count && !b->rd.nomem; i++) {
        const sc_node *band = list->values[i];
        if (!sc_mapping(&b->rd, band, "a band"))
            continue;
        sc_only_keys(&b->rd, band, "a band", keys);
        const sc_node *min = sc_map_get(band, "min");
        const sc_node *grade = sc_scalar(&b->rd, sc_map_get(band, "grade"), "a band's grade");
        if (!min || !grade) {
            sc_missing_key(&b->rd, band, min ? "grade" : "min", "a band");
            continue;
        }
        sc_band *out = &card->bands[card->nbands];
        if (sc_load_number(b, min, "a band's min", &out->min))
            continue;
        if (card->nbands > 0 && !(out->min < card->bands[card->nbands - 1].min)) {
            sc_report_at(&b->rd, min, SCORE_ERULE,
                         "bands are listed highest first: this min is not below the one before");
            continue;
        }
        out->grade = sc_dup(b, grade->text);
        card->nbands++;
    }
}

/* Read one scorecard's structure; its expressions are parsed later, once
 * every scorecard's name is declared. */
static void load_scorecard(sc_builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"label", "items", "deductions", "veto", "min",
                                       "max",   "bands", "description", NULL};
    score_ruleset *rs = b->rs;
    size_t index = rs->nscorecards;
    sc_scorecard *card = &rs->scorecards[index];
    if (!sc_mapping(&b->rd, val, "a scorecard"))
        return;
    sc_only_keys(&b->rd, val, "a scorecard", keys);
    const sc_node *label = sc_scalar(&b->rd, sc_map_get(val, "label"), "a scorecard's label");
    const sc_node *items = sc_list(&b->rd, sc_map_get(val, "items"), "items");
    const sc_node *deductions = sc_list(&b->rd, sc_map_get(val, "deductions"), "deductions");
    const sc_node *vetoes = sc_list(&b->rd, sc_map_get(val, "veto"), "veto");
    const sc_node *bands = sc_list(&b->rd, sc_map_get(val, "bands"), "bands");
    size_t nitems = (items ? items->count : 0) + (deductions ? deductions->count : 0);
    size_t nvetoes = vetoes ? vetoes->count : 0;
    if (nvetoes > SC_MAX_VETOES) {
        sc_report_at(&b->rd, vetoes, SCORE_ELIMIT, "more than %d vetoes in one scorecard",
                     SC_MAX_VETOES);
        return;
    }
    card->items = sc_calloc(b->alloc, nitems + 1, sizeof *card->items);
    card->vetoes = sc_calloc(b->alloc, nvetoes + 1, sizeof *card->vetoes);
    card->bands = sc_calloc(b->alloc, (bands ? bands->count : 0) + 1, sizeof *card->bands);
    sc_named *named = &b->named[b->named_base + index];
    named->nodes = sc_arena_alloc(&b->arena, (nitems + nvetoes + 1) * sizeof *named->nodes);
    named->trees = sc_arena_alloc(&b->arena, (nitems + nvetoes + 1) * sizeof *named->trees);
    if (!card->items || !card->vetoes || !card->bands || !named->nodes || !named->trees) {
        sc_free(b->alloc, card->items);
        sc_free(b->alloc, card->vetoes);
        sc_free(b->alloc, card->bands);
        memset(card, 0, sizeof *card);
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    card->min = card->max = NAN;
    rs->nscorecards++; /* from here on it is released with the ruleset */
    card->id = sc_dup(b, key->text);
    card->label = sc_load_label(b, label);
    card->line = key->line;
    card->column = key->column;
    load_items(b, card, items, 0, named->nodes);
    load_items(b, card, deductions, 1, named->nodes);
    /* vetoes' nodes follow the items' */
    load_vetoes(b, card, vetoes, named->nodes);
    const sc_node *min = sc_map_get(val, "min"), *max = sc_map_get(val, "max");
    if (min)
        sc_load_number(b, min, "a scorecard's min", &card->min);
    if (max)
        sc_load_number(b, max, "a scorecard's max", &card->max);
    load_bands(b, card, bands);
    sc_declare(b, key, SC_SYM_SCORECARD, index);
}

void sc_load_scorecards(sc_builder *b, const sc_node *map)
{
    score_ruleset *rs = b->rs;
    rs->scorecards = sc_calloc(b->alloc, map->count + 1, sizeof *rs->scorecards);
    if (!rs->scorecards) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    for (size_t i = 0; i < map->count && !b->rd.nomem; i++)
        load_scorecard(b, map->keys[i], map->values[i]);
}

void sc_parse_scorecards(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    for (size_t j = 0; j < rs->nscorecards && !b->rd.nomem; j++) {
        sc_scorecard *card = &rs->scorecards[j];
        sc_named *named = &b->named[b->named_base + j];
        size_t n = card->nitems + card->nvetoes;
        for (size_t t = 0; t < n; t++) {
            sc_ast *tree = sc_load_expr(b, named->nodes[t], 0);
            sc_type want = t < card->nitems ? SC_TYPE_NUMBER : SC_TYPE_BOOL;
            if (tree && tree->type != want && tree->type != SC_TYPE_NULL) {
                sc_report_at(&b->rd, named->nodes[t], SCORE_ERULE, "%s must be a %s, not a %s",
                             t < card->nitems ? "points" : "a veto's when", sc_type_name(want),
                             sc_type_name(tree->type));
                tree = NULL;
            }
            named->trees[t] = tree;
        }
        named->ntrees = n;
    }
}

/* Grades compare at run time as numbers, their classes (grades.c). The
 * grade veto v gives: its own, else the band its value reaches. */
static double veto_grade_class(const sc_scorecard *card, size_t v)
{
    const sc_veto *veto = &card->vetoes[v];
    const char *grade = veto->grade ? veto->grade : sc_scorecard_band(card, veto->value);
    return sc_scorecard_grade_class(card, grade);
}

/* The grade class of the total without vetoes: the chain of bands from
 * the lowest; missing when the total is (the comparisons are). */
static int total_grade_class(sc_compiler *c, const sc_scorecard *card, uint32_t total,
                             uint32_t *out)
{
    int rc = sc_compile_const(c, -1.0, out);
    for (size_t b = card->nbands; !rc && b-- > 0;) {
        uint32_t min, reached, cls;
        rc = sc_compile_const(c, card->bands[b].min, &min) ||
             sc_compile_op(c, SC_OP_GE, total, min, 0, &reached) ||
             sc_compile_const(c, sc_scorecard_grade_class(card, card->bands[b].grade), &cls) ||
             sc_compile_op(c, SC_OP_SELECT, reached, cls, *out, out);
    }
    return rc;
}

/*
 * What an unknown veto condition stands for: false (0) where the veto
 * would give the same value and grade as the outcome after it (a later
 * veto that holds, or the total), so that holding or not changes
 * nothing; missing elsewhere. `later`/`later_gid` are that outcome's
 * value and grade class, the class missing where the outcome is unknown.
 * Two missing values are the same (a veto that forces no value).
 */
static int unknown_veto_same(sc_compiler *c, const sc_veto *veto, uint32_t value, uint32_t cls,
                             uint32_t later, uint32_t later_gid, uint32_t *out)
{
    uint32_t same_value, same_grade, zero, unknown;
    int rc = veto->value == veto->value
                 ? sc_compile_op(c, SC_OP_EQ, later, value, 0, &same_value)
                 : sc_compile_op(c, SC_OP_ISMISSING, later, 0, 0, &same_value);
    return rc || sc_compile_op(c, SC_OP_EQX, later_gid, cls, 0, &same_grade) ||
           sc_compile_op(c, SC_OP_AND, same_value, same_grade, 0, out) ||
           sc_compile_const(c, 0.0, &zero) || sc_compile_const(c, NAN, &unknown) ||
           sc_compile_op(c, SC_OP_SELECT, *out, zero, unknown, out);
}

int sc_compile_scorecard(sc_builder *b, size_t index)
{
    sc_scorecard *card = &b->rs->scorecards[index];
    sc_named *named = &b->named[b->named_base + index];
    sc_compiler *c = &b->compiler;
    uint32_t total, r, k;
    int rc = sc_compile_const(c, 0.0, &total);
    for (size_t i = 0; !rc && i < card->nitems; i++) {
        sc_score_item *item = &card->items[i];
        rc = sc_compile_expr(c, named->trees[i], &r);
        if (!rc && item->max == item->max)
            rc = sc_compile_const(c, item->max, &k) || sc_compile_op(c, SC_OP_MIN, r, k, 0, &r);
        item->reg = r;
        if (!rc)
            rc = sc_compile_op(c, item->deduction ? SC_OP_SUB : SC_OP_ADD, total, r, 0, &total);
    }
    if (!rc && card->min == card->min)
        rc = sc_compile_const(c, card->min, &k) || sc_compile_op(c, SC_OP_MAX, total, k, 0, &total);
    if (!rc && card->max == card->max)
        rc = sc_compile_const(c, card->max, &k) || sc_compile_op(c, SC_OP_MIN, total, k, 0, &total);
    /* The first veto that holds wins: build the chain from the last. An
     * unknown veto only leaves the result unknown if holding or not would
     * change it (see unknown_veto_same). */
    uint32_t which, gid = 0;
    if (!rc)
        rc = sc_compile_const(c, 0.0, &which) ||
             (card->nvetoes && total_grade_class(c, card, total, &gid));
    for (size_t v = card->nvetoes; !rc && v-- > 0;) {
        const sc_veto *veto = &card->vetoes[v];
        uint32_t cond, value, number, cls, same;
        rc = sc_compile_expr(c, named->trees[card->nitems + v], &cond) ||
             sc_compile_const(c, veto->value, &value) ||
             sc_compile_const(c, (double)(v + 1), &number) ||
             sc_compile_const(c, veto_grade_class(card, v), &cls) ||
             unknown_veto_same(c, veto, value, cls, total, gid, &same) ||
             sc_compile_op(c, SC_OP_COALESCE, cond, same, 0, &same) ||
             sc_compile_op(c, SC_OP_SELECT, same, value, total, &total) ||
             sc_compile_op(c, SC_OP_SELECT, same, cls, gid, &gid) ||
             sc_compile_op(c, SC_OP_SELECT, same, number, which, &which);
        card->vetoes[v].reg = cond;
    }
    card->reg = total;
    card->veto_reg = which;
    return rc ? SCORE_ENOMEM : 0;
}
