package io.fleetstorm.hub.impl;

/** MQTT topic filter matching ({@code +} one level, {@code #} the rest), without allocation. */
final class TopicMatcher {

    private TopicMatcher() {
    }

    static boolean matches(String filter, String topic) {
        if (filter.indexOf('+') < 0 && filter.indexOf('#') < 0) {
            return filter.equals(topic);
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (f < fl) {
            char c = filter.charAt(f);
            if (c == '#') {
                return true;
            }
            if (c == '+') {
                while (t < tl && topic.charAt(t) != '/') {
                    t++;
                }
                f++;
            } else {
                if (t >= tl || topic.charAt(t) != c) {
                    // "a/#" also matches "a"
                    return t == tl && filter.startsWith("/#", f);
                }
                f++;
                t++;
            }
        }
        return t == tl;
    }
}
