package cn.libscore;

/** The type of a field, and so of its column. */
public enum FieldType {
    /** 1/0, true/false, 是/否 in CSV; Boolean (null: missing) from Java. */
    BOOL,
    /** A double; NaN is missing. */
    NUMBER,
    /** UTF-8 text; null is missing. */
    TEXT;

    static FieldType of(int scoreType) {
        switch (scoreType) {
        case 1:
            return BOOL;
        case 2:
            return NUMBER;
        case 3:
            return TEXT;
        default:
            throw new IllegalStateException("libscore: unknown field type " + scoreType);
        }
    }
}
