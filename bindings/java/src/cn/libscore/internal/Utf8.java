package cn.libscore.internal;

import java.nio.charset.StandardCharsets;

/**
 * Strings across the JNI boundary as UTF-8 bytes. JNI's own string calls
 * use "modified UTF-8", which encodes characters outside the BMP (rare CJK
 * characters of place names among them) differently from the library.
 * Internal to the binding: the typemaps of score_java.i call it.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** NUL-terminated UTF-8 of s, or null for null. */
    public static byte[] cstring(String s) {
        if (s == null) {
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string with a NUL character cannot reach libscore");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    /** Each string as {@link #cstring(String)} makes it (null stays null: missing). */
    public static byte[][] cstrings(String[] values) {
        if (values == null) {
            return null;
        }
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = cstring(values[i]);
        }
        return out;
    }

    /** The string of UTF-8 bytes b, or null for null. */
    public static String decode(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
