package io.fleetstorm.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Device name patterns: {@code sensor-{index:05}} gives sensor-00042 for index 42. */
final class NamePattern {

    private static final Pattern INDEX = Pattern.compile("\\{index(?::0(\\d))?}");

    private NamePattern() {
    }

    static boolean isValid(String pattern) {
        return pattern != null && INDEX.matcher(pattern).find();
    }

    static String format(String pattern, int index) {
        Matcher m = INDEX.matcher(pattern);
        if (!m.find()) {
            return pattern;
        }
        String digits = Integer.toString(index);
        if (m.group(1) != null) {
            int width = Integer.parseInt(m.group(1));
            StringBuilder sb = new StringBuilder();
            for (int i = digits.length(); i < width; i++) {
                sb.append('0');
            }
            digits = sb.append(digits).toString();
        }
        return pattern.substring(0, m.start()) + digits + pattern.substring(m.end());
    }
}
