package io.fleetstorm.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads the process CPU time, heap and descriptor counts; CPU is averaged between two calls of {@link #sample}. */
public class GeneratorProbe {

    private final int cores = Runtime.getRuntime().availableProcessors();
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    /** A sample covering the time since the previous call (the first call reports CPU as -1). */
    public GeneratorSample sample(long nowNanos) {
        long cpu = processCpuNanos();
        double ratio = -1;
        if (cpu >= 0 && lastCpuNanos >= 0 && nowNanos > lastWallNanos) {
            ratio = (double) (cpu - lastCpuNanos) / ((double) (nowNanos - lastWallNanos) * cores);
        }
        lastCpuNanos = cpu;
        lastWallNanos = nowNanos;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new GeneratorSample(ratio, heap.getUsed(), heap.getMax(), openFds(), fdLimit());
    }

    long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long fdLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
