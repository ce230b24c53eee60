package cn.libscore;

/** A scorecard (计分): weighted items and deductions giving a total per row. */
public final class Scorecard {
    private final int index;
    private final String id;
    private final String label;
    private final boolean graded;

    Scorecard(int index, String id, String label, boolean graded) {
        this.index = index;
        this.id = id;
        this.label = label;
        this.graded = graded;
    }

    /** The position in {@link Ruleset#scorecards()}. */
    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** Whether the scorecard has bands, and so a grade per row. */
    public boolean hasGrades() {
        return graded;
    }

    @Override
    public String toString() {
        return id + " (" + label + ")";
    }
}
