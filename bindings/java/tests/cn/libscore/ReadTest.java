package cn.libscore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Data as it arrives (Table.read, DataCheck.check): the bundled district
 * of meihao-xiangcun rewritten at test time by Java's own encoders (GB18030;
 * UTF-16LE with a BOM and TABs, as Excel's "Unicode text") and by a small
 * .xlsx writer here reads to the same keys and tiers as the UTF-8 file;
 * total rows are refused with their line or skipped and counted; a header
 * typo is a warning that suggests the field.
 */
public class ReadTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Ruleset rs;
    private String utf8Text;
    private List<String> expectedKeys;
    private List<String> expectedTiers;

    @Before
    public void load() throws Exception {
        rs = Ruleset.load("meihao-xiangcun");
        Path csv = TestSupport.district("meihao-xiangcun");
        utf8Text = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8);
        try (Table t = Table.readCsv(rs, csv); Result r = rs.evaluate(t)) {
            expectedKeys = t.keys();
            expectedTiers = Arrays.asList(r.tierIds());
        }
        assertEquals(69, expectedKeys.size());
        assertTrue("the district awards some tiers", expectedTiers.stream().anyMatch(s -> s != null));
    }

    @After
    public void close() {
        rs.close();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.getRoot().toPath().resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Reads the file and checks it evaluates as the UTF-8 CSV does; returns its report. */
    private ReadReport readsAsTheUtf8File(Path file, ReadOptions opts) throws ScoreException {
        try (Table t = Table.read(rs, file.toString(), opts); Result r = rs.evaluate(t)) {
            assertEquals(expectedKeys, t.keys());
            assertEquals(expectedTiers, Arrays.asList(r.tierIds()));
            assertTrue(t.warnings().toString(), t.warnings().isEmpty());
            ReadReport rep = t.readReport();
            assertNotNull(rep);
            assertTrue(rep.ok());
            assertEquals(69, rep.rowsRead());
            return rep;
        }
    }

    @Test
    public void utf8ReadsWithItsReport() throws Exception {
        ReadReport rep = readsAsTheUtf8File(TestSupport.district("meihao-xiangcun"), null);
        assertEquals("UTF-8", rep.encodingName());
        assertTrue(rep.encodingDetected());
        assertEquals(1, rep.headerRow());
        assertEquals(0, rep.titleRows());
        assertNull(rep.sheet());
    }

    @Test
    public void threadsReadTheSameTable() throws Exception {
        /* over 1 MiB, so that the C reader cuts it into parts */
        String[] lines = utf8Text.split("\n", 2);
        StringBuilder big = new StringBuilder(lines[0]).append('\n');
        for (int k = 0; k < 300; k++) {
            for (String row : lines[1].split("\n")) {
                if (!row.isEmpty()) {
                    big.append(String.format("X%03d", k)).append(row).append('\n');
                }
            }
        }
        Path file = write("big.csv", big.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.size(file) > (1 << 20));
        try (Table one = Table.read(rs, file.toString(), ReadOptions.builder().threads(1).build());
             Table two = Table.read(rs, file.toString(), ReadOptions.builder().threads(2).build());
             Result r1 = rs.evaluate(one);
             Result r2 = rs.evaluate(two)) {
            assertEquals(69 * 300, one.rowCount());
            assertEquals(one.keys(), two.keys());
            assertEquals(Arrays.asList(r1.tierIds()), Arrays.asList(r2.tierIds()));
        }
    }

    private Path gb18030File() throws IOException {
        return write("district-gbk.csv", utf8Text.getBytes(Charset.forName("GB18030")));
    }

    @Test
    public void gb18030GivenReadsAsUtf8() throws Exception {
        ReadReport given = readsAsTheUtf8File(gb18030File(), ReadOptions.builder().encoding(Encoding.GB18030).build());
        assertEquals("GB18030", given.encodingName());
        assertFalse(given.encodingDetected());
    }

    @Test
    public void gb18030DetectedReadsAsUtf8() throws Exception {
        Path gbk = gb18030File();
        ReadReport detected = readsAsTheUtf8File(gbk, ReadOptions.defaults());
        assertEquals("GB18030", detected.encodingName());
        assertTrue(detected.encodingDetected());
        /* readCsv detects it too */
        try (Table t = Table.readCsv(rs, gbk)) {
            assertEquals(expectedKeys, t.keys());
            assertEquals("GB18030", t.readReport().encodingName());
        }
    }

    @Test
    public void utf16WithBomAndTabsReadsAsUtf8() throws Exception {
        assertFalse("the district has no quoted cells", utf8Text.contains("\""));
        String tabbed = "\uFEFF" + utf8Text.replace(',', '\t').replace("\n", "\r\n");
        Path u16 = write("district-utf16.txt", tabbed.getBytes(StandardCharsets.UTF_16LE));
        ReadReport rep = readsAsTheUtf8File(u16, null);
        assertEquals("UTF-16LE", rep.encodingName());
        readsAsTheUtf8File(u16, ReadOptions.builder().encoding(Encoding.UTF16).build());
    }

    @Test
    public void xlsxWithATitleRowReadsAsUtf8() throws Exception {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"2024年美好乡村创建申报汇总表"});
        for (String line : utf8Text.split("\r?\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split(",", -1));
            }
        }
        Path xlsx = write("district.xlsx", Xlsx.workbook(new String[] {"说明", "村级台账"},
            List.of(List.<String[]>of(new String[] {"见第二张表"}), rows)));
        ReadReport rep = readsAsTheUtf8File(xlsx, ReadOptions.builder().sheet("村级台账").build());
        assertEquals("村级台账", rep.sheet());
        assertEquals(2, rep.headerRow());
        assertEquals(1, rep.titleRows());
        assertEquals("村级台账", readsAsTheUtf8File(xlsx, ReadOptions.builder().sheet(2).build()).sheet());
        /* The same bytes from memory. */
        byte[] bytes = Files.readAllBytes(xlsx);
        ReadOptions second = ReadOptions.builder().sheet(2).build();
        try (Table t = Table.parse(rs, bytes, "upload.xlsx", second); Result r = rs.evaluate(t)) {
            assertEquals(expectedKeys, t.keys());
            assertEquals(expectedTiers, Arrays.asList(r.tierIds()));
        }
    }

    @Test
    public void aTotalRowIsRefusedWithItsLineOrSkippedAndCounted() throws Exception {
        int cells = utf8Text.substring(0, utf8Text.indexOf('\n')).split(",", -1).length;
        String totals = "合计" + ",".repeat(cells - 1) + "\n";
        String text = utf8Text.endsWith("\n") ? utf8Text : utf8Text + "\n";
        int totalLine = text.split("\n").length + 1;
        Path file = write("district-totals.csv", (text + totals).getBytes(StandardCharsets.UTF_8));
        try {
            Table.read(rs, file.toString(), null).close();
            fail("a total row read as a village");
        } catch (ScoreException e) {
            assertEquals(ScoreException.Code.DATA, e.code());
            assertEquals(totalLine, e.line());
            assertTrue(e.getMessage(), e.getMessage().startsWith(file + ":" + totalLine + ":"));
            assertTrue(e.getMessage(), e.getMessage().contains("total row"));
        }
        ReadReport check = DataCheck.check(rs, file.toString(), null);
        assertFalse(check.ok());
        assertEquals(1, check.errorCount());
        assertEquals(1, check.errors().size());
        assertTrue(check.errors().get(0), check.errors().get(0).startsWith(file + ":" + totalLine + ":"));

        ReadOptions skip = ReadOptions.builder().skipTotals(true).build();
        ReadReport rep = readsAsTheUtf8File(file, skip);
        assertEquals(1, rep.totalRows());
        ReadReport checked = DataCheck.check(rs, file, skip);
        assertTrue(checked.problems().toString(), checked.ok());
        assertEquals(1, checked.totalRows());
        assertEquals(69, checked.rowsRead());
    }

    @Test
    public void aHeaderTypoIsAWarningThatSuggestsTheField() throws Exception {
        assertTrue(utf8Text.contains("群众参与率"));
        String typo = utf8Text.replaceFirst("群众参与率", "群众参予率");
        Path file = write("district-typo.csv", typo.getBytes(StandardCharsets.UTF_8));
        try (Table t = Table.read(rs, file, null)) {
            List<String> w = t.warnings();
            assertTrue(w.toString(), w.stream().anyMatch(s -> s.startsWith(file + ":1:")
                && s.contains("群众参予率") && s.contains("did you mean") && s.contains("群众参与率")));
            assertTrue(t.readReport().ok());
            assertEquals(w.size(), t.readReport().warningCount());
            assertTrue(t.absentColumns().toString(), !t.absentColumns().isEmpty());
        }
        /* strict: the same header is an error. */
        try {
            Table.read(rs, file, ReadOptions.builder().strict(true).build()).close();
            fail("strict read a header that matches no field");
        } catch (ScoreException e) {
            assertEquals(1, e.line());
            assertTrue(e.getMessage(), e.getMessage().contains("群众参予率"));
        }
    }

    @Test
    public void aTableBuiltFromArraysHasNoReport() throws Exception {
        try (Table t = Table.builder(rs, 0).build()) {
            assertNull(t.readReport());
            assertTrue(t.warnings().isEmpty());
        }
    }

    @Test
    public void aMissingFileIsAnIoError() {
        String path = tmp.getRoot().toPath().resolve("absent.csv").toString();
        try {
            Table.read(rs, path, null).close();
            fail("read a file that does not exist");
        } catch (ScoreException e) {
            assertEquals(ScoreException.Code.IO, e.code());
        }
        try {
            DataCheck.check(rs, path);
            fail("checked a file that does not exist");
        } catch (ScoreException e) {
            assertEquals(ScoreException.Code.IO, e.code());
        }
    }

    @Test
    public void optionsAreValues() {
        ReadOptions a = ReadOptions.builder().encoding(Encoding.GB18030).sheet(2).headerRow(3)
            .skipTotals(true).strict(true).build();
        assertEquals(Encoding.GB18030, a.encoding());
        assertEquals("2", a.sheet());
        assertEquals(3, a.headerRow());
        assertTrue(a.skipTotals() && a.strict());
        assertEquals(a, a.toBuilder().build());
        assertEquals(ReadOptions.defaults(), ReadOptions.builder().build());
        assertFalse(a.equals(ReadOptions.defaults()));
    }

    /** The least of an .xlsx workbook, written here: every cell an inline string. */
    static final class Xlsx {
        private Xlsx() {
        }

        static byte[] workbook(String[] names, List<List<String[]>> sheets) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                StringBuilder types = new StringBuilder(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
                StringBuilder book = new StringBuilder(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                    + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
                StringBuilder rels = new StringBuilder(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
                for (int s = 0; s < names.length; s++) {
                    int n = s + 1;
                    types.append("<Override PartName=\"/xl/worksheets/sheet").append(n)
                        .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
                    book.append("<sheet name=\"").append(escape(names[s])).append("\" sheetId=\"").append(n)
                        .append("\" r:id=\"rId").append(n).append("\"/>");
                    rels.append("<Relationship Id=\"rId").append(n)
                        .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
                            + " Target=\"worksheets/sheet").append(n).append(".xml\"/>");
                    put(zip, "xl/worksheets/sheet" + n + ".xml", sheet(sheets.get(s)));
                }
                put(zip, "[Content_Types].xml", types.append("</Types>").toString());
                put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
                    + " Target=\"xl/workbook.xml\"/></Relationships>");
                put(zip, "xl/workbook.xml", book.append("</sheets></workbook>").toString());
                put(zip, "xl/_rels/workbook.xml.rels", rels.append("</Relationships>").toString());
            }
            return bytes.toByteArray();
        }

        private static String sheet(List<String[]> rows) {
            StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            for (int r = 0; r < rows.size(); r++) {
                x.append("<row r=\"").append(r + 1).append("\">");
                String[] cells = rows.get(r);
                for (int c = 0; c < cells.length; c++) {
                    if (cells[c].isEmpty()) {
                        continue;
                    }
                    x.append("<c r=\"").append(column(c)).append(r + 1).append("\" t=\"inlineStr\"><is><t>")
                        .append(escape(cells[c])).append("</t></is></c>");
                }
                x.append("</row>");
            }
            return x.append("</sheetData></worksheet>").toString();
        }

        private static String column(int c) {
            String name = "";
            for (int n = c + 1; n > 0; n = (n - 1) / 26) {
                name = (char) ('A' + (n - 1) % 26) + name;
            }
            return name;
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }

        private static void put(ZipOutputStream zip, String name, String xml) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(xml.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }
}
