package cn.libscore.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Loads the JNI library (libscore_jni.so) once, before the first native
 * call. The first of these that applies wins:
 * <ol>
 * <li>the system property {@code libscore.jni.path}: the library file;
 * <li>the system property {@code libscore.library.path}: its directory;
 * <li>the install prefix of the jar: the jar installed as
 *     P/share/java/libscore.jar finds P/lib/libscore_jni.so (the relative
 *     path is recorded in the jar at build time), and a jar in the build
 *     tree finds the library beside it;
 * <li>{@code System.loadLibrary("score_jni")}, which searches
 *     {@code java.library.path}.
 * </ol>
 * The JNI library finds libscore.so through its RPATH ($ORIGIN).
 */
final class NativeLibrary {
    static final String JNI_PATH = "libscore.jni.path";
    static final String LIBRARY_PATH = "libscore.library.path";
    private static final String NAME = "score_jni";

    private NativeLibrary() {
    }

    static void load() {
        String file = System.getProperty(JNI_PATH);
        if (file != null && !file.isEmpty()) {
            System.load(new File(file).getAbsolutePath());
            return;
        }
        String dir = System.getProperty(LIBRARY_PATH);
        if (dir != null && !dir.isEmpty()) {
            System.load(new File(dir, System.mapLibraryName(NAME)).getAbsolutePath());
            return;
        }
        for (File candidate : besideJar()) {
            if (candidate.isFile()) {
                System.load(candidate.getAbsolutePath());
                return;
            }
        }
        try {
            System.loadLibrary(NAME);
        } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError wrapped = new UnsatisfiedLinkError("libscore: cannot load "
                + System.mapLibraryName(NAME) + " (looked in " + besideJar()
                + " and java.library.path); set -D" + LIBRARY_PATH + "=DIR or -D" + JNI_PATH
                + "=FILE: " + e.getMessage());
            wrapped.initCause(e);
            throw wrapped;
        }
    }

    /** Where the library is installed relative to this jar, then beside it. */
    private static List<File> besideJar() {
        List<File> out = new ArrayList<>();
        File jarDir = jarDirectory();
        if (jarDir == null) {
            return out;
        }
        String libName = System.mapLibraryName(NAME);
        String relative = installedLibdir();
        if (relative != null) {
            out.add(new File(new File(jarDir, relative), libName));
        }
        out.add(new File(jarDir, libName));
        return out;
    }

    private static File jarDirectory() {
        try {
            CodeSource source = NativeLibrary.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            File jar = new File(source.getLocation().toURI());
            return jar.isFile() ? jar.getParentFile() : null;
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The library directory relative to the jar's, recorded at build time. */
    private static String installedLibdir() {
        try (InputStream in = NativeLibrary.class.getResourceAsStream("libscore-jni.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("libdir.from.jar");
        } catch (IOException e) {
            return null;
        }
    }
}
