package cn.libscore;

/** A named parameter of a ruleset, e.g. a placeholder of the plan ("x万"). */
public final class Param {
    private final String name;
    private final String label;
    private final String value;
    private final String defaultValue;

    Param(String name, String label, String value, String defaultValue) {
        this.name = name;
        this.label = label;
        this.value = value;
        this.defaultValue = defaultValue;
    }

    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    /** The value in force (after overrides), as literal text. */
    public String value() {
        return value;
    }

    /** The document's value, as literal text. */
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
