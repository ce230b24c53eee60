/*
 * The fuzz targets' common ground. Each fuzz_*.c defines the libFuzzer
 * entry point; built with clang and -fsanitize=fuzzer (scripts/fuzz.sh)
 * libFuzzer drives it, and in the normal builds replay.c runs it once on
 * every file of the seed corpus and of the saved regressions (a ctest).
 */
#ifndef SCORE_FUZZ_H
#define SCORE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A copy of the input with a NUL after it (free() it); NULL when out of
 * memory, which the targets treat as nothing to do. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* Abort with a message: a broken invariant is a finding. */
void fuzz_fail(const char *what);

#endif
