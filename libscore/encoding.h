/*
 * Text encodings of data files: naming them, spotting a byte order mark,
 * and converting a whole file to UTF-8 (what the CSV reader reads) with
 * the C library's iconv.
 *
 * The files met in practice: UTF-8 with or without a BOM; Excel's
 * "Unicode text", which is UTF-16 (little-endian, with a BOM) and
 * separated by TABs, not commas; and GBK from Excel on a Chinese Windows,
 * read as GB18030, which contains GBK and GB2312.
 */
#ifndef SCORE_ENCODING_H
#define SCORE_ENCODING_H

#include <stddef.h>

#include "internal.h"

/* score_encoding (SCORE_ENCODING_AUTO, _UTF8, _GB18030, _UTF16) is
 * public: include/score/score.h. */

/* score_encoding_parse() (score.h) reads an encoding's name. */

/* The name of e for messages and reports: "auto", "UTF-8", "GB18030",
 * "UTF-16" (its byte order comes from the file's BOM, so it is not part
 * of the name); "unknown" for a value outside the enum. */
const char *sc_encoding_name(score_encoding e);

/* The name of what data is read as by sc_encoding_to_utf8(data, len, e):
 * "UTF-8", "GB18030", "UTF-16LE" or "UTF-16BE" (for UTF-16, the byte
 * order of its BOM, or the guess made without one). "unknown" for a
 * value outside the enum. */
const char *sc_encoding_read_name(score_encoding e, const char *data, size_t len);

/* What the bytes start with: a UTF-8 BOM (3 bytes), a UTF-16 LE/BE BOM
 * (2 bytes), or none. */
typedef enum sc_bom { SC_BOM_NONE, SC_BOM_UTF8, SC_BOM_UTF16LE, SC_BOM_UTF16BE } sc_bom;
sc_bom sc_encoding_bom(const char *data, size_t len);

/*
 * Convert data[0..len) from `from` into UTF-8, in a new buffer from
 * alloc: *out (NUL-terminated, the NUL not counted in *out_len; never
 * NULL on success, even for no bytes). Free it with sc_free(alloc, *out).
 *
 * `from`: GB18030 (a leading GB18030 BOM is dropped); UTF-16 whose byte
 * order is given by its BOM, which is dropped (without a BOM: big-endian
 * if the first unit looks like an ASCII character stored big-endian,
 * else little-endian, as Windows writes it). Which encoding a file is
 * in is read.c's to decide, and UTF-8 needs no conversion: AUTO and
 * UTF-8 are SCORE_EINVAL. The output never starts with a BOM; a NUL is
 * not special here.
 *
 * A byte sequence that is not valid in `from`, or a character cut short
 * at the end: SCORE_EDATA with `source`, the line of the ORIGINAL file
 * (1 + the newlines before the bad byte, counted in code units for
 * UTF-16) and the column: the 1-based cell on that line, from a count of
 * separators since the line start (',' for GB18030, TAB for
 * UTF-16). Quotes are not looked at, so a separator or newline inside a
 * quoted cell makes that count approximate. The message names the
 * encoding and the bytes, e.g. "not valid GB18030 (bytes 0xFF 0xFE); save
 * the file as UTF-8 or choose its encoding with --encoding".
 * SCORE_EINVAL for an encoding iconv cannot open, or AUTO, UTF-8 or a
 * value outside the enum; SCORE_ENOMEM. On error *out is NULL and *out_len 0.
 *
 * iconv's own conversion state comes from the C library's malloc (it is
 * freed before returning); the output goes through alloc.
 */
int sc_encoding_to_utf8(const score_allocator *alloc, const char *data, size_t len,
                        score_encoding from, const char *source, char **out, size_t *out_len,
                        score_error *err);

#endif
