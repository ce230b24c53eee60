/* A ruleset's fields (their type, years and cell rules), the key field,
 * and the column schema built from them: one column per plain field and
 * one per year, whose ids and labels must all differ. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decimal.h"
#include "ruleset_parts.h"
#include "suggest.h"

static int read_years(sc_builder *b, sc_field *f, const sc_node *years)
{
    if (years->kind != SC_NODE_SEQ || years->count == 0) {
        sc_report_at(&b->rd, years, SCORE_ESYNTAX,
                     "years must be a list of years, e.g. [2019, 2020]");
        return -1;
    }
    f->years = sc_calloc(b->alloc, years->count, sizeof *f->years);
    if (!f->years) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < years->count; i++) {
        const sc_node *y = years->values[i];
        double v;
        if (y->kind != SC_NODE_SCALAR || sc_decimal_parse(y->text, y->len, 0, &v) ||
            v != floor(v) || v < 1000 || v > 9999) {
            sc_report_at(&b->rd, y, SCORE_ESYNTAX,
                         "a year must be a whole number from 1000 to 9999");
            return -1;
        }
        if (i > 0 && v <= f->years[i - 1]) {
            sc_report_at(&b->rd, y, SCORE_ESYNTAX, "years must be listed in increasing order");
            return -1;
        }
        f->years[i] = (int)v;
    }
    f->nyears = years->count;
    return 0;
}

/* A field type that is none of the three: what it was probably meant as. */
static const char *type_meant(const char *word)
{
    static const char *const types[] = {"bool", "number", "text"};
    static const struct {
        const char *alias, *type;
    } aliases[] = {{"int", "number"},     {"integer", "number"}, {"float", "number"},
                   {"double", "number"},  {"decimal", "number"}, {"numeric", "number"},
                   {"real", "number"},    {"money", "number"},   {"percent", "number"},
                   {"boolean", "bool"},   {"yesno", "bool"},     {"string", "text"},
                   {"str", "text"},       {"char", "text"},      {"varchar", "text"},
                   {"date", "text"},      {"数字", "number"},    {"数值", "number"},
                   {"文本", "text"},      {"布尔", "bool"},      {"是否", "bool"}};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(word, aliases[i].alias) == 0)
            return aliases[i].type;
    size_t i = sc_suggest(word, types, 3);
    return i == (size_t)-1 ? NULL : types[i];
}

void sc_load_field(sc_builder *b, const sc_node *key, const sc_node *val)
{
    static const char *const keys[] = {"type",  "label",       "years",        "description",
                                       "unit",  "true_values", "false_values", "values",
                                       NULL};
    score_ruleset *rs = b->rs;
    sc_field *f = &rs->fields[rs->nfields];
    if (!sc_mapping(&b->rd, val, "a field"))
        return;
    sc_only_keys(&b->rd, val, "a field", keys); /* reported; the field still counts */
    const sc_node *type = sc_scalar(&b->rd, sc_map_get(val, "type"), "a field's type");
    const sc_node *label = sc_scalar(&b->rd, sc_map_get(val, "label"), "a field's label");
    const sc_node *years = sc_map_get(val, "years");
    if (!type) {
        if (!sc_map_get(val, "type"))
            sc_missing_key(&b->rd, val, "type", "a field");
        return;
    }
    if (strcmp(type->text, "bool") == 0)
        f->type = SC_TYPE_BOOL;
    else if (strcmp(type->text, "number") == 0)
        f->type = SC_TYPE_NUMBER;
    else if (strcmp(type->text, "text") == 0)
        f->type = SC_TYPE_TEXT;
    else {
        const char *meant = type_meant(type->text);
        if (meant)
            sc_report_at(&b->rd, type, SCORE_ESYNTAX,
                         "a field's type is bool, number or text, not \"%s\" (did you mean %s?)",
                         type->text, meant);
        else
            sc_report_at(&b->rd, type, SCORE_ESYNTAX,
                         "a field's type is bool, number or text, not \"%s\"", type->text);
        return;
    }
    if ((years && read_years(b, f, years)) || sc_read_cellrules(b, val, f->type, &f->rules) ||
        sc_declare(b, key, SC_SYM_FIELD, rs->nfields)) {
        sc_field_free(b->alloc, f); /* not counted: the ruleset would not free it */
        return;
    }
    f->id = sc_dup(b, key->text);
    f->label = label && label->len ? sc_load_label(b, label) : NULL;
    f->line = key->line;
    f->column_pos = key->column;
    rs->nfields++;
}

int sc_build_schema(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    size_t n = 0;
    for (size_t i = 0; i < rs->nfields; i++)
        n += rs->fields[i].years ? rs->fields[i].nyears : 1;
    rs->cols = sc_calloc(b->alloc, n ? n : 1, sizeof *rs->cols);
    if (!rs->cols)
        return -1;
    rs->schema.ncols = n; /* so that a failure below frees the names made so far */
    size_t c = 0;
    for (size_t i = 0; i < rs->nfields; i++) {
        sc_field *f = &rs->fields[i];
        f->column = c;
        size_t k = f->years ? f->nyears : 1;
        for (size_t y = 0; y < k; y++, c++) {
            sc_colspec *col = &rs->cols[c];
            col->type = (score_type)f->type;
            col->field = i;
            col->year = f->years ? f->years[y] : 0;
            char buf[32];
            snprintf(buf, sizeof buf, "_%d", col->year);
            size_t idl = strlen(f->id), labl = f->label ? strlen(f->label) : 0;
            const char *suffix = f->years ? buf : "";
            size_t sl = strlen(suffix);
            char *name = sc_malloc(b->alloc, idl + sl + 1);
            char *label = f->label ? sc_malloc(b->alloc, labl + sl + 1) : NULL;
            if (!name || (f->label && !label)) {
                sc_free(b->alloc, name);
                sc_free(b->alloc, label);
                return -1;
            }
            memcpy(name, f->id, idl);
            memcpy(name + idl, suffix, sl + 1);
            if (label) {
                memcpy(label, f->label, labl);
                memcpy(label + labl, suffix, sl + 1);
            }
            col->name = name;
            col->label = label;
            col->rules = f->rules;
        }
    }
    rs->schema.cols = rs->cols;
    rs->schema.ncols = n;
    return 0;
}

/* Every CSV header must find exactly one column, so ids, labels and the
 * year columns built from them (income_2019) must all differ. */
void sc_check_columns(sc_builder *b)
{
    const score_ruleset *rs = b->rs;
    sc_dict seen;
    sc_dict_init(&seen, b->alloc);
    size_t *owner = sc_calloc(b->alloc, 2 * rs->schema.ncols + 1, sizeof *owner);
    if (!owner) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        sc_dict_free(&seen);
        return;
    }
    for (size_t c = 0; c < rs->schema.ncols; c++) {
        const char *names[2] = {rs->cols[c].name, rs->cols[c].label};
        for (int k = 0; k < 2 && names[k]; k++) {
            size_t before = seen.count;
            uint32_t code;
            if (sc_dict_intern(&seen, names[k], strlen(names[k]), &code)) {
                sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
                goto done;
            }
            if (code == before) {
                owner[code] = 2 * c + (size_t)k;
                continue;
            }
            const sc_colspec *o = &rs->cols[owner[code] / 2];
            if (o->field == rs->cols[c].field)
                continue; /* a field whose label equals its id */
            const sc_field *f = &rs->fields[rs->cols[c].field];
            sc_report(&b->rd, SCORE_ERULE, f->line, f->column_pos,
                   "the %s '%s' of field '%s' is also the %s of field '%s', so a CSV header "
                   "could not tell them apart",
                   k ? "label" : "column", names[k], f->id,
                   owner[code] % 2 ? "label" : (o->year ? "column" : "id"),
                   rs->fields[o->field].id);
        }
    }
done:
    sc_free(b->alloc, owner);
    sc_dict_free(&seen);
}

/* A year-indexed field makes one column per year: the columns, which
 * every table allocates, are held to the fields limit too. Reported at
 * the field that goes past it. */
int sc_too_many_columns(sc_builder *b)
{
    const score_ruleset *rs = b->rs;
    size_t columns = 0;
    for (size_t i = 0; i < rs->nfields; i++) {
        const sc_field *f = &rs->fields[i];
        columns += f->years ? f->nyears : 1;
        if (columns > rs->limits.fields) {
            sc_report(&b->rd, SCORE_ELIMIT, f->line, f->column_pos,
                      "more than %zu columns (limit fields; a field with years has a column "
                      "for each)", rs->limits.fields);
            return 1;
        }
    }
    return 0;
}

/* The key names no field: say what it names, or which field it was
 * probably meant as. */
static void key_names_no_field(sc_builder *b, const sc_node *key, int64_t code)
{
    static const char *const kinds[] = {"", "a param", "a field", "a criterion", "a scorecard"};
    score_ruleset *rs = b->rs;
    if (code >= 0) {
        sc_report_at(&b->rd, key, SCORE_ERULE, "the key \"%s\" names no field (it is %s)",
                     key->text, kinds[rs->name_kind[code]]);
        return;
    }
    const char **cands = sc_calloc(b->alloc, 2 * rs->nfields + 1, sizeof *cands);
    for (size_t i = 0; cands && i < rs->nfields; i++) {
        cands[2 * i] = rs->fields[i].id;
        cands[2 * i + 1] = rs->fields[i].label;
        if (rs->fields[i].label && strcmp(rs->fields[i].label, key->text) == 0) {
            sc_report_at(&b->rd, key, SCORE_ERULE,
                         "the key \"%s\" is the label of %s; write the id", key->text,
                         rs->fields[i].id);
            sc_free(b->alloc, cands);
            return;
        }
    }
    size_t near = cands ? sc_suggest(key->text, cands, 2 * rs->nfields) : (size_t)-1;
    if (near != (size_t)-1)
        sc_report_at(&b->rd, key, SCORE_ERULE, "the key \"%s\" names no field (did you mean %s?)",
                     key->text, rs->fields[near / 2].id);
    else
        sc_report_at(&b->rd, key, SCORE_ERULE, "the key \"%s\" names no field", key->text);
    sc_free(b->alloc, cands);
}

void sc_load_key(sc_builder *b, const sc_node *key, size_t *key_field)
{
    score_ruleset *rs = b->rs;
    if (!key || key->kind != SC_NODE_SCALAR)
        return;
    int64_t code = sc_dict_find(&rs->names, key->text, key->len);
    if (code < 0 || rs->name_kind[code] != SC_SYM_FIELD)
        key_names_no_field(b, key, code);
    else if (rs->fields[rs->name_index[code]].type != SC_TYPE_TEXT ||
             rs->fields[rs->name_index[code]].years)
        sc_report_at(&b->rd, key, SCORE_ERULE, "the key field must be a plain text field");
    else
        *key_field = rs->name_index[code];
}
