package cn.libscore;

import java.util.List;

/**
 * A target's outcome in one scope: all rows ("all") or one group
 * ("county=青山区"). Numbers are as the CLI's {@code score targets} gives
 * them: a share is a fraction (0.3, not 30%).
 */
public final class TargetOutcome {
    private final int index;
    private final Target target;
    private final String scope;
    private final String op;
    private final double actual;
    private final double required;
    private final TargetVerdict verdict;
    private final double shortfall;
    private final long population;
    private final long satisfied;
    private final long unknown;
    private final List<String> failingKeys;

    TargetOutcome(int index, Target target, String scope, String op, double actual, double required,
        TargetVerdict verdict, double shortfall, long population, long satisfied, long unknown,
        List<String> failingKeys) {
        this.index = index;
        this.target = target;
        this.scope = scope;
        this.op = op;
        this.actual = actual;
        this.required = required;
        this.verdict = verdict;
        this.shortfall = shortfall;
        this.population = population;
        this.satisfied = satisfied;
        this.unknown = unknown;
        this.failingKeys = failingKeys;
    }

    /** The position in {@link Result#targets()}. */
    public int index() {
        return index;
    }

    public Target target() {
        return target;
    }

    /** The target's id. */
    public String id() {
        return target.id();
    }

    /** "all" or "FIELD=VALUE". */
    public String scope() {
        return scope;
    }

    /** {@code >=, >, <=, <, ==, !=}, or {@code all}, {@code none}. */
    public String op() {
        return op;
    }

    /** The value reached; NaN when there is none (a share of no rows). */
    public double actual() {
        return actual;
    }

    /** The value required; for all/none the rows that must hold. */
    public double required() {
        return required;
    }

    public TargetVerdict verdict() {
        return verdict;
    }

    /** Rows (or amount) still needed; NaN when met. */
    public double shortfall() {
        return shortfall;
    }

    /** Rows in the population in this scope. */
    public long population() {
        return population;
    }

    /** Rows where the condition holds. */
    public long satisfied() {
        return satisfied;
    }

    /** Rows whose condition is unknown, or whose values were skipped. */
    public long unknown() {
        return unknown;
    }

    /** The keys of the rows that fall short (the 销号 ledger). */
    public List<String> failingKeys() {
        return failingKeys;
    }

    @Override
    public String toString() {
        return target.id() + " " + scope + ": " + Libscore.formatNumber(actual) + " " + op + " "
            + Libscore.formatNumber(required) + " " + verdict;
    }
}
