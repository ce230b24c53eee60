package cn.libscore;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Test;

/** Loading rulesets, built in, from files and from text, and reading their metadata. */
public class RulesetTest {
    private static String cliHash(String... args) throws Exception {
        String json = TestSupport.cliOk(args);
        Matcher m = Pattern.compile("\"hash\":\"([0-9a-f]+)\"").matcher(json);
        assertTrue("no hash in the CLI's JSON", m.find());
        return m.group(1);
    }

    @Test
    public void builtinsAreThoseTheCliLists() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String line : TestSupport.cliOk("list").split("\n")) {
            expected.add(line);
        }
        List<String> actual = Ruleset.builtins().stream().map(b -> b.id() + "\t" + b.title())
            .collect(Collectors.toList());
        assertEquals(expected, actual);
        assertEquals(5, actual.size());
    }

    @Test
    public void loadsABuiltinWithItsMetadata() throws Exception {
        try (Ruleset rs = Ruleset.load("meihao-xiangcun")) {
            assertEquals("meihao-xiangcun", rs.id());
            assertEquals("美好乡村创建等级评定", rs.title());
            assertEquals("2020.1", rs.version());
            assertEquals("village", rs.entity());
            assertEquals("id", rs.key());
            assertTrue(rs.hash().matches("[0-9a-f]{16}"));
            String csv = TestSupport.district("meihao-xiangcun").toString();
            assertEquals(cliHash("eval", "meihao-xiangcun", csv, "--format", "json"), rs.hash());

            // The ladder of 篇四, lowest first (docs/rulesets.md).
            List<String> tiers = rs.tiers().stream().map(Tier::id).collect(Collectors.toList());
            assertEquals(Arrays.asList("clean", "tidy", "boutique", "boutique_demo", "operating_demo"), tiers);
            assertEquals("美好乡村精品示范村", rs.tiers().get(3).label());
            assertEquals(4.0, rs.tiers().get(3).quota(), 0.0);
            assertEquals(0.3, rs.tiers().get(3).cap(), 1e-12);
            assertTrue(Double.isNaN(rs.tiers().get(0).cap()));

            // Scorecards then criteria, in the order of the CLI's columns.
            String[] header = TestSupport.csv(TestSupport.cliOk("eval", "meihao-xiangcun", csv, "--format", "csv"))
                .get(0);
            List<String> expected = Arrays.asList(header).subList(4, header.length);
            List<String> actual = new ArrayList<>();
            rs.scorecards().forEach(s -> actual.add(s.id()));
            rs.criteria().forEach(c -> actual.add(c.id()));
            assertEquals(expected, actual);
            assertFalse("the assessment has no bands", rs.scorecards().get(0).hasGrades());

            Field participation = rs.fields().stream().filter(f -> f.id().equals("participation")).findFirst()
                .orElseThrow(AssertionError::new);
            assertEquals("群众参与率", participation.label());
            assertEquals(FieldType.NUMBER, participation.type());
            assertEquals(FieldType.TEXT, rs.fields().get(0).type());
            assertTrue("篇四 sets no targets", rs.targets().isEmpty());
        }
    }

    @Test
    public void paramsOverrideTheDefaultsAsOnTheCommandLine() throws Exception {
        String csv = TestSupport.district("meihao-xiangcun").toString();
        try (Ruleset plain = Ruleset.load("meihao-xiangcun");
             Ruleset changed = Ruleset.load("meihao-xiangcun", Collections.singletonMap("demo_cap", "20%"))) {
            assertNotEquals(plain.hash(), changed.hash());
            assertEquals(cliHash("eval", "meihao-xiangcun", csv, "--format", "json", "--param", "demo_cap=20%"),
                changed.hash());
            Param cap = changed.params().stream().filter(p -> p.name().equals("demo_cap")).findFirst()
                .orElseThrow(AssertionError::new);
            assertNotEquals(cap.defaultValue(), cap.value());
            Param plainCap = plain.params().stream().filter(p -> p.name().equals("demo_cap")).findFirst()
                .orElseThrow(AssertionError::new);
            assertEquals(plainCap.defaultValue(), plainCap.value());
            assertEquals(0.2, changed.tiers().get(3).cap(), 1e-12);
        }
    }

    @Test
    public void anUnknownParamIsAParamError() throws Exception {
        try (Ruleset rs = Ruleset.load("meihao-xiangcun", Collections.singletonMap("nope", "1"))) {
            fail("loaded with an unknown param: " + rs);
        } catch (ScoreException e) {
            assertEquals(ScoreException.Code.PARAM, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("nope"));
        }
    }

    @Test
    public void loadsAFileByPath() throws Exception {
        String path = TestSupport.sourceDir().resolve("examples/rulesets/clean-village.yaml").toString();
        try (Ruleset rs = Ruleset.load(path)) {
            assertEquals("clean-village", rs.id());
            assertEquals(cliHash("eval", path, TestSupport.sourceDir().resolve("examples/data/villages.csv").toString(),
                "--format", "json"), rs.hash());
            Field income = rs.fields().get(rs.fields().size() - 1);
            assertEquals("collective_income", income.id());
            assertArrayEquals(new int[] {2019, 2020}, income.years());
            assertArrayEquals(new String[] {"collective_income_2019", "collective_income_2020"}, income.columns());
            assertTrue(rs.tiers().isEmpty());
            assertEquals("applied and plan_village and leadership_ok and participation >= participation_min",
                rs.criteria().get(0).expression());
        }
    }

    @Test
    public void aMissingFileIsAnIoError() {
        try (Ruleset rs = Ruleset.load("/nonexistent/ruleset.yaml")) {
            fail("loaded " + rs);
        } catch (ScoreException e) {
            assertEquals(ScoreException.Code.IO, e.code());
        }
    }

    @Test
    public void aBareNameThatIsNoBuiltinIsNotFound() {
        try (Ruleset rs = Ruleset.load("nosuch")) {
            fail("loaded " + rs);
        } catch (ScoreException e) {
            assertEquals(ScoreException.Code.NOTFOUND, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("no built-in ruleset 'nosuch'"));
        }
    }

    @Test
    public void loadsFromAStringWithEveryFieldType() throws Exception {
        String yaml = String.join("\n",
            "ruleset: tiny",
            "version: \"1\"",
            "title: 小测试",
            "key: id",
            "params:",
            "  line: {value: 3万, label: 收入线}",
            "fields:",
            "  id: {type: text, label: 村代码}",
            "  ok: {type: bool, label: 合格}",
            "  income: {type: number, label: 收入, years: [2021, 2022]}",
            "criteria:",
            "  rich:",
            "    label: 富裕",
            "    when: income[2022] >= line and ok",
            "targets:",
            "  - id: half_rich",
            "    label: 一半富裕",
            "    year: 2022",
            "    require: share(rich) >= 50%",
            "");
        try (Ruleset rs = Ruleset.fromString(yaml)) {
            assertEquals("tiny", rs.id());
            assertEquals("小测试", rs.title());
            assertEquals(Arrays.asList(FieldType.TEXT, FieldType.BOOL, FieldType.NUMBER),
                rs.fields().stream().map(Field::type).collect(Collectors.toList()));
            assertEquals("合格", rs.fields().get(1).label());
            assertEquals(1, rs.criteria().size());
            assertEquals("富裕", rs.criteria().get(0).label());
            Target t = rs.targets().get(0);
            assertEquals("half_rich", t.id());
            assertEquals(2022, t.year());
            assertEquals("share", t.aggregate());
            assertEquals("line", rs.params().get(0).name());
            assertEquals("收入线", rs.params().get(0).label());
        }
    }

    @Test
    public void charactersBeyondTheBmpSurviveTheBoundary() throws Exception {
        // 𠀋 (U+2000B, CJK Extension B) is four bytes in UTF-8; JNI's modified
        // UTF-8 would have made it six.
        String yaml = "ruleset: ext-b\ntitle: 𠀋村测试\nkey: id\nfields:\n  id: {type: text, label: 村𠀋}\n";
        try (Ruleset rs = Ruleset.fromString(yaml, "𠀋.yaml", Map.of())) {
            assertEquals("𠀋村测试", rs.title());
            assertEquals("村𠀋", rs.fields().get(0).label());
        }
    }

    @Test
    public void versionIsTheCliVersion() throws Exception {
        assertEquals("score " + Libscore.version() + "\n", TestSupport.cliOk("--version"));
        assertEquals("0.3", Libscore.formatNumber(0.1 + 0.2));
        assertEquals("30000", Libscore.formatNumber(30000));
        assertEquals("", Libscore.formatNumber(Double.NaN));
        assertFalse(Libscore.version().isEmpty());
    }
}
