package io.fleetstorm.cluster;

/** The event-bus addresses of a cluster run, in one place. */
final class Addresses {

    /** Agents publish their {@link AgentOffer} here every second while idle. */
    static final String OFFERS = "fleetstorm.offers";

    private Addresses() {
    }

    /** Where an agent takes work ({@code assign}) and orders ({@code stop}). */
    static String agent(String id) {
        return "fleetstorm.agent." + id;
    }

    /** Where the agents of a run send their intervals and their end. */
    static String reports(String runId) {
        return "fleetstorm.run." + runId + ".reports";
    }
}
