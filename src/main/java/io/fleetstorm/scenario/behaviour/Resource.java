package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Subscription;
import io.fleetstorm.scenario.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resources (addendum sections 14 and 16): devices upload a file of {@code size} ({@code resource-upload}: the task,
 * the HTTP PUT with its MD5, the final report and its answer), and the application gives devices download tasks of a
 * product file of {@code size} through the API ({@code resource-download}: from the task's intended instant through
 * the HTTP GET and the MD5 check to the answer to the final report). One transfer at a time per device, as the SDK
 * samples run them. Written {@code resource: {upload: 0.1/s per device, download: 20/s, size: 16KB}}.
 */
public record Resource(Rate upload, Rate download, long sizeBytes) implements Behaviour {

    static final String KEY = "resource";
    static final List<String> FIELDS = List.of("upload", "download", "size");
    static final long DEFAULT_SIZE = 16 * 1024;
    /**
     * The largest file: the product file of a download travels base64 in one API call, which the embedded hub takes
     * up to 1 MB.
     */
    static final long MAX_SIZE = 512 * 1024;

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        if (node.isMap() && !m.containsKey("upload") && !m.containsKey("download")) {
            node.problem("needs at least one of upload, download", null);
        }
        return new Resource(Fields.rate(m.get("upload"), null), Fields.rate(m.get("download"), null),
                Fields.size(m.get("size"), MAX_SIZE, DEFAULT_SIZE));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "resources of " + sizeBytes + " B: upload " + (upload == null ? "-" : upload)
                + ", download tasks through the API " + (download == null ? "-" : download);
    }

    @Override
    public List<NamedRate> rates() {
        List<NamedRate> out = new ArrayList<>(2);
        if (upload != null) {
            out.add(new NamedRate("resource upload", upload));
        }
        if (download != null) {
            out.add(new NamedRate("resource download", download));
        }
        return out;
    }

    @Override
    public Behaviour scaled(double share) {
        return new Resource(upload == null ? null : upload.scaled(share),
                download == null ? null : download.scaled(share), sizeBytes);
    }

    @Override
    public Set<Subscription> subscriptions() {
        return Set.of(Subscription.RESOURCE_DOWN);
    }

    @Override
    public Set<String> operations() {
        Set<String> out = new LinkedHashSet<>();
        if (upload != null) {
            out.add("resource-upload");
        }
        if (download != null) {
            out.add("resource-download");
        }
        return out;
    }

    /** Each transfer sends its task or final report (plus a progress report a second while it lasts). */
    @Override
    public double uplinkPerDevice(int devices) {
        return 2 * ((upload == null ? 0 : Behaviour.perDevice(upload, devices))
                + (download == null ? 0 : Behaviour.perDevice(download, devices)));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.resource(this);
    }
}
