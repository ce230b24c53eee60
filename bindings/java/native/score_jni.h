/*
 * The C side of the Java binding: calls that hand whole columns between
 * libscore and Java arrays, one JNI crossing per column, and that return
 * handles instead of filling `**out` parameters. score.i wraps these with
 * SWIG; every one that takes a `score_error *err` throws
 * cn.libscore.ScoreException when the library reports an error.
 *
 * Strings cross as UTF-8 bytes, never through JNI's "modified UTF-8"
 * (which mangles characters outside the BMP, such as the rare CJK
 * characters of some place names). A column of strings crosses as one
 * byte array: each value followed by a NUL, a missing value written as
 * the single byte 0xFF (which UTF-8 never contains) before its NUL.
 */
#ifndef SCORE_JNI_H
#define SCORE_JNI_H

#include <jni.h>

#include "score/score.h"

#define SJ_MISSING_BYTE 0xFF

/* ---- helpers of the typemaps (not wrapped) ---- */

/* Throw cn.libscore.ScoreException carrying the error. */
void sj_throw(JNIEnv *jenv, const score_error *err);
/* A Java byte[] holding the UTF-8 bytes of s (no NUL), or NULL for NULL. */
jbyteArray sj_bytes(JNIEnv *jenv, const char *s);

/* ---- rulesets ---- */

/* `params` holds name, NUL, value, NUL, ... (NULL: no overrides). */
score_ruleset *sj_ruleset_load(JNIEnv *jenv, const char *name_or_path, jbyteArray params,
                               score_error *err);
score_ruleset *sj_ruleset_load_string(JNIEnv *jenv, jbyteArray text, const char *source,
                                      jbyteArray params, score_error *err);
jintArray sj_ruleset_field_years(JNIEnv *jenv, const score_ruleset *rs, size_t field);

/* ---- tables ---- */

score_table *sj_table_read_csv(const score_ruleset *rs, const char *path, score_error *err);
score_table *sj_table_parse_csv(JNIEnv *jenv, const score_ruleset *rs, jbyteArray data,
                                const char *source, score_error *err);
score_table *sj_table_new(const score_ruleset *rs, size_t rows, score_error *err);
void sj_table_set_numbers(JNIEnv *jenv, score_table *t, const char *column,
                          jdoubleArray values, score_error *err);
/* `buffer` is a direct java.nio.DoubleBuffer in native byte order, which
 * the caller keeps alive and unchanged while the table is used. */
void sj_table_bind_numbers(JNIEnv *jenv, score_table *t, const char *column, jobject buffer,
                           score_error *err);
/* 1 true, 0 false, -1 missing. */
void sj_table_set_bools(JNIEnv *jenv, score_table *t, const char *column, jbyteArray values,
                        score_error *err);
/* `values` is a string column of `n` values (see the top of this file). */
void sj_table_set_texts(JNIEnv *jenv, score_table *t, const char *column, jbyteArray values,
                        size_t n, score_error *err);
/* Every key, as a string column. */
jbyteArray sj_column_keys(JNIEnv *jenv, const score_table *t);

/* ---- evaluation and results ---- */

score_result *sj_evaluate(const score_ruleset *rs, const score_table *t, unsigned threads,
                          score_error *err);
/* One score_verdict per row. */
jbyteArray sj_column_verdicts(JNIEnv *jenv, const score_result *r, size_t criterion);
jbyteArray sj_column_eligible(JNIEnv *jenv, const score_result *r);
/* One total per row, NaN where missing. */
jdoubleArray sj_column_scores(JNIEnv *jenv, const score_result *r, size_t scorecard);
/* The grades of a scorecard, as a string column. */
jbyteArray sj_column_grades(JNIEnv *jenv, const score_result *r, size_t scorecard);
/* The awarded and the qualified level of every row, -1 for none. */
jintArray sj_column_tiers(JNIEnv *jenv, const score_result *r);
jintArray sj_column_qualified(JNIEnv *jenv, const score_result *r);
jdoubleArray sj_column_rank_scores(JNIEnv *jenv, const score_result *r);
/* The keys of the rows that fall short of outcome `i`, as a string column. */
jbyteArray sj_column_failing_keys(JNIEnv *jenv, const score_result *r, const score_table *t,
                                   size_t outcome);

/* ---- explanations and numbers (UTF-8 bytes) ---- */

jbyteArray sj_explain_row(JNIEnv *jenv, const score_result *r, const score_table *t, size_t row,
                          int json, score_error *err);
jbyteArray sj_explain_outcome(JNIEnv *jenv, const score_result *r, const score_table *t,
                              size_t outcome, int json, score_error *err);
jbyteArray sj_format_number(JNIEnv *jenv, double value);

#endif
