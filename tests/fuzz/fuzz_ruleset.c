/*
 * Fuzz target: the ruleset loader (YAML, and JSON as YAML's flow style).
 * The input is a whole document. Loading either succeeds, and then every
 * accessor answers, or fails with a code, a message and (for the errors
 * inside the document) a position; every error reported through the
 * diagnostic callback is well formed too.
 */
#include <string.h>

#include "fuzz.h"
#include "score/score.h"

typedef struct diag_count {
    size_t errors;
} diag_count;

static void check_error(const score_error *err)
{
    if (err->code <= SCORE_OK || err->code > SCORE_ENOTFOUND)
        fuzz_fail("an error code out of range");
    if (!memchr(err->message, '\0', sizeof err->message) || !err->message[0])
        fuzz_fail("an error without a message");
    if (err->line < 0 || err->column < 0)
        fuzz_fail("a negative position");
}

static void on_diagnostic(void *ud, const score_error *err)
{
    diag_count *d = ud;
    check_error(err);
    d->errors++;
}

static void walk(const score_ruleset *rs)
{
    char buf[32];
    if (strlen(score_ruleset_hash(rs)) != 16)
        fuzz_fail("a hash that is not 16 hex digits");
    for (size_t i = 0; i < score_ruleset_field_count(rs); i++) {
        size_t n;
        if (!score_ruleset_field_id(rs, i) || !score_ruleset_field_label(rs, i))
            fuzz_fail("a field without id or label");
        score_ruleset_field_years(rs, i, &n);
    }
    for (size_t i = 0; i < score_ruleset_criterion_count(rs); i++)
        if (score_ruleset_criterion_index(rs, score_ruleset_criterion_id(rs, i)) != i)
            fuzz_fail("a criterion not found by its id");
    for (size_t i = 0; i < score_ruleset_param_count(rs); i++)
        if (!score_ruleset_param_value(rs, i) || !score_ruleset_param_default(rs, i))
            fuzz_fail("a param without value text");
    for (size_t i = 0; i < score_ruleset_scorecard_count(rs); i++) {
        for (size_t k = 0; k < score_ruleset_item_count(rs, i); k++) {
            score_item_info info;
            if (score_ruleset_item(rs, i, k, &info) || !info.expr)
                fuzz_fail("an item that cannot be read");
        }
    }
    for (size_t i = 0; i < score_ruleset_tier_count(rs); i++) {
        size_t e = score_ruleset_tier_extends(rs, i);
        if (e != (size_t)-1 && e >= i)
            fuzz_fail("a level that extends a later level");
        score_format_number(score_ruleset_tier_quota(rs, i), buf, sizeof buf);
        score_format_number(score_ruleset_tier_cap(rs, i), buf, sizeof buf);
        for (size_t k = 0; k < score_ruleset_tier_require_count(rs, i); k++)
            if (!score_ruleset_tier_require(rs, i, k))
                fuzz_fail("a requirement without text");
    }
    for (size_t i = 0; i < score_ruleset_target_count(rs); i++)
        if (score_ruleset_target_index(rs, score_ruleset_target_id(rs, i)) != i ||
            !score_ruleset_target_aggregate(rs, i))
            fuzz_fail("a target not found by its id");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    score_ruleset *rs = NULL;
    score_error err;
    diag_count d = {0};
    score_load_options opts = SCORE_LOAD_OPTIONS_INIT;
    opts.diagnostic = on_diagnostic;
    opts.diagnostic_ud = &d;
    int rc = score_ruleset_load_string(&rs, (const char *)data, size, "fuzz.yaml", &opts, &err);
    if (rc) {
        check_error(&err);
        if (rs || d.errors == 0 || (int)err.code != rc)
            fuzz_fail("a failed load that left a ruleset or reported nothing");
        return 0;
    }
    if (!rs || d.errors)
        fuzz_fail("a load that succeeded with errors");
    walk(rs);
    score_ruleset_free(rs);
    return 0;
}
