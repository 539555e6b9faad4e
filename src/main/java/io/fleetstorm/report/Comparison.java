package io.fleetstorm.report;

/** The operator of a threshold: the observed value must satisfy {@code observed OP limit} to pass. */
public enum Comparison {
    LT("<"), LE("<="), GT(">"), GE(">=");

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
        };
    }

    static Comparison ofSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown operator " + symbol);
    }
}
