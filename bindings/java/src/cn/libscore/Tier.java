package cn.libscore;

/** A level of the tier ladder (等级), lowest first in {@link Ruleset#tiers()}. */
public final class Tier extends RulesetPart {
    private final double quota;
    private final double cap;

    Tier(int index, String id, String label, double quota, double cap) {
        super(index, id, label);
        this.quota = quota;
        this.cap = cap;
    }

    /** The quota (名额); NaN when the level has none. */
    public double quota() {
        return quota;
    }

    /** The cap, a share of the eligible rows; NaN when the level has none. */
    public double cap() {
        return cap;
    }
}
