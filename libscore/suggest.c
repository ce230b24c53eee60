/* Did-you-mean by edit distance over code points (see suggest.h). */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "suggest.h"

/* Longest word compared by edit distance: the distance rows live on the
 * stack, and a name longer than this is hardly a typo of another. */
#define MAX_POINTS 64

/* Decode s into at most MAX_POINTS code points; returns their number, or
 * MAX_POINTS + 1 when there are more (invalid bytes count as themselves). */
static size_t decode(const char *s, uint32_t *out, int *wide)
{
    size_t len = strlen(s), i = 0, n = 0;
    *wide = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = sc_utf8_decode(s + i, len - i, &cp);
        if (k == 0) {
            cp = (unsigned char)s[i];
            k = 1;
        }
        if (cp >= 0x80)
            *wide = 1;
        if (n == MAX_POINTS)
            return MAX_POINTS + 1;
        out[n++] = cp;
        i += k;
    }
    return n;
}

/* Optimal string alignment distance (Levenshtein plus swaps of two
 * neighbours), with three rows. */
static size_t distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t rows[3][MAX_POINTS + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d)
                d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

size_t sc_suggest(const char *word, const char *const *cands, size_t n)
{
    if (!word || !*word || !cands)
        return (size_t)-1;
    uint32_t w[MAX_POINTS], c[MAX_POINTS];
    int wwide, cwide;
    size_t nw = decode(word, w, &wwide);
    size_t best = (size_t)-1, best_score = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const char *cand = cands[i];
        if (!cand || !*cand)
            continue;
        if (strcmp(cand, word) == 0)
            return i;
        size_t nc = decode(cand, c, &cwide);
        size_t score = SIZE_MAX;
        if (nw <= MAX_POINTS && nc <= MAX_POINTS) {
            size_t longer = nw > nc ? nw : nc;
            size_t limit = longer / 3 ? longer / 3 : 1;
            size_t d = distance(w, nw, c, nc);
            if (d <= limit)
                score = d;
        }
        if ((wwide || cwide) && score == SIZE_MAX) {
            size_t shorter = nw < nc ? nw : nc;
            if (shorter >= 2 && (strstr(cand, word) || strstr(word, cand)))
                score = nw > nc ? nw - nc : nc - nw;
        }
        if (score < best_score) {
            best_score = score;
            best = i;
        }
    }
    return best;
}

size_t sc_suggest_value(const char *word, const sc_valueset *vs)
{
    int chinese = (unsigned char)word[0] >= 0x80;
    size_t k = sc_suggest(word, chinese ? vs->labels : vs->ids, vs->count);
    return k != (size_t)-1 ? k : sc_suggest(word, chinese ? vs->ids : vs->labels, vs->count);
}
