package cn.libscore;

/** A scorecard (计分): weighted items and deductions giving a total per row. */
public final class Scorecard extends RulesetPart {
    private final boolean graded;

    Scorecard(int index, String id, String label, boolean graded) {
        super(index, id, label);
        this.graded = graded;
    }

    /** Whether the scorecard has bands, and so a grade per row. */
    public boolean hasGrades() {
        return graded;
    }
}
