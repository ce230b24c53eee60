/*
 * The JNI layer of the Java binding, package cn.libscore.internal (class
 * ScoreNative, the names of score.h): ../score.i with the Java typemaps it
 * asks for. Not for users: the public classes of cn.libscore free every
 * handle through close() (NativeRef), results and tables before rulesets.
 * Strings cross as UTF-8 bytes (Utf8.java), never as JNI's modified UTF-8,
 * which mangles characters outside the BMP; a column in one JNI call.
 */
%module ScoreNative

%{
#include "score/score.h"

/* The bytes of s (no NUL) as a Java byte[], NULL for NULL. */
static jbyteArray score_java_bytes(JNIEnv *jenv, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    jbyteArray a = s && n < 0x7fffffff ? (*jenv)->NewByteArray(jenv, (jsize)n) : NULL;
    if (a)
        (*jenv)->SetByteArrayRegion(jenv, a, 0, (jsize)n, (const jbyte *)s);
    return a;
}

/* Throw cn.libscore.ScoreException, unless an exception is pending. */
static void score_java_throw(JNIEnv *jenv, const score_error *e)
{
    jclass cls = (*jenv)->ExceptionCheck(jenv) ? NULL
                 : (*jenv)->FindClass(jenv, "cn/libscore/ScoreException");
    jmethodID make = cls ? (*jenv)->GetMethodID(jenv, cls, "<init>", "(I[BII[B)V") : NULL;
    jbyteArray source = make ? score_java_bytes(jenv, e->source) : NULL;
    jbyteArray message = source ? score_java_bytes(jenv, e->message) : NULL;
    jobject ex = message ? (*jenv)->NewObject(jenv, cls, make, (jint)e->code, source,
                                              (jint)e->line, (jint)e->column, message) : NULL;
    if (ex)
        (*jenv)->Throw(jenv, (jthrowable)ex);
}

/* The cells of a byte[][] (each NUL-terminated, null missing) as C strings:
 * pointers and bytes in one allocation. NULL with OutOfMemoryError. */
static char **score_java_cells(JNIEnv *jenv, jobjectArray a, size_t *n)
{
    jsize count = a ? (*jenv)->GetArrayLength(jenv, a) : 0;
    size_t room = (size_t)count * sizeof(char *) + 1;
    char **cells = NULL;
    for (int copy = 0; copy < 2; copy++) { /* measure, then copy */
        char *at = copy ? (char *)(cells + count) : NULL;
        for (jsize i = 0; i < count; i++) {
            jbyteArray b = (jbyteArray)(*jenv)->GetObjectArrayElement(jenv, a, i);
            jsize len = b ? (*jenv)->GetArrayLength(jenv, b) : 0;
            room += copy ? 0 : (size_t)len;
            if (copy && (cells[i] = b ? at : NULL))
                (*jenv)->GetByteArrayRegion(jenv, b, 0, len, (jbyte *)at);
            at += copy ? len : 0;
            (*jenv)->DeleteLocalRef(jenv, b);
        }
        if (!copy && !(cells = malloc(room)))
            SWIG_JavaThrowException(jenv, SWIG_JavaOutOfMemoryError, "libscore: cells");
        if (!cells)
            return NULL;
    }
    *n = (size_t)count;
    return cells;
}

/* Columns out are copied as they are: the element widths must agree. */
_Static_assert(sizeof(int) == 4 && sizeof(unsigned) == 4 && sizeof(size_t) == 8, "widths");
%}

%pragma(java) jniclasscode="  static { NativeLibrary.load(); }"

/* Enums and #defines as int constants; no finalize(): the public classes free. */
%include "enumtypeunsafe.swg"
%javaconst(1);
%typemap(javafinalize) SWIGTYPE ""

/* Errors: hidden, thrown as the checked cn.libscore.ScoreException. */
%typemap(in, numinputs=0, noblock=1) score_error *err (score_error e), score_error *rule_err (score_error e) {
  memset(&e, 0, sizeof e);
  $1 = &e;
}
%typemap(argout, throws="cn.libscore.ScoreException", noblock=1) score_error *err, score_error *rule_err {
  if ($1->code != SCORE_OK)
    score_java_throw(jenv, $1);
}

/* How a C type crosses: its JNI type, its Java types, the Java call in. */
%define SCORE_JAVA_TYPE(PATTERN, JNI, JTYPE, JSTYPE, JAVAIN)
%typemap(jni) PATTERN "JNI"
%typemap(jtype) PATTERN "JTYPE"
%typemap(jstype) PATTERN "JSTYPE"
%typemap(javain) PATTERN "JAVAIN"
%enddef

/* Strings: String in as NUL-terminated UTF-8, out as UTF-8. */
SCORE_JAVA_TYPE(SWIGTYPE *SCORE_JAVA_STRING, jbyteArray, byte[], String, Utf8.cstring($javainput))
%apply SWIGTYPE *SCORE_JAVA_STRING { const char *, char *, char [ANY] };
%typemap(javaout) const char *, char *, char [ANY] { return Utf8.decode($jnicall); }
%typemap(in, noblock=1) const char * {
  if (!($1 = $input ? (char *)(*jenv)->GetByteArrayElements(jenv, $input, NULL) : NULL) && $input)
    return $null;
}
%typemap(freearg, noblock=1) const char * {
  if ($1)
    (*jenv)->ReleaseByteArrayElements(jenv, $input, (jbyte *)$1, JNI_ABORT);
}
%typemap(out, noblock=1) const char *, char *, char [ANY] { $result = score_java_bytes(jenv, $1); }
%immutable score_error::source; /* char [ANY] crosses one way only */
%immutable score_error::message;

/* Arrays in, (POINTER, LENGTH): a Java array, read in place where the JVM can. */
%define SCORE_JAVA_IN(CTYPE, NAME, LENGTH, JARRAY, JELEMENT, JTYPE, KIND)
SCORE_JAVA_TYPE((CTYPE *NAME, size_t LENGTH), JARRAY, JTYPE, JTYPE, $javainput)
%typemap(in, noblock=1) (CTYPE *NAME, size_t LENGTH) {
  $1 = $input ? ($1_ltype)(*jenv)->Get##KIND##ArrayElements(jenv, $input, NULL) : NULL;
  $2 = $1 ? (size_t)(*jenv)->GetArrayLength(jenv, $input) : 0;
  if ($input && !$1)
    return $null;
}
%typemap(freearg, noblock=1) (CTYPE *NAME, size_t LENGTH) {
  if ($1)
    (*jenv)->Release##KIND##ArrayElements(jenv, $input, (JELEMENT *)$1, JNI_ABORT);
}
%enddef
SCORE_JAVA_IN(const double, values, n, jdoubleArray, jdouble, double[], Double)
SCORE_JAVA_IN(const signed char, values, n, jbyteArray, jbyte, byte[], Byte)
SCORE_JAVA_IN(const char, text, len, jbyteArray, jbyte, byte[], Byte)
SCORE_JAVA_IN(const char, data, len, jbyteArray, jbyte, byte[], Byte)

/* Cells in: String[], null missing. */
SCORE_JAVA_TYPE((const char *const *cells, size_t n), jobjectArray, byte[][], String[],
                Utf8.cstrings($javainput))
%typemap(in, noblock=1) (const char *const *cells, size_t n) {
  if (!($1 = score_java_cells(jenv, $input, &$2)))
    return $null;
}
%typemap(freearg, noblock=1) (const char *const *cells, size_t n) { free($1); }
%apply (const char *const *cells, size_t n) { (const char *const *values, size_t n) };

/* Columns out: copied into a Java array, null for NULL. */
%define SCORE_JAVA_OUT(CTYPE, JARRAY, JELEMENT, JTYPE, KIND)
SCORE_JAVA_TYPE(const CTYPE *SCORE_COLUMN, JARRAY, JTYPE, JTYPE, $javainput)
%typemap(javaout) const CTYPE *SCORE_COLUMN { return $jnicall; }
%typemap(out, noblock=1) const CTYPE *SCORE_COLUMN {
  $result = $1 && (SCORE_COLUMN_LENGTH) < 0x7fffffff
            ? (*jenv)->New##KIND##Array(jenv, (jsize)(SCORE_COLUMN_LENGTH)) : NULL;
  if ($result)
    (*jenv)->Set##KIND##ArrayRegion(jenv, $result, 0, (jsize)(SCORE_COLUMN_LENGTH), (const JELEMENT *)$1);
}
%enddef
%define SCORE_COLUMN_TYPEMAPS
SCORE_JAVA_OUT(double, jdoubleArray, jdouble, double[], Double)
SCORE_JAVA_OUT(int, jintArray, jint, int[], Int)
SCORE_JAVA_OUT(unsigned, jintArray, jint, int[], Int)
SCORE_JAVA_OUT(unsigned char, jbyteArray, jbyte, byte[], Byte)
SCORE_JAVA_OUT(size_t, jlongArray, jlong, long[], Long)
%enddef
%immutable score_target_outcome::failing; /* a column crosses one way only */

/* score_table_bind_numbers() reads its column in place: a direct DoubleBuffer. */
%ignore score_table_bind_numbers;

%include "../score.i"

SCORE_JAVA_IN(const double, values, n, jobject, jdouble, java.nio.DoubleBuffer, Double)
%typemap(in, noblock=1) (const double *values, size_t n) {
  $1 = $input ? (*jenv)->GetDirectBufferAddress(jenv, $input) : NULL;
  $2 = $1 ? (size_t)(*jenv)->GetDirectBufferCapacity(jenv, $input) : 0;
}
%typemap(freearg) (const double *values, size_t n) ""
%rename("%s") score_table_bind_numbers;
int score_table_bind_numbers(score_table *t, const char *column, const double *values, size_t n,
                             score_error *err);
