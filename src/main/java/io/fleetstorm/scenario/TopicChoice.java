package io.fleetstorm.scenario;

import java.util.regex.Pattern;

/** Where telemetry goes: the device's {@code event} or {@code data} topic, or a custom topic of its product. */
public sealed interface TopicChoice {

    /** The topic's last segment: {@code event}, {@code data} or the custom name. */
    String suffix();

    /** {@code ${PID}/${DN}/event}. */
    record Event() implements TopicChoice {
        public String suffix() {
            return "event";
        }

        @Override
        public String toString() {
            return "event";
        }
    }

    /** {@code ${PID}/${DN}/data}. */
    record Data() implements TopicChoice {
        public String suffix() {
            return "data";
        }

        @Override
        public String toString() {
            return "data";
        }
    }

    /** {@code ${PID}/${DN}/NAME}, a custom topic the product defines. */
    record Custom(String name) implements TopicChoice {

        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        public Custom {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a custom topic name must match [A-Za-z0-9_-]{1,64}, but was '"
                        + Text.printable(name) + "'");
            }
        }

        public String suffix() {
            return name;
        }

        @Override
        public String toString() {
            return "custom:" + name;
        }
    }

    /** Reads {@code event}, {@code data} or {@code custom:NAME}; reports anything else and gives {@code event}. */
    static TopicChoice read(YamlNode n) {
        String text = Fields.text(n, "event");
        if (text.equals("event")) {
            return new Event();
        }
        if (text.equals("data")) {
            return new Data();
        }
        if (text.startsWith("custom:") && Custom.NAME.matcher(text.substring(7)).matches()) {
            return new Custom(text.substring(7));
        }
        n.problem("must be event, data or custom:NAME (NAME matching [A-Za-z0-9_-]{1,64})", text);
        return new Event();
    }
}
