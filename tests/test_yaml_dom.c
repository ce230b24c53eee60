/* Unit tests of the YAML reader: positions, text mapping, errors, memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "counting_alloc.h"

#include "yaml_dom.h"

#ifndef SCORE_TEST_DATA
#define SCORE_TEST_DATA "tests/data"
#endif

/* ---- helpers ---- */

static sc_doc parse_ok(const char *text)
{
    sc_doc doc;
    score_error err;
    memset(&err, 0, sizeof err);
    int rc = sc_yaml_parse(&doc, NULL, text, strlen(text), "t.yaml", 64, &err);
    if (rc)
        fail_msg("unexpected error %d at %d:%d: %s", rc, err.line, err.column, err.message);
    return doc;
}

static void expect_error(const char *text, size_t len, int max_depth, score_code code,
                         int line, int column, const char *message)
{
    sc_doc doc;
    score_error err;
    memset(&err, 0, sizeof err);
    int rc = sc_yaml_parse(&doc, NULL, text, len, "rules.yaml", max_depth, &err);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.source, "rules.yaml");
    assert_string_equal(err.message, message);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    /* nothing left to free; freeing the zeroed doc is harmless */
    assert_null(doc.root);
    assert_null(doc.arena.head);
    sc_doc_free(&doc);
}

#define EXPECT_ERROR(text, code, line, col, msg) \
    expect_error(text, strlen(text), 64, code, line, col, msg)

static void assert_at(const sc_node *n, sc_node_kind kind, int line, int column)
{
    assert_non_null(n);
    assert_int_equal(n->kind, kind);
    assert_int_equal(n->line, line);
    assert_int_equal(n->column, column);
}

static const sc_node *get(const sc_node *map, const char *key)
{
    const sc_node *v = sc_map_get(map, key);
    if (!v)
        fail_msg("no key \"%s\"", key);
    return v;
}

/* Position of the first occurrence of `needle` in a scalar's text. */
static void pos_of(const sc_node *n, const char *needle, int *line, int *column)
{
    assert_int_equal(n->kind, SC_NODE_SCALAR);
    const char *p = strstr(n->text, needle);
    if (!p)
        fail_msg("\"%s\" not in \"%s\"", needle, n->text);
    sc_node_pos(n, (size_t)(p - n->text), line, column);
}

static void assert_pos_of(const sc_node *n, const char *needle, int line, int column)
{
    int l, c;
    pos_of(n, needle, &l, &c);
    assert_int_equal(l, line);
    assert_int_equal(c, column);
}

static char *read_fixture(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/yaml/%s", SCORE_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 16) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* ---- positions ---- */

static void test_block_positions(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("title: 美好乡村\n"
                          "params:\n"
                          "  demo_cap: {value: 30%, label: 精品示范村比例上限}\n"
                          "中文键: 值\n"
                          "levels:\n"
                          "- 清洁村\n"
                          "- 名称: 整洁村\n"
                          "  quota: [甲乙, \"丙\"]\n");
    const sc_node *root = doc.root;
    assert_at(root, SC_NODE_MAP, 1, 1);
    assert_int_equal(root->count, 4);
    assert_at(root->keys[0], SC_NODE_SCALAR, 1, 1);
    assert_at(get(root, "title"), SC_NODE_SCALAR, 1, 8);
    assert_string_equal(get(root, "title")->text, "美好乡村");

    const sc_node *params = get(root, "params");
    assert_at(params, SC_NODE_MAP, 3, 3);
    const sc_node *cap = get(params, "demo_cap");
    assert_at(cap, SC_NODE_MAP, 3, 13);
    assert_at(cap->keys[0], SC_NODE_SCALAR, 3, 14);
    assert_at(get(cap, "value"), SC_NODE_SCALAR, 3, 21);
    assert_at(cap->keys[1], SC_NODE_SCALAR, 3, 26);
    assert_at(get(cap, "label"), SC_NODE_SCALAR, 3, 33);

    /* Chinese before the node on its line: columns count characters */
    assert_at(root->keys[2], SC_NODE_SCALAR, 4, 1);
    assert_at(get(root, "中文键"), SC_NODE_SCALAR, 4, 6);

    const sc_node *levels = get(root, "levels");
    assert_at(levels, SC_NODE_SEQ, 6, 1);
    assert_int_equal(levels->count, 2);
    assert_null(levels->keys);
    assert_at(levels->values[0], SC_NODE_SCALAR, 6, 3);
    const sc_node *second = levels->values[1];
    assert_at(second, SC_NODE_MAP, 7, 3);
    assert_at(get(second, "名称"), SC_NODE_SCALAR, 7, 7);
    const sc_node *quota = get(second, "quota");
    assert_at(quota, SC_NODE_SEQ, 8, 10);
    assert_at(quota->values[0], SC_NODE_SCALAR, 8, 11);
    assert_at(quota->values[1], SC_NODE_SCALAR, 8, 15);
    assert_int_equal(quota->values[1]->style, SC_STYLE_DOUBLE);
    sc_doc_free(&doc);
}

static void test_flow_positions(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("{名: [一, {二: 三}], x: []}");
    const sc_node *root = doc.root;
    assert_at(root, SC_NODE_MAP, 1, 1);
    const sc_node *list = get(root, "名");
    assert_at(list, SC_NODE_SEQ, 1, 5);
    assert_at(list->values[0], SC_NODE_SCALAR, 1, 6);
    assert_at(list->values[1], SC_NODE_MAP, 1, 9);
    assert_at(get(list->values[1], "二"), SC_NODE_SCALAR, 1, 13);
    assert_at(root->keys[1], SC_NODE_SCALAR, 1, 18);
    const sc_node *empty = get(root, "x");
    assert_at(empty, SC_NODE_SEQ, 1, 21);
    assert_int_equal(empty->count, 0);
    assert_null(empty->values);
    sc_doc_free(&doc);
}

static void test_json(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("{\"ruleset\": \"x\",\n"
                          " \"levels\": [1, 2.5, {\"标签\": null, \"ok\": true}]}\n");
    const sc_node *root = doc.root;
    assert_at(root, SC_NODE_MAP, 1, 1);
    assert_at(root->keys[0], SC_NODE_SCALAR, 1, 2);
    assert_int_equal(root->keys[0]->style, SC_STYLE_DOUBLE);
    assert_at(get(root, "ruleset"), SC_NODE_SCALAR, 1, 13);
    const sc_node *levels = get(root, "levels");
    assert_at(levels, SC_NODE_SEQ, 2, 12);
    assert_at(levels->values[1], SC_NODE_SCALAR, 2, 16);
    assert_string_equal(levels->values[1]->text, "2.5");
    assert_int_equal(levels->values[1]->style, SC_STYLE_PLAIN);
    const sc_node *obj = levels->values[2];
    assert_at(obj, SC_NODE_MAP, 2, 21);
    assert_at(get(obj, "标签"), SC_NODE_SCALAR, 2, 28);
    assert_string_equal(get(obj, "标签")->text, "null");
    assert_at(get(obj, "ok"), SC_NODE_SCALAR, 2, 40);
    assert_int_equal(sc_node_kind_name(obj->kind)[2], 'm');
    sc_doc_free(&doc);
}

static void test_fixture_ruleset(void **state)
{
    (void)state;
    size_t len;
    char *text = read_fixture("ruleset.yaml", &len);
    sc_doc doc;
    score_error err;
    int rc = sc_yaml_parse(&doc, NULL, text, len, "ruleset.yaml", 64, &err);
    assert_int_equal(rc, 0);
    const sc_node *root = doc.root;
    assert_at(get(root, "title"), SC_NODE_SCALAR, 3, 8);
    assert_int_equal(get(root, "version")->style, SC_STYLE_DOUBLE);
    const sc_node *income = get(get(root, "fields"), "collective_income");
    assert_at(get(income, "label"), SC_NODE_SCALAR, 13, 44);
    const sc_node *years = get(income, "years");
    assert_at(years, SC_NODE_SEQ, 13, 60);
    assert_at(years->values[3], SC_NODE_SCALAR, 13, 79);
    const sc_node *when = get(get(get(root, "criteria"), "three_revolutions"), "when");
    assert_pos_of(when, "toilet_done", 17, 27);
    const sc_node *target = get(root, "targets")->values[0];
    assert_at(target, SC_NODE_MAP, 42, 5);
    assert_pos_of(get(target, "require"), ">=", 47, 39);
    assert_pos_of(get(target, "label"), "40%", 43, 26);
    sc_doc_free(&doc);
    free(text);
}

/* ---- mapping text offsets back to the document ---- */

static void test_pos_plain(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("label: 村集体经济收入 abc\n"
                          "when: 人口 >= 3万 and x\n");
    const sc_node *label = get(doc.root, "label");
    assert_true(label->text_exact);
    assert_int_equal(label->text_line, 1);
    assert_int_equal(label->text_column, 8);
    assert_pos_of(label, "abc", 1, 16);
    assert_pos_of(label, "经", 1, 11);
    assert_pos_of(get(doc.root, "when"), "and", 2, 16);
    /* offset past the end is clamped to the end */
    int l, c;
    sc_node_pos(label, 1000, &l, &c);
    assert_int_equal(l, 1);
    assert_int_equal(c, 19);
    /* a container maps to its own position */
    sc_node_pos(doc.root, 3, &l, &c);
    assert_int_equal(l, 1);
    assert_int_equal(c, 1);
    sc_doc_free(&doc);
}

static void test_pos_quoted(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("a: '中文 x'\n"
                          "b: \"中 y\"\n"
                          "c: 'it''s z'\n"
                          "d: \"tab\\tz\"\n"
                          "e: \"多\n  行 z\"\n");
    const sc_node *a = get(doc.root, "a");
    assert_int_equal(a->style, SC_STYLE_SINGLE);
    assert_at(a, SC_NODE_SCALAR, 1, 4);
    assert_true(a->text_exact);
    assert_pos_of(a, "x", 1, 8);
    const sc_node *b = get(doc.root, "b");
    assert_int_equal(b->style, SC_STYLE_DOUBLE);
    assert_pos_of(b, "y", 2, 7);
    /* escapes and folding: the start of the scalar */
    const sc_node *c = get(doc.root, "c");
    assert_string_equal(c->text, "it's z");
    assert_false(c->text_exact);
    assert_pos_of(c, "z", 3, 4);
    const sc_node *d = get(doc.root, "d");
    assert_string_equal(d->text, "tab\tz");
    assert_false(d->text_exact);
    assert_pos_of(d, "z", 4, 4);
    const sc_node *e = get(doc.root, "e");
    assert_string_equal(e->text, "多 行 z");
    assert_false(e->text_exact);
    assert_pos_of(e, "z", 5, 4);
    sc_doc_free(&doc);
}

static void test_pos_literal(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("when: |   # comment\n"
                          "  sewage_done and\n"
                          "    中文 and x\n"
                          "  garbage\n"
                          "k: |2\n"
                          "\n"
                          "   extra\n"
                          "  base\n"
                          "list:\n"
                          "- |-\n"
                          "\n"
                          "\n"
                          "    after 空行\n");
    const sc_node *when = get(doc.root, "when");
    assert_int_equal(when->style, SC_STYLE_LITERAL);
    assert_string_equal(when->text, "sewage_done and\n  中文 and x\ngarbage\n");
    assert_at(when, SC_NODE_SCALAR, 1, 7);
    assert_true(when->text_exact);
    assert_pos_of(when, "sewage", 2, 3);
    assert_pos_of(when, "and x", 3, 8);
    assert_pos_of(when, "x", 3, 12);
    assert_pos_of(when, "garbage", 4, 3);
    /* an explicit indentation indicator, a leading blank line, and a first
     * line indented more than the block */
    const sc_node *k = get(doc.root, "k");
    assert_string_equal(k->text, "\n extra\nbase\n");
    assert_pos_of(k, "extra", 7, 4);
    assert_pos_of(k, "base", 8, 3);
    const sc_node *item = get(doc.root, "list")->values[0];
    assert_string_equal(item->text, "\n\nafter 空行");
    assert_pos_of(item, "after", 13, 5);
    assert_pos_of(item, "行", 13, 12);
    sc_doc_free(&doc);
}

static void test_pos_inexact(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("g: >\n"
                          "  folded 中文\n"
                          "  text\n"
                          "h: plain\n"
                          "  multi line\n"
                          "t: !!str 标签 z\n");
    const sc_node *g = get(doc.root, "g");
    assert_int_equal(g->style, SC_STYLE_FOLDED);
    assert_string_equal(g->text, "folded 中文 text\n");
    assert_false(g->text_exact);
    assert_pos_of(g, "text", 1, 4);
    const sc_node *h = get(doc.root, "h");
    assert_string_equal(h->text, "plain multi line");
    assert_false(h->text_exact);
    assert_pos_of(h, "line", 4, 4);
    /* a standard tag is accepted; the node starts at the tag, the text after it */
    const sc_node *t = get(doc.root, "t");
    assert_at(t, SC_NODE_SCALAR, 6, 4);
    assert_true(t->text_exact);
    assert_pos_of(t, "z", 6, 13);
    sc_doc_free(&doc);
}

static void test_bom_crlf(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("\xEF\xBB\xBF" "a: 中 z\r\nb: |\r\n  x\r\n  y\r\n");
    assert_at(doc.root, SC_NODE_MAP, 1, 1);
    assert_pos_of(get(doc.root, "a"), "z", 1, 6);
    const sc_node *b = get(doc.root, "b");
    assert_string_equal(b->text, "x\ny\n");
    assert_pos_of(b, "y", 4, 3);
    sc_doc_free(&doc);
}

/* ---- lookups ---- */

static void test_map_get(void **state)
{
    (void)state;
    sc_doc doc = parse_ok("a: 1\nab: 2\n");
    assert_string_equal(sc_map_get(doc.root, "a")->text, "1");
    assert_string_equal(sc_map_get(doc.root, "ab")->text, "2");
    assert_null(sc_map_get(doc.root, "A"));
    assert_null(sc_map_get(doc.root, ""));
    assert_null(sc_map_get(get(doc.root, "a"), "a")); /* not a mapping */
    assert_null(sc_map_get(NULL, "a"));
    assert_string_equal(sc_node_kind_name(SC_NODE_MAP), "a mapping");
    assert_string_equal(sc_node_kind_name(SC_NODE_SEQ), "a list");
    assert_string_equal(sc_node_kind_name(SC_NODE_SCALAR), "a scalar");
    assert_string_equal(doc.source, "t.yaml");
    sc_doc_free(&doc);
    sc_doc_free(&doc); /* a freed doc is zeroed */
    sc_doc_free(NULL);
    /* an escaped NUL would cut names and expressions short: refused, at
     * the scalar that holds it (only an escape can put it there, and
     * escapes leave no exact position inside the scalar) */
    EXPECT_ERROR("a: 1\n\"a\\0b\": 3\n", SCORE_ESYNTAX, 2, 1,
                 "a NUL character (\\0) is not allowed in a document");
    EXPECT_ERROR("k: [x, 'y', \"z\\x00\"]\n", SCORE_ESYNTAX, 1, 13,
                 "a NUL character (\\0) is not allowed in a document");
}

static void test_empty(void **state)
{
    (void)state;
    const char *inputs[] = {"", "# only a comment\n", "\n\n", "\xEF\xBB\xBF"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        sc_doc doc = parse_ok(inputs[i]);
        assert_null(doc.root);
        sc_doc_free(&doc);
    }
    /* an explicit empty document is a null scalar, not an empty stream */
    sc_doc doc = parse_ok("---\n");
    assert_at(doc.root, SC_NODE_SCALAR, 2, 1);
    assert_int_equal(doc.root->len, 0);
    sc_doc_free(&doc);
    /* a scalar document */
    doc = parse_ok("  中文\n");
    assert_at(doc.root, SC_NODE_SCALAR, 1, 3);
    sc_doc_free(&doc);
}

/* ---- errors ---- */

static void test_syntax_errors(void **state)
{
    (void)state;
    EXPECT_ERROR("a: 1\nb: [1, 2\n", SCORE_ESYNTAX, 3, 1,
                 "did not find expected ',' or ']' "
                 "(while parsing a flow sequence that starts at line 2, column 4)");
    EXPECT_ERROR("a:\n  b: 1\n c: 2\n", SCORE_ESYNTAX, 3, 2,
                 "bad indentation: this line does not line up with the keys above it "
                 "(the mapping that starts at line 1, column 1)");
    EXPECT_ERROR("名称: \"未闭合\n", SCORE_ESYNTAX, 2, 1,
                 "found unexpected end of stream "
                 "(while scanning a quoted scalar that starts at line 1, column 5)");
    EXPECT_ERROR("a: b: c\n", SCORE_ESYNTAX, 1, 5,
                 "a ': ' inside an unquoted value: quote the whole expression (\"c ? a : b\") "
                 "or write it as a | block");
}

/* libyaml's messages for rule authors' common mistakes, reworded with
 * what to do; anything else keeps libyaml's words (above). */
static void test_syntax_errors_explained(void **state)
{
    (void)state;
    const char *tab = "a tab character: YAML indents with spaces, not tabs";
    EXPECT_ERROR("\ta: 1\n", SCORE_ESYNTAX, 1, 1, tab);
    EXPECT_ERROR("a:\n\tb: 1\n", SCORE_ESYNTAX, 2, 1, tab);
    EXPECT_ERROR("a:\n  b: 1\n\tc: 2\n", SCORE_ESYNTAX, 3, 1, tab);
    EXPECT_ERROR("a:\n  b: 1\n  \tc: 2\n", SCORE_ESYNTAX, 3, 3, tab);
    /* a tab inside a value is no error */
    sc_doc doc = parse_ok("a: x\ty\n");
    sc_doc_free(&doc);
    EXPECT_ERROR("a: 1\n  b: 2\n", SCORE_ESYNTAX, 2, 3,
                 "bad indentation: this line is indented deeper than the key above it, which "
                 "has its value already (keys of one mapping line up)");
    EXPECT_ERROR("c:\n  - a\n b: 1\n", SCORE_ESYNTAX, 3, 2,
                 "bad indentation: this line does not line up with the keys above it "
                 "(the mapping that starts at line 1, column 1)");
    EXPECT_ERROR("c:\n  x: (a ? b : c) > 1\n", SCORE_ESYNTAX, 2, 13,
                 "a ': ' inside an unquoted value: quote the whole expression (\"c ? a : b\") "
                 "or write it as a | block");
    EXPECT_ERROR("c:\n  x: ? a > 1\n", SCORE_ESYNTAX, 2, 6,
                 "a value that starts with '? ' reads as a YAML key: quote the whole expression");
    EXPECT_ERROR("c:\n  x: \"a\" == b\n", SCORE_ESYNTAX, 2, 10,
                 "text after a quoted value: a value that starts with a quote ends at the "
                 "closing quote; quote the whole expression ('\"x\" == s')");
    EXPECT_ERROR("c:\n  x: {when: a ? 1 : 2}\n", SCORE_ESYNTAX, 2, 19,
                 "a ':' inside a value in { }: quote the whole expression (\"c ? a : b\")");
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    EXPECT_ERROR("a: 1\nb: 2\na: 3\n", SCORE_ESYNTAX, 3, 1, "duplicate key \"a\" (first at line 1)");
    EXPECT_ERROR("x:\n  标签: 1\n  y: {标签: 2, 标签: 3}\n", SCORE_ESYNTAX, 3, 14,
                 "duplicate key \"标签\" (first at line 3)");
    /* quoting does not make a different key */
    EXPECT_ERROR("{\"a\": 1,\n 'a': 2}", SCORE_ESYNTAX, 2, 2, "duplicate key \"a\" (first at line 1)");
    /* equal keys in different mappings are fine, and so are many keys */
    sc_doc doc = parse_ok("a: {a: 1, b: {a: 2}}\nb: [{a: 1}, {a: 2}]\n");
    sc_doc_free(&doc);
    char big[4096];
    size_t n = 0;
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "k%d: %d\n", i, i);
    doc = parse_ok(big);
    assert_int_equal(doc.root->count, 300);
    assert_string_equal(get(doc.root, "k299")->text, "299");
    sc_doc_free(&doc);
    snprintf(big + n, sizeof big - n, "k17: again\n");
    EXPECT_ERROR(big, SCORE_ESYNTAX, 301, 1, "duplicate key \"k17\" (first at line 18)");
}

static void test_aliases_refused(void **state)
{
    (void)state;
    EXPECT_ERROR("a: &x 1\nb: 2\n", SCORE_ESYNTAX, 1, 4, "aliases and anchors are not supported");
    EXPECT_ERROR("a: &x [1]\n", SCORE_ESYNTAX, 1, 4, "aliases and anchors are not supported");
    EXPECT_ERROR("- 1\n- *x\n", SCORE_ESYNTAX, 2, 3, "aliases and anchors are not supported");
    /* the "billion laughs" never gets to expand */
    EXPECT_ERROR("a: &a [x, x]\nb: &b [*a, *a]\n", SCORE_ESYNTAX, 1, 4,
                 "aliases and anchors are not supported");
}

static void test_documents_tags_keys(void **state)
{
    (void)state;
    EXPECT_ERROR("a: 1\n---\nb: 2\n", SCORE_ESYNTAX, 2, 1,
                 "a second document is not allowed (one document per file)");
    EXPECT_ERROR("--- a\n...\n--- b\n", SCORE_ESYNTAX, 3, 1,
                 "a second document is not allowed (one document per file)");
    EXPECT_ERROR("a: !foo 1\n", SCORE_ESYNTAX, 1, 4,
                 "unsupported tag \"!foo\" (only the standard !! tags are allowed)");
    EXPECT_ERROR("a: !<tag:example.com,2000:x> {}\n", SCORE_ESYNTAX, 1, 4,
                 "unsupported tag \"tag:example.com,2000:x\" (only the standard !! tags are allowed)");
    EXPECT_ERROR("? [a]\n: 1\n", SCORE_ESYNTAX, 1, 3, "a mapping key must be a scalar, not a list");
    EXPECT_ERROR("x: {{a: 1}: 2}\n", SCORE_ESYNTAX, 1, 5, "a mapping key must be a scalar, not a mapping");
    /* the document separator alone and "..." at the end are one document */
    sc_doc doc = parse_ok("---\na: !!str 1\n...\n");
    assert_string_equal(get(doc.root, "a")->text, "1");
    sc_doc_free(&doc);
}

static void test_max_depth(void **state)
{
    (void)state;
    const char *five = "[[[[[1]]]]]";
    sc_doc doc;
    assert_int_equal(sc_yaml_parse(&doc, NULL, five, strlen(five), "d", 5, NULL), 0);
    sc_doc_free(&doc);
    expect_error(five, strlen(five), 4, SCORE_ELIMIT, 1, 5, "nesting deeper than 4 levels");
    expect_error("a:\n  b:\n    - c: 1\n", 19, 2, SCORE_ELIMIT, 3, 5, "nesting deeper than 2 levels");
    /* deep input well past the limit fails fast */
    static char deep[200001];
    memset(deep, '[', sizeof deep - 1);
    expect_error(deep, sizeof deep - 1, 64, SCORE_ELIMIT, 1, 65, "nesting deeper than 64 levels");
}

static void test_bad_text(void **state)
{
    (void)state;
    EXPECT_ERROR("a: ok\nb: 中\xFF\n", SCORE_ESYNTAX, 2, 5,
                 "the text is not valid UTF-8 (invalid leading UTF-8 octet 0xFF)");
    EXPECT_ERROR("a: \xE4\xB8x\n", SCORE_ESYNTAX, 1, 4,
                 "the text is not valid UTF-8 (invalid trailing UTF-8 octet 0x78)");
    EXPECT_ERROR("a: \xC0\xAF\n", SCORE_ESYNTAX, 1, 4,
                 "the text is not valid UTF-8 (invalid length of a UTF-8 sequence)");
    EXPECT_ERROR("a: 中\x01\n", SCORE_ESYNTAX, 1, 5, "control characters are not allowed (U+0001)");
    /* UTF-16 is not read as such */
    expect_error("\xFE\xFF\0a", 4, 64, SCORE_ESYNTAX, 1, 1,
                 "the text is not valid UTF-8 (invalid leading UTF-8 octet 0xFE)");
    expect_error("a: 1\0", 5, 64, SCORE_ESYNTAX, 1, 5, "control characters are not allowed (U+0000)");
}

/* ---- memory ---- */

static void test_alloc_failures(void **state)
{
    (void)state;
    size_t fixture_len;
    char *fixture = read_fixture("ruleset.yaml", &fixture_len);
    /* the fixture, plus a wide mapping and a long list so that every
     * temporary array and the key set grow a few times */
    size_t cap = fixture_len + 20000, n = fixture_len;
    char *text = malloc(cap);
    assert_non_null(text);
    memcpy(text, fixture, fixture_len);
    n += (size_t)snprintf(text + n, cap - n, "wide:\n");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(text + n, cap - n, "  键%d: 值%d\n", i, i);
    n += (size_t)snprintf(text + n, cap - n, "long:\n");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(text + n, cap - n, "  - [%d, '第%d项']\n", i, i);

    counting c = {0, 0, 0};
    score_allocator a = {c_malloc, c_realloc, c_free, &c};
    long failures = 0;
    for (long fail = 1;; fail++) {
        c.calls = 0;
        c.fail_at = fail;
        sc_doc doc;
        score_error err;
        memset(&err, 0, sizeof err);
        int rc = sc_yaml_parse(&doc, &a, text, n, "big.yaml", 64, &err);
        if (rc == 0) {
            assert_non_null(get(doc.root, "long"));
            assert_int_equal(get(doc.root, "wide")->count, 200);
            assert_true(c.live > 0);
            sc_doc_free(&doc);
            assert_int_equal(c.live, 0);
            break;
        }
        failures++;
        assert_int_equal(rc, SCORE_ENOMEM);
        assert_int_equal(err.code, SCORE_ENOMEM);
        assert_int_equal(c.live, 0);
        assert_null(doc.arena.head);
        assert_true(fail < 10000);
    }
    assert_true(failures >= 5);
    free(text);
    free(fixture);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_positions),
        cmocka_unit_test(test_flow_positions),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_fixture_ruleset),
        cmocka_unit_test(test_pos_plain),
        cmocka_unit_test(test_pos_quoted),
        cmocka_unit_test(test_pos_literal),
        cmocka_unit_test(test_pos_inexact),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_map_get),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_syntax_errors_explained),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_aliases_refused),
        cmocka_unit_test(test_documents_tags_keys),
        cmocka_unit_test(test_max_depth),
        cmocka_unit_test(test_bad_text),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
