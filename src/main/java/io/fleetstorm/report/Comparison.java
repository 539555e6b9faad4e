package io.fleetstorm.report;

/**
 * The operator of a threshold: the observed value must satisfy {@code observed OP limit} to pass. {@code ==} is for
 * counts only ({@code errors.count == 0}): a latency or a ratio is never exactly a number.
 */
public enum Comparison {
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether {@code observed OP limit} holds; NaN (no data) never passes. */
    public boolean holds(double observed, double limit) {
        if (Double.isNaN(observed)) {
            return false;
        }
        return switch (this) {
            case LT -> observed < limit;
            case LE -> observed <= limit;
            case GT -> observed > limit;
            case GE -> observed >= limit;
            case EQ -> observed == limit;
        };
    }

    /**
     * How far {@code observed} is on the failing side of {@code limit} (larger = worse), to pick the worst of several
     * observations: for {@code <} and {@code <=} the larger value, for {@code >} and {@code >=} the smaller one, for
     * {@code ==} the farther one.
     */
    double badness(double observed, double limit) {
        return switch (this) {
            case LT, LE -> observed - limit;
            case GT, GE -> limit - observed;
            case EQ -> Math.abs(observed - limit);
        };
    }

    /** The operator written {@code symbol}, or null. */
    static Comparison ofSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        return null;
    }
}
