package cn.libscore;

import cn.libscore.internal.ScoreNative;

/** Facts about the native library. */
public final class Libscore {
    private Libscore() {
    }

    /** The run-time version of libscore, MAJOR.MINOR.PATCH. */
    public static String version() {
        return ScoreNative.score_version();
    }

    /**
     * A number as the library and the CLI print it: the shortest form that
     * reads back as the same decimal ("0.3" for 0.1 + 0.2, "30000"); NaN
     * (missing) is "".
     */
    public static String formatNumber(double value) {
        return ScoreNative.score_number_text(value);
    }
}
