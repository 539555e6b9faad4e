package io.fleetstorm.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One slice of a fleet: shard {@code index} (1-based, as written) of {@code count}. Each group is cut into
 * {@code count} contiguous device-index ranges whose sizes differ by at most one, so no device is in two shards and
 * every device is in one.
 */
public record Shard(int index, int count) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is I/N with 1 <= I <= N, but was " + index + "/" + count);
        }
    }

    /** Parses {@code I/N}; the message says the rule and what was given. */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--shard must be I/N with 1 <= I <= N (e.g. 2/3), but was '" + text
                    + "'");
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || i < 1 || i > n) {
            throw new IllegalArgumentException("--shard must be I/N with 1 <= I <= N (e.g. 2/3), but was '" + text
                    + "'");
        }
        return new Shard(i, n);
    }

    /** The first device index (within the group) of this shard's range. */
    public int start(int groupCount) {
        return (int) ((long) groupCount * (index - 1) / count);
    }

    /** One past the last device index of this shard's range. */
    public int end(int groupCount) {
        return (int) ((long) groupCount * index / count);
    }

    /** Devices of a group of {@code groupCount} in this shard. */
    public int size(int groupCount) {
        return end(groupCount) - start(groupCount);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
