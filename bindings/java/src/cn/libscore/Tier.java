package cn.libscore;

/** A level of the tier ladder (等级), lowest first in {@link Ruleset#tiers()}. */
public final class Tier {
    private final int index;
    private final String id;
    private final String label;
    private final double quota;
    private final double cap;

    Tier(int index, String id, String label, double quota, double cap) {
        this.index = index;
        this.id = id;
        this.label = label;
        this.quota = quota;
        this.cap = cap;
    }

    /** The position in the ladder, 0 for the lowest. */
    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The quota (名额); NaN when the level has none. */
    public double quota() {
        return quota;
    }

    /** The cap, a share of the eligible rows; NaN when the level has none. */
    public double cap() {
        return cap;
    }

    @Override
    public String toString() {
        return id + " (" + label + ")";
    }
}
