/*
 * Grades (等次) of a scorecard as numbers: a row's grade is a class, the
 * index of the first band with that text, or nbands + k for a text first
 * given by veto k and by no band. Expressions compare grades by class
 * (scorecard_load.c) and results hand them over as a column of classes.
 */
#include <string.h>

#include "decimal.h"
#include "ruleset.h"

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

int sc_scorecard_band_index(const sc_scorecard *card, double v)
{
    if (v != v)
        return -1;
    for (size_t b = 0; b < card->nbands; b++)
        if (v > card->bands[b].min || sc_num_near(v, card->bands[b].min))
            return (int)b;
    return -1;
}

int sc_scorecard_grade_class(const sc_scorecard *card, const char *grade)
{
    if (!grade)
        return -1;
    for (size_t b = 0; b < card->nbands; b++)
        if (same_text(card->bands[b].grade, grade))
            return (int)b;
    size_t k = 0;
    while (k < card->nvetoes && !same_text(card->vetoes[k].grade, grade))
        k++;
    return (int)(card->nbands + k);
}

size_t score_ruleset_grade_count(const score_ruleset *rs, size_t sc)
{
    if (!rs || sc >= rs->nscorecards)
        return 0;
    return rs->scorecards[sc].nbands + rs->scorecards[sc].nvetoes;
}

const char *score_ruleset_grade_label(const score_ruleset *rs, size_t sc, size_t grade)
{
    if (grade >= score_ruleset_grade_count(rs, sc))
        return NULL;
    const sc_scorecard *card = &rs->scorecards[sc];
    if (grade < card->nbands)
        return card->bands[grade].grade;
    const char *text = card->vetoes[grade - card->nbands].grade;
    /* a veto's class exists only where the veto first gives the text */
    return (size_t)sc_scorecard_grade_class(card, text) == grade ? text : NULL;
}
