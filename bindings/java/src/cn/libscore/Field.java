package cn.libscore;

/**
 * A field of a ruleset: one column of its data. A year-indexed field reads
 * one column per year, named {@code ID_YYYY} (or {@code LABEL_YYYY}).
 */
public final class Field {
    private final String id;
    private final String label;
    private final FieldType type;
    private final int[] years;

    Field(String id, String label, FieldType type, int[] years) {
        this.id = id;
        this.label = label;
        this.type = type;
        this.years = years;
    }

    public String id() {
        return id;
    }

    /** The Chinese label ("" when the document gives none); CSV headers may use it. */
    public String label() {
        return label;
    }

    public FieldType type() {
        return type;
    }

    /** The years of a year-indexed field; empty for a plain one. */
    public int[] years() {
        return years.clone();
    }

    /** The column names of this field: its id, or ID_YYYY for each year. */
    public String[] columns() {
        if (years.length == 0) {
            return new String[] {id};
        }
        String[] out = new String[years.length];
        for (int i = 0; i < years.length; i++) {
            out[i] = id + "_" + years[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return id + " (" + label + ", " + type + ")";
    }
}
