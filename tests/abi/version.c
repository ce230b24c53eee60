/*
 * The compile-time and run-time versions agree: SCORE_VERSION is
 * "MAJOR.MINOR.PATCH" of the SCORE_VERSION_* numbers, and the shared
 * library this program loads says the same. Compiled as strict C11
 * (-pedantic-errors), which also checks the public header is strict C.
 */
#include <stdio.h>
#include <string.h>

#include <score/score.h>

int main(void)
{
    int failures = 0;
    char numbers[64];

    snprintf(numbers, sizeof numbers, "%d.%d.%d", SCORE_VERSION_MAJOR, SCORE_VERSION_MINOR,
             SCORE_VERSION_PATCH);
    if (strcmp(numbers, SCORE_VERSION) != 0) {
        fprintf(stderr, "FAIL: SCORE_VERSION is \"%s\", the numbers say %s\n", SCORE_VERSION,
                numbers);
        failures++;
    }
    if (strcmp(score_version(), SCORE_VERSION) != 0) {
        fprintf(stderr, "FAIL: score_version() is \"%s\", SCORE_VERSION \"%s\"\n",
                score_version(), SCORE_VERSION);
        failures++;
    }
    if (failures == 0)
        printf("SCORE_VERSION, SCORE_VERSION_MAJOR/MINOR/PATCH and score_version(): %s\n",
               SCORE_VERSION);
    return failures == 0 ? 0 : 1;
}
