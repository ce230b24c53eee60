-- libscore in PostgreSQL: CREATE EXTENSION score;
\echo Use "CREATE EXTENSION score" to load this file. \quit

CREATE FUNCTION score_eval(ruleset text, query text, params jsonb DEFAULT NULL)
RETURNS TABLE(key text, qualified text, tier text, rank_score float8, scores jsonb,
              criteria jsonb)
AS 'MODULE_PATHNAME', 'score_pg_eval'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION score_targets(ruleset text, query text, year int DEFAULT NULL,
                              params jsonb DEFAULT NULL)
RETURNS TABLE(target text, scope text, actual float8, op text, required float8,
              verdict text, shortfall float8, failing text[])
AS 'MODULE_PATHNAME', 'score_pg_targets'
LANGUAGE C VOLATILE PARALLEL UNSAFE;

CREATE FUNCTION score_explain(ruleset text, query text, key text)
RETURNS text
AS 'MODULE_PATHNAME', 'score_pg_explain'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;

CREATE FUNCTION score_check(ruleset text)
RETURNS text
AS 'MODULE_PATHNAME', 'score_pg_check'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
