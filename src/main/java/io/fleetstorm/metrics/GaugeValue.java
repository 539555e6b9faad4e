package io.fleetstorm.metrics;

/** A gauge read at the end of an interval; {@code group} is null for generator-wide gauges. */
public record GaugeValue(String name, String group, long value) {
}
