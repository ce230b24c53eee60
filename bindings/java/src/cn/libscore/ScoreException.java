package cn.libscore;

import cn.libscore.internal.score_error;
import java.nio.charset.StandardCharsets;

/**
 * An error reported by libscore: a ruleset that does not load, data that
 * does not read, an unknown parameter or row. Carries the library's error
 * code and, where there is one, the position: for a ruleset the line and
 * column inside the document, for CSV data the line and column of the cell.
 * {@link #getMessage()} reads as the CLI prints it: {@code SOURCE:LINE:COL: message}.
 */
public class ScoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The library's error codes (score_code); values never change. */
    public enum Code {
        /** An allocation failed. */
        NOMEM(1),
        /** A file could not be opened or read. */
        IO(2),
        /** A malformed document or expression. */
        SYNTAX(3),
        /** A well-formed ruleset that is wrong: unknown name, type mismatch, cycle... */
        RULE(4),
        /** Bad input data: a cell, a header, a key. */
        DATA(5),
        /** An unknown parameter or an unreadable value. */
        PARAM(6),
        /** A safety limit was exceeded. */
        LIMIT(7),
        /** An invalid argument to an API call. */
        INVAL(8),
        /** No such ruleset, column, criterion or row. */
        NOTFOUND(9),
        /** A code this binding does not know (a newer library). */
        OTHER(-1);

        private final int value;

        Code(int value) {
            this.value = value;
        }

        /** The C value (SCORE_E...). */
        public int value() {
            return value;
        }

        static Code of(int value) {
            for (Code c : values()) {
                if (c.value == value) {
                    return c;
                }
            }
            return OTHER;
        }
    }

    private final Code code;
    private final String source;
    private final int line;
    private final int column;
    private final String detail;

    public ScoreException(Code code, String source, int line, int column, String detail) {
        super(format(source, line, column, detail));
        this.code = code;
        this.source = source == null ? "" : source;
        this.line = line;
        this.column = column;
        this.detail = detail == null ? "" : detail;
    }

    /* Made by the JNI layer, with the strings as UTF-8 bytes. */
    ScoreException(int code, byte[] source, int line, int column, byte[] detail) {
        this(Code.of(code), new String(source, StandardCharsets.UTF_8), line, column,
            new String(detail, StandardCharsets.UTF_8));
    }

    /* An error the library filled in (a problem of a read report). */
    static ScoreException of(score_error e) {
        return new ScoreException(Code.of(e.getCode()), e.getSource(), e.getLine(), e.getColumn(), e.getMessage());
    }

    public Code code() {
        return code;
    }

    /** A file name, "&lt;string&gt;", a data file, or "" when there is none. */
    public String source() {
        return source;
    }

    /** 1-based line in {@link #source()}, 0 when the error has no position. */
    public int line() {
        return line;
    }

    /** 1-based column in {@link #source()}, 0 when the error has no position. */
    public int column() {
        return column;
    }

    /** The message without the position. */
    public String detail() {
        return detail;
    }

    /* As score_error_format(): parts without a value are left out, and a
     * workbook's cell ("book.xlsx:Sheet1!F12") is not followed by its line
     * and column again. */
    private static String format(String source, int line, int column, String detail) {
        if (source == null || source.isEmpty()) {
            return detail;
        }
        int bang = source.lastIndexOf('!');
        String cell = bang < 0 ? "" : source.substring(bang + 1).replaceFirst("^[A-Z]*", "");
        if (line > 0 && cell.equals(Integer.toString(line))) {
            return source + ": " + detail;
        }
        if (line > 0 && column > 0) {
            return source + ":" + line + ":" + column + ": " + detail;
        }
        if (line > 0) {
            return source + ":" + line + ": " + detail;
        }
        return source + ": " + detail;
    }
}
