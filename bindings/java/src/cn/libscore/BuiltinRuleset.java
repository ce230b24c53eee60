package cn.libscore;

/** A ruleset compiled into the library: {@link Ruleset#load(String)} takes its id. */
public final class BuiltinRuleset {
    private final String id;
    private final String title;

    BuiltinRuleset(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    @Override
    public String toString() {
        return id + "\t" + title;
    }
}
