/*
 * The workbook around a sheet: the package's relationships lead to
 * workbook.xml, which lists the sheets by name and relationship id; the
 * workbook's own relationships give each sheet's part and those of the
 * styles and shared strings. styles.xml says which cell styles are dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_part.h"

/* ---- part names ---- */

/* A relationship target resolved against the directory `base` ("xl/"):
 * "/xl/x.xml" is from the package root, "worksheets/s.xml" relative;
 * "." and ".." segments are folded. NULL when out of memory. */
static char *resolve_target(const score_allocator *a, const char *base, const char *target)
{
    size_t blen = target[0] == '/' ? 0 : strlen(base);
    size_t tlen = strlen(target);
    char *joined = sc_malloc(a, blen + tlen + 1);
    if (!joined)
        return NULL;
    memcpy(joined, base, blen);
    memcpy(joined + blen, target, tlen + 1);
    /* fold segments in place */
    char *out = joined;
    size_t w = 0;
    const char *p = joined;
    while (*p) {
        while (*p == '/')
            p++;
        const char *seg = p;
        while (*p && *p != '/')
            p++;
        size_t n = (size_t)(p - seg);
        if (n == 0 || (n == 1 && seg[0] == '.'))
            continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            while (w > 0 && out[w - 1] != '/')
                w--;
            if (w > 0)
                w--; /* drop the slash before the removed segment */
            while (w > 0 && out[w - 1] != '/')
                w--;
            continue;
        }
        if (w > 0 && out[w - 1] != '/')
            out[w++] = '/';
        memmove(out + w, seg, n);
        w += n;
    }
    out[w] = '\0';
    return joined;
}

/* The directory of a part, with its slash: "xl/" for "xl/workbook.xml". */
static size_t dir_len(const char *part)
{
    const char *slash = strrchr(part, '/');
    return slash ? (size_t)(slash - part) + 1 : 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* ---- relationships (.rels) ---- */

typedef struct rels_state {
    sc_xbook *b;       /* first: see sc_xzip_parse */
    const char *base;  /* directory targets are relative to */
    const char *want_id;  /* a relationship id to find, or NULL */
    char *by_id;          /* its part */
    char *office;         /* the officeDocument part */
    char *styles, *strings;
} rels_state;

static void rels_set(rels_state *st, char **slot, const char *target)
{
    if (*slot || !target)
        return;
    *slot = resolve_target(st->b->alloc, st->base, target);
    if (!*slot)
        sc_xfail(st->b, SCORE_ENOMEM, "out of memory");
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rels_state *st = ud;
    if (strcmp(sc_xml_local(name), "Relationship") != 0)
        return;
    const char *id = sc_xml_attr(atts, "Id", 0);
    const char *type = sc_xml_attr(atts, "Type", 0);
    const char *target = sc_xml_attr(atts, "Target", 0);
    const char *mode = sc_xml_attr(atts, "TargetMode", 0);
    if (!target || (mode && strcmp(mode, "External") == 0))
        return;
    if (st->want_id && id && strcmp(id, st->want_id) == 0)
        rels_set(st, &st->by_id, target);
    if (type && ends_with(type, "/officeDocument"))
        rels_set(st, &st->office, target);
    if (type && ends_with(type, "/styles"))
        rels_set(st, &st->styles, target);
    if (type && ends_with(type, "/sharedStrings"))
        rels_set(st, &st->strings, target);
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static void rels_free(rels_state *st)
{
    sc_free(st->b->alloc, st->by_id);
    sc_free(st->b->alloc, st->office);
    sc_free(st->b->alloc, st->styles);
    sc_free(st->b->alloc, st->strings);
}

static const sc_xhandlers rels_handlers = {rels_start, ignore_end, NULL};

/* ---- workbook.xml ---- */

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sc_xbook *b = *(sc_xbook **)ud;
    const char *local = sc_xml_local(name);
    if (strcmp(local, "workbookPr") == 0) {
        const char *d = sc_xml_attr(atts, "date1904", 0);
        b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        return;
    }
    if (strcmp(local, "sheet") != 0)
        return;
    const char *sheet_name = sc_xml_attr(atts, "name", 0);
    const char *rid = sc_xml_attr(atts, "id", 1);
    if (!sheet_name || !rid) {
        sc_xfail(b, SCORE_EDATA, "a <sheet> without a name or r:id");
        return;
    }
    if (sc_grow(b->alloc, (void **)&b->sheets, &b->sheets_cap, b->nsheets + 1,
                sizeof *b->sheets) != 0) {
        sc_xfail(b, SCORE_ENOMEM, "out of memory");
        return;
    }
    sc_xsheet_entry *e = &b->sheets[b->nsheets];
    e->name = sc_strdup(b->alloc, sheet_name);
    e->rid = sc_strdup(b->alloc, rid);
    b->nsheets++;
    if (!e->name || !e->rid)
        sc_xfail(b, SCORE_ENOMEM, "out of memory");
}

static const sc_xhandlers workbook_handlers = {workbook_start, ignore_end, NULL};

/* The sheet the caller asked for, or -1 after reporting it missing. */
static long choose_sheet(sc_xbook *b, const char *sheet)
{
    if (b->nsheets == 0) {
        sc_xfail(b, SCORE_EDATA, "the workbook has no sheets");
        return -1;
    }
    if (!sheet || !sheet[0])
        return 0;
    for (size_t i = 0; i < b->nsheets; i++)
        if (strcmp(b->sheets[i].name, sheet) == 0)
            return (long)i;
    /* not a name: a 1-based position? */
    size_t n = strspn(sheet, "0123456789");
    if (n > 0 && n < 10 && sheet[n] == '\0') {
        unsigned long pos = strtoul(sheet, NULL, 10);
        if (pos >= 1 && pos <= b->nsheets)
            return (long)pos - 1;
    }
    char list[SCORE_ERROR_MESSAGE_LEN];
    size_t w = 0;
    list[0] = '\0';
    for (size_t i = 0; i < b->nsheets && w + 1 < sizeof list; i++) {
        int k = snprintf(list + w, sizeof list - w, "%s%s", i ? ", " : "", b->sheets[i].name);
        if (k < 0)
            break;
        w += (size_t)k;
    }
    sc_xfail(b, SCORE_EDATA, "no sheet \"%s\"; the workbook has: %s", sheet, list);
    return -1;
}

int sc_xbook_open(sc_xbook *b, const char *sheet, char *sheet_name, size_t sheet_name_size)
{
    const score_allocator *a = b->alloc;
    /* The package's relationships name the workbook part; without them,
     * the name every writer uses. */
    rels_state pkg = {b, "", NULL, NULL, NULL, NULL, NULL};
    if (sc_xzip_has(b, "_rels/.rels") && sc_xzip_parse(b, "_rels/.rels", &rels_handlers, &pkg)) {
        rels_free(&pkg);
        return b->rc;
    }
    b->workbook_part = pkg.office ? pkg.office : sc_strdup(a, "xl/workbook.xml");
    pkg.office = NULL;
    rels_free(&pkg);
    if (!b->workbook_part)
        return sc_xfail(b, SCORE_ENOMEM, "out of memory");

    sc_xbook *self = b;
    if (sc_xzip_parse(b, b->workbook_part, &workbook_handlers, &self))
        return b->rc;
    long chosen = choose_sheet(b, sheet);
    if (chosen < 0)
        return b->rc;
    const sc_xsheet_entry *e = &b->sheets[chosen];
    if (sheet_name && sheet_name_size > 0) {
        size_t n = strlen(e->name);
        if (n >= sheet_name_size) {
            n = sheet_name_size - 1;
            while (n > 0 && ((unsigned char)e->name[n] & 0xC0) == 0x80)
                n--; /* not in the middle of a UTF-8 sequence */
        }
        memcpy(sheet_name, e->name, n);
        sheet_name[n] = '\0';
    }

    /* xl/_rels/workbook.xml.rels */
    size_t d = dir_len(b->workbook_part);
    const char *file = b->workbook_part + d;
    char base[512], rels_part[1024];
    snprintf(base, sizeof base, "%.*s", (int)d, b->workbook_part);
    snprintf(rels_part, sizeof rels_part, "%s_rels/%s.rels", base, file);
    rels_state wb = {b, base, e->rid, NULL, NULL, NULL, NULL};
    if (sc_xzip_parse(b, rels_part, &rels_handlers, &wb)) {
        rels_free(&wb);
        return b->rc;
    }
    b->sheet_part = wb.by_id;
    b->styles_part = wb.styles;
    b->strings_part = wb.strings;
    wb.by_id = wb.styles = wb.strings = NULL;
    rels_free(&wb);
    if (!b->sheet_part)
        return sc_xfail(b, SCORE_EDATA, "not an xlsx workbook: sheet \"%s\" (%s) has no part in %s",
                        e->name, e->rid, rels_part);
    return 0;
}

/* ---- styles.xml ---- */

int sc_xlsx_format_kind(const char *code)
{
    /* A date or time format shows y, m, d, h or s as a field, a percent
     * format a %; letters in quotes are literal text, in brackets a
     * colour, a locale or an elapsed-time field ([h] counts too but comes
     * with m or s), and after \ _ or * one literal, padding or fill
     * character. */
    int kind = SC_XFMT_PLAIN;
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p)
                return kind;
            break;
        case '[':
            if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' ||
                p[1] == 'S')
                return SC_XFMT_DATE;
            p = strchr(p + 1, ']');
            if (!p)
                return kind;
            break;
        case '\\':
        case '_':
        case '*':
            if (!p[1])
                return kind;
            p++;
            break;
        case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D':
        case 'h': case 'H': case 's': case 'S':
            return SC_XFMT_DATE;
        case '%':
            kind = SC_XFMT_PERCENT;
            break;
        default:
            break;
        }
    }
    return kind;
}


/* The built-in formats: dates or times are 14-22 and 45-47 in every
 * locale, 27-36 and 50-58 in the East Asian ones (Chinese dates such as
 * yyyy"年"m"月"d"日"); percents 9 (0%) and 10 (0.00%). */
static int builtin_kind(unsigned long id)
{
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
        (id >= 50 && id <= 58))
        return SC_XFMT_DATE;
    return id == 9 || id == 10 ? SC_XFMT_PERCENT : SC_XFMT_PLAIN;
}

typedef struct custom_format {
    unsigned long id;
    int kind; /* SC_XFMT_ */
} custom_format;

typedef struct styles_state {
    sc_xbook *b; /* first: see sc_xzip_parse */
    int depth, xfs_depth; /* depth inside <cellXfs>, 0 outside */
    custom_format *custom;
    size_t ncustom, custom_cap;
    unsigned long *xf_fmt;
    size_t xf_cap;
} styles_state;

static int custom_cmp(const void *x, const void *y)
{
    const custom_format *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    styles_state *st = ud;
    sc_xbook *b = st->b;
    const char *local = sc_xml_local(name);
    st->depth++;
    if (strcmp(local, "cellXfs") == 0) {
        st->xfs_depth = st->depth;
        return;
    }
    if (strcmp(local, "numFmt") == 0) {
        const char *id = sc_xml_attr(atts, "numFmtId", 0);
        const char *code = sc_xml_attr(atts, "formatCode", 0);
        if (!id || !code)
            return;
        if (sc_grow(b->alloc, (void **)&st->custom, &st->custom_cap, st->ncustom + 1,
                    sizeof *st->custom) != 0) {
            sc_xfail(b, SCORE_ENOMEM, "out of memory");
            return;
        }
        st->custom[st->ncustom].id = strtoul(id, NULL, 10);
        st->custom[st->ncustom].kind = sc_xlsx_format_kind(code);
        st->ncustom++;
        return;
    }
    if (strcmp(local, "xf") == 0 && st->xfs_depth && st->depth == st->xfs_depth + 1) {
        const char *id = sc_xml_attr(atts, "numFmtId", 0);
        if (b->nxf >= SIZE_MAX / 2 ||
            sc_grow(b->alloc, (void **)&st->xf_fmt, &st->xf_cap, b->nxf + 1, sizeof *st->xf_fmt)) {
            sc_xfail(b, SCORE_ENOMEM, "out of memory");
            return;
        }
        st->xf_fmt[b->nxf++] = id ? strtoul(id, NULL, 10) : 0;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    styles_state *st = ud;
    (void)name;
    if (st->depth == st->xfs_depth)
        st->xfs_depth = 0;
    st->depth--;
}

static const sc_xhandlers styles_handlers = {styles_start, styles_end, NULL};

int sc_xbook_styles(sc_xbook *b)
{
    if (!b->styles_part || !sc_xzip_has(b, b->styles_part))
        return 0; /* no styles: no dates, no percents */
    styles_state st;
    memset(&st, 0, sizeof st);
    st.b = b;
    int rc = sc_xzip_parse(b, b->styles_part, &styles_handlers, &st);
    if (!rc && b->nxf) {
        /* Formats resolved at the end, by binary search: numFmts may come
         * in any order, and in any number in a hostile file. */
        b->xf_kind = sc_calloc(b->alloc, b->nxf, 1);
        if (!b->xf_kind) {
            rc = sc_xfail(b, SCORE_ENOMEM, "out of memory");
        } else {
            if (st.ncustom)
                qsort(st.custom, st.ncustom, sizeof *st.custom, custom_cmp);
            for (size_t i = 0; i < b->nxf; i++) {
                custom_format key = {st.xf_fmt[i], 0};
                const custom_format *c =
                    st.ncustom ? bsearch(&key, st.custom, st.ncustom, sizeof key, custom_cmp)
                               : NULL;
                /* a custom code overrides a built-in id */
                b->xf_kind[i] = (unsigned char)(c ? c->kind : builtin_kind(key.id));
            }
        }
    }
    sc_free(b->alloc, st.custom);
    sc_free(b->alloc, st.xf_fmt);
    return rc;
}

int sc_xbook_format(const sc_xbook *b, size_t s)
{
    return b->xf_kind && s < b->nxf ? b->xf_kind[s] : SC_XFMT_PLAIN;
}

void sc_xbook_free(sc_xbook *b)
{
    const score_allocator *a = b->alloc;
    for (size_t i = 0; i < b->nsheets; i++) {
        sc_free(a, b->sheets[i].name);
        sc_free(a, b->sheets[i].rid);
    }
    sc_free(a, b->sheets);
    sc_free(a, b->workbook_part);
    sc_free(a, b->sheet_part);
    sc_free(a, b->styles_part);
    sc_free(a, b->strings_part);
    sc_free(a, b->xf_kind);
    sc_free(a, b->sst);
    sc_free(a, b->strings);
}
