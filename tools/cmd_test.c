/*
 * score test RULESET CASES.yaml [--param k=v]...
 *
 * Run a rule author's test cases (score_run_cases): PASS NAME or FAIL NAME
 * with the differences indented under it, then "N passed, M failed".
 * Exit 1 if a case failed or the file could not be run.
 */
#include <string.h>

#include "cli.h"

typedef struct test_tally {
    size_t passed, failed;
} test_tally;

static void on_case(void *ud, const char *name, int passed, const char *detail)
{
    test_tally *tally = ud;
    printf("%s %s\n", passed ? "PASS" : "FAIL", name ? name : "");
    if (passed)
        tally->passed++;
    else
        tally->failed++;
    /* one line per difference, indented */
    for (const char *p = detail ? detail : ""; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 0)
            printf("  %.*s\n", (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
}

int cmd_test(const cli_args *a)
{
    const char *ruleset = a->pos[0];
    const char *cases = a->pos[1];
    if (!cli_file_readable(cases))
        return CLI_FAIL;

    cli_diag diag;
    score_load_options opts;
    cli_load_options(&opts, &diag, a);
    score_error err;
    memset(&err, 0, sizeof err);
    test_tally tally = {0, 0};
    size_t failed = 0;

    if (score_run_cases(ruleset, cases, &opts, on_case, &tally, &failed, &err) != 0) {
        fflush(stdout); /* the cases run so far, then the error */
        return cli_load_failed(ruleset, &err, &diag);
    }
    printf("%zu passed, %zu failed\n", tally.passed, failed);
    return failed > 0 ? CLI_FAIL : CLI_OK;
}
