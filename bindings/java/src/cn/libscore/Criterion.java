package cn.libscore;

/** A named boolean expression over one row (指标). */
public final class Criterion {
    private final int index;
    private final String id;
    private final String label;
    private final String expression;

    Criterion(int index, String id, String label, String expression) {
        this.index = index;
        this.id = id;
        this.label = label;
        this.expression = expression;
    }

    /** The position in {@link Ruleset#criteria()}. */
    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The source text of its {@code when}. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return id + " (" + label + ")";
    }
}
