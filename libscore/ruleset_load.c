/*
 * Loading a ruleset: the public entry points (a file, a string, a
 * built-in by id, or either by name) and what drives the build of a
 * ruleset from its document: the top-level keys (unknown keys are
 * errors), each part in order (ruleset_parts.h), then the cycle check
 * and the compilation of everything into one program.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "ingest.h"
#include "ruleset_parts.h"

/* Nesting depth allowed in a ruleset document: far more than the grammar
 * needs (5 levels), and the DOM builder does not recurse anyway. */
#define SC_MAX_DOC_DEPTH 64

/* ---- compiling ---- */

static int compile_named(void *ud, sc_sym_kind kind, size_t index, uint32_t *reg)
{
    sc_builder *b = ud;
    score_ruleset *rs = b->rs;
    if (kind == SC_SYM_SCORECARD) {
        sc_named *n = &b->named[b->named_base + index];
        if (n->state != 2) {
            int rc = sc_compile_scorecard(b, index);
            if (rc)
                return rc;
            n->state = 2;
        }
        *reg = rs->scorecards[index].reg;
        return 0;
    }
    sc_named *n = &b->named[index];
    sc_criterion *c = &rs->criteria[index];
    if (n->state != 2) {
        int rc = sc_compile_expr(&b->compiler, n->trees[0], &c->reg);
        if (rc)
            return rc;
        n->state = 2;
    }
    *reg = c->reg;
    return 0;
}

static int compile_all(sc_builder *b)
{
    score_ruleset *rs = b->rs;
    size_t total = b->named_base + rs->nscorecards;
    size_t *order = sc_calloc(b->alloc, total + 1, sizeof *order);
    if (!order)
        return SCORE_ENOMEM;
    int rc = sc_order_named(b, order);
    if (rc || b->rd.nerrors) {
        sc_free(b->alloc, order);
        return rc;
    }
    b->compiler.prog = &rs->prog;
    b->compiler.named = compile_named;
    b->compiler.ud = b;
    b->compiler.ncolumns = rs->schema.ncols;
    b->compiler.column_regs = sc_calloc(b->alloc, rs->schema.ncols + 1, sizeof(uint32_t));
    if (!b->compiler.column_regs) {
        sc_free(b->alloc, order);
        return SCORE_ENOMEM;
    }
    /* in dependency order, so that every reference is compiled already */
    uint32_t reg;
    for (size_t k = 0; !rc && k < total; k++) {
        size_t i = order[k];
        if (i >= rs->ncriteria && i < b->named_base)
            continue; /* a criterion that failed to load */
        rc = i < b->named_base ? compile_named(b, SC_SYM_CRITERION, i, &reg)
                               : compile_named(b, SC_SYM_SCORECARD, i - b->named_base, &reg);
    }
    sc_free(b->alloc, order);
    if (!rc)
        rc = sc_compile_tiers(b);
    if (!rc)
        rc = sc_compile_targets(b);
    sc_free(b->alloc, b->compiler.column_regs);
    b->compiler.column_regs = NULL;
    return rc;
}

/* ---- the document ---- */

static char *meta(sc_builder *b, const sc_node *root, const char *key)
{
    const sc_node *n = sc_scalar(&b->rd, sc_map_get(root, key), key);
    return sc_dup(b, n ? n->text : "");
}

static size_t count_of(const sc_node *n)
{
    return n ? n->count : 0;
}

/* Allocate the arrays of the parts at their final size. */
static int reserve(sc_builder *b, const sc_node *params, const sc_node *fields,
                   const sc_node *criteria, const sc_node *scorecards)
{
    score_ruleset *rs = b->rs;
    size_t nc = count_of(criteria), ns = count_of(scorecards);
    rs->params = sc_calloc(b->alloc, count_of(params) + 1, sizeof *rs->params);
    rs->fields = sc_calloc(b->alloc, count_of(fields) + 1, sizeof *rs->fields);
    rs->criteria = sc_calloc(b->alloc, nc + 1, sizeof *rs->criteria);
    b->named = sc_arena_alloc(&b->arena, (nc + ns + 1) * sizeof *b->named);
    b->named_base = nc;
    return rs->params && rs->fields && rs->criteria && b->named ? 0 : -1;
}

/* SCORE_ELIMIT when a part has more entries than its limit allows;
 * reported at the part, and 1. */
static int over_limit(sc_builder *b, const sc_node *part, const char *name, size_t limit)
{
    if (!part || part->count <= limit)
        return 0;
    sc_report_at(&b->rd, part, SCORE_ELIMIT, "more than %zu %s (limit %s)", limit, name, name);
    return 1;
}


/* `display: [name, town]`: the columns the formats for people show beside
 * the key when no --keep says otherwise; each must name a column. */
static void load_display(sc_builder *b, const sc_node *n)
{
    score_ruleset *rs = b->rs;
    const sc_node *list = n ? sc_list(&b->rd, n, "display") : NULL;
    if (!list || !list->count)
        return;
    rs->display = sc_calloc(b->alloc, list->count, sizeof *rs->display);
    if (!rs->display) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    for (size_t i = 0; i < list->count; i++) {
        const sc_node *item = sc_scalar(&b->rd, list->values[i], "a display column");
        if (!item)
            continue;
        if (sc_ingest_find_named(&rs->schema, item->text) == SC_NO_COL) {
            sc_report_at(&b->rd, item, SCORE_ERULE,
                         "display: '%s' is no field (a field's id or label)", item->text);
            continue;
        }
        if (!(rs->display[rs->ndisplay] = sc_dup(b, item->text)))
            return;
        rs->ndisplay++;
    }
}

static void load_document(sc_builder *b, const sc_node *root)
{
    static const char *const keys[] = {"ruleset", "version",  "title",      "entity",
                                       "key",     "description", "params",  "fields",
                                       "criteria", "scorecards", "tiers",   "targets",
                                       "missing_values", "display", NULL};
    score_ruleset *rs = b->rs;
    if (!root || root->kind != SC_NODE_MAP) {
        sc_report(&b->rd, SCORE_ESYNTAX, root ? root->line : 1, root ? root->column : 1,
                  "a ruleset document is a mapping with keys ruleset, key, fields, criteria, ...");
        return;
    }
    sc_only_keys(&b->rd, root, "a ruleset", keys);
    const sc_node *params = sc_mapping(&b->rd, sc_map_get(root, "params"), "params");
    const sc_node *fields = sc_mapping(&b->rd, sc_map_get(root, "fields"), "fields");
    const sc_node *criteria = sc_mapping(&b->rd, sc_map_get(root, "criteria"), "criteria");
    const sc_node *scorecards = sc_mapping(&b->rd, sc_map_get(root, "scorecards"), "scorecards");
    const sc_node *tiers = sc_mapping(&b->rd, sc_map_get(root, "tiers"), "tiers");
    const sc_node *targets = sc_list(&b->rd, sc_map_get(root, "targets"), "targets");
    const sc_node *missing = sc_map_get(root, "missing_values");
    b->tiers_node = tiers;
    if (over_limit(b, fields, "fields", rs->limits.fields) ||
        over_limit(b, criteria, "criteria", rs->limits.criteria) ||
        over_limit(b, targets, "targets", rs->limits.targets))
        return;
    if (reserve(b, params, fields, criteria, scorecards)) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    rs->id = meta(b, root, "ruleset");
    rs->version = meta(b, root, "version");
    rs->title = meta(b, root, "title");
    rs->entity = meta(b, root, "entity");
    rs->key = meta(b, root, "key");
    if (!sc_map_get(root, "ruleset"))
        sc_missing_key(&b->rd, root, "ruleset", "a ruleset");
    if (!fields)
        sc_missing_key(&b->rd, root, "fields", "a ruleset");
    if (!sc_map_get(root, "key"))
        sc_missing_key(&b->rd, root, "key", "a ruleset");
    if (missing)
        sc_read_missing_values(b, missing);
    /* params first, with their overrides: everything after may use them */
    for (size_t i = 0; params && i < params->count && !b->rd.nomem; i++)
        sc_load_param(b, params->keys[i], params->values[i]);
    for (size_t i = 0; b->opts && i < b->opts->param_count && !b->rd.nomem; i++)
        sc_override_param(b, &b->opts->params[i]);
    for (size_t i = 0; fields && i < fields->count && !b->rd.nomem; i++)
        sc_load_field(b, fields->keys[i], fields->values[i]);
    if (b->rd.nomem || sc_too_many_columns(b))
        return;
    size_t key_field = SIZE_MAX;
    sc_load_key(b, sc_map_get(root, "key"), &key_field);
    for (size_t i = 0; criteria && i < criteria->count && !b->rd.nomem; i++)
        sc_load_criterion(b, criteria->keys[i], criteria->values[i]);
    if (scorecards && !b->rd.nomem)
        sc_load_scorecards(b, scorecards);
    if (b->rd.nomem || sc_build_schema(b)) {
        sc_report(&b->rd, SCORE_ENOMEM, 0, 0, "out of memory");
        return;
    }
    rs->schema.key_col = key_field != SIZE_MAX ? rs->fields[key_field].column : 0;
    sc_check_columns(b);
    load_display(b, sc_map_get(root, "display"));
    sc_parse_criteria(b);
    sc_parse_scorecards(b);
    /* the scorecards' trees were parsed as they were read; tiers and
     * targets refer to criteria and scorecards, so they come last */
    if (tiers && !b->rd.nomem)
        sc_load_tiers(b, tiers);
    if (targets && !b->rd.nomem)
        sc_load_targets(b, targets);
    if (b->rd.nomem || b->rd.nerrors)
        return;
    int rc = compile_all(b);
    if (rc)
        sc_report(&b->rd, (score_code)rc, 0, 0, "%s",
                  rc == SCORE_ENOMEM ? "out of memory" : "cannot compile");
}

/* Build a ruleset from a parsed document: 0, or the code of the first
 * error (every error told to the options' diagnostic callback). */
static int build(score_ruleset **out, const sc_doc *doc, const score_load_options *opts,
                 const score_allocator *alloc, score_error *err)
{
    *out = NULL;
    score_ruleset *rs = sc_calloc(alloc, 1, sizeof *rs);
    if (!rs)
        return sc_nomem(err);
    rs->alloc = *alloc;
    sc_limits_resolve(&rs->limits, opts ? opts->limits : NULL);
    sc_program_init(&rs->prog, &rs->alloc);
    sc_dict_init(&rs->names, &rs->alloc);
    sc_builder b;
    memset(&b, 0, sizeof b);
    b.rs = rs;
    b.alloc = &rs->alloc;
    b.opts = opts;
    b.rd.source = doc->source;
    b.rd.err = err;
    if (opts) {
        b.rd.diagnostic = opts->diagnostic;
        b.rd.diagnostic_ud = opts->diagnostic_ud;
    }
    sc_arena_init(&b.arena, b.alloc);
    rs->source = sc_dup(&b, doc->source);
    if (!b.rd.nomem)
        load_document(&b, doc->root);
    if (!b.rd.nerrors && sc_ruleset_hash(rs))
        sc_report(&b.rd, SCORE_ENOMEM, 0, 0, "out of memory");
    sc_arena_free(&b.arena);
    if (b.rd.nerrors) {
        score_ruleset_free(rs);
        return (int)b.rd.first;
    }
    *out = rs;
    return 0;
}

/* ---- the entry points ---- */

/* SCORE_ELIMIT for a document longer than `limit` bytes, at the position
 * of its first byte past the limit. */
static int document_too_long(const char *text, size_t limit, const char *source,
                             score_error *err)
{
    size_t line = 1, column = 1;
    for (size_t i = 0; i < limit; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            column++; /* columns count characters, not bytes */
        }
    }
    return sc_error(err, SCORE_ELIMIT, source, line > INT_MAX ? INT_MAX : (int)line,
                    column > INT_MAX ? INT_MAX : (int)column,
                    "document longer than %zu bytes (limit document_bytes)", limit);
}

int sc_load_options_check(const score_load_options *opts, score_error *err)
{
    if (opts && opts->version != SCORE_LOAD_OPTIONS_VERSION)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0,
                        "score_load_options.version is %u, expected %u", opts->version,
                        SCORE_LOAD_OPTIONS_VERSION);
    return 0;
}

int score_ruleset_load_string(score_ruleset **out, const char *text, size_t len,
                              const char *source, const score_load_options *opts,
                              score_error *err)
{
    if (!out)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out is NULL");
    *out = NULL;
    if (!text)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "text is NULL");
    if (sc_load_options_check(opts, err))
        return SCORE_EINVAL;
    const score_allocator *alloc =
        opts && opts->allocator ? opts->allocator : sc_default_allocator();
    if (!source)
        source = "<string>";
    sc_doc doc;
    score_error local;
    if (!err)
        err = &local; /* the diagnostic callback needs the details */
    score_limits limits;
    sc_limits_resolve(&limits, opts ? opts->limits : NULL);
    int rc = len > limits.document_bytes
                 ? document_too_long(text, limits.document_bytes, source, err)
                 : sc_yaml_parse(&doc, alloc, text, len, source, SC_MAX_DOC_DEPTH, err);
    if (rc) {
        if (opts && opts->diagnostic)
            opts->diagnostic(opts->diagnostic_ud, err);
        return rc;
    }
    rc = build(out, &doc, opts, alloc, err);
    sc_doc_free(&doc);
    return rc;
}

int score_ruleset_load_file(score_ruleset **out, const char *path, const score_load_options *opts,
                            score_error *err)
{
    if (!out || !path)
        return sc_error(err, SCORE_EINVAL, NULL, 0, 0, "out or path is NULL");
    *out = NULL;
    if (sc_load_options_check(opts, err))
        return SCORE_EINVAL;
    const score_allocator *alloc =
        opts && opts->allocator ? opts->allocator : sc_default_allocator();
    score_error local;
    if (!err)
        err = &local; /* the diagnostic callback needs the details */
    char *text;
    size_t len;
    int over;
    score_limits limits;
    sc_limits_resolve(&limits, opts ? opts->limits : NULL);
    int rc = sc_read_file_max(alloc, path, limits.document_bytes, &text, &len, &over, err);
    if (!rc && over) {
        rc = document_too_long(text, len, path, err);
        sc_free(alloc, text);
    }
    if (rc) {
        if (opts && opts->diagnostic)
            opts->diagnostic(opts->diagnostic_ud, err);
        return rc;
    }
    rc = score_ruleset_load_string(out, text ? text : "", len, path, opts, err);
    sc_free(alloc, text);
    return rc;
}

int score_ruleset_load_builtin(score_ruleset **out, const char *id,
                               const score_load_options *opts, score_error *err)
{
    const sc_builtin *b = sc_builtin_find(id);
    if (!b) {
        if (out)
            *out = NULL;
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0, "no built-in ruleset '%s'",
                        id ? id : "(null)");
    }
    char source[96];
    snprintf(source, sizeof source, "<builtin>/%s.yaml", b->id);
    return score_ruleset_load_string(out, b->text, b->len, source, opts, err);
}

int score_ruleset_load(score_ruleset **out, const char *name_or_path,
                       const score_load_options *opts, score_error *err)
{
    if (sc_builtin_find(name_or_path))
        return score_ruleset_load_builtin(out, name_or_path, opts, err);
    int rc = score_ruleset_load_file(out, name_or_path, opts, err);
    /* a bare name that is no file was meant as a built-in: say so */
    if (rc == SCORE_EIO && name_or_path && !strpbrk(name_or_path, "/.") &&
        access(name_or_path, F_OK) != 0) {
        char ids[256] = "";
        size_t len = 0;
        for (size_t i = 0; i < sc_builtin_count && len < sizeof ids; i++)
            len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%s", i ? ", " : "",
                                    sc_builtins[i].id);
        return sc_error(err, SCORE_ENOTFOUND, NULL, 0, 0,
                        "no built-in ruleset '%s' and no file of that name (built-ins: %s)",
                        name_or_path, ids);
    }
    return rc;
}
