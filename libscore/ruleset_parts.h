/* used by ruleset_load.c (and fields_load.c for sc_read_cellrules); uses params_load.c,
 * fields_load.c, field_rules_load.c, criteria_load.c, scorecard_load.c, tiers_load.c,
 * targets_load.c, ruleset_cycles.c. */
/*
 * The parts of a ruleset document, each read by its own file, in the
 * order ruleset_load.c drives them: params (and their overrides), fields
 * and the column schema, criteria, scorecards, tiers, targets; then the
 * cycle check that orders criteria and scorecards for compiling.
 */
#ifndef SCORE_RULESET_PARTS_H
#define SCORE_RULESET_PARTS_H

#include "ruleset_builder.h"

/* params_load.c: one param of the document, and one --param override. */
void sc_load_param(sc_builder *b, const sc_node *key, const sc_node *val);
void sc_override_param(sc_builder *b, const score_param *o);

/* fields_load.c: one field; after them all, the column limit (1 and
 * reported when past it), the key field (*key_field, else reported), the
 * column schema (-1 when out of memory, not reported) and the check that
 * every header finds one column. */
void sc_load_field(sc_builder *b, const sc_node *key, const sc_node *val);
int sc_too_many_columns(sc_builder *b);
void sc_load_key(sc_builder *b, const sc_node *key, size_t *key_field);
int sc_build_schema(sc_builder *b);
void sc_check_columns(sc_builder *b);

/* field_rules_load.c: the keys unit, true_values, false_values and
 * values of a field of `type` (0, or -1 reported; r holds what was read,
 * to be freed), and the document's missing_values (reported; kept in the
 * schema, freed with the ruleset). */
int sc_read_cellrules(sc_builder *b, const sc_node *val, sc_type type, sc_cellrules *r);
void sc_read_missing_values(sc_builder *b, const sc_node *n);

/* criteria_load.c: one criterion; then, once every name is declared,
 * the parse of them all. */
void sc_load_criterion(sc_builder *b, const sc_node *key, const sc_node *val);
void sc_parse_criteria(sc_builder *b);

/* scorecard_load.c, tiers_load.c, targets_load.c. */
void sc_load_scorecards(sc_builder *b, const sc_node *map);
/* Parse the scorecards' expressions, once every name is declared. */
void sc_parse_scorecards(sc_builder *b);
int sc_compile_scorecard(sc_builder *b, size_t index);
void sc_load_tiers(sc_builder *b, const sc_node *map);
int sc_compile_tiers(sc_builder *b);
void sc_load_targets(sc_builder *b, const sc_node *list);
int sc_compile_targets(sc_builder *b);

/* ruleset_cycles.c: report the first cycle among criteria and scorecards
 * (their references, through b->named); otherwise fill `order` (room for
 * them all) with each after those it reads, the order of compiling.
 * Returns 0 (also when a cycle is reported) or SCORE_ENOMEM. */
int sc_order_named(sc_builder *b, size_t *order);

#endif
