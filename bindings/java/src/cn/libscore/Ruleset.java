package cn.libscore;

import cn.libscore.internal.ScoreNative;
import cn.libscore.internal.score_ruleset;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled ruleset (规则集): the tier standard and targets of a plan.
 * Load it once and evaluate it on any number of tables, from any number of
 * threads: it is immutable. Its metadata (fields, criteria, tiers,
 * targets...) is read once at load time.
 *
 * <p>Close it when done (try-with-resources). Tables and results made from
 * it keep the native ruleset alive until they are closed too, so the order
 * of closing does not matter; using a closed ruleset throws
 * IllegalStateException.
 */
public final class Ruleset implements AutoCloseable {
    final NativeRef<score_ruleset> ref;
    private final Cleaner.Cleanable cleanable;

    private final String id;
    private final String version;
    private final String title;
    private final String entity;
    private final String key;
    private final String hash;
    private final List<Field> fields;
    private final List<Param> params;
    private final List<Criterion> criteria;
    private final List<Scorecard> scorecards;
    private final List<Tier> tiers;
    private final List<Target> targets;
    private final Map<String, Criterion> criteriaById = new HashMap<>();
    private final Map<String, Scorecard> scorecardsById = new HashMap<>();
    /* Per scorecard, the text of each grade a result numbers (null: none such). */
    private final List<String[]> gradeLabels = new ArrayList<>();

    /**
     * Loads a built-in ruleset by id ({@link #builtins()}), else the YAML or
     * JSON file at that path. A bare name that is neither is NOTFOUND ("no
     * built-in ruleset ..."); write ./NAME for a file named like a built-in.
     */
    public static Ruleset load(String nameOrPath) throws ScoreException {
        return load(nameOrPath, null);
    }

    /**
     * As {@link #load(String)}, with parameter overrides applied before
     * compiling: name to a literal as in rules ("3万", "70%", "2021").
     */
    public static Ruleset load(String nameOrPath, Map<String, String> params) throws ScoreException {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        return wrap(ScoreNative.score_load(nameOrPath, overrides(params)));
    }

    /** Compiles a ruleset document (YAML or JSON) given as text; errors name it "&lt;string&gt;". */
    public static Ruleset fromString(String document) throws ScoreException {
        return fromString(document, null, null);
    }

    /**
     * Compiles a ruleset document given as text.
     *
     * @param sourceName names the text in error messages (null: "&lt;string&gt;")
     * @param params parameter overrides, or null
     */
    public static Ruleset fromString(String document, String sourceName, Map<String, String> params)
        throws ScoreException {
        Objects.requireNonNull(document, "document");
        byte[] text = document.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return wrap(ScoreNative.score_load_text(text, sourceName, overrides(params)));
    }

    /* Parameter overrides as the library takes them: NAME=VALUE each. */
    private static String[] overrides(Map<String, String> params) {
        if (params == null) {
            return new String[0];
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "parameter name");
            out.add(name + "=" + Objects.requireNonNull(e.getValue(), "value of parameter " + name));
        }
        return out.toArray(new String[0]);
    }

    /** The rulesets compiled into the library, with their titles. */
    public static List<BuiltinRuleset> builtins() {
        long n = ScoreNative.score_builtin_count();
        List<BuiltinRuleset> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(new BuiltinRuleset(ScoreNative.score_builtin_id(i), ScoreNative.score_builtin_title(i)));
        }
        return Collections.unmodifiableList(out);
    }

    private static Ruleset wrap(score_ruleset p) {
        try {
            return new Ruleset(p);
        } catch (RuntimeException | Error e) {
            p.delete();
            throw e;
        }
    }

    private Ruleset(score_ruleset p) {
        id = ScoreNative.score_ruleset_id(p);
        version = ScoreNative.score_ruleset_version(p);
        title = ScoreNative.score_ruleset_title(p);
        entity = ScoreNative.score_ruleset_entity(p);
        key = ScoreNative.score_ruleset_key(p);
        hash = ScoreNative.score_ruleset_hash(p);

        List<Field> f = new ArrayList<>();
        for (long i = 0, n = ScoreNative.score_ruleset_field_count(p); i < n; i++) {
            f.add(new Field(ScoreNative.score_ruleset_field_id(p, i), ScoreNative.score_ruleset_field_label(p, i),
                FieldType.of(ScoreNative.score_ruleset_field_type(p, i)), years(p, i)));
        }
        fields = Collections.unmodifiableList(f);

        List<Param> pa = new ArrayList<>();
        for (long i = 0, n = ScoreNative.score_ruleset_param_count(p); i < n; i++) {
            pa.add(new Param(ScoreNative.score_ruleset_param_name(p, i), ScoreNative.score_ruleset_param_label(p, i),
                ScoreNative.score_ruleset_param_value(p, i), ScoreNative.score_ruleset_param_default(p, i)));
        }
        params = Collections.unmodifiableList(pa);

        List<Criterion> c = new ArrayList<>();
        for (int i = 0, n = (int) ScoreNative.score_ruleset_criterion_count(p); i < n; i++) {
            Criterion crit = new Criterion(i, ScoreNative.score_ruleset_criterion_id(p, i),
                ScoreNative.score_ruleset_criterion_label(p, i), ScoreNative.score_ruleset_criterion_expr(p, i));
            c.add(crit);
            criteriaById.put(crit.id(), crit);
        }
        criteria = Collections.unmodifiableList(c);

        List<Scorecard> s = new ArrayList<>();
        for (int i = 0, n = (int) ScoreNative.score_ruleset_scorecard_count(p); i < n; i++) {
            Scorecard sc = new Scorecard(i, ScoreNative.score_ruleset_scorecard_id(p, i),
                ScoreNative.score_ruleset_scorecard_label(p, i), ScoreNative.score_ruleset_scorecard_has_grades(p, i) != 0);
            s.add(sc);
            scorecardsById.put(sc.id(), sc);
            String[] labels = new String[(int) ScoreNative.score_ruleset_grade_count(p, i)];
            for (int g = 0; g < labels.length; g++) {
                labels[g] = ScoreNative.score_ruleset_grade_label(p, i, g);
            }
            gradeLabels.add(labels);
        }
        scorecards = Collections.unmodifiableList(s);

        List<Tier> t = new ArrayList<>();
        for (int i = 0, n = (int) ScoreNative.score_ruleset_tier_count(p); i < n; i++) {
            t.add(new Tier(i, ScoreNative.score_ruleset_tier_id(p, i), ScoreNative.score_ruleset_tier_label(p, i),
                ScoreNative.score_ruleset_tier_quota(p, i), ScoreNative.score_ruleset_tier_cap(p, i)));
        }
        tiers = Collections.unmodifiableList(t);

        List<Target> g = new ArrayList<>();
        for (int i = 0, n = (int) ScoreNative.score_ruleset_target_count(p); i < n; i++) {
            g.add(new Target(i, ScoreNative.score_ruleset_target_id(p, i), ScoreNative.score_ruleset_target_label(p, i),
                ScoreNative.score_ruleset_target_expr(p, i), ScoreNative.score_ruleset_target_year(p, i),
                ScoreNative.score_ruleset_target_aggregate(p, i)));
        }
        targets = Collections.unmodifiableList(g);

        ref = new NativeRef<>("Ruleset " + id, p, score_ruleset::delete);
        cleanable = NativeRef.CLEANER.register(this, ref::close);
    }

    /* The years of a year-indexed field; none for a plain one. */
    private static int[] years(score_ruleset p, long field) {
        int[] years = ScoreNative.score_ruleset_field_years(p, field);
        return years == null ? new int[0] : years;
    }

    /** Evaluates every criterion, scorecard, tier and target on every row, in the calling thread. */
    public Result evaluate(Table table) throws ScoreException {
        return evaluate(table, 1);
    }

    /**
     * As {@link #evaluate(Table)} with {@code threads} worker threads (0 or
     * 1: the calling thread only). The result is the same whatever the number.
     */
    public Result evaluate(Table table, int threads) throws ScoreException {
        Objects.requireNonNull(table, "table");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative");
        }
        if (table.ruleset != this) {
            throw new IllegalArgumentException("the table was made for another ruleset");
        }
        return Result.evaluate(this, table, threads);
    }

    public String id() {
        ref.ensureOpen();
        return id;
    }

    public String version() {
        ref.ensureOpen();
        return version;
    }

    public String title() {
        ref.ensureOpen();
        return title;
    }

    /** The kind of row: village, branch, member. */
    public String entity() {
        ref.ensureOpen();
        return entity;
    }

    /** The id of the field that identifies a row. */
    public String key() {
        ref.ensureOpen();
        return key;
    }

    /** A hash of the compiled content (16 hex digits): equal hashes decide the same way. */
    public String hash() {
        ref.ensureOpen();
        return hash;
    }

    public List<Field> fields() {
        ref.ensureOpen();
        return fields;
    }

    public List<Param> params() {
        ref.ensureOpen();
        return params;
    }

    public List<Criterion> criteria() {
        ref.ensureOpen();
        return criteria;
    }

    public List<Scorecard> scorecards() {
        ref.ensureOpen();
        return scorecards;
    }

    /** The tier ladder, lowest first; empty for a ruleset without tiers. */
    public List<Tier> tiers() {
        ref.ensureOpen();
        return tiers;
    }

    public List<Target> targets() {
        ref.ensureOpen();
        return targets;
    }

    /* Lookups for the results, which stay usable after this is closed. */

    Criterion criterionById(String criterionId) {
        Criterion c = criteriaById.get(criterionId);
        if (c == null) {
            throw new IllegalArgumentException("ruleset " + id + " has no criterion '" + criterionId + "'");
        }
        return c;
    }

    Scorecard scorecardById(String scorecardId) {
        Scorecard s = scorecardsById.get(scorecardId);
        if (s == null) {
            throw new IllegalArgumentException("ruleset " + id + " has no scorecard '" + scorecardId + "'");
        }
        return s;
    }

    List<Criterion> criteriaList() {
        return criteria;
    }

    List<Scorecard> scorecardList() {
        return scorecards;
    }

    /** The grades of a scorecard, indexed as a result's grade column numbers them. */
    String[] gradeLabels(int scorecard) {
        return gradeLabels.get(scorecard);
    }

    List<Tier> tierList() {
        return tiers;
    }

    List<Target> targetList() {
        return targets;
    }

    String idUnchecked() {
        return id;
    }

    String keyUnchecked() {
        return key;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return ref.isClosed();
    }

    /**
     * Releases the ruleset; a second call does nothing. The native memory is
     * freed once the tables and results made from it are closed too.
     */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "Ruleset " + id + " " + version + " (" + title + ")";
    }
}
