package cn.libscore;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * Files written through the binding are the CLI's files: the same C code
 * writes both, so the bytes agree (the workbook and the report are
 * checked cell by cell and in a browser by the C tests).
 */
public class OutputTest {
    @Test
    public void labelledCsvIsTheClisCsv() throws Exception {
        String csv = TestSupport.district("meihao-xiangcun").toString();
        String expected = TestSupport.cliOk("eval", "meihao-xiangcun", csv, "--format", "csv",
            "--labels", "--keep", "村名,镇");
        Path out = Files.createTempFile("score-out", ".csv");
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            OutputOptions opts = OutputOptions.builder().labels(true).keep("村名", "镇").build();
            r.write(out, OutputOptions.Kind.EVAL, OutputOptions.Format.CSV, opts);
            assertEquals(expected, new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
            assertTrue(expected.startsWith("\uFEFF村代码,村名,镇(街道),"));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    public void targetsAndReportAreWritten() throws Exception {
        String csv = TestSupport.district("zuzhi-zhenxing").toString();
        String expected = TestSupport.cliOk("targets", "zuzhi-zhenxing", csv, "--format", "json",
            "--year", "2022");
        Path dir = Files.createTempDirectory("score-out");
        try (Ruleset rs = Ruleset.load("zuzhi-zhenxing");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            Path json = dir.resolve("t.json");
            r.write(json, OutputOptions.Kind.TARGETS, OutputOptions.Format.JSON,
                OutputOptions.builder().year(2022).build());
            assertEquals(expected, new String(Files.readAllBytes(json), StandardCharsets.UTF_8));

            Path html = dir.resolve("r.html");
            r.report(html, OutputOptions.builder().dataName("district.csv").build());
            String doc = new String(Files.readAllBytes(html), StandardCharsets.UTF_8);
            assertTrue(doc.startsWith("<!DOCTYPE html>"));
            assertTrue(doc.contains("district.csv"));

            Path xlsx = dir.resolve("r.xlsx");
            r.toExcel(xlsx, null);
            byte[] head = new byte[2];
            System.arraycopy(Files.readAllBytes(xlsx), 0, head, 0, 2);
            assertArrayEquals("a workbook is a ZIP", new byte[] {'P', 'K'}, head);
        } finally {
            for (String name : new String[] {"t.json", "r.html", "r.xlsx"}) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void aKeptColumnThatIsNoFieldIsNotFoundAndLeavesTheFile() throws Exception {
        String csv = TestSupport.district("meihao-xiangcun").toString();
        Path out = Files.createTempFile("score-out", ".csv");
        Files.write(out, "before".getBytes(StandardCharsets.UTF_8));
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            r.write(out, OutputOptions.Kind.EVAL, OutputOptions.Format.CSV,
                OutputOptions.builder().keep("村明").build());
            fail("a bad kept column was written");
        } catch (ScoreException e) {
            assertEquals(ScoreException.Code.NOTFOUND, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("did you mean \"村名\""));
            assertEquals("before", new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
