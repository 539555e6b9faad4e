package io.fleetstorm.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one reader of {@code deviceName,devicePsk} files as the console exports them, shared by scenarios, the embedded
 * target and hub provisioning: an optional header line, {@code #} comments and blank lines, fields optionally in
 * double quotes, a standard base64 PSK. Every problem is reported at once with {@code file:line:column}; PSK values
 * never appear in a message. The file, a row and the number of rows are bounded before anything is kept.
 */
public final class PskCsv {

    /** The largest file read (10 million devices at about 60 bytes a row would be 600 MB: split such a fleet). */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;
    /** The longest row: a 48-character name and a PSK fit in a tenth of it. */
    public static final int MAX_ROW_CHARS = 1024;
    /** The most rows kept. */
    public static final int MAX_ROWS = 10_000_000;
    /** The longest decoded PSK accepted (SDK PSKs are 16 bytes; TLS-PSK allows at most 64). */
    public static final int MAX_PSK_BYTES = 64;
    /** Problems listed before the rest are only counted. */
    static final int MAX_PROBLEMS = 20;

    private static final int BUFFER = 64 * 1024;

    /**
     * One device of the file.
     *
     * @param deviceName the device name
     * @param psk        the decoded PSK (never empty)
     * @param line       its 1-based line in the file
     */
    public record Row(String deviceName, byte[] psk, int line) {

        /** The PSK in the standard base64 the console shows. */
        public String pskBase64() {
            return Base64.getEncoder().encodeToString(psk);
        }

        @Override
        public String toString() {
            return "Row[" + deviceName + " at line " + line + ", psk not shown]";
        }
    }

    /** A file that cannot be used: every problem, one line each, as {@code file:line:column: rule}. */
    public static final class InvalidCsvException extends Exception {
        private final List<String> problems;

        InvalidCsvException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        /** Every problem, one line each. */
        public List<String> problems() {
            return problems;
        }
    }

    private final String name;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private int hidden;

    private PskCsv(String name) {
        this.name = name;
    }

    /** Reads {@code file}; the rows in file order, keyed by device name. */
    public static Map<String, Row> read(Path file) throws InvalidCsvException {
        String name = printable(file.toString());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new InvalidCsvException(List.of(name + ": the file is " + size + " bytes, more than the limit of "
                    + MAX_FILE_BYTES + " bytes"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static InvalidCsvException unreadable(String name, IOException e) {
        return new InvalidCsvException(List.of(name + ": cannot read the file (" + e.getClass().getSimpleName() + ")"));
    }

    /** Reads a CSV from a stream; {@code name} names it in messages. */
    public static Map<String, Row> read(InputStream in, String name) throws IOException, InvalidCsvException {
        PskCsv reader = new PskCsv(name);
        reader.parse(in);
        if (!reader.problems.isEmpty()) {
            List<String> out = new ArrayList<>(reader.problems);
            if (reader.hidden > 0) {
                out.add(name + ": ... and " + reader.hidden + " more problem(s)");
            }
            throw new InvalidCsvException(out);
        }
        return Collections.unmodifiableMap(reader.rows);
    }

    private void parse(InputStream raw) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        InputStream in = new BufferedInputStream(raw, BUFFER);
        byte[] row = new byte[MAX_ROW_CHARS * 4];
        int length = 0;
        int lineNo = 1;
        boolean tooLong = false;
        boolean seenContent = false;
        for (int b = in.read(); ; b = in.read()) {
            if (b >= 0 && b != '\n') {
                if (length < row.length) {
                    row[length++] = (byte) b;
                } else {
                    tooLong = true;
                }
                continue;
            }
            if (b < 0 && length == 0 && !tooLong) {
                break;
            }
            if (tooLong) {
                problem(lineNo, 1, "the row is longer than " + MAX_ROW_CHARS + " characters");
            } else {
                try {
                    CharBuffer chars = decoder.decode(ByteBuffer.wrap(row, 0, length));
                    seenContent |= line(chars.toString(), lineNo, seenContent);
                } catch (CharacterCodingException e) {
                    problem(lineNo, 1, "is not valid UTF-8");
                }
            }
            if (rows.size() >= MAX_ROWS) {
                problem(lineNo, 1, "the file has more than " + MAX_ROWS + " rows");
                return;
            }
            if (b < 0) {
                break;
            }
            length = 0;
            tooLong = false;
            lineNo++;
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            problem(1, 1, "has no deviceName,devicePsk rows");
        }
    }

    /** One line; returns whether it was a header or a row (not blank, not a comment). */
    private boolean line(String raw, int lineNo, boolean seenContent) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1); // a byte-order mark, as spreadsheet exports write
        }
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
            return false;
        }
        List<int[]> spans = fields(line);
        if (spans == null) {
            problem(lineNo, line.indexOf('"') + 1, "has a quote that is not closed");
            return true;
        }
        if (!seenContent && spans.size() >= 2 && unquote(line, spans.get(0)).equalsIgnoreCase("deviceName")
                && unquote(line, spans.get(1)).toLowerCase(Locale.ROOT).startsWith("devicepsk")) {
            return true; // the header the console writes
        }
        if (spans.size() != 2) {
            problem(lineNo, spans.size() < 2 ? line.length() + 1 : spans.get(2)[0] + 1, "expected 2 fields "
                    + "deviceName,devicePsk, but found " + spans.size());
            return true;
        }
        String device = unquote(line, spans.get(0));
        String psk = unquote(line, spans.get(1));
        int pskColumn = spans.get(1)[0] + 1;
        if (!DeviceId.isValidDeviceName(device)) {
            problem(lineNo, spans.get(0)[0] + 1, "deviceName must match [A-Za-z0-9:_-]{1,48}, but was '"
                    + printable(device) + "'");
            return true;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(psk);
        } catch (IllegalArgumentException e) {
            problem(lineNo, pskColumn, "devicePsk must be standard base64 (value not shown)");
            return true;
        }
        if (decoded.length == 0 || decoded.length > MAX_PSK_BYTES) {
            problem(lineNo, pskColumn, "devicePsk must decode to 1.." + MAX_PSK_BYTES + " bytes, but decodes to "
                    + decoded.length);
            return true;
        }
        Row earlier = rows.get(device);
        if (earlier != null) {
            problem(lineNo, spans.get(0)[0] + 1, "device " + device + " is listed twice (first at line "
                    + earlier.line() + ")");
            return true;
        }
        rows.put(device, new Row(device, decoded, lineNo));
        return true;
    }

    /** The [start, end) spans of the fields, quotes included; null when a quote is not closed. */
    private static List<int[]> fields(String line) {
        List<int[]> out = new ArrayList<>(2);
        int i = 0;
        while (true) {
            int start = i;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    return null;
                }
                i = close + 1;
            }
            int comma = line.indexOf(',', i);
            int end = comma < 0 ? line.length() : comma;
            out.add(new int[] {start, end});
            if (comma < 0) {
                return out;
            }
            i = comma + 1;
        }
    }

    private static String unquote(String line, int[] span) {
        String field = line.substring(span[0], span[1]).strip();
        return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
                ? field.substring(1, field.length() - 1) : field;
    }

    /** Control characters escaped, so a message stays one readable line on a terminal. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private void problem(int line, int column, String rule) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(name + ":" + line + ":" + column + ": " + rule);
        } else {
            hidden++;
        }
    }
}
