package io.fleetstorm.metrics;

/** One error series: group, kind ({@code connack}, {@code suback}, {@code timeout}, ...) and reason ({@code 0x05}). */
public record ErrorKey(String group, String kind, String reason) {
}
