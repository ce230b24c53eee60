-- The extension's functions on the example district (tables district and
-- branches, every column text, loaded by run.sh with COPY).
-- Each error's SQLSTATE is echoed after it.
\set SHOW_CONTEXT never
SET extra_float_digits = 0;

-- The tier counts the CLI gives on the same file.
SELECT tier, count(*) FROM score_eval('meihao-xiangcun', 'SELECT * FROM district')
GROUP BY 1 ORDER BY 1;

-- One row whole: scores and criteria as jsonb.
SELECT key, qualified, tier, rank_score, scores, criteria->'application_ok' AS application_ok,
       criteria->'industry_ideas' AS industry_ideas
FROM score_eval('meihao-xiangcun', 'SELECT * FROM district') WHERE key IN ('3301020101', '3301020108');

-- A milestone year and one scope: the ledger as text[].
SELECT target, scope, actual, op, required, verdict, shortfall, failing
FROM score_targets('zuzhi-zhenxing', 'SELECT * FROM branches', 2022)
WHERE scope = 'town=柳溪镇';

-- NULL is missing, as an empty cell is: the same verdicts either way.
CREATE TABLE district_nulls AS SELECT * FROM district;
DO $$
DECLARE c text;
BEGIN
  FOR c IN SELECT attname FROM pg_attribute
           WHERE attrelid = 'district_nulls'::regclass AND attnum > 0 LOOP
    EXECUTE format('UPDATE district_nulls SET %I = NULL WHERE %I = %L', c, c, '');
  END LOOP;
END $$;
SELECT count(*) AS null_cells FROM district_nulls d, jsonb_each(to_jsonb(d)) kv
WHERE kv.value = 'null';
SELECT count(*) AS differences FROM (
  (SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district')
   EXCEPT SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district_nulls'))
  UNION ALL
  (SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district_nulls')
   EXCEPT SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district'))) d;

-- Typed columns: a column whose every value is a plain number becomes
-- numeric, 是/否 boolean, and a count integer: the same verdicts.
CREATE TABLE district_typed AS SELECT * FROM district_nulls;
DO $$
DECLARE c text;
BEGIN
  FOR c IN SELECT attname FROM pg_attribute
           WHERE attrelid = 'district_typed'::regclass AND attnum > 0 AND attname <> '村代码' LOOP
    IF NOT EXISTS (SELECT 1 FROM district_typed WHERE NOT (to_jsonb(district_typed)->>c) ~ '^-?[0-9]+(\.[0-9]+)?$') THEN
      EXECUTE format('ALTER TABLE district_typed ALTER COLUMN %I TYPE %s USING %I::numeric',
                     c, CASE WHEN c = '四乱问题点数' THEN 'integer' ELSE 'numeric' END, c);
    ELSIF NOT EXISTS (SELECT 1 FROM district_typed WHERE (to_jsonb(district_typed)->>c) NOT IN ('是', '否')) THEN
      EXECUTE format('ALTER TABLE district_typed ALTER COLUMN %I TYPE boolean USING %I = %L', c, c, '是');
    END IF;
  END LOOP;
END $$;
SELECT data_type, count(*) FROM information_schema.columns
WHERE table_name = 'district_typed' GROUP BY 1 ORDER BY 1;
SELECT count(*) AS differences FROM (
  (SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district')
   EXCEPT SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district_typed'))
  UNION ALL
  (SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district_typed')
   EXCEPT SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district'))) d;
-- float8 and a column named by its id, not its label.
SELECT count(*) AS differences FROM (
  SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district')
  EXCEPT SELECT * FROM score_eval('meihao-xiangcun',
    'SELECT d.*, 四乱问题点数::float8 AS messes FROM district_typed d')) d;

-- Params, as --param gives them.
SELECT tier, count(*) FROM score_eval('meihao-xiangcun', 'SELECT * FROM district',
                                      '{"participation_min": "70%", "demo_pass": 85}')
GROUP BY 1 ORDER BY 1;

-- A ruleset kept in a table, as its document.
CREATE TABLE rulesets (name text, doc text);
INSERT INTO rulesets VALUES ('tiny', 'ruleset: tiny
version: "1"
entity: village
key: code
fields:
  code: {type: text, label: 村代码}
  share: {type: number, label: 群众参与率}
criteria:
  engaged: {when: share >= 60%}
'), ('broken', 'ruleset: broken
fields: [');
SELECT name, score_check(doc) FROM rulesets WHERE name = 'tiny';
SELECT criteria->'engaged' AS engaged, count(*)
FROM rulesets r, score_eval(r.doc, 'SELECT * FROM district') WHERE r.name = 'tiny'
GROUP BY 1 ORDER BY 1;
SELECT score_check('meihao-xiangcun');

-- A real (float4) reads as float4 shows it: 0.6 is 60%, not 0.600000024.
SELECT criteria->'exactly' AS exactly
FROM score_eval('ruleset: r
key: code
fields:
  code: {type: text}
  share: {type: number}
criteria:
  exactly: {when: share == 60%}
', 'SELECT ''A'' AS code, 0.6::real AS share');

-- Errors: their SQLSTATE and, for a document, its line and column.
SELECT score_check(doc) FROM rulesets WHERE name = 'broken';
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval('meihao', 'SELECT * FROM district');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval('meihao-xiangcun',
  'SELECT 村代码, CASE WHEN 村代码 = ''3301020105'' THEN ''lots'' ELSE 群众参与率 END AS 群众参与率 FROM district');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval('meihao-xiangcun', 'SELECT 村代码, now() AS 申报创建 FROM district');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval('meihao-xiangcun', 'SELECT 申报创建 FROM district');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM nowhere');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district', '[1]');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district', '{"nosuch": 1}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT * FROM score_eval(NULL, 'SELECT * FROM district');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT score_explain('meihao-xiangcun', 'SELECT * FROM district', 'nobody');
\echo SQLSTATE :LAST_ERROR_SQLSTATE

-- A cancelled query (statement_timeout while the query runs): the
-- backend goes on, and the next call gives the same answer.
SET statement_timeout = '300ms';
SELECT count(*) FROM score_eval('meihao-xiangcun',
  'SELECT *, pg_sleep(0.05) FROM district');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
RESET statement_timeout;
SELECT count(*) FROM score_eval('meihao-xiangcun', 'SELECT * FROM district');

-- A rollback in the middle: the results table as it was before, and the
-- transaction's own rows scored while it lasted.
CREATE TABLE results AS
  SELECT key, tier FROM score_eval('meihao-xiangcun', 'SELECT * FROM district');
BEGIN;
UPDATE district SET 群众参与率 = '10%';
SELECT tier, count(*) FROM score_eval('meihao-xiangcun', 'SELECT * FROM district')
GROUP BY 1 ORDER BY 1;
DELETE FROM results;
INSERT INTO results
  SELECT key, tier FROM score_eval('meihao-xiangcun', 'SELECT * FROM district');
SAVEPOINT before_error;
SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM district', '{"nosuch": 1}');
\echo SQLSTATE :LAST_ERROR_SQLSTATE
ROLLBACK TO before_error;
SELECT count(*) FILTER (WHERE tier IS NOT NULL) AS awarded FROM results;
ROLLBACK;
SELECT count(*) FILTER (WHERE tier IS NOT NULL) AS awarded FROM results;
SELECT tier, count(*) FROM score_eval('meihao-xiangcun', 'SELECT * FROM district')
GROUP BY 1 ORDER BY 1;
