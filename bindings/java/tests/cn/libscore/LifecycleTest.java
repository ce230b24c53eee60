package cn.libscore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;

/**
 * Handles are AutoCloseable and freed once; a closed handle throws
 * IllegalStateException instead of reaching freed memory; results and
 * tables keep what they were made from alive.
 */
public class LifecycleTest {
    private interface Use {
        void run() throws Exception;
    }

    private static void expectClosed(String what, Use use) throws Exception {
        try {
            use.run();
            fail(what + " worked on a closed handle");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("closed"));
        }
    }

    @Test
    public void closingTwiceIsSafe() throws Exception {
        Ruleset rs = Ruleset.load("meihao-xiangcun");
        Table t = Table.readCsv(rs, TestSupport.district("meihao-xiangcun"));
        Result r = rs.evaluate(t);
        for (AutoCloseable handle : new AutoCloseable[] {r, t, rs}) {
            handle.close();
            handle.close();
        }
        assertTrue(rs.isClosed());
        assertTrue(t.isClosed());
        assertTrue(r.isClosed());
    }

    @Test
    public void aClosedHandleThrowsIllegalState() throws Exception {
        Ruleset rs = Ruleset.load("meihao-xiangcun");
        Table t = Table.readCsv(rs, TestSupport.district("meihao-xiangcun"));
        Result r = rs.evaluate(t);
        RowResult row = r.row(0);

        r.close();
        expectClosed("Result.explain", () -> r.explain("3301020611"));
        expectClosed("Result.targets", r::targets);
        expectClosed("Result.verdicts", () -> r.verdicts("application_ok"));
        expectClosed("RowResult.tierId", row::tierId);
        expectClosed("RowResult.verdict", () -> row.verdict("application_ok"));

        t.close();
        expectClosed("Table.keys", t::keys);
        expectClosed("Table.rowOf", () -> t.rowOf("3301020611"));
        expectClosed("Ruleset.evaluate of a closed table", () -> rs.evaluate(t));

        rs.close();
        expectClosed("Ruleset.id", rs::id);
        expectClosed("Ruleset.tiers", rs::tiers);
        expectClosed("Table.readCsv", () -> Table.readCsv(rs, TestSupport.district("meihao-xiangcun")));
        expectClosed("Table.builder", () -> Table.builder(rs, 1));
    }

    @Test
    public void aResultKeepsItsTableAndRulesetAlive() throws Exception {
        Ruleset rs = Ruleset.load("zuzhi-zhenxing");
        Table t = Table.readCsv(rs, TestSupport.district("zuzhi-zhenxing"));
        Result r = rs.evaluate(t);
        String before = r.explain(0);
        // Closed in the "wrong" order: the native ruleset and table must outlive the result.
        rs.close();
        t.close();
        assertEquals(before, r.explain(0));
        assertFalse(r.targets().isEmpty());
        assertEquals(69, r.keys().size());
        assertTrue(r.explainTargetJson(0).contains("\"zuzhi-zhenxing\""));
        r.close();
    }

    @Test
    public void aTableKeepsItsRulesetAlive() throws Exception {
        Ruleset rs = Ruleset.load("meihao-xiangcun");
        Table t = Table.readCsv(rs, TestSupport.district("meihao-xiangcun"));
        rs.close();
        assertEquals(69, t.rowCount());
        assertEquals("3301020101", t.key(0));
        t.close();
    }

    @Test
    public void oneRulesetServesManyThreads() throws Exception {
        try (Ruleset rs = Ruleset.load("meihao-xiangcun")) {
            List<String> expected;
            try (Table t = Table.readCsv(rs, TestSupport.district("meihao-xiangcun")); Result r = rs.evaluate(t)) {
                expected = Arrays.asList(r.tierIds());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> runs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    runs.add(pool.submit(() -> {
                        try (Table t = Table.readCsv(rs, TestSupport.district("meihao-xiangcun"));
                             Result r = rs.evaluate(t)) {
                            return Arrays.asList(r.tierIds());
                        }
                    }));
                }
                for (Future<List<String>> run : runs) {
                    assertEquals(expected, run.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    public void tablesOfAnotherRulesetAreRefused() throws Exception {
        try (Ruleset a = Ruleset.load("meihao-xiangcun");
             Ruleset b = Ruleset.load("meihao-xiangcun");
             Table t = Table.readCsv(a, TestSupport.district("meihao-xiangcun"))) {
            try (Result r = b.evaluate(t)) {
                fail("evaluated a table of another ruleset: " + r.rowCount());
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("another ruleset"));
            }
        }
    }
}
