/*
 * Text encodings of data files (libscore/encoding.c): names, byte order
 * marks, detection, and conversion to UTF-8 with its errors.
 *
 * The encoded inputs are byte literals written once by an independent
 * encoder, the iconv program of GNU libc 2.36, e.g.
 *   printf '村代码,总户数\n3301,420\n' | iconv -f UTF-8 -t GBK | od -An -tx1
 * (the command for each is next to it). The expected texts are plain
 * UTF-8 literals of this source file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../libscore/encoding.h"
#include "counting_alloc.h"

#define ADVICE "save the file as UTF-8 or choose its encoding with --encoding"

/* A literal with its length (it may hold NUL bytes). */
#define BYTES(s) s, sizeof(s) - 1

/* printf '村代码,总户数\n3301,420\n' | iconv -f UTF-8 -t GBK */
static const char gbk_table[] = "\xb4\xe5\xb4\xfa\xc2\xeb\x2c\xd7\xdc\xbb\xa7\xca\xfd\x0a"
                                "\x33\x33\x30\x31\x2c\x34\x32\x30\x0a";
static const char utf8_table[] = "村代码,总户数\n3301,420\n";

/* printf '名称\t😀\n1\t2\n' | iconv -f UTF-8 -t UTF-16 (glibc writes LE with
 * a BOM); -t UTF-16BE, with FE FF put in front by hand. 😀 is U+1F600,
 * the surrogate pair D83D DE00. */
static const char utf16le_table[] = "\xff\xfe\x0d\x54\xf0\x79\x09\x00\x3d\xd8\x00\xde\x0a\x00"
                                    "\x31\x00\x09\x00\x32\x00\x0a\x00";
static const char utf16be_table[] = "\xfe\xff\x54\x0d\x79\xf0\x00\x09\xd8\x3d\xde\x00\x00\x0a"
                                    "\x00\x31\x00\x09\x00\x32\x00\x0a";
static const char utf8_tabbed[] = "名称\t\xf0\x9f\x98\x80\n1\t2\n";

/* Convert with the default allocator; the text, or fail. */
static char *convert_ok(const char *data, size_t len, score_encoding from, size_t *out_len)
{
    char *out = (char *)&out;
    score_error err;
    memset(&err, 0, sizeof err);
    int rc = sc_encoding_to_utf8(sc_default_allocator(), data, len, from, "in.csv", &out,
                                 out_len, &err);
    if (rc)
        fail_msg("conversion failed: %d: %s", rc, err.message);
    assert_non_null(out);
    assert_int_equal(out[*out_len], '\0');
    return out;
}

static void assert_converts(const char *data, size_t len, score_encoding from,
                            const char *want, size_t want_len)
{
    size_t n = 12345;
    char *out = convert_ok(data, len, from, &n);
    assert_int_equal(n, want_len);
    assert_memory_equal(out, want, want_len);
    sc_free(sc_default_allocator(), out);
}

/* Convert what must be refused; the error for the caller to check. */
static void convert_bad(const char *data, size_t len, score_encoding from, int code,
                        score_error *err)
{
    char *out = (char *)&out;
    size_t n = 12345;
    memset(err, 0, sizeof *err);
    int rc = sc_encoding_to_utf8(sc_default_allocator(), data, len, from, "in.csv", &out, &n,
                                 err);
    assert_int_equal(rc, code);
    assert_int_equal(err->code, code);
    assert_null(out);
    assert_int_equal(n, 0);
}

static void assert_bad(const char *data, size_t len, score_encoding from, int line,
                       int column, const char *message)
{
    score_error err;
    convert_bad(data, len, from, SCORE_EDATA, &err);
    assert_string_equal(err.source, "in.csv");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_string_equal(err.message, message);
}

/* ---- names ---- */

static void test_parse_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        score_encoding e;
    } good[] = {
        {"auto", SCORE_ENCODING_AUTO},       {"AUTO", SCORE_ENCODING_AUTO},
        {"utf-8", SCORE_ENCODING_UTF8},      {"UTF-8", SCORE_ENCODING_UTF8},
        {"utf8", SCORE_ENCODING_UTF8},       {"Utf8", SCORE_ENCODING_UTF8},
        {"gb18030", SCORE_ENCODING_GB18030}, {"GB18030", SCORE_ENCODING_GB18030},
        {"gbk", SCORE_ENCODING_GB18030},     {"GBK", SCORE_ENCODING_GB18030},
        {"gb2312", SCORE_ENCODING_GB18030},  {"GB2312", SCORE_ENCODING_GB18030},
        {"utf-16", SCORE_ENCODING_UTF16},    {"UTF-16", SCORE_ENCODING_UTF16},
        {"utf16", SCORE_ENCODING_UTF16},     {"uTf16", SCORE_ENCODING_UTF16},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        score_encoding e = (score_encoding)99;
        if (score_encoding_parse(good[i].name, &e) != 0)
            fail_msg("%s not accepted", good[i].name);
        assert_int_equal(e, good[i].e);
    }
    static const char *const bad[] = {"",      "utf",    "utf-8 ", " utf-8", "utf_8",
                                      "latin1", "gb",    "gbk2",   "utf-16le", "utf-32",
                                      "big5",  "autox"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        score_encoding e = (score_encoding)99;
        if (score_encoding_parse(bad[i], &e) != -1)
            fail_msg("'%s' accepted", bad[i]);
        assert_int_equal(e, 99); /* left alone */
    }
    score_encoding e = (score_encoding)99;
    assert_int_equal(score_encoding_parse(NULL, &e), -1);
    assert_int_equal(e, 99);
}

static void test_names_for_reports(void **state)
{
    (void)state;
    assert_string_equal(sc_encoding_name(SCORE_ENCODING_AUTO), "auto");
    assert_string_equal(sc_encoding_name(SCORE_ENCODING_UTF8), "UTF-8");
    assert_string_equal(sc_encoding_name(SCORE_ENCODING_GB18030), "GB18030");
    assert_string_equal(sc_encoding_name(SCORE_ENCODING_UTF16), "UTF-16");
    assert_string_equal(sc_encoding_name((score_encoding)42), "unknown");
    /* each name reads back as its encoding */
    for (int i = SCORE_ENCODING_AUTO; i <= SCORE_ENCODING_UTF16; i++) {
        score_encoding e;
        assert_int_equal(score_encoding_parse(sc_encoding_name((score_encoding)i), &e), 0);
        assert_int_equal(e, i);
    }
}

static void test_read_names(void **state)
{
    (void)state;
    const char *le = utf16le_table, *be = utf16be_table;
    size_t nle = sizeof utf16le_table - 1, nbe = sizeof utf16be_table - 1;
    assert_string_equal(sc_encoding_read_name(SCORE_ENCODING_UTF16, le, nle), "UTF-16LE");
    assert_string_equal(sc_encoding_read_name(SCORE_ENCODING_UTF16, be, nbe), "UTF-16BE");
    /* without a BOM: the guess the conversion makes */
    assert_string_equal(sc_encoding_read_name(SCORE_ENCODING_UTF16, le + 2, nle - 2),
                        "UTF-16LE");
    assert_string_equal(sc_encoding_read_name(SCORE_ENCODING_UTF16, BYTES("\0a\0\n")),
                        "UTF-16BE");
    assert_string_equal(sc_encoding_read_name(SCORE_ENCODING_GB18030, BYTES("a\n")),
                        "GB18030");
    assert_string_equal(sc_encoding_read_name(SCORE_ENCODING_UTF8, gbk_table, 3), "UTF-8");
    assert_string_equal(sc_encoding_read_name((score_encoding)9, "", 0), "unknown");
}

/* ---- byte order marks and detection ---- */

static void test_bom(void **state)
{
    (void)state;
    assert_int_equal(sc_encoding_bom(BYTES("\xef\xbb\xbf" "a,b\n")), SC_BOM_UTF8);
    assert_int_equal(sc_encoding_bom(BYTES("\xef\xbb\xbf")), SC_BOM_UTF8);
    assert_int_equal(sc_encoding_bom(BYTES("\xef\xbb")), SC_BOM_NONE); /* cut short */
    assert_int_equal(sc_encoding_bom(BYTES("\xef\xbb\xbe")), SC_BOM_NONE);
    assert_int_equal(sc_encoding_bom(utf16le_table, sizeof utf16le_table - 1), SC_BOM_UTF16LE);
    assert_int_equal(sc_encoding_bom(utf16be_table, sizeof utf16be_table - 1), SC_BOM_UTF16BE);
    assert_int_equal(sc_encoding_bom(BYTES("\xff\xfe")), SC_BOM_UTF16LE);
    assert_int_equal(sc_encoding_bom(BYTES("\xfe\xff")), SC_BOM_UTF16BE);
    assert_int_equal(sc_encoding_bom(BYTES("\xff")), SC_BOM_NONE);
    assert_int_equal(sc_encoding_bom(BYTES("\xfe")), SC_BOM_NONE);
    assert_int_equal(sc_encoding_bom(BYTES("a,b\n")), SC_BOM_NONE);
    assert_int_equal(sc_encoding_bom(gbk_table, sizeof gbk_table - 1), SC_BOM_NONE);
    assert_int_equal(sc_encoding_bom("", 0), SC_BOM_NONE);
    assert_int_equal(sc_encoding_bom(NULL, 0), SC_BOM_NONE);
    /* only the start counts */
    assert_int_equal(sc_encoding_bom(BYTES("a\xef\xbb\xbf")), SC_BOM_NONE);
    /* the length is obeyed, not the bytes beyond it */
    assert_int_equal(sc_encoding_bom("\xef\xbb\xbf", 2), SC_BOM_NONE);
    assert_int_equal(sc_encoding_bom("\xff\xfe", 1), SC_BOM_NONE);
}

/* ---- GB18030 ---- */

static void test_gbk_table(void **state)
{
    (void)state;
    assert_converts(gbk_table, sizeof gbk_table - 1, SCORE_ENCODING_GB18030, utf8_table,
                    sizeof utf8_table - 1);
}

static void test_gb18030_four_byte(void **state)
{
    (void)state;
    /* printf 'À😀𠀀€\n' | iconv -f UTF-8 -t GB18030: U+00C0 is 81 30 86 38,
     * U+1F600 is 94 39 FC 36, U+20000 is 95 32 82 36 (all four bytes);
     * U+20AC is A2 E3 (two). */
    assert_converts(BYTES("\x81\x30\x86\x38\x94\x39\xfc\x36\x95\x32\x82\x36\xa2\xe3\x0a"),
                    SCORE_ENCODING_GB18030,
                    BYTES("\xc3\x80\xf0\x9f\x98\x80\xf0\xa0\x80\x80\xe2\x82\xac\n"));
}

static void test_gb18030_bom_dropped(void **state)
{
    (void)state;
    /* printf '\ufeff村\n' | iconv -f UTF-8 -t GB18030 */
    assert_converts(BYTES("\x84\x31\x95\x33\xb4\xe5\x0a"), SCORE_ENCODING_GB18030,
                    BYTES("村\n"));
}

static void test_gb18030_long(void **state)
{
    (void)state;
    /* 20000 characters of 2 bytes become 60000 bytes: the output buffer
     * grows several times on iconv's E2BIG */
    enum { N = 20000 };
    char *in = malloc(2 * N), *want = malloc(3 * N);
    assert_non_null(in);
    assert_non_null(want);
    size_t want_len = 0;
    for (size_t i = 0; i < N; i++) {
        /* every 100th character a line end, else 村 (B4 E5 in GBK) */
        const char *piece = i % 100 == 99 ? ",\n" : "村";
        memcpy(in + 2 * i, i % 100 == 99 ? ",\n" : "\xb4\xe5", 2);
        memcpy(want + want_len, piece, strlen(piece));
        want_len += strlen(piece);
    }
    assert_converts(in, 2 * N, SCORE_ENCODING_GB18030, want, want_len);
    free(in);
    free(want);
}

static void test_gb18030_bad_byte(void **state)
{
    (void)state;
    /* printf '村,户\n1,2\n3,' | iconv -f UTF-8 -t GBK, then a lead byte
     * with a trail byte out of range: line 3, cell 2 */
    assert_bad(BYTES("\xb4\xe5\x2c\xbb\xa7\x0a\x31\x2c\x32\x0a\x33\x2c" "\x81\x7f" "x\n"),
               SCORE_ENCODING_GB18030, 3, 2,
               "not valid GB18030 (bytes 0x81 0x7F); " ADVICE);
    /* 0xFF can start nothing: one byte is quoted; CRLF lines count once */
    assert_bad(BYTES("a,b\r\nc,d\r\ne,f,\xff\xfe\r\n"), SCORE_ENCODING_GB18030, 3, 3,
               "not valid GB18030 (byte 0xFF); " ADVICE);
    /* a UTF-16 file read as GB18030 fails at its BOM */
    assert_bad(utf16le_table, sizeof utf16le_table - 1, SCORE_ENCODING_GB18030, 1, 1,
               "not valid GB18030 (byte 0xFF); " ADVICE);
    /* a 4-byte form out of range (past U+FFFF's 84 31 A4 39) */
    assert_bad(BYTES("a\n\x84\x31\xa5\x30"), SCORE_ENCODING_GB18030, 2, 1,
               "not valid GB18030 (bytes 0x84 0x31 0xA5 0x30); " ADVICE);
}

static void test_gb18030_cut_short(void **state)
{
    (void)state;
    assert_bad(BYTES("a,b\n1,\x81\x30"), SCORE_ENCODING_GB18030, 2, 2,
               "not valid GB18030 (bytes 0x81 0x30, a character cut short at the end of the "
               "file); " ADVICE);
    assert_bad(BYTES("\xb4"), SCORE_ENCODING_GB18030, 1, 1,
               "not valid GB18030 (byte 0xB4, a character cut short at the end of the "
               "file); " ADVICE);
}

/* ---- UTF-16 ---- */

static void test_utf16(void **state)
{
    (void)state;
    assert_converts(utf16le_table, sizeof utf16le_table - 1, SCORE_ENCODING_UTF16, utf8_tabbed,
                    sizeof utf8_tabbed - 1);
    assert_converts(utf16be_table, sizeof utf16be_table - 1, SCORE_ENCODING_UTF16, utf8_tabbed,
                    sizeof utf8_tabbed - 1);
    /* a BOM alone is an empty text */
    assert_converts(BYTES("\xff\xfe"), SCORE_ENCODING_UTF16, "", 0);
    /* a second U+FEFF is text (a zero-width no-break space), not a BOM */
    assert_converts(BYTES("\xff\xfe\xff\xfe\x41\x00"), SCORE_ENCODING_UTF16,
                    BYTES("\xef\xbb\xbf" "A"));
}

static void test_utf16_without_bom(void **state)
{
    (void)state;
    /* the same bytes as the tables without their BOMs */
    assert_converts(utf16le_table + 2, sizeof utf16le_table - 3, SCORE_ENCODING_UTF16,
                    utf8_tabbed, sizeof utf8_tabbed - 1);
    /* printf 'id\t1\n' | iconv -f UTF-8 -t UTF-16BE: ASCII first */
    assert_converts(BYTES("\x00\x69\x00\x64\x00\x09\x00\x31\x00\x0a"), SCORE_ENCODING_UTF16,
                    BYTES("id\t1\n"));
}

static void test_utf16_bad(void **state)
{
    (void)state;
    /* a low surrogate alone, line 2 cell 2 (TABs separate) */
    assert_bad(BYTES("\xff\xfe" "a\0\t\0b\0\n\0c\0\t\0\x00\xdc" "d\0"), SCORE_ENCODING_UTF16, 2,
               2, "not valid UTF-16LE (bytes 0x00 0xDC); " ADVICE);
    /* a high surrogate followed by no low one; commas do not separate */
    assert_bad(BYTES("\xfe\xff" "\0a\0,\0b\0\t\xd8\x3d\0A"), SCORE_ENCODING_UTF16, 1, 2,
               "not valid UTF-16BE (bytes 0xD8 0x3D 0x00 0x41); " ADVICE);
    /* a high surrogate at the very end */
    assert_bad(BYTES("\xff\xfe" "a\0\n\0\n\0\x3d\xd8"), SCORE_ENCODING_UTF16, 3, 1,
               "not valid UTF-16LE (bytes 0x3D 0xD8, a character cut short at the end of "
               "the file); " ADVICE);
}

static void test_utf16_odd_length(void **state)
{
    (void)state;
    /* a file cut in the middle of a code unit */
    assert_bad(BYTES("\xff\xfe" "A\0\t\0B"), SCORE_ENCODING_UTF16, 1, 2,
               "not valid UTF-16LE (byte 0x42, a character cut short at the end of the "
               "file); " ADVICE);
    assert_bad(utf16le_table, sizeof utf16le_table - 2, SCORE_ENCODING_UTF16, 2, 2,
               "not valid UTF-16LE (byte 0x0A, a character cut short at the end of the "
               "file); " ADVICE);
    assert_bad(BYTES("\xff\xfe\x41"), SCORE_ENCODING_UTF16, 1, 1,
               "not valid UTF-16LE (byte 0x41, a character cut short at the end of the "
               "file); " ADVICE);
}

/* ---- UTF-8, and what is the same for all ---- */

static void test_empty_and_nul(void **state)
{
    (void)state;
    for (int e = SCORE_ENCODING_GB18030; e <= SCORE_ENCODING_UTF16; e++) {
        assert_converts("", 0, (score_encoding)e, "", 0);
        assert_converts(NULL, 0, (score_encoding)e, "", 0);
    }
    /* NUL is the CSV reader's to refuse, not the conversion's */
    assert_converts(BYTES("a\0\xb4\xe5"), SCORE_ENCODING_GB18030, BYTES("a\0村"));
    assert_converts(BYTES("\xff\xfe" "a\0\0\0"), SCORE_ENCODING_UTF16, BYTES("a\0"));
}

static void test_bad_arguments(void **state)
{
    (void)state;
    score_error err;
    convert_bad(BYTES("a\n"), (score_encoding)7, SCORE_EINVAL, &err);
    assert_string_equal(err.message, "no conversion from encoding 7");
    /* which encoding a file is in is the reader's to decide */
    convert_bad(BYTES("a\n"), SCORE_ENCODING_AUTO, SCORE_EINVAL, &err);
    convert_bad(BYTES("a\n"), SCORE_ENCODING_UTF8, SCORE_EINVAL, &err);
    convert_bad(NULL, 3, SCORE_ENCODING_GB18030, SCORE_EINVAL, &err);
    /* no place for the answer */
    memset(&err, 0, sizeof err);
    assert_int_equal(sc_encoding_to_utf8(sc_default_allocator(), "a", 1, SCORE_ENCODING_GB18030,
                                         NULL, NULL, NULL, &err),
                     SCORE_EINVAL);
    /* no error struct is fine */
    char *out;
    size_t n;
    assert_int_equal(sc_encoding_to_utf8(NULL, BYTES("\xff"), SCORE_ENCODING_GB18030, NULL,
                                         &out, &n, NULL),
                     SCORE_EDATA);
    assert_null(out);
    /* a NULL allocator is the default one */
    assert_int_equal(sc_encoding_to_utf8(NULL, gbk_table, sizeof gbk_table - 1,
                                         SCORE_ENCODING_GB18030, NULL, &out, &n, NULL),
                     0);
    assert_int_equal(n, sizeof utf8_table - 1);
    sc_free(sc_default_allocator(), out);
}

/* ---- allocation failures ---- */

/* Fail each allocation of a conversion in turn: SCORE_ENOMEM, nothing
 * handed back, nothing leaked; then the same conversion works. */
static long sweep(const char *data, size_t len, score_encoding from, const char *want,
                  size_t want_len)
{
    counting c = {0, 0, 0};
    score_allocator a = counting_allocator(&c);
    long n;
    for (n = 1; n < 1000; n++) {
        c.calls = 0;
        c.fail_at = n;
        char *out = (char *)&out;
        size_t out_len = 12345;
        score_error err;
        memset(&err, 0, sizeof err);
        int rc = sc_encoding_to_utf8(&a, data, len, from, "in.csv", &out, &out_len, &err);
        if (rc == 0) {
            assert_int_equal(out_len, want_len);
            assert_memory_equal(out, want, want_len);
            sc_free(&a, out);
            assert_int_equal(c.live, 0);
            break;
        }
        assert_int_equal(rc, SCORE_ENOMEM);
        assert_int_equal(err.code, SCORE_ENOMEM);
        assert_null(out);
        assert_int_equal(out_len, 0);
        assert_int_equal(c.live, 0);
    }
    assert_true(n > 1); /* a failure was really injected */
    return n;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    /* the output outgrows its first buffer: iconv's E2BIG, then sc_grow */
    enum { N = 200 };
    char in[2 * N], want[3 * N];
    for (size_t i = 0; i < N; i++) {
        memcpy(in + 2 * i, "\xb4\xe5", 2);
        memcpy(want + 3 * i, "村", 3);
    }
    /* the first buffer and its growth both failed before success */
    assert_true(sweep(in, sizeof in, SCORE_ENCODING_GB18030, want, sizeof want) > 2);
    sweep(utf16le_table, sizeof utf16le_table - 1, SCORE_ENCODING_UTF16, utf8_tabbed,
          sizeof utf8_tabbed - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_names_for_reports),
        cmocka_unit_test(test_read_names),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_gbk_table),
        cmocka_unit_test(test_gb18030_four_byte),
        cmocka_unit_test(test_gb18030_bom_dropped),
        cmocka_unit_test(test_gb18030_long),
        cmocka_unit_test(test_gb18030_bad_byte),
        cmocka_unit_test(test_gb18030_cut_short),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_utf16_without_bom),
        cmocka_unit_test(test_utf16_bad),
        cmocka_unit_test(test_utf16_odd_length),
        cmocka_unit_test(test_empty_and_nul),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
