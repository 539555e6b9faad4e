package io.fleetstorm.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.metrics.Outage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** An agent's target outages travel to the controller with its end-of-run report, exactly. */
class OutageReportTest {

    @Test
    void anOutageSurvivesTheTripToTheController() {
        Outage o = new Outage("cams", 1_780_000_012_345L, 200, 1_900, 4_100, -1, 3, 31);

        JsonObject wire = new JsonObject(AgentInterval.encodeOutage(o).encode());

        assertThat(AgentInterval.decodeOutage(wire)).isEqualTo(o);
    }

    @Test
    void aMalformedOutageIsRefusedWithItsCause() {
        assertThatThrownBy(() -> AgentInterval.decodeOutage(new JsonObject().put("group", "cams")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed outage report: ");
    }
}
