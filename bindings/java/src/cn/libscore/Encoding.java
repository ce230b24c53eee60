package cn.libscore;

import cn.libscore.internal.score_encoding;

/**
 * The text encoding of a data file ({@link ReadOptions#encoding()}). Excel
 * on a Chinese Windows saves "CSV" in GB18030 (GBK) and "Unicode text" in
 * UTF-16 with TABs; {@link #AUTO} reads all of them.
 */
public enum Encoding {
    /** UTF-8 (with or without BOM), UTF-16 by its BOM, else GB18030. */
    AUTO(score_encoding.SCORE_ENCODING_AUTO),
    UTF8(score_encoding.SCORE_ENCODING_UTF8),
    /** Also reads GBK and GB2312. */
    GB18030(score_encoding.SCORE_ENCODING_GB18030),
    /** Little- or big-endian by the BOM. */
    UTF16(score_encoding.SCORE_ENCODING_UTF16);

    final int value;

    Encoding(int value) {
        this.value = value;
    }
}
