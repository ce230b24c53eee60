import cn.libscore.Result;
import cn.libscore.RowResult;
import cn.libscore.Ruleset;
import cn.libscore.ScoreException;
import cn.libscore.Table;
import cn.libscore.Tier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores a district with the built-in 美好乡村 standard: how many villages
 * each tier awards, and why one village got the tier it got.
 *
 *   java ScoreDistrict DATA.csv [KEY]
 */
public final class ScoreDistrict {
    public static void main(String[] args) throws ScoreException {
        if (args.length < 1) {
            System.err.println("usage: java ScoreDistrict DATA.csv [KEY]");
            System.exit(2);
        }
        // Load the ruleset once; it can serve any number of tables and threads.
        try (Ruleset rs = Ruleset.load("meihao-xiangcun");
             Table villages = Table.readCsv(rs, args[0]);
             Result result = rs.evaluate(villages)) {
            System.out.println(rs.title() + " " + rs.version() + ": " + result.rowCount() + " villages");

            Map<Tier, Integer> counts = new LinkedHashMap<>();
            for (int i = rs.tiers().size() - 1; i >= 0; i--) {
                counts.put(rs.tiers().get(i), 0);
            }
            int none = 0;
            for (RowResult row : result.rows()) {
                if (row.tier() == null) {
                    none++;
                } else {
                    counts.merge(row.tier(), 1, Integer::sum);
                }
            }
            for (Map.Entry<Tier, Integer> e : counts.entrySet()) {
                System.out.println("  " + e.getKey().label() + " (" + e.getKey().id() + "): " + e.getValue());
            }
            System.out.println("  未获评 (none): " + none);

            // Explain the village asked for, or the first one that qualified
            // for a tier higher than the one it was awarded (a quota or cap).
            String key = args.length > 1 ? args[1] : null;
            for (RowResult row : result.rows()) {
                if (key == null && row.qualified() != null && row.qualified() != row.tier()) {
                    key = row.key();
                }
            }
            if (key != null) {
                System.out.println();
                System.out.print(result.explain(key));
            }
        }
    }
}
