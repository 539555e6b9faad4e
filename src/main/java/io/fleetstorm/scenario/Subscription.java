package io.fleetstorm.scenario;

/** A topic a behaviour needs its devices to subscribe to after connecting (the device profile's, by name). */
public enum Subscription {
    /** {@code $shadow/operation/result/${PID}/${DN}}: shadow answers and deltas. */
    SHADOW_RESULT,
    /** {@code $ota/update/${PID}/${DN}}: upgrade commands. */
    OTA_UPDATE,
    /** {@code ${PID}/${DN}/data}: the echo of the device's own publishes. */
    DATA,
    /** {@code ${PID}/${DN}/control}: the application's downlinks. */
    CONTROL,
    /** {@code $config/operation/result/${PID}/${DN}}: configuration replies and pushes. */
    CONFIG_RESULT,
    /** {@code $resource/down/service/${PID}/${DN}}: resource answers and download tasks. */
    RESOURCE_DOWN
}
