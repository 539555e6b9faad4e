package io.fleetstorm.provision;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code fleetstorm provision} did to a target, so that a rerun creates only what is missing and
 * {@code fleetstorm deprovision} deletes exactly what it created. An append-only file of JSON lines, each forced to
 * disk before the API calls it announces: a kill at any instant loses at most a half-written last line, which is
 * ignored. No secret is ever written here (PSKs and keys go to the group's credentials files only).
 *
 * <p>Lines: {@code target} (the API and SecretId it was written for), {@code product} (created by provision),
 * {@code existing} (the scenario's device names a product had before provision touched it: never deleted),
 * {@code creating} (names about to be created: after a kill, those that exist are provision's own), {@code created},
 * {@code deleted} (by deprovision), {@code productDeleted}, {@code files} (credentials files written).
 */
public final class Manifest implements AutoCloseable {

    /** One product's record. */
    public static final class ProductState {
        boolean productCreated;
        boolean productDeleted;
        /** Null until the snapshot of the product's devices was taken. */
        Set<String> existing;
        final Set<String> creating = new LinkedHashSet<>();
        final Set<String> created = new LinkedHashSet<>();
        final Set<String> deleted = new LinkedHashSet<>();

        /**
         * Devices provision created (or may have, when killed while creating them), less those it found there and
         * those deprovision deleted since.
         */
        public Set<String> owned() {
            Set<String> out = new LinkedHashSet<>(creating);
            out.addAll(created);
            if (existing != null) {
                out.removeAll(existing);
            }
            out.removeAll(deleted);
            return out;
        }

        public boolean createdByProvision() {
            return productCreated;
        }

        public boolean deletedByDeprovision() {
            return productDeleted;
        }

        /** Whether the snapshot of the product's devices was taken. */
        public boolean snapshotTaken() {
            return existing != null;
        }

        public boolean existedBefore(String name) {
            return existing != null && existing.contains(name);
        }

        public boolean recordedCreated(String name) {
            return created.contains(name) && !deleted.contains(name);
        }

        public boolean announced(String name) {
            return creating.contains(name) && !deleted.contains(name);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<String, ProductState> products = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private String api;
    private String secretId;
    private int ignoredLines;

    private Manifest(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating) the manifest and replays what it holds. */
    public static Manifest open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Manifest m = new Manifest(file, channel);
        try {
            m.replay();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return m;
    }

    /** Whether the file exists and holds at least one record. */
    public static boolean exists(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void replay() throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE) {
            throw new IOException(file + ": a manifest must be smaller than 2 GB");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
            // read it all
        }
        String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1; // a torn last line (killed while writing it) is dropped
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isBlank()) {
                apply(line);
            }
        }
        channel.truncate(end);
        channel.position(end);
    }

    private void apply(String line) {
        JsonObject o;
        try {
            o = new JsonObject(line);
        } catch (DecodeException e) {
            ignoredLines++;
            return;
        }
        String type = o.getString("type", "");
        if (type.equals("target")) {
            api = o.getString("api");
            secretId = o.getString("secretId");
            return;
        }
        if (type.equals("files")) {
            files.put(o.getString("group"), o.getString("path"));
            return;
        }
        String productId = o.getString("productId");
        if (productId == null) {
            ignoredLines++;
            return;
        }
        ProductState p = product(productId);
        List<String> names = names(o.getJsonArray("devices"));
        switch (type) {
            case "product" -> p.productCreated = true;
            case "productDeleted" -> p.productDeleted = true;
            case "existing" -> {
                p.existing = p.existing == null ? new LinkedHashSet<>() : p.existing;
                p.existing.addAll(names);
            }
            case "creating" -> p.creating.addAll(names);
            case "created" -> {
                p.created.addAll(names);
                p.deleted.removeAll(names); // created again after a deprovision
            }
            case "deleted" -> p.deleted.addAll(names);
            default -> ignoredLines++;
        }
    }

    private static List<String> names(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }

    private ProductState product(String productId) {
        return products.computeIfAbsent(productId, k -> new ProductState());
    }

    public Path file() {
        return file;
    }

    /** Whether nothing was recorded yet. */
    public boolean isEmpty() {
        return api == null && products.isEmpty();
    }

    /** The API endpoint the manifest was written for (null when new). */
    public String api() {
        return api;
    }

    public String secretId() {
        return secretId;
    }

    /** Lines that could not be read (not counting a torn last one). */
    public int ignoredLines() {
        return ignoredLines;
    }

    /** The products the manifest knows, in the order first recorded. */
    public Map<String, ProductState> products() {
        return products;
    }

    public ProductState state(String productId) {
        return product(productId);
    }

    /** The credentials files written per group. */
    public Map<String, String> files() {
        return new HashMap<>(files);
    }

    // ---- records (each forced to disk before it returns) ----

    public void target(String apiUrl, String secretIdOrNull) throws IOException {
        api = apiUrl;
        secretId = secretIdOrNull;
        append(new JsonObject().put("type", "target").put("api", apiUrl).put("secretId", secretIdOrNull));
    }

    public void productCreated(String productId) throws IOException {
        product(productId).productCreated = true;
        append(new JsonObject().put("type", "product").put("productId", productId));
    }

    public void productDeleted(String productId) throws IOException {
        product(productId).productDeleted = true;
        append(new JsonObject().put("type", "productDeleted").put("productId", productId));
    }

    public void existing(String productId, Collection<String> names) throws IOException {
        ProductState p = product(productId);
        p.existing = p.existing == null ? new LinkedHashSet<>() : p.existing;
        p.existing.addAll(names);
        append(devices("existing", productId, names));
    }

    public void creating(String productId, Collection<String> names) throws IOException {
        product(productId).creating.addAll(names);
        append(devices("creating", productId, names));
    }

    public void created(String productId, Collection<String> names) throws IOException {
        if (!names.isEmpty()) {
            product(productId).created.addAll(names);
            append(devices("created", productId, names));
        }
    }

    public void deleted(String productId, Collection<String> names) throws IOException {
        if (!names.isEmpty()) {
            product(productId).deleted.addAll(names);
            append(devices("deleted", productId, names));
        }
    }

    public void files(String group, Path path) throws IOException {
        if (!path.toString().equals(files.get(group))) {
            files.put(group, path.toString());
            append(new JsonObject().put("type", "files").put("group", group).put("path", path.toString()));
        }
    }

    private static JsonObject devices(String type, String productId, Collection<String> names) {
        return new JsonObject().put("type", type).put("productId", productId)
                .put("devices", new JsonArray(List.copyOf(names)));
    }

    private void append(JsonObject record) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((record.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
