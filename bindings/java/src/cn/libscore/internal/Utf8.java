package cn.libscore.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Strings across the JNI boundary as UTF-8 bytes. JNI's own string calls
 * use "modified UTF-8", which encodes characters outside the BMP (rare CJK
 * characters of place names among them) differently from the library.
 *
 * <p>A string column is one byte array: each value followed by a NUL, a
 * missing value written as the single byte 0xFF (never part of UTF-8)
 * before its NUL. Internal to the binding.
 */
public final class Utf8 {
    private static final byte MISSING = (byte) 0xFF;
    private static final byte[] MISSING_VALUE = {MISSING};

    private Utf8() {
    }

    /** NUL-terminated UTF-8 of s, or null for null. */
    public static byte[] cstring(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = encode(s);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    /** The string of UTF-8 bytes b, or null for null. */
    public static String decode(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A string column of the values (null: missing). */
    public static byte[] column(String[] values) {
        byte[][] encoded = new byte[values.length][];
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = values[i] == null ? MISSING_VALUE : encode(values[i]);
            total += encoded[i].length + 1;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a text column of more than 2 GB");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (byte[] b : encoded) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length + 1; /* the NUL is already there */
        }
        return out;
    }

    /** The values of a string column of count values. */
    public static String[] split(byte[] column, int count) {
        String[] out = new String[count];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int end = at;
            while (column[end] != 0) {
                end++;
            }
            boolean missing = end == at + 1 && column[at] == MISSING;
            out[i] = missing ? null : new String(column, at, end - at, StandardCharsets.UTF_8);
            at = end + 1;
        }
        return out;
    }

    /** Parameter overrides as name, NUL, value, NUL, ... (null for none). */
    public static byte[] pairs(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        String[] flat = new String[params.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            flat[i++] = requireNonNull(e.getKey(), "parameter name");
            flat[i++] = requireNonNull(e.getValue(), "value of parameter " + e.getKey());
        }
        return column(flat);
    }

    private static String requireNonNull(String s, String what) {
        if (s == null) {
            throw new NullPointerException(what + " is null");
        }
        return s;
    }

    private static byte[] encode(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string with a NUL character cannot reach libscore");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
