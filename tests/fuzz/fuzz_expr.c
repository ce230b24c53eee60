/*
 * Fuzz target: the expression language alone: lexer, parser, checker,
 * compiler with constant folding, and the VM over a small table whose
 * cells cover missing values, zero, negatives and text. The input is one
 * expression, read as a criterion (sc_eval_expr) and as a target's
 * require (aggregates allowed). The names are those of tests/test_expr.c,
 * so that tests/data/expr.test is a seed corpus.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "expr_eval.h"
#include "fuzz.h"
#include "ruleset.h"

#include "expr_fixture.h"

static const char fixture_csv[] =
    "id,p,q,n,m,t,s,y_2019,y_2020,数量\n"
    "r1,1,1,3,2,abc,abc,1,2,10\n"
    "r2,1,0,0.1,,,x,,5,\n"
    "r3,1,,-2.5,0,甲,甲,3,,0\n"
    "r4,0,1,0,0,x,abc,0,0,1\n"
    "r5,0,0,1e300,-1e300,abc,,1万,2万,2\n"
    "r6,,,-0.5,1e-300,,甲,,,\n";

#define NROWS 6

typedef struct fixture {
    score_ruleset *rs;
    score_table *t;
} fixture;

static const fixture *get_fixture(void)
{
    static fixture f;
    static int ready;
    if (!ready) {
        score_error err;
        if (score_ruleset_load_string(&f.rs, fixture_ruleset, strlen(fixture_ruleset), NULL,
                                      NULL, &err) ||
            score_table_parse_csv(&f.t, f.rs, fixture_csv, strlen(fixture_csv), NULL, &err))
            fuzz_fail(err.message);
        ready = 1;
    }
    return &f;
}

static int lookup(void *ud, const char *name, size_t len, sc_symbol *sym)
{
    return sc_ruleset_lookup(ud, name, len, sym);
}

/* As a target's require: parse and check only (targets.c aggregates). */
static void check_as_target(const score_ruleset *rs, const char *expr, size_t len)
{
    sc_arena arena;
    sc_arena_init(&arena, &rs->alloc);
    sc_ast *tree;
    score_error err;
    size_t pos = 0;
    int rc = sc_parse_expr(&tree, expr, len, &rs->limits, &arena, &err, &pos);
    if (!rc) {
        sc_checker chk = {lookup, (void *)rs, &rs->alloc, &err, &pos, 1, 0};
        rc = sc_check(&chk, tree);
    }
    if (rc && pos > len)
        fuzz_fail("an error position past the end of the expression");
    sc_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fixture *f = get_fixture();
    char *expr = fuzz_strndup(data, size);
    if (!expr)
        return 0;
    size_t len = strlen(expr); /* what a YAML scalar could hold */
    double out[NROWS];
    sc_type type;
    score_error err;
    size_t pos = 0;
    int rc = sc_eval_expr(f->rs, f->t, expr, out, &type, &err, &pos);
    if (rc) {
        if (pos > len)
            fuzz_fail("an error position past the end of the expression");
        if (rc != SCORE_ESYNTAX && rc != SCORE_ERULE && rc != SCORE_ELIMIT)
            fuzz_fail("an expression error that is not syntax, rule or limit");
    } else {
        for (size_t i = 0; i < NROWS; i++) {
            if (isinf(out[i]))
                fuzz_fail("an infinite value");
            if (type == SC_TYPE_BOOL && out[i] == out[i] && out[i] != 0.0 && out[i] != 1.0)
                fuzz_fail("a bool that is neither 0, 1 nor missing");
        }
    }
    check_as_target(f->rs, expr, len);
    free(expr);
    return 0;
}
