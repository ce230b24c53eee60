/*
 * "Did you mean ...?": the candidate nearest to a word that matched
 * nothing (an unknown name in an expression, a CSV header, a value
 * outside a closed set). Generic: the caller owns the word and the
 * candidates and words the message.
 */
#ifndef SCORE_SUGGEST_H
#define SCORE_SUGGEST_H

#include <stddef.h>

#include "schema.h"

/*
 * The index in cands[0..n) of the candidate nearest to `word`, or
 * (size_t)-1 when none is near enough. NULL and empty candidates are
 * skipped; among equally near candidates the first wins. Nothing is
 * allocated.
 *
 * Near means either:
 * - an edit distance (insertions, deletions, substitutions and swaps of
 *   two neighbours, counted on Unicode code points, so that one Chinese
 *   character is one edit) of at most a third of the longer of the two,
 *   and at least 1: `sewage_don` -> `sewage_done`, `乡风文明` -> `乡风文明得`;
 *   words of more than 64 code points are compared only for equality;
 * - or, when either of the two holds a non-ASCII character, one containing
 *   the other, the shorter being at least 2 code points: Chinese names are
 *   often shortened or lengthened (`户数` -> `总户数`). Such a match counts
 *   as a distance of the difference in length, so a true near-spelling
 *   usually wins over it.
 *
 * A candidate equal to the word is at distance 0 and so is returned:
 * callers that look the word up first never see that case.
 */
size_t sc_suggest(const char *word, const char *const *cands, size_t n);

/* The value of a closed set nearest to `word` (an index into vs->ids),
 * or (size_t)-1: by label first for a word in Chinese, by id first
 * otherwise. */
size_t sc_suggest_value(const char *word, const sc_valueset *vs);

#endif
