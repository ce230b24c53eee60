package cn.libscore;

import cn.libscore.internal.ScoreNative;
import cn.libscore.internal.score_error;
import cn.libscore.internal.score_read_count;
import cn.libscore.internal.score_read_report;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What reading a data file found ({@link Table#readReport()},
 * {@link DataCheck#check}): the rows read and skipped, the header's row,
 * the encoding and sheet, and every problem as
 * {@code SOURCE:LINE:COL: message} (a workbook's cell as
 * {@code file.xlsx:Sheet1!F12: ...}). A copy: it holds no native memory.
 */
public final class ReadReport {
    private final long rowsRead;
    private final long blankRows;
    private final long totalRows;
    private final long titleRows;
    private final long headerRow;
    private final long errorCount;
    private final long warningCount;
    private final String encodingName;
    private final boolean encodingDetected;
    private final String sheet;
    private final boolean ok;
    private final List<String> problems;
    private final List<String> errors;
    private final List<String> warnings;

    /* Copies a native report (borrowed: the caller keeps it alive). */
    ReadReport(score_read_report r) {
        rowsRead = ScoreNative.score_read_report_count(r, score_read_count.SCORE_READ_ROWS);
        blankRows = ScoreNative.score_read_report_count(r, score_read_count.SCORE_READ_BLANK_ROWS);
        totalRows = ScoreNative.score_read_report_count(r, score_read_count.SCORE_READ_TOTAL_ROWS);
        titleRows = ScoreNative.score_read_report_count(r, score_read_count.SCORE_READ_TITLE_ROWS);
        headerRow = ScoreNative.score_read_report_count(r, score_read_count.SCORE_READ_HEADER_ROW);
        errorCount = ScoreNative.score_read_report_count(r, score_read_count.SCORE_READ_ERRORS);
        warningCount = ScoreNative.score_read_report_count(r, score_read_count.SCORE_READ_WARNINGS);
        int[] detected = new int[1];
        ScoreNative.score_read_report_encoding(r, detected);
        encodingDetected = detected[0] != 0;
        encodingName = ScoreNative.score_read_report_encoding_name(r);
        sheet = ScoreNative.score_read_report_sheet(r);
        ok = ScoreNative.score_read_report_ok(r) != 0;
        List<String> all = new ArrayList<>();
        List<String> errs = new ArrayList<>();
        List<String> warns = new ArrayList<>();
        score_error problem = new score_error();
        try {
            for (long i = 0, n = ScoreNative.score_read_report_problem_count(r); i < n; i++) {
                int isError = ScoreNative.score_read_report_problem(r, i, problem);
                String text = ScoreException.of(problem).getMessage();
                all.add(text);
                (isError > 0 ? errs : warns).add(text);
            }
        } finally {
            problem.delete();
        }
        problems = Collections.unmodifiableList(all);
        errors = Collections.unmodifiableList(errs);
        warnings = Collections.unmodifiableList(warns);
    }

    /** Rows read into the table. */
    public long rowsRead() {
        return rowsRead;
    }

    /** Rows whose cells were all empty: skipped. */
    public long blankRows() {
        return blankRows;
    }

    /** Total rows (合计 ...) skipped with {@link ReadOptions#skipTotals()}. */
    public long totalRows() {
        return totalRows;
    }

    /** Rows above the header (a title, a date line). */
    public long titleRows() {
        return titleRows;
    }

    /** The header's 1-based line (text) or row (sheet); 0 when none was found. */
    public long headerRow() {
        return headerRow;
    }

    /** "UTF-8", "GB18030", "UTF-16LE" or "UTF-16BE" (a workbook: "UTF-8"). */
    public String encodingName() {
        return encodingName;
    }

    /** Whether the encoding was detected rather than given. */
    public boolean encodingDetected() {
        return encodingDetected;
    }

    /** The sheet a workbook was read from; null for a text file. */
    public String sheet() {
        return sheet;
    }

    /** Whether the data can be evaluated: no errors. */
    public boolean ok() {
        return ok;
    }

    /** Problems that stop a read, counted all (the lists keep the first 1000 problems). */
    public long errorCount() {
        return errorCount;
    }

    /** Problems that do not stop a read, counted all. */
    public long warningCount() {
        return warningCount;
    }

    /** Every problem, errors and warnings, in the order found. */
    public List<String> problems() {
        return problems;
    }

    public List<String> errors() {
        return errors;
    }

    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "ReadReport[rows=" + rowsRead + ", blank=" + blankRows + ", totals=" + totalRows
            + ", titleRows=" + titleRows + ", header=" + headerRow + ", encoding=" + encodingName
            + (sheet == null ? "" : ", sheet=" + sheet) + ", errors=" + errorCount
            + ", warnings=" + warningCount + "]";
    }
}
