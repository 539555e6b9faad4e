package io.fleetstorm.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The bytes of a scenario file up to its YAML tree, with every bound checked before the next step: the file's size
 * before reading, UTF-8 before parsing (reported with its byte offset), aliases and nesting while parsing, one value's
 * length after. SnakeYAML's messages are reduced to their problem and position: no node dumps, no class names.
 */
final class ScenarioSource {

    /** The largest scenario file: the biggest shipped one is 2 KB; generated ones stay far below. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    /** The longest single value (a payload template of a 16 KB message fits four times). */
    static final int MAX_VALUE_CHARS = 64 * 1024;
    /** Aliases of lists or mappings; a billion-laughs file needs far more. */
    static final int MAX_ALIASES = 50;
    /** Nesting depth of lists and mappings; a scenario needs 6. */
    static final int MAX_DEPTH = 32;

    private ScenarioSource() {
    }

    /** The file's YAML tree, or null with the reason in {@code problems}. */
    static Node compose(Path file, Problems problems) {
        String name = problems.file();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                problems.line(name + ": is a directory, not a scenario file");
                return null;
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.line(name + ": is " + size + " bytes, more than the limit of " + MAX_FILE_BYTES
                        + " bytes for a scenario file");
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            problems.line(name + ": does not exist");
            return null;
        } catch (IOException e) {
            problems.line(name + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        if (bytes.length > MAX_FILE_BYTES) {
            problems.line(name + ": is more than the limit of " + MAX_FILE_BYTES + " bytes for a scenario file");
            return null;
        }
        String text = utf8(bytes, name, problems);
        if (text == null) {
            return null;
        }
        Node root = parse(text, name, problems);
        if (root == null) {
            return null;
        }
        checkValues(root, name, problems, 0);
        return root;
    }

    /** The text, or null with the first invalid byte's offset and line reported. */
    private static String utf8(byte[] bytes, String name, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            problems.line(name + ":" + line + ": is not valid UTF-8 (byte offset " + offset + ", byte 0x"
                    + String.format("%02x", bytes[offset] & 0xff) + "); save the file as UTF-8");
            return null;
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Node parse(String text, String name, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            String problem = e.getContext() != null && e.getProblem() != null ? e.getContext() + ", "
                    + e.getProblem() : e.getProblem() != null ? e.getProblem() : e.getContext();
            problems.line(name + where + ": not valid YAML: " + Text.printable(problem == null ? "syntax error"
                    : problem));
            return null;
        } catch (ReaderException e) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < e.getPosition() && i < text.length(); i++) {
                line += text.charAt(i) == '\n' ? 1 : 0;
                column = text.charAt(i) == '\n' ? 1 : column + 1;
            }
            problems.line(name + ":" + line + ":" + column + ": not valid YAML: a control character (code "
                    + e.getCodePoint() + ") is not allowed; write it as an escape in double quotes");
            return null;
        } catch (YAMLException e) {
            String message = String.valueOf(e.getMessage());
            problems.line(name + ": not valid YAML: " + (message.contains("aliases")
                    ? "more than " + MAX_ALIASES + " aliases of lists or mappings (write the values out)"
                    : message.toLowerCase(Locale.ROOT).contains("depth") ? "nested deeper than " + MAX_DEPTH + " levels"
                    : "the parser gave up (" + Text.printable(message.lines().findFirst().orElse("")) + ")"));
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            problems.line(name + ": not valid YAML");
            return null;
        }
        if (root == null) {
            problems.line(name + ":1: the file is empty");
            return null;
        }
        if (!(root instanceof MappingNode)) {
            problems.line(name + ":" + (root.getStartMark().getLine() + 1) + ": must be a mapping of "
                    + String.join(", ", ScenarioLoader.TOP) + ", but was "
                    + new YamlNode(root, "", problems).kind());
            return null;
        }
        return root;
    }

    /** Reports every value longer than {@link #MAX_VALUE_CHARS}. */
    private static void checkValues(Node node, String name, Problems problems, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (node instanceof ScalarNode s) {
            if (s.getValue().length() > MAX_VALUE_CHARS) {
                problems.line(name + ":" + (s.getStartMark().getLine() + 1) + ": a value is "
                        + s.getValue().length() + " characters long, more than the limit of " + MAX_VALUE_CHARS);
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> checkValues(n, name, problems, depth + 1));
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                checkValues(t.getKeyNode(), name, problems, depth + 1);
                checkValues(t.getValueNode(), name, problems, depth + 1);
            }
        }
    }
}
