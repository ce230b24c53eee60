/* Aligned tables for a terminal, and the display width of UTF-8 text
 * they are aligned by (see out.h). */
#include <stdint.h>
#include <string.h>

#include "out.h"

typedef struct cp_range {
    uint32_t lo, hi;
} cp_range;

/* East Asian Wide (W) and Fullwidth (F) blocks, after Unicode's
 * EastAsianWidth.txt, coarsened to whole blocks. */
static const cp_range wide_ranges[] = {
    {0x1100, 0x115F},   /* Hangul Jamo initials */
    {0x231A, 0x231B},   {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653},
    {0x267F, 0x267F},   {0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB},
    {0x26BD, 0x26BE},   {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4},
    {0x26EA, 0x26EA},   {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA},
    {0x26FD, 0x26FD},   {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757},
    {0x2795, 0x2797},   {0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   /* CJK radicals, punctuation */
    {0x3041, 0x33FF},   /* kana, bopomofo, CJK compatibility */
    {0x3400, 0x4DBF},   /* CJK extension A */
    {0x4E00, 0x9FFF},   /* CJK unified ideographs */
    {0xA000, 0xA4CF},   /* Yi */
    {0xA960, 0xA97F},   /* Hangul Jamo extended A */
    {0xAC00, 0xD7A3},   /* Hangul syllables */
    {0xF900, 0xFAFF},   /* CJK compatibility ideographs */
    {0xFE10, 0xFE19},   /* vertical forms */
    {0xFE30, 0xFE6F},   /* CJK compatibility forms, small forms */
    {0xFF00, 0xFF60},   /* fullwidth forms */
    {0xFFE0, 0xFFE6},
    {0x16FE0, 0x18CFF}, /* Tangut and others */
    {0x1B000, 0x1B2FF}, /* kana supplement */
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, /* emoji */
    {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
    {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, /* CJK extensions B to F */
    {0x30000, 0x3FFFD}, /* CJK extension G */
};

/* Combining marks and other characters that take no column. */
static const cp_range zero_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static int in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

size_t sc_text_width(const char *s)
{
    const char *p = s;
    size_t width = 0, left = strlen(s);
    while (left) {
        uint32_t cp;
        size_t n = sc_utf8_decode(p, left, &cp);
        if (n == 0) {
            width++; /* an invalid byte is shown as one replacement */
            p++;
            left--;
            continue;
        }
        p += n;
        left -= n;
        if (cp < 0x20 || cp == 0x7F) {
            width++; /* control characters are shown as a space */
            continue;
        }
        if (in_ranges(cp, zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0]))
            continue;
        width += in_ranges(cp, wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0]) ? 2 : 1;
    }
    return width;
}

#define TABLE_GAP 2 /* spaces between columns */

void sc_grid_init(sc_grid *g, const score_allocator *a, size_t ncols)
{
    memset(g, 0, sizeof *g);
    g->alloc = a;
    g->ncols = ncols ? ncols : 1;
}

void sc_grid_cell(sc_grid *g, const char *s)
{
    if (g->failed)
        return;
    if (g->ncells == g->capcells) {
        size_t cap = g->capcells ? 2 * g->capcells : 64;
        char **cells = sc_realloc(g->alloc, g->cells, cap * sizeof *cells);
        if (!cells) {
            g->failed = 1;
            return;
        }
        g->cells = cells;
        g->capcells = cap;
    }
    if (g->ncells % g->ncols == 0) { /* a new row, with no note yet */
        if (g->nrows == g->capnotes) {
            size_t cap = g->capnotes ? 2 * g->capnotes : 16;
            char **notes = sc_realloc(g->alloc, g->notes, cap * sizeof *notes);
            if (!notes) {
                g->failed = 1;
                return;
            }
            g->notes = notes;
            g->capnotes = cap;
        }
        g->notes[g->nrows++] = NULL;
    }
    char *c = sc_strdup(g->alloc, s ? s : "");
    if (!c) {
        g->failed = 1;
        return;
    }
    g->cells[g->ncells++] = c;
}

void sc_grid_note(sc_grid *g, const char *s)
{
    if (g->failed || g->nrows == 0)
        return;
    char *c = sc_strdup(g->alloc, s ? s : "");
    if (!c) {
        g->failed = 1;
        return;
    }
    sc_free(g->alloc, g->notes[g->nrows - 1]);
    g->notes[g->nrows - 1] = c;
}

/* Print s with control characters shown as spaces, so that they cannot
 * break the layout. */
static void table_text(sc_out *o, const char *s)
{
    for (const char *p = s; *p; p++)
        sc_out_putc(o, ((unsigned char)*p < 0x20 || *p == 0x7F) ? ' ' : *p);
}

int sc_grid_print(sc_out *out, const sc_grid *g)
{
    if (g->failed)
        return -1;
    size_t *widths = sc_calloc(g->alloc, g->ncols, sizeof *widths);
    if (!widths)
        return -1;
    for (size_t i = 0; i < g->ncells; i++) {
        size_t w = sc_text_width(g->cells[i]);
        if (w > widths[i % g->ncols])
            widths[i % g->ncols] = w;
    }
    for (size_t start = 0; start < g->ncells; start += g->ncols) {
        size_t end = start + g->ncols < g->ncells ? start + g->ncols : g->ncells;
        size_t filled = end; /* one past the last non-empty cell: no trailing blanks */
        while (filled > start + 1 && g->cells[filled - 1][0] == '\0')
            filled--;
        for (size_t i = start; i < filled; i++) {
            table_text(out, g->cells[i]);
            if (i + 1 < filled)
                for (size_t w = sc_text_width(g->cells[i]); w < widths[i - start] + TABLE_GAP; w++)
                    sc_out_putc(out, ' ');
        }
        sc_out_putc(out, '\n');
        const char *note = g->notes[start / g->ncols];
        if (note) {
            table_text(out, note);
            sc_out_putc(out, '\n');
        }
    }
    sc_free(g->alloc, widths);
    return 0;
}

void sc_grid_free(sc_grid *g)
{
    for (size_t i = 0; i < g->ncells; i++)
        sc_free(g->alloc, g->cells[i]);
    for (size_t i = 0; i < g->nrows; i++)
        sc_free(g->alloc, g->notes[i]);
    sc_free(g->alloc, g->cells);
    sc_free(g->alloc, g->notes);
    memset(g, 0, sizeof *g);
}
