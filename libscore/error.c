/* Filling the caller's score_error: no allocation on the error path. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void copy_truncated(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        /* do not cut a UTF-8 sequence in half */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int sc_verror(score_error *err, score_code code, const char *source, int line,
              int column, const char *fmt, va_list ap)
{
    if (!err)
        return (int)code;
    err->code = code;
    err->line = line;
    err->column = column;
    copy_truncated(err->source, sizeof err->source, source ? source : "");
    char tmp[SCORE_ERROR_MESSAGE_LEN * 2];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    copy_truncated(err->message, sizeof err->message, tmp);
    return (int)code;
}

int sc_error(score_error *err, score_code code, const char *source, int line,
             int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sc_verror(err, code, source, line, column, fmt, ap);
    va_end(ap);
    return rc;
}

int sc_nomem(score_error *err)
{
    return sc_error(err, SCORE_ENOMEM, NULL, 0, 0, "out of memory");
}

void sc_error_clear(score_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *score_code_name(score_code code)
{
    switch (code) {
    case SCORE_OK: return "ok";
    case SCORE_ENOMEM: return "out of memory";
    case SCORE_EIO: return "i/o error";
    case SCORE_ESYNTAX: return "syntax error";
    case SCORE_ERULE: return "rule error";
    case SCORE_EDATA: return "data error";
    case SCORE_EPARAM: return "parameter error";
    case SCORE_ELIMIT: return "limit exceeded";
    case SCORE_EINVAL: return "invalid argument";
    case SCORE_ENOTFOUND: return "not found";
    }
    return "unknown error";
}

/* A workbook's source already names the cell ("book.xlsx:Sheet1!F12",
 * or "!12" for a row): its line and column are not printed again. */
static int names_its_cell(const score_error *err)
{
    const char *bang = strrchr(err->source, '!');
    if (!bang || err->line <= 0)
        return 0;
    const char *p = bang + 1;
    while (*p >= 'A' && *p <= 'Z')
        p++;
    char row[24];
    snprintf(row, sizeof row, "%d", err->line);
    return strcmp(p, row) == 0;
}

char *score_error_format(const score_error *err, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    if (!err) {
        buf[0] = '\0';
        return buf;
    }
    if (names_its_cell(err))
        snprintf(buf, size, "%s: %s", err->source, err->message);
    else if (err->source[0] && err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%d:%d: %s", err->source, err->line, err->column, err->message);
    else if (err->source[0] && err->line > 0)
        snprintf(buf, size, "%s:%d: %s", err->source, err->line, err->message);
    else if (err->source[0])
        snprintf(buf, size, "%s: %s", err->source, err->message);
    else
        snprintf(buf, size, "%s", err->message);
    return buf;
}
