/*
 * The .xlsx reader's entry point: open the archive, find the sheet, read
 * the styles and shared strings it refers to, then stream its rows.
 */
#include <string.h>

#include "xlsx_part.h"

int sc_xlsx_sniff(const char *data, size_t len)
{
    return data && len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
}

/* Zero fields of the caller's limits take the defaults. */
static void effective_limits(const score_limits *in, score_limits *out)
{
    score_limits_default(out);
    if (!in)
        return;
    if (in->cell_bytes)
        out->cell_bytes = in->cell_bytes;
    if (in->rows)
        out->rows = in->rows;
    if (in->memory_bytes)
        out->memory_bytes = in->memory_bytes;
}

int sc_xlsx_read(const score_allocator *alloc, const char *data, size_t len, const char *source,
                 const char *sheet, const score_limits *limits, char *sheet_name,
                 size_t sheet_name_size, sc_xlsx_row_fn fn, void *ud, score_error *err)
{
    if (sheet_name && sheet_name_size > 0)
        sheet_name[0] = '\0';
    if (!fn || (!data && len))
        return sc_error(err, SCORE_EINVAL, source, 0, 0, "sc_xlsx_read: no data or no callback");
    sc_xbook b;
    memset(&b, 0, sizeof b);
    b.alloc = alloc ? alloc : sc_default_allocator();
    b.source = source;
    b.err = err;
    effective_limits(limits, &b.limits);

    if (sc_xzip_open(&b, data, len) == 0 &&
        sc_xbook_open(&b, sheet, sheet_name, sheet_name_size) == 0 && sc_xbook_styles(&b) == 0 &&
        sc_xbook_strings(&b) == 0)
        sc_xsheet_read(&b, fn, ud);
    sc_xzip_close(&b);
    sc_xbook_free(&b);
    return b.rc;
}
