package io.fleetstorm.bench;

import com.sun.management.OperatingSystemMXBean;
import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.engine.Activity;
import io.fleetstorm.engine.GroupPlan;
import io.fleetstorm.engine.IntendedTimes;
import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.engine.PhasePlan;
import io.fleetstorm.engine.Recorders;
import io.fleetstorm.engine.RunController;
import io.fleetstorm.engine.RunListener;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory and CPU per idle connected device, against a hub in another process (run by bench/idle-devices.sh, not a
 * test). Prints one JSON line: devices connected, heap and RSS per device (after full GC, minus the same process
 * with the devices built but not connected), CPU per connect.
 */
public final class IdleDevicesBench {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int devices = Integer.parseInt(args[1]);
        String product = args[2];
        String secret = args[3];
        int holdSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        DeviceProfile profile = new DeviceProfile(0, product, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, List.of(), false, false,
                DeviceProfile.ShadowVersion.NONE, 5_000, 10, new DeviceProfile.Backoff(1_000, 2_000, 60_000, 0));
        GroupPlan group = GroupPlan.keyDevices("idle", profile, devices,
                i -> new DeviceId(product, String.format("idle-%06d", i)),
                i -> Signer.decodePsk(DerivedPsk.derive(secret, product, String.format("idle-%06d", i))));
        double rate = 2_000;
        long rampNanos = (long) (devices / rate * 1e9) + 2_000_000_000L;
        LoadPlan plan = new LoadPlan("idle", List.of(group), List.of(
                new PhasePlan("ramp", 0, rampNanos, List.of(new Activity.ConnectRamp(0, IntendedTimes.even(rate)))),
                new PhasePlan("hold", rampNanos, holdSeconds * 1_000_000_000L, List.of())),
                new InetSocketAddress("127.0.0.1", port), List.of(), 1_000_000_000L, null, null);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        RunController run = new RunController(vertx, plan, 2, NanoClock.SYSTEM);
        long heapBefore = settledHeap();
        long rssBefore = rssKb();
        long cpuBefore = os.getProcessCpuTime();
        var finished = run.start(Recorders.fresh(2), RunListener.NONE);
        long deadline = System.nanoTime() + rampNanos + 5_000_000_000L;
        while (run.state().connectedTotal() < devices && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long cpuConnect = os.getProcessCpuTime() - cpuBefore;
        int connected = run.state().connectedTotal();
        Thread.sleep(2_000);
        long heapAfter = settledHeap();
        long rssAfter = rssKb();
        System.out.printf("{\"devices\":%d,\"connected\":%d,\"heapBytesPerDevice\":%.0f,\"rssBytesPerDevice\":%.0f,"
                        + "\"cpuMsPerConnect\":%.3f}%n", devices, connected,
                (heapAfter - heapBefore) / (double) connected, (rssAfter - rssBefore) * 1024.0 / connected,
                cpuConnect / 1e6 / connected);
        finished.await(rampNanos / 1_000_000 + holdSeconds * 1000L + 30_000, TimeUnit.MILLISECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
