#include "csv_columns.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

static int fail(char *msg, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
    return -1;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) != NULL) {
        if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
            free(buf);
            buf = NULL;
        } else {
            buf[size] = '\0';
            *len = (size_t)size;
        }
    }
    fclose(f);
    return buf;
}

static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}

/* The columns of a ruleset: one per field, one per year of a year field;
 * labels[] the matching header by label. */
static int list_columns(bench_columns *c, char ***labels, const score_ruleset *rs)
{
    size_t nf = score_ruleset_field_count(rs), n = 0;
    for (size_t i = 0; i < nf; i++) {
        size_t ny;
        score_ruleset_field_years(rs, i, &ny);
        n += ny ? ny : 1;
    }
    c->ncols = n;
    c->names = calloc(n, sizeof *c->names);
    c->types = calloc(n, sizeof *c->types);
    c->values = calloc(n, sizeof *c->values);
    c->dicts = calloc(n, sizeof *c->dicts);
    c->dict_counts = calloc(n, sizeof *c->dict_counts);
    *labels = calloc(n, sizeof **labels);
    if (!c->names || !c->types || !c->values || !c->dicts || !c->dict_counts || !*labels)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < nf; i++) {
        size_t ny;
        const int *years = score_ruleset_field_years(rs, i, &ny);
        const char *id = score_ruleset_field_id(rs, i), *label = score_ruleset_field_label(rs, i);
        for (size_t y = 0; y < (ny ? ny : 1); y++, k++) {
            c->types[k] = score_ruleset_field_type(rs, i);
            c->names[k] = ny ? dup_printf("%s_%d", id, years[y]) : dup_printf("%s", id);
            (*labels)[k] = ny ? dup_printf("%s_%d", label, years[y]) : dup_printf("%s", label);
            if (!c->names[k] || !(*labels)[k])
                return -1;
        }
    }
    return 0;
}

static int is_wanted(const char *const *wanted, const char *name)
{
    for (size_t i = 0; wanted && wanted[i]; i++)
        if (strcmp(wanted[i], name) == 0)
            return 1;
    return 0;
}

static int parse_bool(const char *s, size_t len, double *out)
{
    static const char *const yes[] = {"1", "true", "\xe6\x98\xaf"}; /* 是 */
    static const char *const no[] = {"0", "false", "\xe5\x90\xa6"}; /* 否 */
    for (size_t i = 0; i < 3; i++) {
        if (strlen(yes[i]) == len && memcmp(s, yes[i], len) == 0) {
            *out = 1.0;
            return 0;
        }
        if (strlen(no[i]) == len && memcmp(s, no[i], len) == 0) {
            *out = 0.0;
            return 0;
        }
    }
    return -1;
}

/* The dictionary code of a text cell, added if new; -1 when out of memory. */
static double text_code(bench_columns *c, size_t col, const char *s)
{
    for (size_t i = 0; i < c->dict_counts[col]; i++)
        if (strcmp(c->dicts[col][i], s) == 0)
            return (double)i;
    char **d = realloc(c->dicts[col], (c->dict_counts[col] + 1) * sizeof *d);
    if (!d)
        return -1;
    c->dicts[col] = d;
    d[c->dict_counts[col]] = (char *)s; /* points into c->text */
    return (double)c->dict_counts[col]++;
}

int bench_columns_read(bench_columns *c, const score_ruleset *rs, const char *path,
                       const char *const *wanted, char *msg, size_t msgsize)
{
    memset(c, 0, sizeof *c);
    char **labels = NULL;
    size_t *map = NULL, len = 0, nheader = 0, key_col = (size_t)-1;
    int rc = -1;
    if (list_columns(c, &labels, rs)) {
        fail(msg, msgsize, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < c->ncols; k++)
        if (strcmp(c->names[k], score_ruleset_key(rs)) == 0)
            key_col = k;
    if (!(c->text = read_file(path, &len))) {
        fail(msg, msgsize, "%s: cannot read", path);
        goto done;
    }
    char *p = c->text, *end = c->text + len;
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    /* the header: which column each cell feeds (SIZE_MAX: none) */
    char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) {
        fail(msg, msgsize, "%s: no header line", path);
        goto done;
    }
    for (char *q = eol + 1; q < end; q++)
        c->nrows += *q == '\n';
    if (end[-1] != '\n')
        c->nrows++; /* a last record without its LF */
    for (char *q = p; q <= eol; q++)
        nheader += *q == ',' || q == eol;
    if (!(map = malloc(nheader * sizeof *map))) {
        fail(msg, msgsize, "out of memory");
        goto done;
    }
    for (size_t h = 0; h < nheader; h++) {
        char *sep = p;
        while (*sep != ',' && sep != eol)
            sep++;
        size_t n = (size_t)(sep - p);
        if (n && p[n - 1] == '\r')
            n--;
        map[h] = SIZE_MAX;
        for (size_t k = 0; k < c->ncols; k++)
            if ((strlen(c->names[k]) == n && memcmp(c->names[k], p, n) == 0) ||
                (strlen(labels[k]) == n && memcmp(labels[k], p, n) == 0))
                map[h] = k;
        p = sep + 1;
    }
    for (size_t k = 0; k < c->ncols; k++) {
        int found = 0;
        for (size_t h = 0; h < nheader; h++)
            found |= map[h] == k;
        if ((k == key_col || is_wanted(wanted, c->names[k])) && !found) {
            fail(msg, msgsize, "%s: no column for %s", path, c->names[k]);
            goto done;
        }
        if (k != key_col && is_wanted(wanted, c->names[k]) &&
            !(c->values[k] = malloc((c->nrows ? c->nrows : 1) * sizeof(double)))) {
            fail(msg, msgsize, "out of memory");
            goto done;
        }
    }
    if (!(c->keys = calloc(c->nrows ? c->nrows : 1, sizeof *c->keys))) {
        fail(msg, msgsize, "out of memory");
        goto done;
    }
    /* the records: cut each cell in place (NUL over its separator) */
    for (size_t row = 0; row < c->nrows; row++) {
        for (size_t h = 0; h < nheader; h++) {
            char *cell = p;
            while (p < end && *p != ',' && *p != '\n')
                p++;
            size_t n = (size_t)(p - cell);
            if (n && cell[n - 1] == '\r')
                n--;
            int last = h + 1 == nheader;
            if (last ? (p < end && *p != '\n') : (p >= end || *p != ',')) {
                fail(msg, msgsize, "%s: record %zu has not %zu cells", path, row + 2, nheader);
                goto done;
            }
            if (n && cell[0] == '"') {
                fail(msg, msgsize, "%s: record %zu: quoted cells are not supported", path,
                     row + 2);
                goto done;
            }
            cell[n] = '\0';
            p++;
            size_t k = map[h];
            if (k == SIZE_MAX)
                continue;
            if (k == key_col) {
                c->keys[row] = n ? cell : NULL;
                continue;
            }
            double *v = c->values[k];
            if (!v)
                continue;
            if (n == 0) {
                v[row] = NAN;
            } else if (c->types[k] == SCORE_TYPE_TEXT) {
                if ((v[row] = text_code(c, k, cell)) < 0) {
                    fail(msg, msgsize, "out of memory");
                    goto done;
                }
            } else if ((c->types[k] == SCORE_TYPE_BOOL ? parse_bool(cell, n, &v[row])
                                                        : bench_parse_number(cell, n, &v[row]))) {
                fail(msg, msgsize, "%s: record %zu: bad cell \"%s\" for %s", path, row + 2, cell,
                     c->names[k]);
                goto done;
            }
        }
    }
    rc = 0;
done:
    if (labels)
        for (size_t k = 0; k < c->ncols; k++)
            free(labels[k]);
    free(labels);
    free(map);
    if (rc)
        bench_columns_free(c);
    return rc;
}

static size_t find(const bench_columns *c, const char *name)
{
    for (size_t k = 0; k < c->ncols; k++)
        if (strcmp(c->names[k], name) == 0)
            return k;
    return SIZE_MAX;
}

const double *bench_columns_get(const bench_columns *c, const char *name)
{
    size_t k = find(c, name);
    return k == SIZE_MAX ? NULL : c->values[k];
}

double bench_columns_code(const bench_columns *c, const char *name, const char *text)
{
    size_t k = find(c, name);
    if (k != SIZE_MAX)
        for (size_t i = 0; i < c->dict_counts[k]; i++)
            if (strcmp(c->dicts[k][i], text) == 0)
                return (double)i;
    return -1.0;
}

void bench_columns_free(bench_columns *c)
{
    for (size_t k = 0; k < c->ncols; k++) {
        if (c->names)
            free(c->names[k]);
        if (c->values)
            free(c->values[k]);
        if (c->dicts)
            free(c->dicts[k]);
    }
    free(c->names);
    free(c->types);
    free(c->values);
    free(c->dicts);
    free(c->dict_counts);
    free(c->keys);
    free(c->text);
    memset(c, 0, sizeof *c);
}
