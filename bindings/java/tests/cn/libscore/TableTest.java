package cn.libscore;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Tables built from Java arrays, a column at a time, with missing values:
 * NaN for numbers, null for bools and texts. The twelve example villages
 * (examples/data/villages.csv) built from arrays evaluate as the CSV does,
 * and as tests/cli/README.md works them out by hand.
 */
public class TableTest {
    private static final double NA = Double.NaN;
    private static final Boolean T = Boolean.TRUE;
    private static final Boolean F = Boolean.FALSE;

    private Ruleset rs;

    @Before
    public void load() throws ScoreException {
        rs = Ruleset.load(TestSupport.sourceDir().resolve("examples/rulesets/clean-village.yaml").toString());
    }

    @After
    public void close() {
        rs.close();
    }

    /** examples/data/villages.csv, cell by cell; empty cells are NaN or null. */
    private Table villagesFromArrays() throws ScoreException {
        return Table.builder(rs, 12)
            .texts("id", new String[] {
                "V001", "V002", "V003", "V004", "V005", "V006", "V007", "V008", "V009", "V010", "V011", "V012"})
            .texts("村名", new String[] {
                "清河村", "新桥村", "石牛村", "金龙村", "白鹤村", "柳溪村", "桃园村", "青松村", "龙泉村", "红星村", "凤凰村", "双河村"})
            .texts("town", new String[] {
                "孝泉镇", "孝泉镇", "黄许镇", "黄许镇", "德新镇", "德新镇", "柏隆镇", "柏隆镇", "孝泉镇", "黄许镇", "德新镇", "柏隆镇"})
            .bools("applied", new Boolean[] {T, T, T, T, T, F, T, T, T, T, F, T})
            .bools("plan_village", new Boolean[] {T, T, T, T, T, T, F, T, T, T, F, null})
            .bools("村级组织廉洁务实", new Boolean[] {T, T, F, T, T, T, T, T, null, T, F, null})
            .numbers("群众参与率", new double[] {0.75, 0.6, 0.8, 0.8, NA, NA, 0.59, 0.65, 0.7, 1.0, 0.3, NA})
            .bools("sewage_done", new Boolean[] {T, T, T, T, T, F, T, T, null, T, F, null})
            .bools("toilet_done", new Boolean[] {T, T, F, T, T, T, T, T, F, T, F, null})
            .bools("garbage_done", new Boolean[] {T, T, T, T, null, T, T, T, T, T, F, null})
            .numbers("messes", new double[] {0, 3, 5, 2, 1, NA, 4, 0, 2, 3, 12, NA})
            .texts("prior_tier", new String[] {
                null, null, "clean", "boutique_demo", null, null, "tidy", "boutique_demo", null, "boutique", null, null})
            .numbers("collective_income_2019",
                new double[] {25000, 30000, 25000, 120000, 15000, NA, 28000, 0, 40000, 29900, 8000, NA})
            .numbers("村集体经济收入(元)_2020",
                new double[] {60000, 60000, 40000, 150000, 28000, 50000, 55000, 20000, NA, 59800, 12000, NA})
            .build();
    }

    @Test
    public void arraysWithMissingValuesEvaluateAsTheCsv() throws Exception {
        Path csv = TestSupport.sourceDir().resolve("examples/data/villages.csv");
        try (Table fromArrays = villagesFromArrays();
             Table fromCsv = Table.readCsv(rs, csv);
             Result a = rs.evaluate(fromArrays);
             Result c = rs.evaluate(fromCsv)) {
            assertEquals(fromCsv.keys(), fromArrays.keys());
            assertTrue(fromArrays.absentColumns().isEmpty());
            for (Criterion crit : rs.criteria()) {
                assertArrayEquals(crit.id(), c.verdicts(crit.id()), a.verdicts(crit.id()));
            }
        }
    }

    @Test
    public void missingValuesGiveUnknownVerdicts() throws Exception {
        // Worked out by hand in tests/cli/README.md.
        try (Table t = villagesFromArrays(); Result r = rs.evaluate(t)) {
            RowResult v002 = r.row("V002");
            assertEquals(T, v002.verdict("application_ok")); // 60% >= 60%, bools given as 1
            assertEquals(F, v002.verdict("weak_income")); // 3万 is not below 3万

            RowResult v005 = r.row("V005"); // no participation, no garbage value
            assertNull(v005.verdict("application_ok"));
            assertNull(v005.verdict("three_revolutions"));
            assertEquals(T, v005.verdict("messes_basic"));
            assertNull(v005.verdict("clean_ready"));

            RowResult v006 = r.row("V006"); // did not apply: false whatever is missing
            assertEquals(F, v006.verdict("application_ok"));
            assertNull(v006.verdict("messes_basic"));
            assertNull(v006.verdict("weak_income"));

            RowResult v012 = r.row("V012"); // nearly empty
            assertEquals(F, v012.verdict("was_boutique_demo")); // coalesce(prior_tier, "")
            assertNull(v012.verdict("three_revolutions"));
            assertNull(v012.verdict("income_doubled"));

            assertEquals(T, r.row("V004").verdict("was_boutique_demo"));
            assertEquals(Arrays.asList("application_ok", "three_revolutions", "messes_basic", "clean_ready",
                "weak_income", "income_doubled", "was_boutique_demo"), Arrays.asList(
                v005.verdicts().keySet().toArray(new String[0])));
        }
    }

    @Test
    public void columnsNotGivenAreMissing() throws Exception {
        try (Table t = Table.builder(rs, 2).texts("id", new String[] {"A", "B"})
                .bools("applied", new boolean[] {true, false}).build();
             Result r = rs.evaluate(t)) {
            assertEquals(2, t.rowCount());
            assertEquals(Arrays.asList(null, F), Arrays.asList(r.verdicts("application_ok")));
            assertArrayEquals(new Boolean[] {null, null}, r.verdicts("messes_basic"));
        }
    }

    @Test
    public void boundBuffersReadInPlace() throws Exception {
        DoubleBuffer messes = ByteBuffer.allocateDirect(3 * Double.BYTES).order(ByteOrder.nativeOrder())
            .asDoubleBuffer();
        messes.put(new double[] {0, 4, NA});
        try (Table t = Table.builder(rs, 3).texts("id", new String[] {"A", "B", "C"})
                .bindNumbers("messes", messes).build();
             Result r = rs.evaluate(t)) {
            assertArrayEquals(new Boolean[] {T, F, null}, r.verdicts("messes_basic"));
        }
        try {
            Table.builder(rs, 3).bindNumbers("messes", DoubleBuffer.wrap(new double[3]));
            fail("bound a heap buffer");
        } catch (IllegalArgumentException expected) {
            // a heap buffer may move: only direct buffers are read in place
        }
    }

    @Test
    public void badColumnsAreScoreExceptions() throws Exception {
        expectBuildError(Table.builder(rs, 1).numbers("no_such_column", new double[] {1}),
            ScoreException.Code.NOTFOUND);
        expectBuildError(Table.builder(rs, 1).numbers("applied", new double[] {1}), ScoreException.Code.INVAL);
        expectBuildError(Table.builder(rs, 1).numbers("messes", new double[] {Double.POSITIVE_INFINITY}),
            ScoreException.Code.DATA);
        try {
            Table.builder(rs, 2).numbers("messes", new double[] {1});
            fail("accepted a column of the wrong length");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("messes"));
        }
    }

    private static void expectBuildError(Table.Builder builder, ScoreException.Code code) {
        try (Table t = builder.build()) {
            fail("built a table of " + t.rowCount() + " rows");
        } catch (ScoreException e) {
            assertEquals(code, e.code());
        }
    }

    @Test
    public void csvTextReadsAsTheFile() throws Exception {
        Path path = TestSupport.sourceDir().resolve("examples/data/villages.csv");
        String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        try (Table a = Table.parseCsv(rs, text); Table b = Table.readCsv(rs, path);
             Result ra = rs.evaluate(a); Result rb = rs.evaluate(b)) {
            assertEquals(b.keys(), a.keys());
            assertArrayEquals(rb.verdicts("clean_ready"), ra.verdicts("clean_ready"));
            assertEquals(7, a.rowOf("V008"));
            assertEquals(-1, a.rowOf("V999"));
        }
    }

    @Test
    public void aHeaderOnlyCsvIsATableOfNoRows() throws Exception {
        try (Table t = Table.parseCsv(rs, "村代码,申报创建\n"); Result r = rs.evaluate(t)) {
            assertEquals(0, t.rowCount());
            assertEquals(0, r.rowCount());
            assertEquals(0, r.verdicts("clean_ready").length);
            assertTrue(r.rows().isEmpty());
            assertFalse(t.absentColumns().isEmpty());
        }
    }

    @Test
    public void textsBeyondTheBmpRoundTrip() throws Exception {
        String[] keys = {"𠀋村", "新桥村", "V3"};
        try (Table t = Table.builder(rs, 3).texts("id", keys).build()) {
            assertEquals(Arrays.asList(keys), t.keys());
            assertEquals(0, t.rowOf("𠀋村"));
        }
        try {
            Table.builder(rs, 1).texts("id", new String[] {"a\0b"}).build().close();
            fail("a NUL reached the library");
        } catch (IllegalArgumentException expected) {
            // C strings end at NUL
        }
    }
}
