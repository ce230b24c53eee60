package cn.libscore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * Library errors arrive as ScoreException with the code, source, line and
 * column the CLI reports for the same input: the reference is the first
 * error line of `score check` (or `score eval` for data) run in the test.
 */
public class ErrorTest {
    /** Loads `text` through the binding, by string and by path, and compares with `score check`. */
    private static ScoreException checkLikeTheCli(String text, ScoreException.Code code) throws Exception {
        Path file = Files.createTempFile("libscore-java-", ".yaml");
        try {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            TestSupport.Run check = TestSupport.cli("check", file.toString());
            assertEquals("score check exit status", 1, check.status);
            String first = check.stderr.split("\n")[0];

            ScoreException fromString = expectLoadError(() -> Ruleset.fromString(text, file.toString(), null));
            ScoreException fromFile = expectLoadError(() -> Ruleset.load(file.toString()));
            for (ScoreException e : new ScoreException[] {fromString, fromFile}) {
                assertEquals(first, e.getMessage());
                assertEquals(code, e.code());
                assertEquals(file.toString(), e.source());
                assertEquals(first, e.source() + ":" + e.line() + ":" + e.column() + ": " + e.detail());
            }
            return fromString;
        } finally {
            Files.delete(file);
        }
    }

    private interface Load {
        Ruleset run() throws ScoreException;
    }

    private static ScoreException expectLoadError(Load load) {
        try (Ruleset rs = load.run()) {
            fail("loaded " + rs);
            return null;
        } catch (ScoreException e) {
            return e;
        }
    }

    @Test
    public void anExpressionSyntaxErrorHasItsPosition() throws Exception {
        String text = "ruleset: x\nkey: id\nfields:\n  id: {type: text}\n  a: {type: number}\n"
            + "criteria:\n  c: {when: a > > 3}\n";
        ScoreException e = checkLikeTheCli(text, ScoreException.Code.SYNTAX);
        // Counted by hand: line 7 is "  c: {when: a > > 3}", the second '>' is column 17.
        assertEquals(7, e.line());
        assertEquals(17, e.column());
    }

    @Test
    public void aYamlSyntaxErrorHasItsPosition() throws Exception {
        String text = "ruleset: x\nkey: id\nfields:\n  id: {type: text\n  a: {type: number}\n";
        ScoreException e = checkLikeTheCli(text, ScoreException.Code.SYNTAX);
        assertEquals(5, e.line());
    }

    @Test
    public void anUnknownNameIsARuleError() throws Exception {
        String text = "ruleset: x\nkey: id\nfields:\n  id: {type: text}\ncriteria:\n  c:\n    when: b > 3\n";
        ScoreException e = checkLikeTheCli(text, ScoreException.Code.RULE);
        assertEquals(7, e.line());
        assertEquals(11, e.column());
        assertTrue(e.detail().contains("'b'"));
    }

    @Test
    public void aStringWithoutSourceNameIsNamedString() {
        ScoreException e = expectLoadError(() -> Ruleset.fromString("ruleset: [\n"));
        assertEquals("<string>", e.source());
        assertEquals(ScoreException.Code.SYNTAX, e.code());
        assertTrue(e.line() > 0);
    }

    @Test
    public void aBadCsvCellHasItsLineAndColumn() throws Exception {
        Path csv = Files.createTempFile("libscore-java-", ".csv");
        try {
            Files.write(csv, "id,messes\nV1,3\nV2,x1\n".getBytes(StandardCharsets.UTF_8));
            TestSupport.Run eval = TestSupport.cli("eval", "meihao-xiangcun", csv.toString());
            assertEquals(1, eval.status);
            String expected = eval.stderr.split("\n")[0];
            try (Ruleset rs = Ruleset.load("meihao-xiangcun")) {
                try (Table t = Table.readCsv(rs, csv)) {
                    fail("read " + t.rowCount() + " rows");
                } catch (ScoreException e) {
                    assertEquals(expected, e.getMessage());
                    assertEquals(ScoreException.Code.DATA, e.code());
                    assertEquals(3, e.line());
                    assertEquals(2, e.column());
                }
            }
        } finally {
            Files.delete(csv);
        }
    }

    @Test
    public void aMissingCsvIsAnIoError() throws Exception {
        try (Ruleset rs = Ruleset.load("meihao-xiangcun")) {
            try (Table t = Table.readCsv(rs, "/nonexistent/data.csv")) {
                fail("read " + t.rowCount() + " rows");
            } catch (ScoreException e) {
                assertEquals(ScoreException.Code.IO, e.code());
            }
        }
    }

    @Test
    public void anUnknownKeyIsNotFound() throws Exception {
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(rs, TestSupport.district("meihao-xiangcun"));
             Result r = rs.evaluate(t)) {
            try {
                r.explain("no-such-village");
                fail("explained a missing row");
            } catch (ScoreException e) {
                assertEquals(ScoreException.Code.NOTFOUND, e.code());
            }
            try {
                r.explainTarget(0);
                fail("explained a target of a ruleset without targets");
            } catch (ScoreException e) {
                assertEquals(ScoreException.Code.NOTFOUND, e.code());
            }
        }
    }
}
