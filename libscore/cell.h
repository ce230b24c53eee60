/*
 * One data cell read as text: the rules the CSV reader and the bindings
 * share, so that "3万", " 是 " or "30%" mean the same wherever they come
 * from.
 */
#ifndef SCORE_CELL_H
#define SCORE_CELL_H

#include <stddef.h>

/* Strip leading and trailing spaces and tabs. */
void sc_cell_trim(const char **s, size_t *len);

/* 1/0, true/false (any case), 是/否 into 1 or 0; -1 if none of these. */
int sc_cell_bool(const char *s, size_t len, double *v);

#endif
