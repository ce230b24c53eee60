package cn.libscore;

/** A population-level check (目标任务), e.g. {@code share(branch_stars == 5) >= 40%}. */
public final class Target {
    private final int index;
    private final String id;
    private final String label;
    private final String expression;
    private final int year;
    private final String aggregate;

    Target(int index, String id, String label, String expression, int year, String aggregate) {
        this.index = index;
        this.id = id;
        this.label = label;
        this.expression = expression;
        this.year = year;
        this.aggregate = aggregate;
    }

    /** The position in {@link Ruleset#targets()}. */
    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
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

    @Override
    public String toString() {
        return id + " (" + label + ")";
    }
}
