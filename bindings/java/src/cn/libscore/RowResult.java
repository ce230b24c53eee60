package cn.libscore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one row: a view into its {@link Result}, valid while the
 * result is open. Verdicts are three-valued: TRUE, FALSE, or null when
 * data is missing (unknown).
 */
public final class RowResult {
    private final Result result;
    private final int row;

    RowResult(Result result, int row) {
        this.result = result;
        this.row = row;
    }

    /** The row's index in the table. */
    public int index() {
        return row;
    }

    /** The row's key, or null if the key cell is missing. */
    public String key() {
        return result.keys().get(row);
    }

    /** The tier awarded after quotas, caps and the prior-level step limit, or null for none. */
    public Tier tier() {
        return result.tierAt(result.tierColumn()[row]);
    }

    /** The id of the awarded tier, or null for none. */
    public String tierId() {
        Tier t = tier();
        return t == null ? null : t.id();
    }

    /** The label of the awarded tier, or null for none. */
    public String tierLabel() {
        Tier t = tier();
        return t == null ? null : t.label();
    }

    /** The highest tier the row qualifies for by its criteria alone, or null for none. */
    public Tier qualified() {
        return result.tierAt(result.qualifiedColumn()[row]);
    }

    /** The id of the qualified tier, or null for none. */
    public String qualifiedId() {
        Tier t = qualified();
        return t == null ? null : t.id();
    }

    /** The ranking value (rank_by); NaN if missing. */
    public double rankScore() {
        return result.rankColumn()[row];
    }

    /** Eligibility (申报条件): TRUE, FALSE or null (unknown). */
    public Boolean eligible() {
        return Result.verdict(result.eligibleColumn()[row]);
    }

    /** The verdict of a criterion: TRUE, FALSE, or null (unknown: data missing). */
    public Boolean verdict(String criterionId) {
        int c = result.rulesetUnchecked().criterionById(criterionId).index();
        return Result.verdict(result.verdictColumn(c)[row]);
    }

    /** Every criterion's verdict, in document order (null values: unknown). */
    public Map<String, Boolean> verdicts() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Criterion c : result.rulesetUnchecked().criteriaList()) {
            out.put(c.id(), Result.verdict(result.verdictColumn(c.index())[row]));
        }
        return out;
    }

    /** A scorecard's total; NaN if missing. */
    public double score(String scorecardId) {
        return result.scoreColumn(result.rulesetUnchecked().scorecardById(scorecardId).index())[row];
    }

    /** Every scorecard's total, in document order (NaN: missing). */
    public Map<String, Double> scores() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Scorecard s : result.rulesetUnchecked().scorecardList()) {
            out.put(s.id(), result.scoreColumn(s.index())[row]);
        }
        return out;
    }

    /** A scorecard's grade (band, or a veto's grade), or null if none. */
    public String grade(String scorecardId) {
        return result.gradeColumn(result.rulesetUnchecked().scorecardById(scorecardId).index())[row];
    }

    /** The explanation of this row, in Chinese. */
    public String explain() throws ScoreException {
        return result.explain(row);
    }

    @Override
    public String toString() {
        return "RowResult " + key() + ": tier " + tierId();
    }
}
