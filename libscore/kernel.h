/*
 * The kernels: what each instruction (opcodes.h) computes, over n rows.
 * Shared by the VM, which runs them over batches, and the constant
 * folder, which runs them on one row.
 */
#ifndef SCORE_KERNEL_H
#define SCORE_KERNEL_H

#include <stddef.h>

#include "opcodes.h"

/* Apply one instruction's kernel to n rows of arrays (the constant folder
 * uses this with n = 1, so folding and evaluation cannot disagree). */
void sc_kernel(sc_opcode op, size_t n, double *restrict dst, const double *restrict a,
               const double *restrict b, const double *restrict c);

/* Verdicts (score_verdict bytes) from a register: missing is unknown, 0
 * false, anything else true. */
void sc_kernel_verdicts(unsigned char *restrict out, const double *restrict v, size_t n);

#endif
