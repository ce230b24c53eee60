/*
 * libscore in PostgreSQL: CREATE EXTENSION score (score--0.1.sql).
 *
 *   score_eval(ruleset, query, params)          a row per row of the query
 *   score_targets(ruleset, query, year, params) a row per target and scope
 *   score_explain(ruleset, query, key)          why, for one row (text)
 *   score_check(ruleset)                        'ok', or the error
 *
 * `query` runs through SPI, fetched in batches from a cursor; its columns
 * name fields by id or label (NAME_YYYY for years), NULL is missing, and
 * numeric, integer, float, boolean and text values are read by the
 * field's type as the CSV reader reads a cell. Compiled rulesets are kept
 * per backend by content (score_db.c's cache). libscore's memory is the C
 * library's: every piece a call holds is in one call_state, freed on the
 * way out and, through PG_TRY, on every error.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "catalog/pg_type.h"
#include "access/htup_details.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/fmgroids.h"
#include "utils/tuplestore.h"

#include "score_db.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(score_pg_eval);
PG_FUNCTION_INFO_V1(score_pg_targets);
PG_FUNCTION_INFO_V1(score_pg_explain);
PG_FUNCTION_INFO_V1(score_pg_check);

#define FETCH_ROWS 10000

/* The backend's rulesets: made on first use, kept until it exits. */
static sdb_cache *backend_cache;

/* What one call holds of libscore's. */
typedef struct call_state {
    score_ruleset *rs;
    sdb_columns cols;
    score_table *t;
    score_result *r;
    char *text;
} call_state;

static void call_state_free(call_state *st)
{
    if (st->text)
        score_string_free(st->r, st->text);
    score_result_free(st->r);
    score_table_free(st->t);
    sdb_columns_free(&st->cols);
    if (st->rs)
        sdb_cache_release(backend_cache, st->rs);
    memset(st, 0, sizeof *st);
}

static int sqlstate_of(score_code code)
{
    switch (code) {
    case SCORE_ENOMEM:
        return ERRCODE_OUT_OF_MEMORY;
    case SCORE_EIO:
        return ERRCODE_IO_ERROR;
    case SCORE_ESYNTAX:
        return ERRCODE_SYNTAX_ERROR;
    case SCORE_ERULE:
        return ERRCODE_INVALID_OBJECT_DEFINITION;
    case SCORE_EDATA:
        return ERRCODE_INVALID_TEXT_REPRESENTATION;
    case SCORE_ELIMIT:
        return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
    case SCORE_ENOTFOUND:
        return ERRCODE_UNDEFINED_OBJECT;
    default:
        return ERRCODE_INVALID_PARAMETER_VALUE;
    }
}

/* Raise a libscore error (the state is freed first: ereport does not
 * return). Its position in the ruleset is in the message and the detail. */
static void pg_attribute_noreturn() raise_score(call_state *st, const score_error *err)
{
    char buf[SCORE_ERROR_SOURCE_LEN + SCORE_ERROR_MESSAGE_LEN + 32];
    score_error e = *err;
    call_state_free(st);
    sdb_error_text(&e, buf, sizeof buf);
    if (e.line > 0)
        ereport(ERROR, (errcode(sqlstate_of(e.code)), errmsg("score: %s", buf),
                        errdetail("At line %d, column %d of the %s.", e.line, e.column,
                                  strcmp(e.source, "ruleset") == 0 ? "ruleset" : "document")));
    ereport(ERROR, (errcode(sqlstate_of(e.code)), errmsg("score: %s", buf)));
    pg_unreachable();
}

static char *text_arg(FunctionCallInfo fcinfo, int i, const char *what)
{
    if (PG_ARGISNULL(i))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("score: %s must not be NULL", what)));
    return text_to_cstring(PG_GETARG_TEXT_PP(i));
}

/* The params argument as JSON text, or NULL. */
static char *params_arg(FunctionCallInfo fcinfo, int i)
{
    if (PG_NARGS() <= i || PG_ARGISNULL(i))
        return NULL;
    return DatumGetCString(DirectFunctionCall1(jsonb_out, PG_GETARG_DATUM(i)));
}

static void load_ruleset(call_state *st, const char *ruleset, const char *params)
{
    score_error err;
    if (!backend_cache && !(backend_cache = sdb_cache_new()))
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("score: out of memory")));
    if (sdb_cache_get(backend_cache, ruleset, params, &st->rs, &err))
        raise_score(st, &err);
}

static int supported_type(Oid type)
{
    switch (type) {
    case BOOLOID:
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case NUMERICOID:
    case FLOAT4OID:
    case FLOAT8OID:
    case TEXTOID:
    case VARCHAROID:
    case BPCHAROID:
    case NAMEOID:
    case UNKNOWNOID:
        return 1;
    default:
        return 0;
    }
}

/* A value as the text of a cell: text types as they are (no copy), the
 * rest through their own form ("true"/"false", digits, the shortest exact
 * float); NULL with *owned set when it was allocated. */
static const char *cell_text(Datum d, Oid type, size_t *len, char buf[64], void **owned)
{
    *owned = NULL;
    switch (type) {
    case TEXTOID:
    case VARCHAROID:
    case BPCHAROID:
    case UNKNOWNOID: {
        struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
        if ((Pointer)v != DatumGetPointer(d))
            *owned = v;
        *len = VARSIZE_ANY_EXHDR(v);
        return VARDATA_ANY(v);
    }
    case NAMEOID:
        *len = strlen(NameStr(*DatumGetName(d)));
        return NameStr(*DatumGetName(d));
    case BOOLOID:
        *len = DatumGetBool(d) ? 4 : 5;
        return DatumGetBool(d) ? "true" : "false";
    case INT2OID:
        *len = (size_t)snprintf(buf, 64, "%d", (int)DatumGetInt16(d));
        return buf;
    case INT4OID:
        *len = (size_t)snprintf(buf, 64, "%d", (int)DatumGetInt32(d));
        return buf;
    case INT8OID:
        *len = (size_t)snprintf(buf, 64, "%lld", (long long)DatumGetInt64(d));
        return buf;
    case FLOAT4OID: { /* its shortest form, as float4out writes it: 0.6, not 0.600000024 */
        float f = DatumGetFloat4(d);
        for (int digits = FLT_DIG; digits <= 9; digits++) {
            *len = (size_t)snprintf(buf, 64, "%.*g", digits, (double)f);
            if (strtof(buf, NULL) == f)
                break;
        }
        return buf;
    }
    case FLOAT8OID:
        *len = (size_t)snprintf(buf, 64, "%.17g", DatumGetFloat8(d));
        return buf;
    default: { /* numeric: its exact decimal text */
        char *s = OidOutputFunctionCall(F_NUMERIC_OUT, d);
        *owned = s;
        *len = strlen(s);
        return s;
    }
    }
}

/* Copy one batch of the cursor's rows into st->cols, each row taken
 * apart once (heap_deform_tuple), text read in place. Errors in SPI or
 * ours leave through ereport: the caller's PG_CATCH frees the state. */
static void gather_batch(call_state *st, SPITupleTable *tt, uint64 n)
{
    TupleDesc desc = tt->tupdesc;
    score_error err;
    Datum *values = palloc((desc->natts + 1) * sizeof *values);
    bool *nulls = palloc((desc->natts + 1) * sizeof *nulls);
    for (uint64 i = 0; i < n; i++) {
        int bad = -1;
        if (sdb_columns_add_row(&st->cols, &err))
            raise_score(st, &err);
        heap_deform_tuple(tt->vals[i], desc, values, nulls);
        for (int j = 0; j < desc->natts; j++) {
            Form_pg_attribute att = TupleDescAttr(desc, j);
            if (att->attisdropped || !st->cols.used[j] || nulls[j])
                continue;
            if (!supported_type(att->atttypid)) {
                if (bad < 0)
                    bad = j;
                continue;
            }
            char buf[64];
            size_t len;
            void *owned;
            const char *s = cell_text(values[j], att->atttypid, &len, buf, &owned);
            int rc = sdb_columns_set(&st->cols, (size_t)j, s, len, &err);
            if (owned)
                pfree(owned);
            if (rc)
                raise_score(st, &err);
        }
        if (bad >= 0) {
            char *msg = psprintf("score: column \"%s\": row with key \"%s\": type %s is not a "
                                 "number, boolean or text",
                                 st->cols.names[bad],
                                 sdb_columns_key(&st->cols, st->cols.nrows - 1),
                                 format_type_be(TupleDescAttr(desc, bad)->atttypid));
            call_state_free(st);
            ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("%s", msg)));
        }
    }
    pfree(values);
    pfree(nulls);
}

/* Run the query and gather the columns that name fields. */
static void run_query(call_state *st, const char *query)
{
    score_error err;
    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "score: SPI_connect failed");
    SPIPlanPtr plan = SPI_prepare(query, 0, NULL);
    if (!plan)
        ereport(ERROR, (errcode(ERRCODE_SYNTAX_ERROR),
                        errmsg("score: query: %s", SPI_result_code_string(SPI_result))));
    Portal portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
    int inited = 0;
    for (;;) {
        CHECK_FOR_INTERRUPTS();
        SPI_cursor_fetch(portal, true, FETCH_ROWS);
        if (!inited) {
            TupleDesc desc = SPI_tuptable->tupdesc;
            const char **names = palloc((desc->natts + 1) * sizeof *names);
            for (int j = 0; j < desc->natts; j++)
                names[j] = TupleDescAttr(desc, j)->attisdropped
                               ? ""
                               : NameStr(TupleDescAttr(desc, j)->attname);
            if (sdb_columns_init(&st->cols, st->rs, names, (size_t)desc->natts, &err))
                raise_score(st, &err);
            inited = 1;
        }
        uint64 n = SPI_processed;
        gather_batch(st, SPI_tuptable, n);
        SPI_freetuptable(SPI_tuptable);
        if (n < FETCH_ROWS)
            break;
    }
    SPI_cursor_close(portal);
    SPI_finish();
}

/* Ruleset, query, table, result: the stages every function shares, with
 * a check for cancel between them. */
static void score_query(call_state *st, const char *ruleset, const char *query,
                        const char *params)
{
    score_error err;
    load_ruleset(st, ruleset, params);
    CHECK_FOR_INTERRUPTS();
    run_query(st, query);
    CHECK_FOR_INTERRUPTS();
    if (sdb_table_build(&st->t, &st->cols, &err))
        raise_score(st, &err);
    sdb_columns_free(&st->cols);
    CHECK_FOR_INTERRUPTS();
    if (score_evaluate(&st->r, st->rs, st->t, &err))
        raise_score(st, &err);
    CHECK_FOR_INTERRUPTS();
}

static Datum text_or_null(const char *s, bool *isnull)
{
    *isnull = s == NULL;
    return s ? CStringGetTextDatum(s) : (Datum)0;
}

static Datum number_or_null(double v, bool *isnull)
{
    *isnull = isnan(v);
    return *isnull ? (Datum)0 : Float8GetDatum(v);
}

/* jsonb built in place (pushJsonbValue), not printed and parsed again. */
static void push_key(JsonbParseState **ps, const char *key)
{
    JsonbValue k;
    k.type = jbvString;
    k.val.string.val = (char *)key;
    k.val.string.len = (int)strlen(key);
    pushJsonbValue(ps, WJB_KEY, &k);
}

static void push_text(JsonbParseState **ps, const char *s)
{
    JsonbValue v;
    v.type = s ? jbvString : jbvNull;
    if (s) {
        v.val.string.val = (char *)s;
        v.val.string.len = (int)strlen(s);
    }
    pushJsonbValue(ps, WJB_VALUE, &v);
}

/* A number as libscore writes it (15 significant digits, as float8 to
 * numeric does); NaN is null. */
static void push_number(JsonbParseState **ps, double x)
{
    JsonbValue v;
    v.type = isnan(x) ? jbvNull : jbvNumeric;
    if (!isnan(x))
        v.val.numeric = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(x)));
    pushJsonbValue(ps, WJB_VALUE, &v);
}

static Datum finish_object(JsonbParseState **ps)
{
    return JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(ps, WJB_END_OBJECT, NULL)));
}

/* {"SCORECARD": total, "SCORECARD_grade": grade, ...}, as score eval names them. */
static Datum scores_jsonb(const score_ruleset *rs, const score_result *r, size_t row)
{
    JsonbParseState *ps = NULL;
    pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
    for (size_t s = 0; s < score_ruleset_scorecard_count(rs); s++) {
        const char *id = score_ruleset_scorecard_id(rs, s);
        push_key(&ps, id);
        push_number(&ps, score_result_score(r, s, row));
        if (score_ruleset_scorecard_has_grades(rs, s)) {
            push_key(&ps, psprintf("%s_grade", id));
            push_text(&ps, score_result_grade(r, s, row));
        }
    }
    return finish_object(&ps);
}

/* {"CRITERION": true | false | null, ...}. */
static Datum criteria_jsonb(const score_ruleset *rs, const score_result *r, size_t row)
{
    JsonbParseState *ps = NULL;
    pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
    for (size_t k = 0; k < score_ruleset_criterion_count(rs); k++) {
        score_verdict verdict = score_result_verdict(r, k, row);
        JsonbValue v;
        v.type = verdict == SCORE_UNKNOWN ? jbvNull : jbvBool;
        v.val.boolean = verdict == SCORE_TRUE;
        push_key(&ps, score_ruleset_criterion_id(rs, k));
        pushJsonbValue(&ps, WJB_VALUE, &v);
    }
    return finish_object(&ps);
}

static void eval_rows(call_state *st, ReturnSetInfo *rsinfo)
{
    const score_ruleset *rs = st->rs;
    const score_result *r = st->r;
    int tiers = score_ruleset_tier_count(rs) > 0;
    /* a row's values live until the tuplestore has copied them */
    MemoryContext rowctx = AllocSetContextCreate(CurrentMemoryContext, "score row",
                                                 ALLOCSET_DEFAULT_SIZES);
    for (size_t row = 0; row < score_result_row_count(r); row++) {
        Datum v[6];
        bool null[6];
        if (row % 1000 == 0)
            CHECK_FOR_INTERRUPTS();
        MemoryContext caller = MemoryContextSwitchTo(rowctx);
        v[0] = text_or_null(score_table_key(st->t, row), &null[0]);
        v[1] = text_or_null(tiers ? sdb_tier_id(rs, score_result_qualified(r, row)) : NULL,
                            &null[1]);
        v[2] = text_or_null(tiers ? sdb_tier_id(rs, score_result_tier(r, row)) : NULL,
                            &null[2]);
        v[3] = number_or_null(score_result_rank_score(r, row), &null[3]);
        v[4] = scores_jsonb(rs, r, row);
        v[5] = criteria_jsonb(rs, r, row);
        null[4] = null[5] = false;
        MemoryContextSwitchTo(caller);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, null);
        MemoryContextReset(rowctx);
    }
    MemoryContextDelete(rowctx);
}

static void target_rows(call_state *st, ReturnSetInfo *rsinfo, int year)
{
    for (size_t i = 0; i < score_result_outcome_count(st->r); i++) {
        score_target_outcome oc;
        Datum v[8];
        bool null[8] = { false };
        CHECK_FOR_INTERRUPTS();
        if (score_result_outcome(st->r, i, &oc) || !sdb_outcome_in_year(st->rs, &oc, year))
            continue;
        v[0] = CStringGetTextDatum(score_ruleset_target_id(st->rs, oc.target));
        v[1] = text_or_null(oc.scope, &null[1]);
        v[2] = number_or_null(oc.actual, &null[2]);
        v[3] = text_or_null(oc.op, &null[3]);
        v[4] = number_or_null(oc.required, &null[4]);
        v[5] = CStringGetTextDatum(sdb_verdict_name(oc.verdict));
        v[6] = number_or_null(oc.shortfall, &null[6]);
        Datum *keys = palloc((oc.nfailing + 1) * sizeof *keys);
        bool *knull = palloc((oc.nfailing + 1) * sizeof *knull);
        for (size_t k = 0; k < oc.nfailing; k++)
            keys[k] = text_or_null(score_table_key(st->t, oc.failing[k]), &knull[k]);
        int dims[1] = { (int)oc.nfailing }, lbs[1] = { 1 };
        v[7] = PointerGetDatum(oc.nfailing ? construct_md_array(keys, knull, 1, dims, lbs,
                                                                TEXTOID, -1, false,
                                                                TYPALIGN_INT)
                                           : construct_empty_array(TEXTOID));
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, null);
    }
}

Datum score_pg_eval(PG_FUNCTION_ARGS)
{
    call_state *st = palloc0(sizeof *st);
    char *ruleset = text_arg(fcinfo, 0, "ruleset");
    char *query = text_arg(fcinfo, 1, "query");
    char *params = params_arg(fcinfo, 2);
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    PG_TRY();
    {
        score_query(st, ruleset, query, params);
        eval_rows(st, rsinfo);
    }
    PG_CATCH();
    {
        call_state_free(st);
        PG_RE_THROW();
    }
    PG_END_TRY();
    call_state_free(st);
    return (Datum)0;
}

Datum score_pg_targets(PG_FUNCTION_ARGS)
{
    call_state *st = palloc0(sizeof *st);
    char *ruleset = text_arg(fcinfo, 0, "ruleset");
    char *query = text_arg(fcinfo, 1, "query");
    int year = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);
    char *params = params_arg(fcinfo, 3);
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    PG_TRY();
    {
        score_query(st, ruleset, query, params);
        target_rows(st, rsinfo, year);
    }
    PG_CATCH();
    {
        call_state_free(st);
        PG_RE_THROW();
    }
    PG_END_TRY();
    call_state_free(st);
    return (Datum)0;
}

Datum score_pg_explain(PG_FUNCTION_ARGS)
{
    call_state *st = palloc0(sizeof *st);
    char *ruleset = text_arg(fcinfo, 0, "ruleset");
    char *query = text_arg(fcinfo, 1, "query");
    char *key = text_arg(fcinfo, 2, "key");
    text *out = NULL;
    PG_TRY();
    {
        score_error err;
        score_query(st, ruleset, query, NULL);
        size_t row = score_table_find_key(st->t, key);
        if (row == (size_t)-1) {
            call_state_free(st);
            ereport(ERROR, (errcode(ERRCODE_NO_DATA_FOUND),
                            errmsg("score: no row with key \"%s\"", key)));
        }
        if (score_explain_row(&st->text, st->r, st->t, row, SCORE_EXPLAIN_TEXT, &err))
            raise_score(st, &err);
        out = cstring_to_text(st->text);
    }
    PG_CATCH();
    {
        call_state_free(st);
        PG_RE_THROW();
    }
    PG_END_TRY();
    call_state_free(st);
    PG_RETURN_TEXT_P(out);
}

Datum score_pg_check(PG_FUNCTION_ARGS)
{
    call_state *st = palloc0(sizeof *st);
    load_ruleset(st, text_arg(fcinfo, 0, "ruleset"), NULL);
    call_state_free(st);
    PG_RETURN_TEXT_P(cstring_to_text("ok"));
}
