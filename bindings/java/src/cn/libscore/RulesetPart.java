package cn.libscore;

/**
 * What criteria, scorecards, tiers and targets have in common: their
 * position in the ruleset, their id and their Chinese label.
 */
public abstract class RulesetPart {
    private final int index;
    private final String id;
    private final String label;

    RulesetPart(int index, String id, String label) {
        this.index = index;
        this.id = id;
        this.label = label;
    }

    /** The position in the ruleset's list of its kind (for tiers, 0 is the lowest level). */
    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return id + " (" + label + ")";
    }
}
