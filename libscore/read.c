/*
 * Reading a data file (score_table_read, score_table_parse, their
 * CSV-only forms, score_data_check): the kind of file is told by its
 * content, a text file is brought to UTF-8, and the CSV reader (csv.c) or
 * the workbook reader (xlsx_table.c) makes the table and its report.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "encoding.h"
#include "internal.h"
#include "mapped_file.h"
#include "ruleset.h"
#include "table.h"
#include "xlsx.h"
#include "xlsx_table.h"

/* The reader's pages behind it go back to the system (see csv.h). */
static void release_mapped(void *ud, size_t from, size_t upto)
{
    sc_mapped_file_release(ud, from, upto);
}

/* An OLE2 compound file: a legacy .xls workbook. */
static int is_ole2(const char *data, size_t len)
{
    return len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0;
}

static void note_encoding(score_read_report *rep, score_encoding e, const char *name,
                          int detected)
{
    if (!rep)
        return;
    rep->encoding = e;
    rep->encoding_name = name;
    rep->encoding_detected = detected;
}

/* Text in another encoding: converted to UTF-8, then read. *unconverted
 * (may be NULL) is set when the conversion itself failed. */
static int read_converted(score_table **out, const score_ruleset *rs, const char *data,
                          size_t len, score_encoding from, const char *source,
                          const score_read_options *opts, score_read_report **rep, int detected,
                          int *unconverted, score_error *err)
{
    const score_allocator *a = sc_ruleset_allocator(rs);
    char *text;
    size_t text_len;
    *rep = NULL;
    int rc = sc_encoding_to_utf8(a, data, len, from, source, &text, &text_len, err);
    if (unconverted)
        *unconverted = rc != 0;
    if (rc)
        return rc;
    sc_csv_input how = {opts, NULL, NULL, NULL, 0};
    rc = sc_csv_read(out, rs, sc_ruleset_schema(rs), a, text, text_len, source, &how, rep, err);
    sc_free(a, text);
    note_encoding(*rep, from, sc_encoding_read_name(from, data, len), detected);
    return rc;
}

/* Whether text that is not UTF-8 may be GB18030: not when the valid
 * UTF-8 before its first bad byte holds two or more characters of three
 * bytes (Chinese in UTF-8), which a GB18030 file almost never does by
 * chance. Such a file is UTF-8 with a damaged byte, and read as GB18030
 * it would give plausible nonsense where it should give an error. */
static int may_be_gb18030(const char *data, size_t bad)
{
    size_t wide = 0;
    for (size_t i = 0; i < bad && wide < 2; i++)
        wide += ((unsigned char)data[i] & 0xF0) == 0xE0;
    return wide < 2;
}

static int read_text(score_table **out, const score_ruleset *rs, const char *data, size_t len,
                     const char *source, const score_read_options *opts,
                     sc_mapped_file *mapped, score_read_report **rep, score_error *err)
{
    score_encoding enc = opts->encoding;
    sc_bom bom = sc_encoding_bom(data, len);
    if (enc == SCORE_ENCODING_AUTO && (bom == SC_BOM_UTF16LE || bom == SC_BOM_UTF16BE))
        return read_converted(out, rs, data, len, SCORE_ENCODING_UTF16, source, opts, rep, 1,
                              NULL, err);
    if (enc == SCORE_ENCODING_GB18030 || enc == SCORE_ENCODING_UTF16)
        return read_converted(out, rs, data, len, enc, source, opts, rep, 0, NULL, err);
    size_t bad = SIZE_MAX;
    sc_csv_input how = {opts, mapped ? release_mapped : NULL, mapped,
                        enc == SCORE_ENCODING_AUTO ? &bad : NULL, 0};
    int rc = sc_csv_read(out, rs, sc_ruleset_schema(rs), sc_ruleset_allocator(rs), data, len,
                         source, &how, rep, err);
    note_encoding(*rep, SCORE_ENCODING_UTF8, "UTF-8", enc == SCORE_ENCODING_AUTO);
    if (rc && bad != SIZE_MAX) {
        /* Not UTF-8: Excel on a Chinese Windows saves GB18030 (GBK). When
         * that fails too, the UTF-8 error says where, and both are named. */
        const char *hint = ": the file is UTF-8 up to this byte, so the byte is damaged: correct "
                           "it, or give the file's encoding with --encoding";
        if (may_be_gb18030(data, bad)) {
            score_error utf8_err = *err;
            score_read_report *utf8_rep = *rep;
            int unconverted;
            rc = read_converted(out, rs, data, len, SCORE_ENCODING_GB18030, source, opts, rep, 1,
                                &unconverted, err);
            if (!unconverted) {
                score_read_report_free(utf8_rep);
                return rc;
            }
            score_read_report_free(*rep);
            *rep = utf8_rep;
            *err = utf8_err;
            hint = ", and not GB18030 either: save the file as UTF-8, or give its encoding with "
                   "--encoding";
        }
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, "%s", hint);
        if (opts->keep_going && *rep && (*rep)->nproblems) /* the report ends with it */
            (*rep)->problems[(*rep)->nproblems - 1].e = *err;
    }
    return rc;
}

/* Read data[0..len) by its content; the report goes to *rep. */
static int read_any(score_table **out, const score_ruleset *rs, const char *data, size_t len,
                    const char *source, const score_read_options *opts, sc_mapped_file *mapped,
                    score_read_report **rep, score_error *err)
{
    score_data_format format = opts->format;
    *rep = NULL;
    if (format == SCORE_DATA_AUTO)
        format = sc_xlsx_sniff(data, len) ? SCORE_DATA_XLSX : SCORE_DATA_CSV;
    if (format == SCORE_DATA_CSV && opts->format == SCORE_DATA_AUTO && is_ole2(data, len))
        return sc_error(err, SCORE_EDATA, source, 0, 0,
                        "a legacy Excel 97-2003 workbook (.xls) is not read: save it as .xlsx "
                        "(Excel Workbook) or as CSV UTF-8");
    if (format == SCORE_DATA_XLSX)
        return sc_xlsx_table_read(out, rs, data, len, source, opts, rep, err);
    return read_text(out, rs, data, len, source, opts, mapped, rep, err);
}

/* The size of a version 1 score_read_options: all but `threads`. */
#define READ_OPTIONS_V1_SIZE offsetof(score_read_options, threads)

/* Check the caller's options and copy them into *out, whole: a version 1
 * caller's smaller struct is completed with the defaults of what it
 * lacks (one thread). NULL: the defaults. */
static int check_opts(const score_read_options *opts, score_read_options *out,
                      score_error *err)
{
    score_read_options d = SCORE_READ_OPTIONS_INIT;
    *out = d;
    if (!opts)
        return 0;
    if (opts->version != 1 && opts->version != SCORE_READ_OPTIONS_VERSION)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "score_read_options.version is %u, this library knows 1 to %u",
                        opts->version, (unsigned)SCORE_READ_OPTIONS_VERSION);
    if (opts->version == 1)
        memcpy(out, opts, READ_OPTIONS_V1_SIZE);
    else
        *out = *opts;
    out->version = SCORE_READ_OPTIONS_VERSION;
    if ((unsigned)out->encoding > SCORE_ENCODING_UTF16 ||
        (unsigned)out->format > SCORE_DATA_XLSX)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_read_options: no such encoding or format");
    return 0;
}

/* The first error of a report (a read that kept going). */
static int first_error(const score_read_report *rep, score_error *err)
{
    for (size_t i = 0; i < rep->nproblems; i++) {
        if (rep->problems[i].is_error) {
            if (err)
                *err = rep->problems[i].e;
            return rep->problems[i].e.code;
        }
    }
    return sc_error(err, SCORE_EDATA, NULL, 0, 0, "the data has errors");
}

/* Read from memory or a mapped file, and keep the report with the table. */
static int read_table(score_table **out, const score_ruleset *rs, const char *data, size_t len,
                      const char *source, const score_read_options *opts, sc_mapped_file *mapped,
                      score_error *err)
{
    score_read_report *rep;
    int rc = read_any(out, rs, data, len, source, opts, mapped, &rep, err);
    if (rc == 0 && !score_read_report_ok(rep)) {
        rc = first_error(rep, err); /* kept going: the first error stops it */
        score_table_free(*out);
        *out = NULL;
    }
    if (rc) {
        score_read_report_free(rep);
        return rc;
    }
    (*out)->report = rep;
    rep->table = *out;
    sc_error_clear(err); /* a first try in another encoding may have set it */
    return 0;
}

int score_table_parse(score_table **out, const score_ruleset *rs, const char *data, size_t len,
                      const char *source, const score_read_options *opts, score_error *err)
{
    score_error own;
    if (!err)
        err = &own; /* the readers copy errors from one to another */
    if (!out || !rs || (!data && len > 0))
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_table_parse: NULL argument");
    *out = NULL;
    score_read_options o;
    int rc = check_opts(opts, &o, err);
    if (rc)
        return rc;
    return read_table(out, rs, data ? data : "", len, source ? source : "<string>", &o, NULL,
                      err);
}

int score_table_read(score_table **out, const score_ruleset *rs, const char *path,
                     const score_read_options *opts, score_error *err)
{
    score_error own;
    if (!err)
        err = &own; /* the readers copy errors from one to another */
    if (!out || !rs || !path)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_table_read: NULL argument");
    *out = NULL;
    score_read_options o;
    int rc = check_opts(opts, &o, err);
    if (rc)
        return rc;
    sc_mapped_file f;
    rc = sc_mapped_file_open(&f, sc_ruleset_allocator(rs), path, err);
    if (rc)
        return rc;
    rc = read_table(out, rs, f.data, f.len, path, &o, &f, err);
    sc_mapped_file_close(&f);
    return rc;
}

/* The CSV-only entry points: the general ones with the format fixed. */
int score_table_parse_csv(score_table **out, const score_ruleset *rs, const char *data,
                          size_t len, const char *source, score_error *err)
{
    score_read_options opts = SCORE_READ_OPTIONS_INIT;
    opts.format = SCORE_DATA_CSV;
    return score_table_parse(out, rs, data, len, source, &opts, err);
}

int score_table_read_csv(score_table **out, const score_ruleset *rs, const char *path,
                         score_error *err)
{
    score_read_options opts = SCORE_READ_OPTIONS_INIT;
    opts.format = SCORE_DATA_CSV;
    return score_table_read(out, rs, path, &opts, err);
}

int score_data_check(score_read_report **out, const score_ruleset *rs, const char *path,
                     const score_read_options *opts, score_error *err)
{
    if (!out || !rs || !path)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "score_data_check: NULL argument");
    *out = NULL;
    score_read_options o;
    int rc = check_opts(opts, &o, err);
    if (rc)
        return rc;
    o.keep_going = 1;
    sc_mapped_file f;
    rc = sc_mapped_file_open(&f, sc_ruleset_allocator(rs), path, err);
    if (rc)
        return rc;
    score_table *t = NULL;
    score_read_report *rep = NULL;
    score_error e;
    memset(&e, 0, sizeof e);
    rc = read_any(&t, rs, f.data, f.len, path, &o, NULL, &rep, &e);
    sc_mapped_file_close(&f);
    score_table_free(t);
    if (!rep) {
        /* nothing read at all (not even a header): the error is the report's */
        rep = sc_report_new(sc_ruleset_allocator(rs), sc_ruleset_schema(rs));
        if (!rep)
            return sc_nomem(err);
        if (rc && sc_report_add(rep, &e, 1) != 0) {
            score_read_report_free(rep);
            return sc_nomem(err);
        }
    }
    if (rc == SCORE_ENOMEM) {
        score_read_report_free(rep);
        if (err)
            *err = e;
        return rc;
    }
    *out = rep;
    return 0;
}
