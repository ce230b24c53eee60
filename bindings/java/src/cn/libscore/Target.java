package cn.libscore;

/** A population-level check (目标任务), e.g. {@code share(branch_stars == 5) >= 40%}. */
public final class Target extends RulesetPart {
    private final String expression;
    private final int year;
    private final String aggregate;

    Target(int index, String id, String label, String expression, int year, String aggregate) {
        super(index, id, label);
        this.expression = expression;
        this.year = year;
        this.aggregate = aggregate;
    }

    /** The source text of its {@code require}. */
    public String expression() {
        return expression;
    }

    /** The milestone year, 0 when the target has none. */
    public int year() {
        return year;
    }

    /** count, share, sum, avg, min, max, all or none. */
    public String aggregate() {
        return aggregate;
    }
}
