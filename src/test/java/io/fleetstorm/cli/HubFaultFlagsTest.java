package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad fault flags of {@code fleetstorm hub} end with exit 2 and the rule, before any port is opened. */
class HubFaultFlagsTest {

    @Test
    void aBadLimitIsOneLineWithTheRuleAndExitCode2() {
        CliRunner r = CliRunner.run("hub", "--mqtt-port", "0", "--tls-port", "-1", "--api-port", "-1",
                "--limit", "publish=2000/x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: --limit publish must be a rate like 2000/s, 2k/s or 120/m, but "
                + "was '2000/x'\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyBadFaultFlagIsListedAtOnce() {
        CliRunner r = CliRunner.run("hub", "--mqtt-port", "0", "--tls-port", "-1", "--api-port", "-1",
                "--limit", "publish=2000/s", "--limit", "conect=300/s", "--delay", "puback=lognormal:20ms:2ms",
                "--refuse", "connect=10", "--stall", "5s/1s", "--fault-window", "later");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetstorm: 5 invalid fault flags:\n"
                + "  --limit conect: unknown operation 'conect'; expected one of connect, publish, puback, subscribe, "
                + "shadow, api\n"
                + "  --delay puback: a log-normal delay's p99 must be above its median, but was lognormal:20ms:2ms\n"
                + "  --refuse connect must be a percentage like 10%, but was '10'\n"
                + "  --stall: a stall must last 1ms or more and less than its period, and the period must be at most "
                + "1h, but was 5s/1s\n"
                + "  --fault-window must be a window like 10s-40s or 30s- (time since the hub started), but was "
                + "'later'\n");
    }
}
