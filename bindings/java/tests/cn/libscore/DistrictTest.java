package cn.libscore;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * The bundled 69-village district (examples/data/district), evaluated
 * through the binding, gives exactly what the CLI of the same build prints
 * for it: run in the test, never copied into a golden file.
 */
public class DistrictTest {
    private static final String[] BUILTINS = {
        "meihao-xiangcun", "zuzhi-zhenxing", "renju-huanjing", "dangzuzhi-pingxing", "dangyuan-jifen"};

    private static String cell(Boolean verdict) {
        return verdict == null ? "" : verdict ? "1" : "0";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The rows of a result as `score eval --format csv` writes them, from the binding's values. */
    private static String evalCsv(Ruleset rs, Result r) {
        List<String> header = new ArrayList<>();
        header.add(rs.key());
        boolean tiers = !rs.tiers().isEmpty();
        if (tiers) {
            header.add("qualified");
            header.add("tier");
            header.add("rank_score");
        }
        for (Scorecard s : rs.scorecards()) {
            header.add(s.id());
            if (s.hasGrades()) {
                header.add(s.id() + "_grade");
            }
        }
        rs.criteria().forEach(c -> header.add(c.id()));
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (RowResult row : r.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(row.key());
            if (tiers) {
                cells.add(nullToEmpty(row.qualifiedId()));
                cells.add(nullToEmpty(row.tierId()));
                cells.add(Libscore.formatNumber(row.rankScore()));
            }
            for (Scorecard s : rs.scorecards()) {
                cells.add(Libscore.formatNumber(row.score(s.id())));
                if (s.hasGrades()) {
                    cells.add(nullToEmpty(row.grade(s.id())));
                }
            }
            rs.criteria().forEach(c -> cells.add(cell(row.verdict(c.id()))));
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    /** The outcomes as `score targets --format csv` writes them. */
    private static String targetsCsv(Result r) {
        StringBuilder out = new StringBuilder("target,scope,actual,op,required,verdict,shortfall\n");
        for (TargetOutcome o : r.targets()) {
            out.append(String.join(",", o.id(), o.scope(), Libscore.formatNumber(o.actual()), o.op(),
                Libscore.formatNumber(o.required()), o.verdict().toString(), Libscore.formatNumber(o.shortfall())))
                .append('\n');
        }
        return out.toString();
    }

    @Test
    public void meihaoTiersAreTheCliTiers() throws Exception {
        String csv = TestSupport.district("meihao-xiangcun").toString();
        List<String[]> cli = TestSupport.csv(TestSupport.cliOk("eval", "meihao-xiangcun", csv, "--format", "csv"));
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            assertEquals(69, r.rowCount());
            assertEquals(cli.size() - 1, r.rowCount());
            String[] tiers = r.tierIds();
            String[] qualified = r.qualifiedTierIds();
            int awarded = 0;
            for (int i = 0; i < r.rowCount(); i++) {
                String[] line = cli.get(i + 1);
                RowResult row = r.row(i);
                assertEquals(line[0], row.key());
                assertEquals(line[0], line[1], nullToEmpty(qualified[i]));
                assertEquals(line[0], line[2], nullToEmpty(tiers[i]));
                assertEquals(line[0], line[2], nullToEmpty(row.tierId()));
                assertEquals(line[0], line[3], Libscore.formatNumber(row.rankScore()));
                if (row.tier() != null) {
                    awarded++;
                    assertEquals(row.tier().label(), row.tierLabel());
                } else {
                    assertNull(row.tierLabel());
                }
            }
            // The 2020 quotas of 篇四: 3/4/5/5/10 (README: 27 of 69 villages).
            assertEquals(27, awarded);
        }
    }

    @Test
    public void everyBuiltinEvaluatesAsTheCliDoes() throws Exception {
        for (String id : BUILTINS) {
            String csv = TestSupport.district(id).toString();
            String expected = TestSupport.cliOk("eval", id, csv, "--format", "csv");
            try (Ruleset rs = Ruleset.load(id);
                 Table t = Table.readCsv(rs, csv);
                 Result r = rs.evaluate(t)) {
                assertEquals(id, expected, evalCsv(rs, r));
                assertTrue(id + ": the district has every column", t.absentColumns().isEmpty());
            }
        }
    }

    @Test
    public void zuzhiTargetsAreTheCliTargets() throws Exception {
        String csv = TestSupport.district("zuzhi-zhenxing").toString();
        String expected = TestSupport.cliOk("targets", "zuzhi-zhenxing", csv, "--format", "csv");
        try (Ruleset rs = Ruleset.load("zuzhi-zhenxing");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            assertEquals(expected, targetsCsv(r));

            // From README: five_star_final in all rows is 0.3478... >= 0.4, not met, 4 short.
            TargetOutcome fiveStar = r.targets().stream()
                .filter(o -> o.id().equals("five_star_final") && o.scope().equals("all")).findFirst()
                .orElseThrow(AssertionError::new);
            assertEquals(TargetVerdict.NOT_MET, fiveStar.verdict());
            assertEquals(4.0, fiveStar.shortfall(), 0.0);
            assertEquals(69, fiveStar.population());
            assertEquals(24, fiveStar.satisfied());
            assertEquals(fiveStar.population() - fiveStar.satisfied(), fiveStar.failingKeys().size());
            for (String key : fiveStar.failingKeys()) {
                assertFalse(r.row(key).verdicts().isEmpty());
            }
        }
    }

    @Test
    public void everyBuiltinsTargetsAreTheCliTargets() throws Exception {
        for (String id : BUILTINS) {
            String csv = TestSupport.district(id).toString();
            String expected = TestSupport.cliOk("targets", id, csv, "--format", "csv");
            try (Ruleset rs = Ruleset.load(id);
                 Table t = Table.readCsv(rs, csv);
                 Result r = rs.evaluate(t, 2)) {
                assertEquals(id, expected, targetsCsv(r));
            }
        }
    }

    @Test
    public void explanationsAreTheCliExplanations() throws Exception {
        String csv = TestSupport.district("meihao-xiangcun").toString();
        String key = "3301020611";
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            String text = r.explain(key);
            assertTrue(text.contains("村代码 " + key));
            assertEquals(TestSupport.cliOk("explain", "meihao-xiangcun", csv, key), withNewline(text));
            String json = r.explainJson(key);
            assertTrue(json.contains("\"" + key + "\""));
            assertEquals(TestSupport.cliOk("explain", "meihao-xiangcun", csv, key, "--format", "json"),
                withNewline(json));
            assertEquals(text, r.row(key).explain());
        }
    }

    @Test
    public void targetExplanationsAreTheCliExplanations() throws Exception {
        String csv = TestSupport.district("zuzhi-zhenxing").toString();
        try (Ruleset rs = Ruleset.load("zuzhi-zhenxing");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            TargetOutcome first = r.targets().stream().filter(o -> o.id().equals("five_star_final")).findFirst()
                .orElseThrow(AssertionError::new);
            String text = r.explainTarget(first.index());
            assertTrue(text.contains(first.target().label()));
            String cli = TestSupport.cliOk("explain", "zuzhi-zhenxing", csv, "--target", "five_star_final");
            assertTrue(cli.startsWith(withNewline(text)));
            String json = r.explainTargetJson(first.index());
            String cliJson = TestSupport.cliOk("explain", "zuzhi-zhenxing", csv, "--target", "five_star_final",
                "--format", "json");
            assertEquals(cliJson.split("\n")[1].replaceAll(",$", ""), json.split("\n")[0]);
        }
    }

    @Test
    public void aTargetIsExplainedByIdAndScope() throws Exception {
        String csv = TestSupport.district("zuzhi-zhenxing").toString();
        try (Ruleset rs = Ruleset.load("zuzhi-zhenxing");
             Table t = Table.readCsv(rs, csv);
             Result r = rs.evaluate(t)) {
            TargetOutcome town = r.targets().stream()
                .filter(o -> o.id().equals("five_star_final") && o.scope().startsWith("town=")
                    && !o.failingKeys().isEmpty())
                .findFirst().orElseThrow(AssertionError::new);
            String text = r.explainTarget("five_star_final", town.scope());
            // The CLI explains every scope of the target, this one among them,
            // under one line naming the ruleset.
            String cli = TestSupport.cliOk("explain", "zuzhi-zhenxing", csv, "--target", "five_star_final");
            String[] head = text.split("\n", 2);
            assertEquals(cli.split("\n", 2)[0], head[0]);
            assertTrue(text, head[1].startsWith("目标 "));
            assertTrue(cli, cli.contains("\n" + withNewline(head[1])));
            assertTrue(text, text.contains(town.scope().substring("town=".length())));
            for (String key : town.failingKeys()) {
                assertTrue(key, text.contains(key));
            }
            String json = r.explainTargetJson("five_star_final", town.scope());
            String cliJson = TestSupport.cliOk("explain", "zuzhi-zhenxing", csv, "--target", "five_star_final",
                "--format", "json");
            assertTrue(Arrays.asList(cliJson.replaceAll(",\n", "\n").split("\n")).contains(json.split("\n")[0]));
            assertEquals(r.explainTarget("five_star_final", "all"), r.explainTarget("five_star_final"));
            assertTrue(cli.startsWith(withNewline(r.explainTarget("five_star_final"))));

            for (String[] missing : new String[][] {{"no_such_target", "all"}, {"five_star_final", "town=nowhere"}}) {
                try {
                    r.explainTarget(missing[0], missing[1]);
                    fail("explained " + String.join(" in ", missing));
                } catch (ScoreException e) {
                    assertEquals(ScoreException.Code.NOTFOUND, e.code());
                    assertTrue(e.getMessage(), e.getMessage().contains(missing[0].equals("no_such_target")
                        ? "no_such_target" : "town=nowhere"));
                }
            }
        }
    }

    @Test
    public void threadsGiveTheSameResult() throws Exception {
        String csv = TestSupport.district("meihao-xiangcun").toString();
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(rs, csv);
             Result one = rs.evaluate(t, 1);
             Result four = rs.evaluate(t, 4)) {
            assertEquals(evalCsv(rs, one), evalCsv(rs, four));
            assertArrayEquals(one.scores("assessment"), four.scores("assessment"), 0.0);
        }
    }

    private static String withNewline(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }
}
