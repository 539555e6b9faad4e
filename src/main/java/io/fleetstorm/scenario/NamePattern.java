package io.fleetstorm.scenario;

import java.util.regex.Pattern;

/** Device name patterns: {@code sensor-{index:05}} gives sensor-00042 for index 42. */
final class NamePattern {

    private static final Pattern INDEX = Pattern.compile("\\{index(?::0(\\d))?}");

    private NamePattern() {
    }

    static boolean isValid(String pattern) {
        if (pattern == null) {
            return false;
        }
        var m = INDEX.matcher(pattern);
        return m.find() && m.start() == pattern.indexOf("{index"); // the first {index... is the one replaced
    }

    /** Device {@code index}'s name; found with indexOf, not a regex: the engine names every device with it. */
    static String format(String pattern, int index) {
        int start = pattern.indexOf("{index");
        int end = start < 0 ? -1 : pattern.indexOf('}', start);
        if (end < 0) {
            return pattern;
        }
        int width = end - start == 9 ? pattern.charAt(start + 8) - '0' : 0; // {index:0N}
        String digits = Integer.toString(index);
        StringBuilder sb = new StringBuilder(pattern.length() + 10).append(pattern, 0, start);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).append(pattern, end + 1, pattern.length()).toString();
    }
}
