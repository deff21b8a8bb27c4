package io.jnnunet.djl.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How many of the machine's cores other processes leave free, from Linux's {@code /proc/stat} (all cores' busy
 * time) less this JVM's own ({@code /proc/self/stat}), sampled every second in the background so that asking costs
 * nothing. Two threads on one free core wait on each other (a training step 3.3x slower with one core busy
 * elsewhere, 1.2x with one thread), so work started on a shared machine takes the free cores only. Where there is no
 * {@code /proc} (not Linux) every core counts as free.
 */
final class FreeCores implements AutoCloseable {

    /** Another process's share of a core below this is noise, not a busy core. */
    private static final double BUSY = 0.5;

    private final int cores;
    private final Path stat;
    private final Path self;
    private final ScheduledExecutorService sampler;
    private long lastTotal = -1;
    private long lastBusy;
    private long lastOwn;
    private volatile double othersBusy;

    FreeCores(int cores) {
        this(cores, Path.of("/proc/stat"), Path.of("/proc/self/stat"), true);
    }

    /** @param background sample every second on a thread of its own; else only when {@link #sample} is called */
    FreeCores(int cores, Path stat, Path self, boolean background) {
        this.cores = cores;
        this.stat = stat;
        this.self = self;
        if (!background || !Files.isReadable(stat) || !Files.isReadable(self)) {
            sampler = null;
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "jnnunet-free-cores");
            thread.setDaemon(true);
            return thread;
        });
        sample();
        sampler.scheduleWithFixedDelay(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** The cores not kept busy by other processes over the last second, at least 1. */
    int free() {
        return Math.max(1, (int) Math.round(cores - busyElsewhere()));
    }

    /** Cores' worth of work other processes did over the last second. */
    double busyElsewhere() {
        double busy = othersBusy;
        return busy < BUSY ? 0 : busy;
    }

    synchronized void sample() {
        try {
            // cpu  user nice system idle iowait irq softirq steal ...
            String[] all = Files.readAllLines(stat).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(all.length, 9); i++) {
                total += Long.parseLong(all[i]);
            }
            long busy = total - Long.parseLong(all[4]) - Long.parseLong(all[5]);
            // pid (comm) state ... utime stime at fields 14 and 15; comm may hold spaces, so count after ')'
            String own = Files.readString(self);
            String[] fields = own.substring(own.lastIndexOf(')') + 2).trim().split("\\s+");
            long ownTime = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (lastTotal >= 0 && total > lastTotal) {
                double perCore = (total - lastTotal) / (double) cores;
                othersBusy = Math.max(0, (busy - lastBusy) - (ownTime - lastOwn)) / perCore;
            }
            lastTotal = total;
            lastBusy = busy;
            lastOwn = ownTime;
        } catch (IOException | RuntimeException unreadable) {
            othersBusy = 0;
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
