package io.fleetstorm.metrics;

/** One counter series: group, counter, behaviour ({@code telemetry}, {@code echo}, ...; empty if none) and QoS. */
public record CounterKey(String group, Counter counter, String behaviour, int qos) {
}
