package cn.libscore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * Gaps, plans and diffs through the binding: the same text and JSON as the
 * CLI of the same build prints for the district.
 */
public class GapTest {
    private static String withNewline(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }

    @Test
    public void gapsAreTheCliGaps() throws Exception {
        String csv = TestSupport.district("meihao-xiangcun").toString();
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            String text = r.gap("3301020611");
            assertEquals(TestSupport.cliOk("gap", "meihao-xiangcun", csv, "3301020611"), text);
            assertTrue(text.contains("且代码在 "));
            assertEquals(TestSupport.cliOk("gap", "meihao-xiangcun", csv, "3301020105", "--tier", "boutique",
                "--format", "json"), r.gapJson("3301020105", "boutique"));
            try {
                r.gapJson("3301020105", "gold");
                fail("no such tier");
            } catch (ScoreException e) {
                assertEquals(ScoreException.Code.NOTFOUND, e.code());
            }
        }
    }

    @Test
    public void plansAreTheCliPlans() throws Exception {
        String csv = TestSupport.district("zuzhi-zhenxing").toString();
        try (Ruleset rs = Ruleset.load("zuzhi-zhenxing");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            String text = r.plan("five_star_final", "town=桃源镇");
            assertEquals(TestSupport.cliOk("gap", "zuzhi-zhenxing", csv, "--target", "five_star_final",
                "--scope", "town=桃源镇"), withNewline(text));
            assertTrue(r.planJson("five_star_final", "town=桃源镇").contains("\"complete\":true"));
        }
    }

    @Test
    public void diffListsTheChangedTiers() throws Exception {
        String csv = new String(Files.readAllBytes(TestSupport.district("meihao-xiangcun")), StandardCharsets.UTF_8);
        /* 3301020106: 群众参与率 52% -> 65%, an applicant now */
        String fixed = csv.replace("3301020106,黄泥村,青山街道,青山区,是,是,是,是,是,52%",
                                   "3301020106,黄泥村,青山街道,青山区,是,是,是,是,是,65%");
        assertTrue(!fixed.equals(csv));
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table a = Table.parseCsv(rs, csv);
             Table b = Table.parseCsv(rs, fixed);
             Result ra = rs.evaluate(a);
             Result rb = rs.evaluate(b)) {
            List<String[]> d = Result.diff(ra, rb);
            assertEquals(ra.keys().size(), d.size());
            int changed = 0;
            for (String[] row : d) {
                if (!row[3].equals("same")) {
                    changed++;
                    assertEquals("3301020106".equals(row[0]) ? "up" : "down", row[3]);
                }
            }
            boolean up = d.stream().anyMatch(row -> row[0].equals("3301020106") && row[3].equals("up"));
            assertTrue(up);
            /* as `score diff` lists them: the criteria whose verdict flipped */
            String[] fixedRow = d.stream().filter(row -> row[0].equals("3301020106")).findFirst().get();
            assertTrue(fixedRow[4], Arrays.asList(fixedRow[4].split(" ")).contains("application_ok"));
            assertTrue(d.stream().filter(row -> !row[0].equals("3301020106"))
                           .allMatch(row -> row[4].isEmpty()));
            assertTrue(changed >= 1);
        }
    }
}
