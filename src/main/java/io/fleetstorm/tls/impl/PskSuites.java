package io.fleetstorm.tls.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;

/**
 * The TLS 1.2 PSK cipher suites the hub and the devices speak, most preferred first: the two the C SDK offers
 * (PSK-AES128-CBC-SHA, PSK-AES256-CBC-SHA), then their SHA-256 and GCM relatives.
 */
public final class PskSuites {

    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA, "TLS_PSK_WITH_AES_128_CBC_SHA");
        NAMES.put(CipherSuite.TLS_PSK_WITH_AES_256_CBC_SHA, "TLS_PSK_WITH_AES_256_CBC_SHA");
        NAMES.put(CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256, "TLS_PSK_WITH_AES_128_CBC_SHA256");
        NAMES.put(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, "TLS_PSK_WITH_AES_128_GCM_SHA256");
        NAMES.put(CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384, "TLS_PSK_WITH_AES_256_GCM_SHA384");
    }

    private PskSuites() {
    }

    /** The suite numbers, most preferred first. */
    public static int[] ids() {
        return NAMES.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The IANA names, most preferred first. */
    public static List<String> names() {
        return List.copyOf(NAMES.values());
    }

    static boolean isSupported(int id) {
        return NAMES.containsKey(id);
    }

    static String name(int id) {
        return NAMES.getOrDefault(id, String.format("0x%04X", id));
    }
}
