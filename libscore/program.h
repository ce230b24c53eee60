/*
 * A compiled program (the compiler's output, the VM's input, vm.h):
 * straight-line code over registers, run once per batch of rows. Registers are written once (each instruction has a fresh
 * destination), so a criterion's register still holds its verdicts when
 * a later criterion refers to it.
 */
#ifndef SCORE_PROGRAM_H
#define SCORE_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "opcodes.h"

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

#endif
