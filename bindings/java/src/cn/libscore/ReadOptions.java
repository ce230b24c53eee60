package cn.libscore;

import cn.libscore.internal.score_read_options;
import java.util.Objects;

/**
 * How {@link Table#read} and {@link DataCheck#check} read a data file: an
 * immutable value, made with {@link #builder()}. The kind of file (CSV,
 * TAB-separated text, .xlsx workbook) is always told by its content.
 *
 * <pre>{@code
 * ReadOptions opts = ReadOptions.builder().sheet("村级台账").skipTotals(true).build();
 * }</pre>
 */
public final class ReadOptions {
    private static final ReadOptions DEFAULTS = builder().build();

    private final Encoding encoding;
    private final String sheet;
    private final int headerRow;
    private final boolean skipTotals;
    private final boolean strict;
    private final int threads;

    private ReadOptions(Builder b) {
        this.encoding = b.encoding;
        this.sheet = b.sheet;
        this.headerRow = b.headerRow;
        this.skipTotals = b.skipTotals;
        this.strict = b.strict;
        this.threads = b.threads;
    }

    /** Encoding detected, first sheet, header found, total rows refused, not strict. */
    public static ReadOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder().encoding(encoding).sheet(sheet).headerRow(headerRow)
            .skipTotals(skipTotals).strict(strict).threads(threads);
    }

    /** The encoding of a text file (a workbook is always UTF-8 inside). */
    public Encoding encoding() {
        return encoding;
    }

    /** A workbook's sheet: its name, or "N" for the N-th (1-based); null: the first. */
    public String sheet() {
        return sheet;
    }

    /** The 1-based line (text) or row (sheet) of the header; 0: found among the first 20 rows. */
    public int headerRow() {
        return headerRow;
    }

    /** Whether total rows (合计, 总计, 小计, 平均) are skipped and counted instead of refused. */
    public boolean skipTotals() {
        return skipTotals;
    }

    /** Whether absent fields and headers that match no field are errors, not warnings. */
    public boolean strict() {
        return strict;
    }

    /** Threads that read a CSV file in parts (the table is the same whatever the number). */
    public int threads() {
        return threads;
    }

    /** A native call given the options as the C library takes them. */
    interface NativeCall<T> {
        T call(score_read_options opts) throws ScoreException;
    }

    /* The native options live for the one call only. */
    <T> T withNative(NativeCall<T> call) throws ScoreException {
        score_read_options o = new score_read_options();
        try {
            o.setEncoding(encoding.value);
            o.setSheet(sheet);
            o.setHeader_row(headerRow);
            o.setSkip_totals(skipTotals ? 1 : 0);
            o.setStrict(strict ? 1 : 0);
            o.setThreads(threads);
            return call.call(o);
        } finally {
            o.delete();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReadOptions)) {
            return false;
        }
        ReadOptions r = (ReadOptions) o;
        return encoding == r.encoding && Objects.equals(sheet, r.sheet) && headerRow == r.headerRow
            && skipTotals == r.skipTotals && strict == r.strict && threads == r.threads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoding, sheet, headerRow, skipTotals, strict, threads);
    }

    @Override
    public String toString() {
        return "ReadOptions[encoding=" + encoding + ", sheet=" + sheet + ", headerRow=" + headerRow
            + ", skipTotals=" + skipTotals + ", strict=" + strict + ", threads=" + threads + "]";
    }

    public static final class Builder {
        private Encoding encoding = Encoding.AUTO;
        private String sheet;
        private int headerRow;
        private boolean skipTotals;
        private boolean strict;
        private int threads = 1;

        private Builder() {
        }

        public Builder encoding(Encoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** A sheet by name, or "N" for the N-th; null: the first. */
        public Builder sheet(String sheet) {
            this.sheet = sheet;
            return this;
        }

        /** The {@code n}-th sheet, 1-based. */
        public Builder sheet(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("sheets are counted from 1");
            }
            return sheet(Integer.toString(n));
        }

        /** The header's 1-based line or row; 0: found. */
        public Builder headerRow(int headerRow) {
            if (headerRow < 0) {
                throw new IllegalArgumentException("headerRow must not be negative");
            }
            this.headerRow = headerRow;
            return this;
        }

        public Builder skipTotals(boolean skipTotals) {
            this.skipTotals = skipTotals;
            return this;
        }

        /** Threads that read a CSV file in parts; at least 1. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        public ReadOptions build() {
            return new ReadOptions(this);
        }
    }
}
