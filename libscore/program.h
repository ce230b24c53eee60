/*
 * A compiled program: straight-line code over registers, run once per
 * batch of rows. Registers are written once (each instruction has a fresh
 * destination), so a criterion's register still holds its verdicts when
 * a later criterion refers to it.
 */
#ifndef SCORE_PROGRAM_H
#define SCORE_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "opcodes.h"
#include "table.h"

/* Rows per batch: registers of this many doubles stay in the L1/L2 cache.
 * A program with very many registers gets shorter batches, so that its
 * register storage stays within SC_VM_BUDGET bytes. */
#define SC_BATCH 1024
#define SC_VM_BUDGET (32u << 20)

typedef enum sc_reg_kind {
    SC_REG_TEMP,   /* written by an instruction */
    SC_REG_CONST,  /* a number, bool or missing constant: `value` */
    SC_REG_TEXT,   /* a text constant: texts[index], coded per table */
    SC_REG_COLUMN  /* reads column `index` of the table in place */
} sc_reg_kind;

typedef struct sc_reg {
    sc_reg_kind kind;
    uint32_t index;
    double value;
} sc_reg;

typedef struct sc_instr {
    uint32_t op;
    uint32_t dst, a, b, c;
} sc_instr;

typedef struct sc_program {
    const score_allocator *alloc;
    sc_instr *code;
    size_t ncode, capcode;
    sc_reg *regs;
    size_t nregs, capregs;
    char **texts;
    size_t ntexts, captexts;
} sc_program;

void sc_program_init(sc_program *p, const score_allocator *alloc);
void sc_program_free(sc_program *p);
/* Add a register; returns its index or -1 when out of memory. */
int64_t sc_program_reg(sc_program *p, sc_reg_kind kind, uint32_t index, double value);
/* Index of a text constant (deduplicated) or -1 when out of memory. */
int64_t sc_program_text(sc_program *p, const char *s, size_t len);
int sc_program_emit(sc_program *p, sc_opcode op, uint32_t dst, uint32_t a, uint32_t b,
                    uint32_t c);

/* Apply one instruction's kernel to n rows of arrays (the constant folder
 * uses this with n = 1, so folding and evaluation cannot disagree). */
void sc_kernel(sc_opcode op, size_t n, double *restrict dst, const double *restrict a,
               const double *restrict b, const double *restrict c);

/* Execution state for one table: register storage and pointers. */
typedef struct sc_vm {
    const score_allocator *alloc;
    const sc_program *prog;
    const score_table *table;
    double **ptr;     /* nregs pointers to the current batch of each register */
    double *storage;  /* `batch` doubles per TEMP/CONST/TEXT register */
    size_t batch;     /* rows per run, at most SC_BATCH */
} sc_vm;

int sc_vm_init(sc_vm *vm, const sc_program *prog, const score_table *t,
               const score_allocator *alloc);
/* As sc_vm_init(), for runs of at most `rows` rows (shorter batches,
 * less storage, for a small table or a thread's share of one). */
int sc_vm_init_rows(sc_vm *vm, const sc_program *prog, const score_table *t,
                    const score_allocator *alloc, size_t rows);
/* Run the program on rows [start, start + n), n <= vm->batch. */
void sc_vm_run(sc_vm *vm, size_t start, size_t n);
void sc_vm_free(sc_vm *vm);

#endif
