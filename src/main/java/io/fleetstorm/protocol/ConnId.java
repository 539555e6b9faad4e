package io.fleetstorm.protocol;

import java.util.random.RandomGenerator;

/**
 * The random connection id the SDKs put in the UserName, new at every (re)connect.
 */
public final class ConnId {
    /** How many characters the SDKs send. */
    public static final int LENGTH = 5;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private ConnId() {
    }

    /** Five characters of {@code [A-Za-z0-9]}; the generator is injected so runs can be reproduced. */
    public static String random(RandomGenerator rnd) {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }
}
