package cn.libscore;

import cn.libscore.internal.ScoreNative;
import cn.libscore.internal.score_read_report;
import cn.libscore.internal.score_ruleset;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data-quality check: reads a data file as {@link Table#read} would,
 * but keeps going past refused cells and rows, recording every problem in
 * the report instead of stopping at the first.
 */
public final class DataCheck {
    private DataCheck() {
    }

    /**
     * The report of reading {@code path} (options null: the defaults). The
     * data's problems are in the report ({@link ReadReport#ok()}); throws
     * only when no report could be made (the file does not open: IO).
     */
    public static ReadReport check(Ruleset ruleset, String path, ReadOptions options) throws ScoreException {
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(path, "path");
        ReadOptions opts = options == null ? ReadOptions.defaults() : options;
        score_ruleset rs = ruleset.ref.acquire();
        try {
            return opts.withNative(o -> {
                score_read_report report = ScoreNative.score_check_data(rs, path, o);
                try {
                    return new ReadReport(report);
                } finally {
                    report.delete();
                }
            });
        } finally {
            ruleset.ref.release();
        }
    }

    /** As {@link #check(Ruleset, String, ReadOptions)}. */
    public static ReadReport check(Ruleset ruleset, Path path, ReadOptions options) throws ScoreException {
        return check(ruleset, path.toString(), options);
    }

    /** With the default options. */
    public static ReadReport check(Ruleset ruleset, String path) throws ScoreException {
        return check(ruleset, path, null);
    }
}
