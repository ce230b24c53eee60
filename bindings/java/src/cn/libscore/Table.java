package cn.libscore;

import cn.libscore.internal.ScoreNative;
import cn.libscore.internal.score_read_report;
import cn.libscore.internal.score_ruleset;
import cn.libscore.internal.score_table;
import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Columnar data (数据表) for the fields of one ruleset, read from a data
 * file (CSV or TAB-separated text in UTF-8, GB18030 or UTF-16, or an .xlsx
 * workbook) or built from Java arrays a whole column at a time. Every cell
 * may be missing. A table keeps its ruleset alive until the table is closed.
 */
public final class Table implements AutoCloseable {
    final Ruleset ruleset;
    final NativeRef<score_table> ref;
    private final Cleaner.Cleanable cleanable;
    private final int rows;
    /* Direct buffers the native table reads in place: held while it lives. */
    @SuppressWarnings("unused")
    private final List<DoubleBuffer> bound;
    private List<String> keys;
    private ReadReport report;
    private boolean reportRead;

    /**
     * Reads a data file as it arrives: CSV or TAB-separated text in UTF-8,
     * GB18030 (GBK) or UTF-16, or an .xlsx workbook, told by its content.
     * Cells are read by their field's type as hand-typed tables write them
     * (trimmed, full-width digits, 1,234, 3.5万元, √/×, - or N/A as missing);
     * title rows above the header and blank rows are skipped. The first
     * error stops the read (a ScoreException with the cell's position);
     * warnings are kept in {@link #readReport()}. Options null: the defaults.
     */
    public static Table read(Ruleset ruleset, String path, ReadOptions options) throws ScoreException {
        Objects.requireNonNull(path, "path");
        ReadOptions opts = options == null ? ReadOptions.defaults() : options;
        return make(ruleset, rs -> opts.withNative(o -> ScoreNative.score_read(rs, path, o)), null);
    }

    /** As {@link #read(Ruleset, String, ReadOptions)}. */
    public static Table read(Ruleset ruleset, Path path, ReadOptions options) throws ScoreException {
        return read(ruleset, path.toString(), options);
    }

    /** As {@link #read(Ruleset, String, ReadOptions)} with the default options. */
    public static Table read(Ruleset ruleset, String path) throws ScoreException {
        return read(ruleset, path, null);
    }

    /**
     * As {@link #read(Ruleset, String, ReadOptions)}, from the bytes of a
     * file held in memory (an upload, say); {@code sourceName} names it in
     * errors.
     */
    public static Table parse(Ruleset ruleset, byte[] data, String sourceName, ReadOptions options)
            throws ScoreException {
        Objects.requireNonNull(data, "data");
        ReadOptions opts = options == null ? ReadOptions.defaults() : options;
        return make(ruleset, rs -> opts.withNative(o -> ScoreNative.score_parse(rs, data, sourceName, o)), null);
    }

    /**
     * Reads a CSV file (UTF-8, optional BOM, CRLF or LF, RFC 4180 quotes)
     * whose header names the ruleset's fields by id or Chinese label. An
     * empty cell is missing; a field without a column is all missing
     * ({@link #absentColumns()}).
     */
    public static Table readCsv(Ruleset ruleset, String path) throws ScoreException {
        Objects.requireNonNull(path, "path");
        return make(ruleset, rs -> ScoreNative.score_read_csv(rs, path), null);
    }

    /** As {@link #readCsv(Ruleset, String)}. */
    public static Table readCsv(Ruleset ruleset, Path path) throws ScoreException {
        return readCsv(ruleset, path.toString());
    }

    /** Reads CSV text held in memory; errors name it "&lt;csv&gt;". */
    public static Table parseCsv(Ruleset ruleset, String csv) throws ScoreException {
        return parseCsv(ruleset, csv, "<csv>");
    }

    /** Reads CSV text held in memory; {@code sourceName} names it in errors. */
    public static Table parseCsv(Ruleset ruleset, String csv, String sourceName) throws ScoreException {
        Objects.requireNonNull(csv, "csv");
        byte[] data = csv.getBytes(StandardCharsets.UTF_8);
        return make(ruleset, rs -> ScoreNative.score_parse_csv(rs, data, sourceName), null);
    }

    /** A builder of a table of {@code rows} rows, every cell missing until a column is given. */
    public static Builder builder(Ruleset ruleset, int rows) {
        Objects.requireNonNull(ruleset, "ruleset");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative");
        }
        ruleset.ref.ensureOpen();
        return new Builder(ruleset, rows);
    }

    private interface Maker {
        score_table make(score_ruleset rs) throws ScoreException;
    }

    /* Makes the native table while holding the ruleset; the table keeps that hold. */
    private static Table make(Ruleset ruleset, Maker maker, List<DoubleBuffer> bound) throws ScoreException {
        Objects.requireNonNull(ruleset, "ruleset");
        score_ruleset rs = ruleset.ref.acquire();
        boolean held = false;
        try {
            score_table t = maker.make(rs);
            try {
                Table table = new Table(ruleset, t, bound);
                held = true;
                return table;
            } catch (RuntimeException | Error e) {
                t.delete();
                throw e;
            }
        } finally {
            if (!held) {
                ruleset.ref.release();
            }
        }
    }

    private Table(Ruleset ruleset, score_table t, List<DoubleBuffer> bound) {
        this.ruleset = ruleset;
        this.rows = Math.toIntExact(ScoreNative.score_table_row_count(t));
        this.bound = bound == null ? Collections.emptyList() : bound;
        this.ref = new NativeRef<>("Table", t, score_table::delete, ruleset.ref);
        this.cleanable = NativeRef.CLEANER.register(this, ref::close);
    }

    /** The ruleset the table was made for. */
    public Ruleset ruleset() {
        ref.ensureOpen();
        return ruleset;
    }

    public int rowCount() {
        ref.ensureOpen();
        return rows;
    }

    /** The key of every row, in row order. */
    public List<String> keys() {
        ref.acquire();
        try {
            return keysHeld();
        } finally {
            ref.release();
        }
    }

    /* keysHeld() and rowOfHeld() serve whoever holds the table: a call of
     * the table itself, or a result, which holds it even after it is closed. */

    synchronized List<String> keysHeld() {
        if (keys == null) {
            keys = Collections.unmodifiableList(Arrays.asList(texts(ruleset.keyUnchecked())));
        }
        return keys;
    }

    /* A text column as the library keeps it, codes, each distinct code
     * turned into its text once (NaN: null). The caller holds the table. */
    private String[] texts(String column) {
        score_table t = ref.held();
        double[] codes;
        try {
            codes = ScoreNative.score_column_values(t, column);
        } catch (ScoreException e) {
            throw new IllegalStateException("libscore: no column " + column, e);
        }
        if (codes == null) {
            return new String[rows];
        }
        Map<Double, String> text = new HashMap<>();
        String[] out = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = Double.isNaN(codes[i]) ? null
                : text.computeIfAbsent(codes[i], code -> ScoreNative.score_table_text(t, code));
        }
        return out;
    }

    /** The key of row {@code row}, or null if it is missing. */
    public String key(int row) {
        Objects.checkIndex(row, rowCount());
        return keys().get(row);
    }

    /** The row index of a key, or -1 if no row has it. */
    public int rowOf(String key) {
        ref.acquire();
        try {
            return rowOfHeld(key);
        } finally {
            ref.release();
        }
    }

    int rowOfHeld(String key) {
        Objects.requireNonNull(key, "key");
        long row = ScoreNative.score_table_find_key(ref.held(), key);
        return row < 0 || row >= rows ? -1 : (int) row;
    }

    /**
     * The columns the ruleset expects but the data did not supply (all
     * their cells are missing), as NAME or NAME_YYYY.
     */
    public List<String> absentColumns() {
        score_table t = ref.acquire();
        try {
            List<String> out = new ArrayList<>();
            for (long i = 0, n = ScoreNative.score_table_absent_count(t); i < n; i++) {
                out.add(ScoreNative.score_table_absent_name(t, i));
            }
            return Collections.unmodifiableList(out);
        } finally {
            ref.release();
        }
    }

    /**
     * What reading the data found (rows read and skipped, the header's
     * row, the encoding, every warning); null for a table built from
     * arrays.
     */
    public ReadReport readReport() {
        score_table t = ref.acquire();
        try {
            synchronized (this) {
                if (!reportRead) {
                    score_read_report r = ScoreNative.score_report_of(t);
                    report = r == null ? null : new ReadReport(r);
                    reportRead = true;
                }
                return report;
            }
        } finally {
            ref.release();
        }
    }

    /**
     * The warnings of the read, each as {@code SOURCE:LINE:COL: message}
     * (a header that matches no field, with "did you mean"; an absent
     * field); empty for a table built from arrays.
     */
    public List<String> warnings() {
        ReadReport r = readReport();
        return r == null ? Collections.emptyList() : r.warnings();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return ref.isClosed();
    }

    /** Releases the table; a second call does nothing. Results made from it keep it alive. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /**
     * Builds a table from whole columns. A column is named by its field id
     * or label; a year-indexed field has one column per year, NAME_YYYY.
     * Arrays are read when {@link #build()} is called. Columns not given
     * are all missing.
     */
    public static final class Builder {
        private interface Column {
            void set(score_table t) throws ScoreException;
        }

        private final Ruleset ruleset;
        private final int rows;
        private final List<Column> columns = new ArrayList<>();
        private final List<DoubleBuffer> bound = new ArrayList<>();

        private Builder(Ruleset ruleset, int rows) {
            this.ruleset = ruleset;
            this.rows = rows;
        }

        /** A number column; NaN is missing, an infinity is an error at {@link #build()}. */
        public Builder numbers(String column, double[] values) {
            Objects.requireNonNull(column, "column");
            checkLength(column, values.length);
            columns.add(t -> ScoreNative.score_table_set_numbers(t, column, values));
            return this;
        }

        /**
         * A number column read in place, without a copy: a direct buffer in
         * native byte order holding {@code rows} values (its capacity). The
         * table keeps the buffer reachable; its contents must not change
         * while the table is used.
         */
        public Builder bindNumbers(String column, DoubleBuffer values) {
            Objects.requireNonNull(column, "column");
            if (!values.isDirect() || values.order() != ByteOrder.nativeOrder()) {
                throw new IllegalArgumentException("bindNumbers needs a direct buffer in native byte order");
            }
            checkLength(column, values.capacity());
            bound.add(values);
            columns.add(t -> ScoreNative.score_table_bind_numbers(t, column, values));
            return this;
        }

        /** A bool column without missing values. */
        public Builder bools(String column, boolean[] values) {
            Objects.requireNonNull(column, "column");
            checkLength(column, values.length);
            columns.add(t -> {
                byte[] b = new byte[values.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (values[i] ? 1 : 0);
                }
                ScoreNative.score_table_set_bools(t, column, b);
            });
            return this;
        }

        /** A bool column; null is missing. */
        public Builder bools(String column, Boolean[] values) {
            Objects.requireNonNull(column, "column");
            checkLength(column, values.length);
            columns.add(t -> {
                byte[] b = new byte[values.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (values[i] == null ? -1 : values[i] ? 1 : 0);
                }
                ScoreNative.score_table_set_bools(t, column, b);
            });
            return this;
        }

        /** A text column; null is missing. */
        public Builder texts(String column, String[] values) {
            Objects.requireNonNull(column, "column");
            checkLength(column, values.length);
            columns.add(t -> ScoreNative.score_table_set_texts(t, column, values));
            return this;
        }

        /**
         * A column of any type from text cells, read as a data file's cells
         * are ({@link Table#read}): "3.5万" or "35,000" for a number, 是/否 or
         * √/× for a bool, "-" or N/A as missing; null is missing. A refused
         * cell is a ScoreException (DATA) at {@link #build()} naming its row.
         */
        public Builder cells(String column, String[] cells) {
            Objects.requireNonNull(column, "column");
            checkLength(column, cells.length);
            columns.add(t -> ScoreNative.score_table_set_cells(t, column, cells));
            return this;
        }

        private void checkLength(String column, int length) {
            if (length != rows) {
                throw new IllegalArgumentException("column " + column + " has " + length
                    + " values for a table of " + rows + " rows");
            }
        }

        /**
         * Makes the table. Throws ScoreException (code NOTFOUND) for a
         * column that names no field, INVAL for a column of the wrong type,
         * DATA for an infinity.
         */
        public Table build() throws ScoreException {
            List<DoubleBuffer> keep = new ArrayList<>(bound);
            return make(ruleset, rs -> {
                score_table t = ScoreNative.score_new_table(rs, rows);
                try {
                    for (Column c : columns) {
                        c.set(t);
                    }
                    return t;
                } catch (ScoreException | RuntimeException | Error e) {
                    t.delete();
                    throw e;
                }
            }, keep);
        }
    }
}
