/*
 * Fuzz target: the CSV reader. The input is one CSV file, read against
 * the schema of every built-in ruleset (each header matches a different
 * one, so the example district files are seeds). A table that reads has
 * its keys, missing columns and row count in order; one that does not
 * gives a data error with a position, or a limit.
 */
#include <string.h>

#include "fuzz.h"
#include "score/score.h"

#define MAX_RULESETS 16

typedef struct builtins {
    score_ruleset *rs[MAX_RULESETS];
    size_t n;
} builtins;

static const builtins *get_builtins(void)
{
    static builtins b;
    static int ready;
    if (!ready) {
        for (size_t i = 0; i < score_builtin_count() && b.n < MAX_RULESETS; i++) {
            score_error err;
            if (score_ruleset_load_builtin(&b.rs[b.n], score_builtin_id(i), NULL, &err))
                fuzz_fail(err.message);
            b.n++;
        }
        ready = 1;
    }
    return &b;
}

static void read_one(const score_ruleset *rs, const uint8_t *data, size_t size)
{
    score_table *t = NULL;
    score_error err;
    int rc = score_table_parse_csv(&t, rs, (const char *)data, size, "fuzz.csv", &err);
    if (rc) {
        if (t)
            fuzz_fail("a failed read that left a table");
        if (rc != SCORE_EDATA && rc != SCORE_ELIMIT && rc != SCORE_ENOMEM)
            fuzz_fail("a CSV error that is neither data, limit nor memory");
        if ((int)err.code != rc || !err.message[0])
            fuzz_fail("a CSV error without its message");
        return;
    }
    size_t rows = score_table_row_count(t);
    /* Every key is found again by its text (a NUL byte, which would cut
     * it short, is refused: tests/bad/data/nul-byte.csv). */
    for (size_t r = 0; r < rows; r++) {
        const char *key = score_table_key(t, r);
        if (key && score_table_find_key(t, key) == (size_t)-1)
            fuzz_fail("a key that is not found again");
    }
    for (size_t i = 0; i < score_table_absent_count(t); i++)
        if (!score_table_absent_name(t, i))
            fuzz_fail("an absent column without a name");
    score_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const builtins *b = get_builtins();
    for (size_t i = 0; i < b->n; i++)
        read_one(b->rs[i], data, size);
    return 0;
}
