/* One expression, compiled on its own and run over a table. */
#include <string.h>

#include "compile.h"
#include "expr_eval.h"
#include "vm.h"

static int lookup_no_criteria(void *ud, const char *name, size_t len, sc_symbol *sym)
{
    const score_ruleset *rs = ud;
    return sc_ruleset_lookup(rs, name, len, sym) && sym->kind != SC_SYM_CRITERION &&
           sym->kind != SC_SYM_SCORECARD;
}

static int refuse_named(void *ud, sc_sym_kind kind, size_t index, uint32_t *reg)
{
    (void)ud;
    (void)kind;
    (void)index;
    (void)reg;
    return SCORE_ERULE;
}

int sc_eval_expr(const score_ruleset *rs, const score_table *t, const char *expr, double *out,
                 sc_type *type, score_error *err, size_t *err_pos)
{
    const score_allocator *a = &rs->alloc;
    sc_arena arena;
    sc_arena_init(&arena, a);
    sc_program prog;
    sc_program_init(&prog, a);
    sc_compiler comp;
    memset(&comp, 0, sizeof comp);
    sc_vm vm;
    memset(&vm, 0, sizeof vm);
    *err_pos = 0;

    sc_ast *tree;
    int rc = sc_parse_expr(&tree, expr, strlen(expr), &rs->limits, &arena, err, err_pos);
    if (!rc) {
        sc_checker chk = {lookup_no_criteria, (void *)rs, a, err, err_pos, 0, 0};
        rc = sc_check(&chk, tree);
    }
    uint32_t reg = 0;
    if (!rc) {
        *type = tree->type;
        comp.prog = &prog;
        comp.named = refuse_named;
        comp.ncolumns = rs->schema.ncols;
        comp.column_regs = sc_calloc(a, rs->schema.ncols + 1, sizeof(uint32_t));
        rc = comp.column_regs ? sc_compile_expr(&comp, tree, &reg) : SCORE_ENOMEM;
        if (rc == SCORE_ENOMEM)
            sc_nomem(err);
    }
    if (!rc && sc_vm_init_rows(&vm, &prog, t, a, t->nrows))
        rc = sc_nomem(err);
    for (size_t start = 0; !rc && start < t->nrows; start += vm.batch) {
        size_t n = t->nrows - start < vm.batch ? t->nrows - start : vm.batch;
        sc_vm_run(&vm, start, n);
        memcpy(out + start, vm.ptr[reg], n * sizeof *out);
    }
    sc_vm_free(&vm);
    sc_free(a, comp.column_regs);
    sc_program_free(&prog);
    sc_arena_free(&arena);
    return rc;
}
