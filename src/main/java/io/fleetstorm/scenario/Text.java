package io.fleetstorm.scenario;

/** Values as they are printed in errors: control characters escaped, long values cut, so a problem is one line. */
public final class Text {

    /** Characters of a value shown before it is cut. */
    static final int SHOWN = 80;

    private Text() {
    }

    /** {@code text} with control characters written as {@code \u0000}, unchanged otherwise. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (control && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                sb.append(control ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** A value quoted for an error: printable, cut after {@value #SHOWN} characters with its length said. */
    public static String quoted(String text) {
        if (text.length() > SHOWN) {
            return "'" + printable(text.substring(0, SHOWN)) + "...' (" + text.length() + " characters)";
        }
        return "'" + printable(text) + "'";
    }
}
