/*
 * score_bench: time libscore's phases on one data file, through the public
 * C API, and (for meihao-xiangcun) the same scoring written by hand in C.
 *
 *   score_bench RULESET DATA.csv [--repeat N] [--threads 1,2] [--param NAME=VALUE]...
 *               [--baseline] [--no-output] [--kv FILE]
 *
 * Phases, each timed with CLOCK_MONOTONIC, medians over N runs:
 *   load      compile the ruleset (score_ruleset_load)
 *   read      read the CSV into columns (score_table_read_csv), MB/s
 *   evaluate  criteria + scorecards + tiers + targets (score_evaluate_with),
 *             once per thread count, rows/s
 *   targets   write every target outcome as `score targets --format csv`
 *             does (score_output_write), into /dev/null
 *   output    write the per-row results as `score eval --format csv` does
 *             (score_output_write), into /dev/null
 *   end to end  load + read + evaluate, per run
 * then the peak memory (getrusage ru_maxrss) next to the size of the
 * columnar data (rows x columns x 8 bytes).
 *
 * --baseline (meihao-xiangcun only): read the same file into double arrays
 * with a plain parser (untimed), run bench/baseline_meihao.c N times, and
 * count the rows whose tier (and qualified level, verdicts, score) differ
 * from libscore's: the tier count must be 0. RULESET may be a file: with
 * meihao-xiangcun without its quotas and cap (scripts/bench.sh writes
 * meihao-open.yaml), the C loop is the one without the allocation. Each
 * run also times score_evaluate_into() into a result kept across runs.
 *
 * Results go to stdout, readable, and with --kv FILE also as "KEY VALUE"
 * lines that scripts/bench.sh collects.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <score/score.h>

#include "baseline_meihao.h"
#include "bench_util.h"
#include "csv_columns.h"

#define MAX_PARAMS 64
#define MAX_THREADS 8

typedef struct options {
    const char *ruleset;
    const char *data;
    size_t repeat;
    unsigned threads[MAX_THREADS];
    size_t nthreads;
    score_param params[MAX_PARAMS];
    size_t nparams;
    int baseline;
    const char *kv; /* --kv FILE: the figures as "KEY VALUE" lines */
    int no_output;  /* --no-output: skip the output phase (slow at 10M rows) */
} options;

static void usage(FILE *f)
{
    fputs("usage: score_bench RULESET DATA.csv [--repeat N] [--threads 1,2]\n"
          "                   [--param NAME=VALUE]... [--baseline] [--no-output] [--kv FILE]\n",
          f);
}

static int parse_threads(options *o, const char *s)
{
    o->nthreads = 0;
    while (*s) {
        char *end;
        unsigned long t = strtoul(s, &end, 10);
        if (end == s || t == 0 || t > 256 || o->nthreads == MAX_THREADS ||
            (*end && *end != ','))
            return -1;
        o->threads[o->nthreads++] = (unsigned)t;
        s = *end ? end + 1 : end;
    }
    return o->nthreads ? 0 : -1;
}

static int parse_options(options *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->repeat = 5;
    o->threads[0] = 1;
    o->threads[1] = 2;
    o->nthreads = 2;
    size_t positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--repeat") == 0 && i + 1 < argc) {
            char *end;
            unsigned long n = strtoul(argv[++i], &end, 10);
            if (*end || n == 0 || n > 1000)
                return -1;
            o->repeat = n;
        } else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            if (parse_threads(o, argv[++i]))
                return -1;
        } else if (strcmp(a, "--param") == 0 && i + 1 < argc) {
            char *kv = argv[++i], *eqs = strchr(kv, '=');
            if (!eqs || o->nparams == MAX_PARAMS)
                return -1;
            *eqs = '\0';
            o->params[o->nparams].name = kv;
            o->params[o->nparams].value = eqs + 1;
            o->nparams++;
        } else if (strcmp(a, "--kv") == 0 && i + 1 < argc) {
            o->kv = argv[++i];
        } else if (strcmp(a, "--no-output") == 0) {
            o->no_output = 1;
        } else if (strcmp(a, "--baseline") == 0) {
            o->baseline = 1;
        } else if (a[0] == '-') {
            return -1;
        } else if (positional == 0) {
            o->ruleset = a;
            positional++;
        } else if (positional == 1) {
            o->data = a;
            positional++;
        } else {
            return -1;
        }
    }
    return positional == 2 ? 0 : -1;
}

static int report_error(const char *what, const score_error *err)
{
    char buf[1024];
    fprintf(stderr, "score_bench: %s: %s\n", what, score_error_format(err, buf, sizeof buf));
    return 1;
}

/* ---- the output phases ----------------------------------------------- */

/* score_output_write() into a FILE (the buffered /dev/null sink). */
static int to_file(void *ud, const char *data, size_t len)
{
    return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

/* The per-row CSV of `score eval --format csv`, as the CLI writes it. */
static int write_rows(FILE *out, const score_table *t, const score_result *r, score_error *err)
{
    return score_output_write(r, t, SCORE_OUTPUT_EVAL, SCORE_OUTPUT_CSV, NULL, to_file, out, err);
}

/* Every target outcome as `score targets --format csv` writes them;
 * returns how many there were, or (size_t)-1 on an error. */
static size_t write_targets(FILE *out, const score_table *t, const score_result *r,
                            score_error *err)
{
    if (score_output_write(r, t, SCORE_OUTPUT_TARGETS, SCORE_OUTPUT_CSV, NULL, to_file, out, err))
        return (size_t)-1;
    return score_result_outcome_count(r);
}

/* ---- the baseline ----------------------------------------------------- */

static double param_number(const score_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < score_ruleset_param_count(rs); i++)
        if (strcmp(score_ruleset_param_name(rs, i), name) == 0) {
            const char *v = score_ruleset_param_value(rs, i);
            double x;
            return bench_parse_number(v, strlen(v), &x) == 0 ? x : NAN;
        }
    return NAN;
}

static const char *const meihao_columns[] = {
    "applied", "plan_village", "plan_creation", "plan_env", "leadership_ok", "participation",
    "operating_plan", "sewage_done", "toilet_done", "garbage_done", "steel_shed_done",
    "env_plan_done", "messes", "industry_stage", "demo_index", "civility", "governance",
    "beauty", "learnable", "viewable", "replicable", "comprehensive", "model_project",
    "prior_tier", "income_growth", "collective_income", "collective_income_prev",
    "harmony_ok", NULL};

static int meihao_setup(meihao_input *in, meihao_params *p, const bench_columns *c,
                        const score_ruleset *rs)
{
    static const char *const levels[MH_NLEVELS] = {"clean", "tidy", "boutique",
                                                   "boutique_demo", "operating_demo"};
    memset(in, 0, sizeof *in);
    in->n = c->nrows;
    in->key = c->keys;
    const double **dst[] = {
        &in->applied, &in->plan_village, &in->plan_creation, &in->plan_env, &in->leadership_ok,
        &in->participation, &in->operating_plan, &in->sewage_done, &in->toilet_done,
        &in->garbage_done, &in->steel_shed_done, &in->env_plan_done, &in->messes,
        &in->industry_stage, &in->demo_index, &in->civility, &in->governance, &in->beauty,
        &in->learnable, &in->viewable, &in->replicable, &in->comprehensive,
        &in->model_project, &in->prior_tier, &in->income_growth, &in->collective_income,
        &in->collective_income_prev, &in->harmony_ok};
    for (size_t i = 0; meihao_columns[i]; i++)
        if (!(*dst[i] = bench_columns_get(c, meihao_columns[i])))
            return -1;
    in->boutique_demo_code = bench_columns_code(c, "prior_tier", "boutique_demo");
    p->participation_min = param_number(rs, "participation_min");
    p->messes_basic_max = param_number(rs, "messes_basic_max");
    p->demo_pass = param_number(rs, "demo_pass");
    p->demo_exceed = param_number(rs, "demo_exceed");
    p->quality_min = param_number(rs, "quality_min");
    for (size_t k = 0; k < MH_NLEVELS; k++) {
        size_t lv = score_ruleset_tier_index(rs, levels[k]);
        if (lv != k)
            return -1;
        p->quota[k] = score_ruleset_tier_quota(rs, k);
        p->cap[k] = score_ruleset_tier_cap(rs, k);
    }
    for (size_t c2 = 0; c2 < MH_NCRITERIA; c2++)
        if (score_ruleset_criterion_index(rs, meihao_criterion_ids[c2]) == (size_t)-1)
            return -1;
    return 0;
}

typedef struct mismatches {
    size_t tier, qualified, verdict, score;
} mismatches;

static mismatches compare(const meihao_output *out, const score_ruleset *rs,
                          const score_result *r)
{
    mismatches m = {0, 0, 0, 0};
    size_t n = score_result_row_count(r);
    const double *scores = score_result_scores(r, score_ruleset_scorecard_index(rs, "assessment"));
    for (size_t row = 0; row < n; row++) {
        m.tier += score_result_tier(r, row) != out->tier[row];
        m.qualified += score_result_qualified(r, row) != out->qualified[row];
        double a = scores[row], b = out->assessment[row];
        m.score += !(a == b || (a != a && b != b));
    }
    for (size_t c = 0; c < MH_NCRITERIA; c++) {
        const unsigned char *v =
            score_result_verdicts(r, score_ruleset_criterion_index(rs, meihao_criterion_ids[c]));
        for (size_t row = 0; row < n; row++)
            m.verdict += v[row] != out->verdict[c][row];
    }
    return m;
}

/* ---- reporting -------------------------------------------------------- */

/* One phase's times over the runs: wall (CLOCK_MONOTONIC) and CPU. */
typedef struct series {
    double *v;   /* wall seconds */
    double *cpu; /* CPU seconds of the process */
    size_t n;
} series;

typedef struct stamp {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    stamp s = {bench_now(), bench_cpu_now()};
    return s;
}

/* Series k of a block of 2 * R doubles per series. */
static series series_at(double *store, size_t k, size_t R)
{
    series s = {store + 2 * k * R, store + (2 * k + 1) * R, R};
    return s;
}

static void record(series *s, size_t rep, stamp start)
{
    stamp end = now();
    s->v[rep] = end.wall - start.wall;
    s->cpu[rep] = end.cpu - start.cpu;
}

static void print_phase(FILE *kv, const char *name, const char *key, series *s,
                        const char *extra_unit, double extra_per_second)
{
    double lo = bench_min(s->v, s->n), hi = bench_max(s->v, s->n);
    double med = bench_median(s->v, s->n), cpu = bench_median(s->cpu, s->n);
    printf("  %-28s %9.1f ms (min %7.1f, max %7.1f)  cpu %9.1f ms", name, med * 1e3, lo * 1e3,
           hi * 1e3, cpu * 1e3);
    if (extra_unit)
        printf("  %11.1f %s", extra_per_second / med, extra_unit);
    putchar('\n');
    fprintf(kv, "%s_ms %.3f\n%s_min_ms %.3f\n%s_cpu_ms %.3f\n", key, med * 1e3, key, lo * 1e3,
            key, cpu * 1e3);
    if (extra_unit)
        fprintf(kv, "%s_per_s %.1f\n", key, extra_per_second / med);
}

static double columnar_bytes(const score_ruleset *rs, size_t rows)
{
    size_t cols = 0;
    for (size_t i = 0; i < score_ruleset_field_count(rs); i++) {
        size_t ny;
        score_ruleset_field_years(rs, i, &ny);
        cols += ny ? ny : 1;
    }
    return (double)rows * (double)cols * 8.0;
}

static size_t column_count(const score_ruleset *rs)
{
    return (size_t)(columnar_bytes(rs, 1) / 8.0);
}

/*
 * The hand-written C loop against libscore, in pairs: each run times
 * libscore's evaluation (with the first and the last thread count) and
 * the C loop one after the other, so that both see the same load on a
 * shared machine; the ratios are the medians of the runs' ratios. The C
 * loop's time includes allocating its output, as libscore's does.
 */
static int run_baseline(FILE *kv, const options *o, const score_ruleset *rs,
                        const score_table *table, const score_result *result)
{
    size_t R = o->repeat, rows = score_result_row_count(result);
    unsigned t1 = o->threads[0], tn = o->threads[o->nthreads - 1];
    bench_columns cols;
    char msg[512];
    double t0 = bench_now();
    if (bench_columns_read(&cols, rs, o->data, meihao_columns, msg, sizeof msg)) {
        fprintf(stderr, "score_bench: baseline: %s\n", msg);
        return 1;
    }
    double parse = bench_now() - t0;
    meihao_input in;
    meihao_params p;
    meihao_output out;
    memset(&out, 0, sizeof out);
    int rc = 0;
    double *store = calloc(2 * 7 * R, sizeof *store);
    score_result *reused = NULL; /* score_evaluate_into's, across the runs */
    if (!store) {
        fputs("score_bench: out of memory\n", stderr);
        bench_columns_free(&cols);
        return 1;
    }
    series base = series_at(store, 0, R), lib1 = series_at(store, 1, R),
           libn = series_at(store, 2, R), ratio1 = series_at(store, 3, R),
           ration = series_at(store, 4, R), into = series_at(store, 5, R),
           ratio_into = series_at(store, 6, R);
    if (meihao_setup(&in, &p, &cols, rs)) {
        fputs("score_bench: baseline: the ruleset is not the built-in meihao-xiangcun\n", stderr);
        rc = 1;
    }
    /* no quota and no cap (bench.sh's meihao-open.yaml): the C loop
     * without ranking or allocation */
    int open = 1;
    for (size_t k = 0; k < MH_NLEVELS; k++)
        open &= p.quota[k] != p.quota[k] && p.cap[k] != p.cap[k];
    score_error err;
    if (!rc && score_evaluate(&reused, rs, table, &err))
        rc = report_error("evaluate", &err);
    for (size_t rep = 0; rep < R && !rc; rep++) {
        for (int which = 0; which < (tn != t1 ? 2 : 1) && !rc; which++) {
            score_eval_options eo = SCORE_EVAL_OPTIONS_INIT;
            eo.threads = which ? tn : t1;
            score_result *r = NULL;
            stamp t = now();
            if (score_evaluate_with(&r, rs, table, &eo, &err))
                rc = report_error("evaluate", &err);
            record(which ? &libn : &lib1, rep, t);
            score_result_free(r);
        }
        if (rc)
            break;
        score_eval_options eo = SCORE_EVAL_OPTIONS_INIT;
        eo.threads = t1;
        stamp t = now();
        if (score_evaluate_into(reused, table, &eo, &err)) {
            rc = report_error("evaluate into", &err);
            break;
        }
        record(&into, rep, t);
        meihao_output_free(&out);
        t = now();
        if (meihao_output_init(&out, in.n)) {
            fputs("score_bench: out of memory\n", stderr);
            rc = 1;
            break;
        }
        if (open)
            meihao_baseline_run_open(&in, &p, &out);
        else
            meihao_baseline_run(&in, &p, &out);
        record(&base, rep, t);
        ratio_into.v[rep] = into.v[rep] / base.v[rep];
        if (tn == t1)
            libn.v[rep] = lib1.v[rep], libn.cpu[rep] = lib1.cpu[rep];
        ratio1.v[rep] = lib1.v[rep] / base.v[rep];
        ration.v[rep] = libn.v[rep] / base.v[rep];
    }
    if (!rc) {
        mismatches m = compare(&out, rs, result);
        mismatches mi = compare(&out, rs, reused);
        m.tier += mi.tier;
        m.qualified += mi.qualified;
        m.verdict += mi.verdict;
        m.score += mi.score;
        printf("baseline: hand-written C loop (bench/baseline_meihao.c, %s), columns parsed in "
               "%.0f ms (not timed), %zu runs paired with libscore's evaluation\n",
               open ? "no quotas: criteria, scorecard, qualified tier" : "with the allocation",
               parse * 1e3, R);
        fprintf(kv, "baseline_open %d\nbaseline_parse_ms %.3f\n", open, parse * 1e3);
        print_phase(kv, "C loop, 1 thread", "baseline_c", &base, "rows/s", (double)rows);
        char name[64], key[32];
        snprintf(name, sizeof name, "libscore, %u thread%s", t1, t1 > 1 ? "s" : "");
        snprintf(key, sizeof key, "paired_eval_t%u", t1);
        print_phase(kv, name, key, &lib1, "rows/s", (double)rows);
        if (tn != t1) {
            snprintf(name, sizeof name, "libscore, %u thread%s", tn, tn > 1 ? "s" : "");
            snprintf(key, sizeof key, "paired_eval_t%u", tn);
            print_phase(kv, name, key, &libn, "rows/s", (double)rows);
        }
        snprintf(name, sizeof name, "libscore, %u thread%s, into a reused result", t1,
                 t1 > 1 ? "s" : "");
        snprintf(key, sizeof key, "paired_into_t%u", t1);
        print_phase(kv, name, key, &into, "rows/s", (double)rows);
        double r1 = bench_median(ratio1.v, R), rn = bench_median(ration.v, R),
               ri = bench_median(ratio_into.v, R);
        printf("  libscore / C loop: %.2f with %u thread%s", r1, t1, t1 > 1 ? "s" : "");
        if (tn != t1)
            printf(", %.2f with %u thread%s", rn, tn, tn > 1 ? "s" : "");
        printf(", %.2f into a reused result (medians of the paired ratios)\n", ri);
        fprintf(kv, "ratio_into_t%u_over_c %.3f\n", t1, ri);
        fprintf(kv, "ratio_libscore_t%u_over_c %.3f\n", t1, r1);
        if (tn != t1)
            fprintf(kv, "ratio_libscore_t%u_over_c %.3f\n", tn, rn);
        printf("  rows that differ from libscore: tier %zu, qualified %zu, verdicts %zu, "
               "score %zu (of %zu rows)\n",
               m.tier, m.qualified, m.verdict, m.score, rows);
        printf("  awarded by the C loop:");
        for (size_t k = 0; k < MH_NLEVELS; k++)
            printf(" %s %zu", score_ruleset_tier_id(rs, k), out.awarded[k]);
        printf(" (applicants %zu)\n", out.applicants);
        fprintf(kv, "baseline_tier_mismatches %zu\nbaseline_qualified_mismatches %zu\n"
                    "baseline_verdict_mismatches %zu\nbaseline_score_mismatches %zu\n",
                m.tier, m.qualified, m.verdict, m.score);
        if (m.tier || m.qualified || m.verdict || m.score)
            rc = 1;
    }
    meihao_output_free(&out);
    score_result_free(reused);
    free(store);
    bench_columns_free(&cols);
    return rc;
}

/* ---- main ------------------------------------------------------------- */

int main(int argc, char **argv)
{
    options o;
    if (parse_options(&o, argc, argv)) {
        usage(stderr);
        return 2;
    }
    struct stat st;
    if (stat(o.data, &st) != 0) {
        fprintf(stderr, "score_bench: %s: no such file\n", o.data);
        return 1;
    }
    double file_bytes = (double)st.st_size;
    score_load_options lo = SCORE_LOAD_OPTIONS_INIT;
    lo.params = o.params;
    lo.param_count = o.nparams;
    score_error err;
    score_ruleset *rs = NULL;
    if (score_ruleset_load(&rs, o.ruleset, &lo, &err))
        return report_error(o.ruleset, &err);
    if (o.baseline && strcmp(score_ruleset_id(rs), "meihao-xiangcun") != 0) {
        fprintf(stderr, "score_bench: --baseline is for meihao-xiangcun only\n");
        score_ruleset_free(rs);
        return 2;
    }
    /* a large buffer, so that the output phases time formatting, not
     * write calls */
    FILE *sink = fopen("/dev/null", "w");
    FILE *kv = fopen(o.kv ? o.kv : "/dev/null", "w");
    size_t R = o.repeat, T = o.nthreads;
    char *sink_buf = malloc(1 << 20);
    double *store = calloc(2 * R * (5 + 2 * T), sizeof *store);
    if (!sink || !kv || !sink_buf || !store) {
        fprintf(stderr, "score_bench: %s\n", !kv ? "cannot write the --kv file" : "out of memory");
        if (sink)
            fclose(sink);
        if (kv)
            fclose(kv);
        free(sink_buf);
        free(store);
        score_ruleset_free(rs);
        return 1;
    }
    setvbuf(sink, sink_buf, _IOFBF, 1 << 20);

    series load = series_at(store, 0, R), read = series_at(store, 1, R),
           targets = series_at(store, 2, R), output = series_at(store, 3, R),
           eval[MAX_THREADS], e2e[MAX_THREADS];
    for (size_t k = 0; k < T; k++) {
        eval[k] = series_at(store, 5 + k, R);
        e2e[k] = series_at(store, 5 + T + k, R);
    }

    score_table *table = NULL;
    score_result *result = NULL;
    size_t rows = 0, outcomes = 0, differ = 0;
    int rc = 0;
    for (size_t rep = 0; rep < R && !rc; rep++) {
        score_result_free(result);
        score_table_free(table);
        result = NULL;
        table = NULL;

        stamp t0 = now();
        score_ruleset *again = NULL;
        if (score_ruleset_load(&again, o.ruleset, &lo, &err)) {
            rc = report_error(o.ruleset, &err);
            break;
        }
        record(&load, rep, t0);
        score_ruleset_free(again);

        t0 = now();
        if (score_table_read_csv(&table, rs, o.data, &err)) {
            rc = report_error(o.data, &err);
            break;
        }
        record(&read, rep, t0);
        rows = score_table_row_count(table);
        if (rep == 0 && score_table_absent_count(table) > 0) {
            fprintf(stderr, "score_bench: warning: %s: no column for", o.data);
            for (size_t i = 0; i < score_table_absent_count(table); i++)
                fprintf(stderr, " %s", score_table_absent_name(table, i));
            fputc('\n', stderr);
        }

        for (size_t k = 0; k < T && !rc; k++) {
            /* the previous thread count's tiers, kept as a copy: one
             * result alive at a time, so that the peak memory is
             * libscore's, not this harness's */
            int *prev = NULL;
            if (result && score_ruleset_tier_count(rs) > 0) {
                if (!(prev = malloc((rows ? rows : 1) * sizeof *prev))) {
                    fputs("score_bench: out of memory\n", stderr);
                    rc = 1;
                    break;
                }
                memcpy(prev, score_result_tiers(result), rows * sizeof *prev);
            }
            score_result_free(result);
            score_eval_options eo = SCORE_EVAL_OPTIONS_INIT;
            eo.threads = o.threads[k];
            result = NULL;
            t0 = now();
            if (score_evaluate_with(&result, rs, table, &eo, &err)) {
                rc = report_error("evaluate", &err);
                free(prev);
                break;
            }
            record(&eval[k], rep, t0);
            e2e[k].v[rep] = load.v[rep] + read.v[rep] + eval[k].v[rep];
            e2e[k].cpu[rep] = load.cpu[rep] + read.cpu[rep] + eval[k].cpu[rep];
            /* the tiers must not depend on the number of threads */
            if (prev)
                for (size_t row = 0; row < rows; row++)
                    differ += prev[row] != score_result_tier(result, row);
            free(prev);
        }
        if (rc)
            break;

        t0 = now();
        outcomes = write_targets(sink, table, result, &err);
        fflush(sink);
        record(&targets, rep, t0);
        if (outcomes == (size_t)-1) {
            rc = report_error("targets output", &err);
            break;
        }

        if (!o.no_output) {
            t0 = now();
            if (write_rows(sink, table, result, &err)) {
                rc = report_error("output", &err);
                break;
            }
            fflush(sink);
            record(&output, rep, t0);
        }
    }
    double peak = bench_peak_rss();

    if (!rc) {
        double colbytes = columnar_bytes(rs, rows);
        printf("%s on %s: %zu rows, %zu columns, %.1f MB of CSV, %zu runs (medians)\n",
               score_ruleset_id(rs), o.data, rows, column_count(rs), file_bytes / 1e6, R);
        fprintf(kv, "ruleset %s\nrows %zu\ncolumns %zu\ncsv_mb %.1f\n"
               "runs %zu\n",
               score_ruleset_id(rs), rows, column_count(rs), file_bytes / 1e6, R);
        print_phase(kv, "load (compile ruleset)", "load", &load, NULL, 0);
        print_phase(kv, "read CSV", "read", &read, "MB/s", file_bytes / 1e6);
        for (size_t k = 0; k < T; k++) {
            char name[64], key[32];
            snprintf(name, sizeof name, "evaluate, %u thread%s", o.threads[k],
                     o.threads[k] > 1 ? "s" : "");
            snprintf(key, sizeof key, "eval_t%u", o.threads[k]);
            print_phase(kv, name, key, &eval[k], "rows/s", (double)rows);
        }
        printf("  (evaluate = criteria + scorecards + tiers + targets, as score_evaluate does them)\n");
        char tname[64];
        snprintf(tname, sizeof tname, "targets (%zu outcomes)", outcomes);
        print_phase(kv, tname, "targets", &targets, NULL, 0);
        if (!o.no_output)
            print_phase(kv, "output (CSV to /dev/null)", "output", &output, "rows/s",
                        (double)rows);
        for (size_t k = 0; k < T; k++) {
            char name[64], key[32];
            snprintf(name, sizeof name, "end to end, %u thread%s", o.threads[k],
                     o.threads[k] > 1 ? "s" : "");
            snprintf(key, sizeof key, "e2e_t%u", o.threads[k]);
            print_phase(kv, name, key, &e2e[k], NULL, 0);
        }
        printf("  (end to end = load + read + evaluate)\n");
        printf("  %-28s %10.1f MB\n  %-28s %10.1f MB  (%.2f x the columnar data)\n",
               "columnar data (rows*cols*8)", colbytes / 1e6, "peak memory (ru_maxrss)",
               peak / 1e6, peak / colbytes);
        fprintf(kv, "columnar_mb %.1f\npeak_mb %.1f\npeak_ratio %.3f\n",
               colbytes / 1e6, peak / 1e6, peak / colbytes);
        printf("  rows whose tier differs between thread counts: %zu\n", differ);
        fprintf(kv, "thread_tier_mismatches %zu\n", differ);
        if (differ)
            rc = 1;
    }

    if (!rc && o.baseline)
        rc = run_baseline(kv, &o, rs, table, result);

    score_result_free(result);
    score_table_free(table);
    score_ruleset_free(rs);
    fclose(sink);
    if (fclose(kv) != 0)
        rc = 1;
    free(sink_buf);
    free(store);
    return rc;
}
