package io.fleetstorm.hub;

/**
 * A product's dynamic registration setting (addendum section 12), as {@code UpdateProductDynamicRegister} sets it.
 *
 * @param type  who may register
 * @param limit how many distinct devices may register (re-registering a device that registered before always works)
 */
public record DynamicRegistration(Type type, long limit) {

    /** The cloud's RegisterType values. */
    public enum Type {
        /** 0: registration is refused. */
        OFF(0),
        /** 1: only devices created beforehand may register. */
        PRE_CREATED(1),
        /** 2: a device that does not exist is created by its first registration. */
        AUTO_CREATE(2);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        /** The RegisterType number of the cloud API. */
        public int code() {
            return code;
        }

        /** The type with this RegisterType number. */
        public static Type of(long code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("RegisterType must be 0, 1 or 2, but was " + code);
        }
    }

    /** The default: no registration. */
    public static final DynamicRegistration OFF = new DynamicRegistration(Type.OFF, 0);
    /** The largest RegisterLimit the hub takes. */
    public static final long MAX_LIMIT = 1_000_000;

    public DynamicRegistration {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("RegisterLimit must be 0.." + MAX_LIMIT + ", but was " + limit);
        }
    }
}
