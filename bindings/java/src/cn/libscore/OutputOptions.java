package cn.libscore;

import cn.libscore.internal.score_output_options;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Result#write} shows a result to people: an immutable value,
 * made with {@link #builder()}. The same options as the CLI's
 * {@code --labels}, {@code --keep}, {@code --digits} and {@code --year}.
 *
 * <pre>{@code
 * OutputOptions opts = OutputOptions.builder().labels(true).keep("村名", "镇").build();
 * result.write(Path.of("评定.csv"), OutputOptions.Kind.EVAL, OutputOptions.Format.CSV, opts);
 * }</pre>
 */
public final class OutputOptions {
    /** What is written. */
    public enum Kind {
        /** A row per row of data: key, kept columns, tiers, scores, grades, criteria. */
        EVAL(0),
        /** A row per target and scope. */
        TARGETS(1),
        /** The 考核验收 report (HTML), or the whole workbook (XLSX). */
        REPORT(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** How it is written. */
    public enum Format {
        TABLE(0), CSV(1), JSON(2), XLSX(3), HTML(4);

        final int code;

        Format(int code) {
            this.code = code;
        }
    }

    private static final OutputOptions DEFAULTS = builder().build();

    private final boolean labels;
    private final List<String> keep;
    private final int digits;
    private final int year;
    private final String dataName;

    private OutputOptions(Builder b) {
        this.labels = b.labels;
        this.keep = b.keep;
        this.digits = b.digits;
        this.year = b.year;
        this.dataName = b.dataName;
    }

    /** Ids for machines, the ruleset's display columns, 2 decimals, every target. */
    public static OutputOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Chinese labels for headers, tiers, verdicts and scopes. */
    public boolean labels() {
        return labels;
    }

    /** Fields (ids or labels) shown after the key; null: the ruleset's display list. */
    public List<String> keep() {
        return keep;
    }

    /** Decimals of numbers for people; -1: 2. */
    public int digits() {
        return digits;
    }

    /** Targets of this milestone year only; 0: all. */
    public int year() {
        return year;
    }

    /** The data file named in the workbook and the report; null: not named. */
    public String dataName() {
        return dataName;
    }

    /* The library's options, for one call; the caller deletes them. */
    score_output_options toNative() {
        score_output_options o = new score_output_options();
        o.setLabels(labels ? 1 : 0);
        o.setDigits(digits);
        o.setYear(year);
        o.setData_name(dataName);
        if (keep != null) {
            o.keep_columns(keep.toArray(new String[0]));
        }
        return o;
    }

    /** Builds {@link OutputOptions}. */
    public static final class Builder {
        private boolean labels;
        private List<String> keep;
        private int digits = -1;
        private int year;
        private String dataName;

        public Builder labels(boolean labels) {
            this.labels = labels;
            return this;
        }

        public Builder keep(String... columns) {
            this.keep = columns == null ? null : List.copyOf(Arrays.asList(columns));
            return this;
        }

        public Builder digits(int digits) {
            if (digits < -1 || digits > 15) {
                throw new IllegalArgumentException("digits must be 0 to 15, or -1 for the default");
            }
            this.digits = digits;
            return this;
        }

        public Builder year(int year) {
            this.year = year;
            return this;
        }

        public Builder dataName(String dataName) {
            this.dataName = dataName;
            return this;
        }

        public OutputOptions build() {
            return new OutputOptions(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OutputOptions)) {
            return false;
        }
        OutputOptions x = (OutputOptions) o;
        return labels == x.labels && digits == x.digits && year == x.year
            && Objects.equals(keep, x.keep) && Objects.equals(dataName, x.dataName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, keep, digits, year, dataName);
    }
}
