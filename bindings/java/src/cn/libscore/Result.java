package cn.libscore;

import cn.libscore.internal.ScoreNative;
import cn.libscore.internal.score_eval_options;
import cn.libscore.internal.score_output_options;
import cn.libscore.internal.score_result;
import cn.libscore.internal.score_ruleset;
import cn.libscore.internal.score_table;
import cn.libscore.internal.score_target_outcome;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The result (结果) of evaluating a ruleset on a table: per row the
 * criterion verdicts, scorecard totals and grades, the qualified and the
 * awarded tier; per target and scope the outcome; and explanations.
 *
 * <p>Values cross from the library a whole column at a time, the first
 * time they are asked for, and are kept. A result keeps its table and
 * ruleset alive until it is closed; after {@link #close()} every method
 * throws IllegalStateException.
 */
public final class Result implements AutoCloseable {
    private final Ruleset ruleset;
    private final Table table;
    final NativeRef<score_result> ref;
    private final Cleaner.Cleanable cleanable;
    private final int rows;

    /* Columns, fetched on first use. */
    private int[] tiers;
    private int[] qualified;
    private double[] rankScores;
    private byte[] eligible;
    private final byte[][] verdicts;
    private final double[][] scores;
    private final String[][] grades;
    private List<TargetOutcome> outcomes;

    static Result evaluate(Ruleset ruleset, Table table, int threads) throws ScoreException {
        score_ruleset rs = ruleset.ref.acquire();
        boolean held = false;
        try {
            score_table t = table.ref.acquire();
            try {
                score_result r;
                score_eval_options opts = new score_eval_options();
                try {
                    opts.setThreads(threads);
                    r = ScoreNative.score_evaluate_table(rs, t, opts);
                } finally {
                    opts.delete();
                }
                try {
                    Result result = new Result(ruleset, table, r);
                    held = true;
                    return result;
                } catch (RuntimeException | Error e) {
                    r.delete();
                    throw e;
                }
            } finally {
                if (!held) {
                    table.ref.release();
                }
            }
        } finally {
            if (!held) {
                ruleset.ref.release();
            }
        }
    }

    private Result(Ruleset ruleset, Table table, score_result r) {
        this.ruleset = ruleset;
        this.table = table;
        this.rows = Math.toIntExact(ScoreNative.score_result_row_count(r));
        this.verdicts = new byte[ruleset.criteriaList().size()][];
        this.scores = new double[ruleset.scorecardList().size()][];
        this.grades = new String[ruleset.scorecardList().size()][];
        /* Freed before the table and the ruleset it was made from. */
        this.ref = new NativeRef<>("Result", r, score_result::delete, table.ref, ruleset.ref);
        this.cleanable = NativeRef.CLEANER.register(this, ref::close);
    }

    public Ruleset ruleset() {
        ref.ensureOpen();
        return ruleset;
    }

    public Table table() {
        ref.ensureOpen();
        return table;
    }

    public int rowCount() {
        ref.ensureOpen();
        return rows;
    }

    /** One view per row, in table order. */
    public List<RowResult> rows() {
        ref.ensureOpen();
        return new Rows();
    }

    public RowResult row(int row) {
        Objects.checkIndex(row, rowCount());
        return new RowResult(this, row);
    }

    /** The row with this key; IllegalArgumentException if there is none. */
    public RowResult row(String key) {
        return new RowResult(this, rowIndex(key));
    }

    /** The keys of the rows, in table order. */
    public List<String> keys() {
        ref.acquire();
        try {
            return table.keysHeld();
        } finally {
            ref.release();
        }
    }

    /** The verdict of a criterion on every row: TRUE, FALSE, or null (unknown: data missing). */
    public Boolean[] verdicts(String criterionId) {
        byte[] v = verdictColumn(ruleset.criterionById(criterionId).index());
        Boolean[] out = new Boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = verdict(v[i]);
        }
        return out;
    }

    /** A scorecard's total on every row; NaN where it is missing. */
    public double[] scores(String scorecardId) {
        return scoreColumn(ruleset.scorecardById(scorecardId).index()).clone();
    }

    /** A scorecard's grade on every row; null where there is none. */
    public String[] grades(String scorecardId) {
        return gradeColumn(ruleset.scorecardById(scorecardId).index()).clone();
    }

    /** The id of the awarded tier of every row, null for none. */
    public String[] tierIds() {
        return ids(tierColumn());
    }

    /** The id of the highest tier each row qualifies for by its criteria alone, null for none. */
    public String[] qualifiedTierIds() {
        return ids(qualifiedColumn());
    }

    /** The ranking value (rank_by) of every row; NaN where missing. */
    public double[] rankScores() {
        return rankColumn().clone();
    }

    /** The number of eligible rows (applicants), the base of every cap. */
    public long applicants() {
        score_result r = ref.acquire();
        try {
            return ScoreNative.score_result_applicants(r);
        } finally {
            ref.release();
        }
    }

    /** The outcome of every target in every scope: targets in document order, then scopes. */
    public synchronized List<TargetOutcome> targets() {
        if (outcomes == null) {
            outcomes = fetchOutcomes();
        }
        ref.ensureOpen();
        return outcomes;
    }

    private List<TargetOutcome> fetchOutcomes() {
        score_result r = ref.acquire();
        score_target_outcome o = new score_target_outcome();
        try {
            /* The result holds its table, closed or not. */
            List<String> rowKeys = table.keysHeld();
            int n = Math.toIntExact(ScoreNative.score_result_outcome_count(r));
            List<TargetOutcome> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (ScoreNative.score_result_outcome(r, i, o) != 0) {
                    throw new IllegalStateException("libscore: no outcome " + i);
                }
                long[] failing = o.getFailing();
                String[] keys = new String[failing == null ? 0 : failing.length];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = rowKeys.get(Math.toIntExact(failing[k]));
                }
                out.add(new TargetOutcome(i, ruleset.targetList().get((int) o.getTarget()), o.getScope(), o.getOp(),
                    o.getActual(), o.getRequired(), TargetVerdict.of(o.getVerdict()), o.getShortfall(),
                    o.getPopulation(), o.getSatisfied(), o.getUnknown(),
                    Collections.unmodifiableList(Arrays.asList(keys))));
            }
            return Collections.unmodifiableList(out);
        } finally {
            o.delete();
            ref.release();
        }
    }

    /** The explanation of the row with this key, in Chinese, as {@code score explain} prints it. */
    public String explain(String key) throws ScoreException {
        return explainRow(rowIndexOrMissing(key), false);
    }

    /** The explanation of the row with this key, as JSON. */
    public String explainJson(String key) throws ScoreException {
        return explainRow(rowIndexOrMissing(key), true);
    }

    /** The explanation of row {@code row} (an index), in Chinese. */
    public String explain(int row) throws ScoreException {
        return explainRow(row, false);
    }

    /**
     * The explanation of target {@code id} in {@code scope} ("all", or
     * "FIELD=VALUE" as {@link TargetOutcome#scope()} names it), in Chinese:
     * population, rows satisfied and unknown, actual and required, verdict,
     * shortfall, failing keys. NOTFOUND for a target or scope there is none of.
     */
    public String explainTarget(String id, String scope) throws ScoreException {
        return explainOutcome(outcomeIndex(id, scope), false);
    }

    /** As {@link #explainTarget(String, String)} in the scope "all". */
    public String explainTarget(String id) throws ScoreException {
        return explainTarget(id, "all");
    }

    /** As {@link #explainTarget(String, String)}, as JSON. */
    public String explainTargetJson(String id, String scope) throws ScoreException {
        return explainOutcome(outcomeIndex(id, scope), true);
    }

    /**
     * The explanation of target outcome {@code i} (an index in {@link #targets()}), in Chinese.
     *
     * @deprecated name the target and its scope: {@link #explainTarget(String, String)}
     */
    @Deprecated
    public String explainTarget(int i) throws ScoreException {
        return explainOutcome(i, false);
    }

    /**
     * The explanation of target outcome {@code i}, as JSON.
     *
     * @deprecated name the target and its scope: {@link #explainTargetJson(String, String)}
     */
    @Deprecated
    public String explainTargetJson(int i) throws ScoreException {
        return explainOutcome(i, true);
    }

    /**
     * Writes this result to {@code path} as the CLI's {@code eval},
     * {@code targets} or {@code report} would, in one of their formats; the
     * same C code writes it. The file appears whole or not at all: it is
     * written under a temporary name beside it and renamed when complete.
     * NOTFOUND for a kept column the ruleset has no field for; IO with the
     * path when it cannot be written.
     */
    public void write(Path path, OutputOptions.Kind kind, OutputOptions.Format format,
                      OutputOptions options) throws ScoreException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        score_output_options o = (options == null ? OutputOptions.defaults() : options).toNative();
        score_result r = ref.acquire();
        try {
            ScoreNative.score_output_file(path.toString(), r, table.ref.held(), kind.code,
                format.code, o);
        } finally {
            ref.release();
            o.delete();
        }
    }

    /** The workbook of {@code score report --format xlsx}: 等级评定, 目标任务, 销号台账, 说明. */
    public void toExcel(Path path, OutputOptions options) throws ScoreException {
        write(path, OutputOptions.Kind.REPORT, OutputOptions.Format.XLSX, options);
    }

    /** The 考核验收 report of {@code score report}: one self-contained HTML file. */
    public void report(Path path, OutputOptions options) throws ScoreException {
        write(path, OutputOptions.Kind.REPORT, OutputOptions.Format.HTML, options);
    }

    /**
     * What the row with this key must change to reach the tier above the one it
     * was awarded, in Chinese, as {@code score gap} prints it: each failing
     * requirement solved for one field, the rank score it needs when the level
     * is full, and what cannot be solved. NOTFOUND for a missing key, or a row
     * at the top tier.
     */
    public String gap(String key) throws ScoreException {
        return gapText(rowIndexOrMissing(key), null, false);
    }

    /**
     * The gap of the row with this key to tier {@code tierId} (null: the next),
     * as JSON: {"key", "tier", "target_tier", "reachable", "changes": [{"criterion",
     * "field", "label", "year", "from", "to", "strict", "value", "kind"}], "rank",
     * "unresolved"}.
     */
    public String gapJson(String key, String tierId) throws ScoreException {
        return gapText(rowIndexOrMissing(key), tierId, true);
    }

    /**
     * The plan (攻坚清单) of target {@code id} in {@code scope}, in Chinese: the
     * rows cheapest to bring over the line, each with its changes (empty when met).
     */
    public String plan(String id, String scope) throws ScoreException {
        return planText(outcomeIndex(id, scope), false);
    }

    /** As {@link #plan(String, String)}, as JSON: {"target", "scope", "shortfall", "complete", "rows"}. */
    public String planJson(String id, String scope) throws ScoreException {
        return planText(outcomeIndex(id, scope), true);
    }

    /**
     * What changed between two results of one ruleset, as {@code score diff}: one
     * array per key of {key, tier_old, tier_new, change, flipped}, change "up",
     * "down", "same", "added" or "removed", tiers null for none, flipped the ids
     * of the criteria whose verdict differs, space-separated ("" for none, null
     * for an added or removed row); old rows first.
     */
    public static List<String[]> diff(Result oldResult, Result newResult) {
        List<String> ok = oldResult.keys(), nk = newResult.keys();
        String[] ot = oldResult.tierIds(), nt = newResult.tierIds();
        List<String> order = new ArrayList<>();
        for (Tier t : oldResult.ruleset.tiers()) {
            order.add(t.id());
        }
        List<String> criteria = new ArrayList<>();
        List<Boolean[]> ov = new ArrayList<>(), nv = new ArrayList<>();
        for (Criterion c : oldResult.ruleset.criteria()) {
            criteria.add(c.id());
            ov.add(oldResult.verdicts(c.id()));
            nv.add(newResult.verdicts(c.id()));
        }
        java.util.Map<String, Integer> at = new java.util.HashMap<>();
        for (int j = 0; j < nk.size(); j++) {
            at.put(nk.get(j), j);
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < ok.size(); i++) {
            Integer j = at.remove(ok.get(i));
            if (j == null) {
                out.add(new String[] {ok.get(i), ot[i], null, "removed", null});
                continue;
            }
            StringBuilder flipped = new StringBuilder();
            for (int c = 0; c < criteria.size(); c++) {
                if (!Objects.equals(ov.get(c)[i], nv.get(c)[j])) {
                    flipped.append(flipped.length() > 0 ? " " : "").append(criteria.get(c));
                }
            }
            int a = order.indexOf(ot[i]), b = order.indexOf(nt[j]); /* -1 for none (null) */
            out.add(new String[] {ok.get(i), ot[i], nt[j], b > a ? "up" : b < a ? "down" : "same",
                                  flipped.toString()});
        }
        for (int j = 0; j < nk.size(); j++) {
            if (at.containsKey(nk.get(j))) {
                out.add(new String[] {nk.get(j), null, nt[j], "added", null});
            }
        }
        return out;
    }

    private String gapText(long row, String tierId, boolean json) throws ScoreException {
        long tier = -1; /* (size_t)-1: the next tier */
        if (tierId != null) {
            List<Tier> tiers = ruleset.tiers();
            tier = tiers.size() + 1L; /* none: NOTFOUND from the library */
            for (int k = 0; k < tiers.size(); k++) {
                if (tiers.get(k).id().equals(tierId)) {
                    tier = k;
                }
            }
        }
        score_result r = ref.acquire();
        try {
            return ScoreNative.score_row_gap_text(r, table.ref.held(), row, tier, json ? 1 : 0);
        } finally {
            ref.release();
        }
    }

    private String planText(long i, boolean json) throws ScoreException {
        score_result r = ref.acquire();
        try {
            return ScoreNative.score_target_plan_text(r, table.ref.held(), i, json ? 1 : 0);
        } finally {
            ref.release();
        }
    }

    /* The index in targets() of a target's outcome in a scope. */
    private int outcomeIndex(String id, String scope) throws ScoreException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        if (ruleset.targetList().stream().noneMatch(t -> t.id().equals(id))) {
            throw new ScoreException(ScoreException.Code.NOTFOUND, "", 0, 0,
                "no target '" + id + "' in " + ruleset.idUnchecked());
        }
        for (TargetOutcome o : targets()) {
            if (o.id().equals(id) && o.scope().equals(scope)) {
                return o.index();
            }
        }
        throw new ScoreException(ScoreException.Code.NOTFOUND, "", 0, 0,
            "target '" + id + "' has no scope '" + scope + "'");
    }

    private String explainRow(long row, boolean json) throws ScoreException {
        score_result r = ref.acquire();
        try {
            /* The result holds its table, closed or not. */
            return ScoreNative.score_explain_row_text(r, table.ref.held(), row, json ? 1 : 0);
        } finally {
            ref.release();
        }
    }

    private String explainOutcome(long i, boolean json) throws ScoreException {
        score_result r = ref.acquire();
        try {
            /* The result holds its table, closed or not. */
            return ScoreNative.score_explain_outcome_text(r, table.ref.held(), i, json ? 1 : 0);
        } finally {
            ref.release();
        }
    }

    /* A missing key reaches the library as a row past the end: its ScoreException (NOTFOUND). */
    private long rowIndexOrMissing(String key) {
        int row = rowOfKey(key);
        return row >= 0 ? row : rows;
    }

    private int rowIndex(String key) {
        int row = rowOfKey(key);
        if (row < 0) {
            throw new IllegalArgumentException("no row with key '" + key + "'");
        }
        return row;
    }

    private int rowOfKey(String key) {
        Objects.requireNonNull(key, "key");
        ref.acquire();
        try {
            return table.rowOfHeld(key);
        } finally {
            ref.release();
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return ref.isClosed();
    }

    /** Releases the result; a second call does nothing. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /* ---- columns, for RowResult ---- */

    static Boolean verdict(byte code) {
        return code == 1 ? Boolean.TRUE : code == 0 ? Boolean.FALSE : null;
    }

    Ruleset rulesetUnchecked() {
        return ruleset;
    }

    synchronized byte[] verdictColumn(int criterion) {
        if (verdicts[criterion] == null) {
            score_result r = ref.acquire();
            try {
                verdicts[criterion] = orMissing(ScoreNative.score_result_verdicts(r, criterion));
            } finally {
                ref.release();
            }
        }
        ref.ensureOpen();
        return verdicts[criterion];
    }

    synchronized double[] scoreColumn(int scorecard) {
        if (scores[scorecard] == null) {
            score_result r = ref.acquire();
            try {
                scores[scorecard] = orMissing(ScoreNative.score_result_scores(r, scorecard));
            } finally {
                ref.release();
            }
        }
        ref.ensureOpen();
        return scores[scorecard];
    }

    synchronized String[] gradeColumn(int scorecard) {
        if (grades[scorecard] == null) {
            score_result r = ref.acquire();
            try {
                int[] codes = orMissing(ScoreNative.score_result_grades(r, scorecard));
                String[] labels = ruleset.gradeLabels(scorecard);
                String[] g = new String[rows];
                for (int i = 0; i < rows; i++) {
                    g[i] = codes[i] < 0 ? null : labels[codes[i]];
                }
                grades[scorecard] = g;
            } finally {
                ref.release();
            }
        }
        ref.ensureOpen();
        return grades[scorecard];
    }

    synchronized int[] tierColumn() {
        if (tiers == null) {
            score_result r = ref.acquire();
            try {
                tiers = orMissing(ScoreNative.score_result_tiers(r));
            } finally {
                ref.release();
            }
        }
        ref.ensureOpen();
        return tiers;
    }

    synchronized int[] qualifiedColumn() {
        if (qualified == null) {
            score_result r = ref.acquire();
            try {
                qualified = orMissing(ScoreNative.score_result_qualified_tiers(r));
            } finally {
                ref.release();
            }
        }
        ref.ensureOpen();
        return qualified;
    }

    synchronized double[] rankColumn() {
        if (rankScores == null) {
            score_result r = ref.acquire();
            try {
                rankScores = orMissing(ScoreNative.score_result_rank_scores(r));
            } finally {
                ref.release();
            }
        }
        ref.ensureOpen();
        return rankScores;
    }

    synchronized byte[] eligibleColumn() {
        if (eligible == null) {
            score_result r = ref.acquire();
            try {
                eligible = orMissing(ScoreNative.score_result_eligibility(r));
            } finally {
                ref.release();
            }
        }
        ref.ensureOpen();
        return eligible;
    }

    /* The library gives no column for a ruleset without a tier ladder (or
     * without rows): every row's value is then none, -1, NaN or unknown. */
    private byte[] orMissing(byte[] column) {
        if (column != null) {
            return column;
        }
        byte[] none = new byte[rows];
        Arrays.fill(none, (byte) -1);
        return none;
    }

    private int[] orMissing(int[] column) {
        if (column != null) {
            return column;
        }
        int[] none = new int[rows];
        Arrays.fill(none, -1);
        return none;
    }

    private double[] orMissing(double[] column) {
        if (column != null) {
            return column;
        }
        double[] none = new double[rows];
        Arrays.fill(none, Double.NaN);
        return none;
    }

    Tier tierAt(int level) {
        return level < 0 ? null : ruleset.tierList().get(level);
    }

    private String[] ids(int[] levels) {
        String[] out = new String[levels.length];
        for (int i = 0; i < levels.length; i++) {
            Tier t = tierAt(levels[i]);
            out[i] = t == null ? null : t.id();
        }
        return out;
    }

    private final class Rows extends AbstractList<RowResult> implements RandomAccess {
        @Override
        public RowResult get(int index) {
            return row(index);
        }

        @Override
        public int size() {
            return rows;
        }
    }
}
