/*
 * The instructions of a compiled program, listed once. Every instruction
 * works on a batch of rows: registers are arrays of doubles, one per row,
 * NaN standing for a missing value (bools are 0/1, text dictionary codes).
 *
 *   X(NAME, operands, what it does)
 */
#ifndef SCORE_OPCODES_H
#define SCORE_OPCODES_H

#define SC_OPCODES(X)                                                              \
    X(ADD, 2, "a + b; missing if either is, or if the result overflows")           \
    X(SUB, 2, "a - b")                                                             \
    X(MUL, 2, "a * b")                                                             \
    X(DIV, 2, "a / b; missing when b is 0")                                        \
    X(NEG, 1, "-a")                                                                \
    X(EQ, 2, "a == b as decimals (15 significant digits); missing if either is")   \
    X(NE, 2, "a != b as decimals")                                                 \
    X(LT, 2, "a < b as decimals")                                                  \
    X(LE, 2, "a <= b as decimals")                                                 \
    X(GT, 2, "a > b as decimals")                                                  \
    X(GE, 2, "a >= b as decimals")                                                 \
    X(EQX, 2, "a == b exactly (bool, text codes)")                                 \
    X(NEX, 2, "a != b exactly")                                                    \
    X(AND, 2, "Kleene and: false if either is false, else missing if either is")   \
    X(OR, 2, "Kleene or: true if either is true, else missing if either is")       \
    X(NOT, 1, "Kleene not: 1 - a, missing stays missing")                          \
    X(SELECT, 3, "a ? b : c; missing if a is")                                     \
    X(MIN, 2, "the smaller of a and b; missing if either is")                      \
    X(MAX, 2, "the larger of a and b")                                             \
    X(ABS, 1, "|a|")                                                               \
    X(ROUND, 1, "a rounded half away from zero (decimal halves: 2.5 -> 3)")        \
    X(ROUNDN, 2, "a rounded to b decimal places, half away from zero")             \
    X(FLOOR, 1, "largest integer <= a")                                            \
    X(CEIL, 1, "smallest integer >= a")                                            \
    X(COALESCE, 2, "a unless missing, else b")                                     \
    X(ISMISSING, 1, "1 if a is missing, else 0 (never missing)")

typedef enum sc_opcode {
#define X(name, nargs, doc) SC_OP_##name,
    SC_OPCODES(X)
#undef X
    SC_OP_COUNT
} sc_opcode;

#endif
