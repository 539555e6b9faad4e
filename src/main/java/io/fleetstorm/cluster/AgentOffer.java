package io.fleetstorm.cluster;

import io.vertx.core.json.JsonObject;

/**
 * What an agent offers: its name, its cluster node, the sockets it can open (open-files limit minus a reserve) and
 * its cores. Agents publish it every second while they wait for work.
 */
public record AgentOffer(String id, String node, String host, long sockets, int cores, long pid) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("node", node).put("host", host).put("sockets", sockets)
                .put("cores", cores).put("pid", pid);
    }

    public static AgentOffer fromJson(JsonObject j) {
        return new AgentOffer(j.getString("id"), j.getString("node"), j.getString("host"), j.getLong("sockets"),
                j.getInteger("cores"), j.getLong("pid"));
    }

    /** {@code a-1 (host, pid 1234)}: how reports and messages name an agent. */
    public String describe() {
        return id + " (" + host + ", pid " + pid + ")";
    }
}
