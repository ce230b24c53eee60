/* The C side of the Java binding: see score_jni.h. */
#include "score_jni.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The largest Java array. */
#define SJ_MAX_ARRAY ((size_t)INT32_MAX)

static void fail(score_error *err, score_code code, const char *message)
{
    memset(err, 0, sizeof *err);
    err->code = code;
    /* every message here is a short literal */
    strncpy(err->message, message, sizeof err->message - 1);
}

/* Throw a Java exception of class `name`, unless one is already pending. */
static void throw_java(JNIEnv *jenv, const char *name, const char *message)
{
    if ((*jenv)->ExceptionCheck(jenv))
        return;
    jclass cls = (*jenv)->FindClass(jenv, name);
    if (cls)
        (*jenv)->ThrowNew(jenv, cls, message);
}

static void too_large(JNIEnv *jenv)
{
    throw_java(jenv, "java/lang/OutOfMemoryError", "libscore: a column too large for a Java array");
}

static void bad_index(JNIEnv *jenv)
{
    throw_java(jenv, "java/lang/IndexOutOfBoundsException", "libscore: no such column");
}

void sj_throw(JNIEnv *jenv, const score_error *err)
{
    /* An exception already pending (an OutOfMemoryError, say) comes first. */
    if ((*jenv)->ExceptionCheck(jenv))
        return;
    jclass cls = (*jenv)->FindClass(jenv, "cn/libscore/ScoreException");
    if (!cls)
        return;
    jmethodID ctor = (*jenv)->GetMethodID(jenv, cls, "<init>", "(I[BII[B)V");
    if (!ctor)
        return;
    jbyteArray source = sj_bytes(jenv, err->source);
    jbyteArray message = source ? sj_bytes(jenv, err->message) : NULL;
    if (!message)
        return;
    jobject ex = (*jenv)->NewObject(jenv, cls, ctor, (jint)err->code, source, (jint)err->line,
                                    (jint)err->column, message);
    if (ex)
        (*jenv)->Throw(jenv, (jthrowable)ex);
}

jbyteArray sj_bytes(JNIEnv *jenv, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    if (n > SJ_MAX_ARRAY) {
        too_large(jenv);
        return NULL;
    }
    jbyteArray a = (*jenv)->NewByteArray(jenv, (jsize)n);
    if (a)
        (*jenv)->SetByteArrayRegion(jenv, a, 0, (jsize)n, (const jbyte *)s);
    return a;
}

/* A NUL-terminated copy of a Java byte[] (not null), or NULL with an
 * error when memory runs out. */
static char *copy_bytes(JNIEnv *jenv, jbyteArray a, size_t *len, score_error *err)
{
    jsize n = (*jenv)->GetArrayLength(jenv, a);
    char *s = malloc((size_t)n + 1);
    if (!s) {
        fail(err, SCORE_ENOMEM, "out of memory");
        return NULL;
    }
    (*jenv)->GetByteArrayRegion(jenv, a, 0, n, (jbyte *)s);
    s[n] = '\0';
    *len = (size_t)n;
    return s;
}

/* Split `n` bytes holding NUL-terminated strings into `count` pointers;
 * a missing value (SJ_MISSING_BYTE) becomes NULL. Returns 0, or -1 if the
 * bytes do not hold exactly `count` strings. */
static int split_strings(char *bytes, size_t n, const char **out, size_t count)
{
    size_t k = 0;
    for (size_t i = 0; i < n; k++) {
        size_t len = strlen(bytes + i);
        if (i + len >= n || k == count)
            return -1;
        int missing = len == 1 && (unsigned char)bytes[i] == SJ_MISSING_BYTE;
        out[k] = missing ? NULL : bytes + i;
        i += len + 1;
    }
    return k == count ? 0 : -1;
}

static size_t count_nuls(const char *bytes, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += bytes[i] == '\0';
    return k;
}

/* ---- rulesets ---- */

/* Load options carrying the overrides in `params` (name, value, ...);
 * *bytes and *list are the caller's to free. Returns 0 or -1 with err. */
static int read_params(JNIEnv *jenv, jbyteArray params, score_load_options *opts, char **bytes,
                       score_param **list, score_error *err)
{
    score_load_options init = SCORE_LOAD_OPTIONS_INIT;
    *opts = init;
    *bytes = NULL;
    *list = NULL;
    if (!params)
        return 0;
    size_t n;
    if (!(*bytes = copy_bytes(jenv, params, &n, err)))
        return -1;
    size_t strings = count_nuls(*bytes, n);
    if (strings == 0)
        return 0;
    if (strings % 2 != 0) {
        fail(err, SCORE_EINVAL, "malformed parameter list");
        return -1;
    }
    const char **s = calloc(strings, sizeof *s);
    *list = calloc(strings / 2, sizeof **list);
    if (!s || !*list) {
        free(s);
        fail(err, SCORE_ENOMEM, "out of memory");
        return -1;
    }
    if (split_strings(*bytes, n, s, strings) != 0) {
        free(s);
        fail(err, SCORE_EINVAL, "malformed parameter list");
        return -1;
    }
    for (size_t i = 0; i < strings / 2; i++) {
        (*list)[i].name = s[2 * i];
        (*list)[i].value = s[2 * i + 1];
    }
    free(s);
    opts->params = *list;
    opts->param_count = strings / 2;
    return 0;
}

score_ruleset *sj_ruleset_load(JNIEnv *jenv, const char *name_or_path, jbyteArray params,
                               score_error *err)
{
    score_load_options opts;
    char *bytes;
    score_param *list;
    score_ruleset *rs = NULL;
    if (read_params(jenv, params, &opts, &bytes, &list, err) == 0)
        score_ruleset_load(&rs, name_or_path, &opts, err);
    free(list);
    free(bytes);
    return rs;
}

score_ruleset *sj_ruleset_load_string(JNIEnv *jenv, jbyteArray text, const char *source,
                                      jbyteArray params, score_error *err)
{
    if (!text) {
        fail(err, SCORE_EINVAL, "no ruleset text");
        return NULL;
    }
    score_load_options opts;
    char *bytes;
    score_param *list;
    score_ruleset *rs = NULL;
    if (read_params(jenv, params, &opts, &bytes, &list, err) == 0) {
        size_t len;
        char *doc = copy_bytes(jenv, text, &len, err);
        if (doc)
            score_ruleset_load_string(&rs, doc, len, source, &opts, err);
        free(doc);
    }
    free(list);
    free(bytes);
    return rs;
}

jintArray sj_ruleset_field_years(JNIEnv *jenv, const score_ruleset *rs, size_t field)
{
    size_t n = 0;
    const int *years = score_ruleset_field_years(rs, field, &n);
    jintArray a = (*jenv)->NewIntArray(jenv, (jsize)n);
    if (a && n > 0)
        (*jenv)->SetIntArrayRegion(jenv, a, 0, (jsize)n, (const jint *)years);
    return a;
}

/* ---- tables ---- */

score_table *sj_table_read_csv(const score_ruleset *rs, const char *path, score_error *err)
{
    score_table *t = NULL;
    /* a read that succeeds on retrying as GB18030 leaves the first error */
    if (score_table_read_csv(&t, rs, path, err) == 0)
        err->code = SCORE_OK;
    return t;
}

score_table *sj_table_parse_csv(JNIEnv *jenv, const score_ruleset *rs, jbyteArray data,
                                const char *source, score_error *err)
{
    if (!data) {
        fail(err, SCORE_EINVAL, "no CSV data");
        return NULL;
    }
    score_table *t = NULL;
    size_t len;
    char *csv = copy_bytes(jenv, data, &len, err);
    if (csv && score_table_parse_csv(&t, rs, csv, len, source, err) == 0)
        err->code = SCORE_OK; /* as in sj_table_read_csv() */
    free(csv);
    return t;
}

score_table *sj_table_new(const score_ruleset *rs, size_t rows, score_error *err)
{
    score_table *t = NULL;
    score_table_new(&t, rs, rows, err);
    return t;
}

void sj_table_set_numbers(JNIEnv *jenv, score_table *t, const char *column,
                          jdoubleArray values, score_error *err)
{
    if (!values) {
        fail(err, SCORE_EINVAL, "no values");
        return;
    }
    jsize n = (*jenv)->GetArrayLength(jenv, values);
    /* The library copies the column straight from the Java array: plain C
     * (a scan and a malloc) inside the critical section. */
    jdouble *v = (*jenv)->GetPrimitiveArrayCritical(jenv, values, NULL);
    if (!v)
        return; /* OutOfMemoryError pending */
    score_table_set_numbers(t, column, v, (size_t)n, err);
    (*jenv)->ReleasePrimitiveArrayCritical(jenv, values, v, JNI_ABORT);
}

void sj_table_bind_numbers(JNIEnv *jenv, score_table *t, const char *column, jobject buffer,
                           score_error *err)
{
    double *v = buffer ? (*jenv)->GetDirectBufferAddress(jenv, buffer) : NULL;
    jlong n = buffer ? (*jenv)->GetDirectBufferCapacity(jenv, buffer) : -1;
    if (!v || n < 0) {
        fail(err, SCORE_EINVAL, "not a direct buffer");
        return;
    }
    score_table_bind_numbers(t, column, v, (size_t)n, err);
}

void sj_table_set_bools(JNIEnv *jenv, score_table *t, const char *column, jbyteArray values,
                        score_error *err)
{
    if (!values) {
        fail(err, SCORE_EINVAL, "no values");
        return;
    }
    jsize n = (*jenv)->GetArrayLength(jenv, values);
    jbyte *v = (*jenv)->GetPrimitiveArrayCritical(jenv, values, NULL);
    if (!v)
        return;
    score_table_set_bools(t, column, (const signed char *)v, (size_t)n, err);
    (*jenv)->ReleasePrimitiveArrayCritical(jenv, values, v, JNI_ABORT);
}

void sj_table_set_texts(JNIEnv *jenv, score_table *t, const char *column, jbyteArray values,
                        size_t n, score_error *err)
{
    if (!values) {
        fail(err, SCORE_EINVAL, "no values");
        return;
    }
    size_t len;
    char *bytes = copy_bytes(jenv, values, &len, err);
    if (!bytes)
        return;
    const char **s = calloc(n ? n : 1, sizeof *s);
    if (!s)
        fail(err, SCORE_ENOMEM, "out of memory");
    else if (split_strings(bytes, len, s, n) != 0)
        fail(err, SCORE_EINVAL, "malformed text column");
    else
        score_table_set_texts(t, column, s, n, err);
    free(s);
    free(bytes);
}

/* A string column of `n` values, value(i, ud) giving each (NULL: missing). */
static jbyteArray string_column(JNIEnv *jenv, size_t n,
                                const char *(*value)(size_t i, const void *ud), const void *ud)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = value(i, ud);
        total += (s ? strlen(s) : 1) + 1;
    }
    if (total > SJ_MAX_ARRAY) {
        too_large(jenv);
        return NULL;
    }
    jbyteArray a = (*jenv)->NewByteArray(jenv, (jsize)total);
    if (!a)
        return NULL;
    char *out = (*jenv)->GetPrimitiveArrayCritical(jenv, a, NULL);
    if (!out)
        return NULL;
    /* Only plain C inside the critical section: copying borrowed strings. */
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = value(i, ud);
        if (s) {
            size_t len = strlen(s);
            memcpy(out + at, s, len + 1);
            at += len + 1;
        } else {
            out[at++] = (char)SJ_MISSING_BYTE;
            out[at++] = '\0';
        }
    }
    (*jenv)->ReleasePrimitiveArrayCritical(jenv, a, out, 0);
    return a;
}

static const char *table_key(size_t i, const void *ud)
{
    return score_table_key(ud, i);
}

jbyteArray sj_column_keys(JNIEnv *jenv, const score_table *t)
{
    return string_column(jenv, score_table_row_count(t), table_key, t);
}

/* ---- evaluation and results ---- */

score_result *sj_evaluate(const score_ruleset *rs, const score_table *t, unsigned threads,
                          score_error *err)
{
    score_eval_options opts = SCORE_EVAL_OPTIONS_INIT;
    opts.threads = threads;
    score_result *r = NULL;
    score_evaluate_with(&r, rs, t, &opts, err);
    return r;
}

static jbyteArray byte_column(JNIEnv *jenv, const unsigned char *v, size_t n)
{
    if (n > SJ_MAX_ARRAY) {
        too_large(jenv);
        return NULL;
    }
    jbyteArray a = (*jenv)->NewByteArray(jenv, (jsize)n);
    if (a && n > 0)
        (*jenv)->SetByteArrayRegion(jenv, a, 0, (jsize)n, (const jbyte *)v);
    return a;
}

static jdoubleArray double_column(JNIEnv *jenv, const double *v, size_t n)
{
    if (n > SJ_MAX_ARRAY) {
        too_large(jenv);
        return NULL;
    }
    jdoubleArray a = (*jenv)->NewDoubleArray(jenv, (jsize)n);
    if (a && n > 0)
        (*jenv)->SetDoubleArrayRegion(jenv, a, 0, (jsize)n, v);
    return a;
}

jbyteArray sj_column_verdicts(JNIEnv *jenv, const score_result *r, size_t criterion)
{
    const unsigned char *v = score_result_verdicts(r, criterion);
    if (!v) {
        bad_index(jenv);
        return NULL;
    }
    return byte_column(jenv, v, score_result_row_count(r));
}

jbyteArray sj_column_eligible(JNIEnv *jenv, const score_result *r)
{
    size_t n = score_result_row_count(r);
    if (n > SJ_MAX_ARRAY) {
        too_large(jenv);
        return NULL;
    }
    jbyteArray a = (*jenv)->NewByteArray(jenv, (jsize)n);
    if (!a)
        return NULL;
    jbyte *out = (*jenv)->GetPrimitiveArrayCritical(jenv, a, NULL);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = (jbyte)score_result_eligible(r, i);
    (*jenv)->ReleasePrimitiveArrayCritical(jenv, a, out, 0);
    return a;
}

jdoubleArray sj_column_scores(JNIEnv *jenv, const score_result *r, size_t scorecard)
{
    const double *v = score_result_scores(r, scorecard);
    if (!v) {
        bad_index(jenv);
        return NULL;
    }
    return double_column(jenv, v, score_result_row_count(r));
}

struct grade_column {
    const score_result *r;
    size_t scorecard;
};

static const char *grade(size_t i, const void *ud)
{
    const struct grade_column *g = ud;
    return score_result_grade(g->r, g->scorecard, i);
}

jbyteArray sj_column_grades(JNIEnv *jenv, const score_result *r, size_t scorecard)
{
    struct grade_column g = {r, scorecard};
    return string_column(jenv, score_result_row_count(r), grade, &g);
}

static jintArray level_column(JNIEnv *jenv, const score_result *r,
                              int (*level)(const score_result *, size_t))
{
    size_t n = score_result_row_count(r);
    if (n > SJ_MAX_ARRAY) {
        too_large(jenv);
        return NULL;
    }
    jintArray a = (*jenv)->NewIntArray(jenv, (jsize)n);
    if (!a)
        return NULL;
    jint *out = (*jenv)->GetPrimitiveArrayCritical(jenv, a, NULL);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = level(r, i);
    (*jenv)->ReleasePrimitiveArrayCritical(jenv, a, out, 0);
    return a;
}

jintArray sj_column_tiers(JNIEnv *jenv, const score_result *r)
{
    return level_column(jenv, r, score_result_tier);
}

jintArray sj_column_qualified(JNIEnv *jenv, const score_result *r)
{
    return level_column(jenv, r, score_result_qualified);
}

jdoubleArray sj_column_rank_scores(JNIEnv *jenv, const score_result *r)
{
    size_t n = score_result_row_count(r);
    if (n > SJ_MAX_ARRAY) {
        too_large(jenv);
        return NULL;
    }
    jdoubleArray a = (*jenv)->NewDoubleArray(jenv, (jsize)n);
    if (!a)
        return NULL;
    jdouble *out = (*jenv)->GetPrimitiveArrayCritical(jenv, a, NULL);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = score_result_rank_score(r, i);
    (*jenv)->ReleasePrimitiveArrayCritical(jenv, a, out, 0);
    return a;
}

struct failing_keys {
    const score_table *t;
    const size_t *rows;
};

static const char *failing_key(size_t i, const void *ud)
{
    const struct failing_keys *f = ud;
    return score_table_key(f->t, f->rows[i]);
}

jbyteArray sj_column_failing_keys(JNIEnv *jenv, const score_result *r, const score_table *t,
                                   size_t outcome)
{
    score_target_outcome o;
    memset(&o, 0, sizeof o);
    if (score_result_outcome(r, outcome, &o) != 0)
        o.nfailing = 0;
    struct failing_keys f = {t, o.failing};
    return string_column(jenv, o.nfailing, failing_key, &f);
}

/* ---- explanations and numbers ---- */

static jbyteArray explanation(JNIEnv *jenv, const score_result *r, char *text)
{
    jbyteArray a = sj_bytes(jenv, text);
    score_string_free(r, text);
    return a;
}

jbyteArray sj_explain_row(JNIEnv *jenv, const score_result *r, const score_table *t, size_t row,
                          int json, score_error *err)
{
    char *text = NULL;
    if (score_explain_row(&text, r, t, row, json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT, err))
        return NULL;
    return explanation(jenv, r, text);
}

jbyteArray sj_explain_outcome(JNIEnv *jenv, const score_result *r, const score_table *t,
                              size_t outcome, int json, score_error *err)
{
    char *text = NULL;
    if (score_explain_outcome(&text, r, t, outcome,
                              json ? SCORE_EXPLAIN_JSON : SCORE_EXPLAIN_TEXT, err))
        return NULL;
    return explanation(jenv, r, text);
}

jbyteArray sj_format_number(JNIEnv *jenv, double value)
{
    char buf[32];
    score_format_number(value, buf, sizeof buf);
    return sj_bytes(jenv, buf);
}
