package io.fleetstorm.cli;

import picocli.CommandLine;

/**
 * A {@code HOST:PORT} flag value ({@code --target}), checked when the command line is parsed: bad input gets exit
 * code 2 from the parameter handler, naming the flag.
 */
record HostPort(String host, int port) {

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Parses {@code HOST:PORT} ({@code [v6]:PORT} for an IPv6 address). */
    static HostPort parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 1 || port > 65_535 || host.isBlank() || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("expected HOST:PORT with a port in 1..65535, but was '"
                    + (text == null ? "" : text.replaceAll("\\p{Cntrl}", "?")) + "'");
        }
        return new HostPort(host, port);
    }

    /** The picocli converter of {@code --target}. */
    static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
