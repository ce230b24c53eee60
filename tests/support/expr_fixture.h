/*
 * The ruleset the expression tests and the expression fuzz target
 * evaluate expressions against: a field of every type, a year-indexed
 * field, a Chinese name and params of every kind. Each pairs it with its
 * own rows.
 */
#ifndef SCORE_TEST_EXPR_FIXTURE_H
#define SCORE_TEST_EXPR_FIXTURE_H

static const char fixture_ruleset[] =
    "ruleset: expr-fixture\n"
    "key: id\n"
    "params:\n"
    "  pct: {value: 30%}\n"
    "  word: {value: '甲'}\n"
    "  flag: {value: true}\n"
    "  yr: {value: 2020}\n"
    "  base: {value: 2019}\n"
    "fields:\n"
    "  id: {type: text}\n"
    "  p: {type: bool}\n"
    "  q: {type: bool}\n"
    "  n: {type: number}\n"
    "  m: {type: number}\n"
    "  t: {type: text}\n"
    "  s: {type: text}\n"
    "  y: {type: number, years: [2019, 2020]}\n"
    "  数量: {type: number}\n"
    "criteria:\n"
    "  any: p or not p\n";

#endif
