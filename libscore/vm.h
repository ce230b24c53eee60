/*
 * The VM: runs a compiled program (program.h) over the rows of a table,
 * a batch of rows at a time; what the evaluator and explanations use.
 */
#ifndef SCORE_VM_H
#define SCORE_VM_H

#include <stddef.h>

#include "program.h"
#include "table.h"

/* Rows per batch. Longer batches read each column in longer runs, which
 * the hardware prefetches better: on meihao-xiangcun (a hundred registers)
 * 8192 rows evaluate a quarter faster than 1024, although the registers
 * then no longer all fit in the L2 cache (measured, 2026-12). A program
 * with very many registers gets shorter batches, so that its register
 * storage stays within SC_VM_BUDGET bytes; a table of few rows, batches
 * no longer than it. */
#define SC_BATCH 8192
#define SC_VM_BUDGET (32u << 20)

/* Execution state for one table: register storage and pointers. */
typedef struct sc_vm {
    const score_allocator *alloc;
    const sc_program *prog;
    const score_table *table;
    double **ptr;     /* nregs pointers to the current batch of each register */
    double *storage;  /* `batch` doubles per TEMP/CONST/TEXT register */
    size_t batch;     /* rows per run, at most SC_BATCH */
    int borrowed;     /* storage is the caller's (sc_vm_init_in), not freed */
} sc_vm;

int sc_vm_init(sc_vm *vm, const sc_program *prog, const score_table *t,
               const score_allocator *alloc);
/* As sc_vm_init(), for runs of at most `rows` rows (shorter batches,
 * less storage, for a small table or a thread's share of one). */
int sc_vm_init_rows(sc_vm *vm, const sc_program *prog, const score_table *t,
                    const score_allocator *alloc, size_t rows);
/* The bytes of register storage sc_vm_init_rows() would allocate for
 * `rows` rows (0 when it would overflow). */
size_t sc_vm_storage_bytes(const sc_program *prog, size_t rows);
/* As sc_vm_init_rows(), with register storage of sc_vm_storage_bytes()
 * bytes that the caller owns (a result's scratch, reused from one
 * evaluation to the next). */
int sc_vm_init_in(sc_vm *vm, const sc_program *prog, const score_table *t,
                  const score_allocator *alloc, size_t rows, double *storage);
/* Run the program on rows [start, start + n), n <= vm->batch. */
void sc_vm_run(sc_vm *vm, size_t start, size_t n);
void sc_vm_free(sc_vm *vm);

#endif
