package cn.libscore;

/** A named boolean expression over one row (指标). */
public final class Criterion extends RulesetPart {
    private final String expression;

    Criterion(int index, String id, String label, String expression) {
        super(index, id, label);
        this.expression = expression;
    }

    /** The source text of its {@code when}. */
    public String expression() {
        return expression;
    }
}
