package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceFeatures;
import io.fleetstorm.device.ConfigPushMark;
import io.fleetstorm.device.LogicalDevice;
import io.fleetstorm.device.Registration;
import io.fleetstorm.device.SubDevice;
import io.fleetstorm.device.VirtualDevice;

/**
 * The activities of the SDK features beyond telemetry, shadow and OTA: a gateway's requests for its sub-devices,
 * dynamic registration, remote configuration and resources. Each schedules and executes itself, as every
 * {@link Activity} does; the once-per-device ones run device after device at their rate, or all at the phase start
 * when they have none ({@code times} null).
 */
final class SdkActivities {

    private SdkActivities() {
    }

    /** What a gateway does for one sub-device. */
    enum SubDeviceOp { BIND, ONLINE, OFFLINE }

    /** Schedules an activity that takes each device of its group once: at its rate, or all at the phase start. */
    private static void onceEach(Activity a, IntendedTimes times, FleetLoop loop, long startNanos, long endNanos) {
        if (times == null) {
            loop.at(startNanos, () -> {
                for (LogicalDevice d : loop.devices(a.group())) {
                    a.execute(loop, null, d, startNanos);
                }
            });
        } else {
            loop.stream(a, startNanos, endNanos, loop.groupSize(a.group()));
        }
    }

    /** Gateways bind, bring online or take offline their sub-devices. */
    record SubDeviceRamp(int group, SubDeviceOp op, IntendedTimes rate) implements Activity {

        @Override
        public IntendedTimes times() {
            return rate == null ? Activity.super.times() : rate;
        }

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            onceEach(this, rate, loop, startNanos, endNanos);
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            SubDevice sub = (SubDevice) device; // the scenario gives these to sub-device groups only
            boolean sent = switch (op) {
                case BIND -> sub.bind(intendedNanos);
                case ONLINE -> sub.online(intendedNanos);
                case OFFLINE -> sub.offline(intendedNanos);
            };
            if (!sent) {
                loop.skipped(group, "gateway_not_connected");
            }
        }
    }

    /** Devices register for their PSKs ({@code register}); the PSKs go to the group's credentials file. */
    record Register(int group, Registration.Target target, RegisteredCsv csv, IntendedTimes rate)
            implements Activity {

        @Override
        public IntendedTimes times() {
            return rate == null ? Activity.super.times() : rate;
        }

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            onceEach(this, rate, loop, startNanos, endNanos);
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            Registration.register((VirtualDevice) device, target, intendedNanos, csv);
        }

        @Override
        public void runEnded() {
            csv.write();
        }
    }

    /** Devices ask for their product's configuration ({@code config-get}) once loop 0 has switched it on. */
    record ConfigGet(int group, String productId, IntendedTimes times) implements Activity {

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            loop.afterSetup(this, group, () -> loop.featureApi().pushConfig(productId,
                    ConfigPushMark.config(0, startNanos, loop.nanoTime())),
                    () -> loop.stream(this, startNanos, endNanos, Long.MAX_VALUE));
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            if (!device.isReady() || !device.features().configGet(intendedNanos)) {
                loop.skipped(group, device.isReady() ? "config_get_outstanding" : "not_connected");
            }
        }
    }

    /**
     * The application pushes the product's configuration ({@code config-push}): loop 0 calls the API at the rate;
     * every device of the product that is online and subscribed receives each push and times it from its mark.
     */
    record ConfigPush(int group, String productId, IntendedTimes times) implements Activity {

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            if (loop.shard() == 0) {
                loop.streamHere(this, startNanos, endNanos);
            }
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            loop.featureApi().pushConfig(productId, ConfigPushMark.config(stream.sequence() + 1, intendedNanos,
                    loop.nanoTime())).onFailure(e -> loop.error(group, "api", FeatureApi.code(e)));
        }
    }

    /** Devices upload a generated file of {@code sizeBytes} ({@code resource-upload}). */
    record ResourceUpload(int group, long sizeBytes, IntendedTimes times) implements Activity {

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            if (!device.isReady() || !device.features().resourceUpload(sizeBytes, intendedNanos)) {
                loop.skipped(group, device.isReady() ? "transfer_in_progress" : "not_connected");
            }
        }
    }

    /**
     * The application gives devices download tasks of a product file ({@code resource-download}, from the task's
     * intended instant to the answer to the device's final report); loop 0 stores the file first.
     */
    record ResourceDownload(int group, String productId, String fileName, long sizeBytes, IntendedTimes times)
            implements Activity {

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            loop.afterSetup(this, group, () -> loop.featureApi().createProductFile(productId, fileName, sizeBytes),
                    () -> loop.stream(this, startNanos, endNanos, Long.MAX_VALUE));
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            if (!device.isReady()) {
                loop.skipped(group, "not_connected");
                return;
            }
            DeviceFeatures features = device.features();
            features.expectResourceDownload(intendedNanos, loop.nanoTime());
            loop.featureApi().downloadTask(productId, fileName, device.id().deviceName()).onFailure(e -> {
                features.cancelExpectedResourceDownload();
                loop.error(group, "api", FeatureApi.code(e));
            });
        }
    }
}
