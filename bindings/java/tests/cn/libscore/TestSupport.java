package cn.libscore;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the tests share: the source tree (-Dlibscore.source.dir) and the
 * score CLI of the same build (-Dlibscore.cli), whose output is the
 * reference the binding's results are compared with.
 */
final class TestSupport {
    private TestSupport() {
    }

    static Path sourceDir() {
        return Paths.get(required("libscore.source.dir"));
    }

    static Path district(String rulesetId) {
        return sourceDir().resolve("examples/data/district/" + rulesetId + ".csv");
    }

    /** The output of a CLI run, with its exit status. */
    static final class Run {
        final int status;
        final String stdout;
        final String stderr;

        Run(int status, String stdout, String stderr) {
            this.status = status;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /** Runs the score CLI with these arguments. */
    static Run cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(required("libscore.cli"));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> copy(p.getErrorStream(), err));
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        drain.join();
        return new Run(status, out, new String(err.toByteArray(), StandardCharsets.UTF_8));
    }

    /** The stdout of a CLI run that must succeed. */
    static String cliOk(String... args) throws IOException, InterruptedException {
        Run r = cli(args);
        assertEquals("score " + String.join(" ", args) + " failed: " + r.stderr, 0, r.status);
        return r.stdout;
    }

    /** The lines of CSV output, each split into cells (the CLI's CSV here has no quoted commas). */
    static List<String[]> csv(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.indexOf('"') >= 0) {
                throw new AssertionError("a quoted CSV line, which this reader does not split: " + line);
            }
            if (!line.isEmpty()) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("run with -D" + property + "=...");
        }
        return v;
    }
}
