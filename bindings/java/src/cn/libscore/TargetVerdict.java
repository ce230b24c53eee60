package cn.libscore;

/** The verdict of a target in one scope. */
public enum TargetVerdict {
    /** It holds whatever the rows with unknown data turn out to be. */
    MET,
    /** It fails whatever the rows with unknown data turn out to be. */
    NOT_MET,
    /** The rows with unknown data could tip it either way. */
    UNKNOWN;

    static TargetVerdict of(int scoreTargetVerdict) {
        switch (scoreTargetVerdict) {
        case 0:
            return NOT_MET;
        case 1:
            return MET;
        case 2:
            return UNKNOWN;
        default:
            throw new IllegalStateException("libscore: unknown target verdict " + scoreTargetVerdict);
        }
    }

    /** As the CLI writes it: met, not_met, unknown. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
