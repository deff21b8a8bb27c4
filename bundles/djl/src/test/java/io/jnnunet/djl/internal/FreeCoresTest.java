package io.jnnunet.djl.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The free cores from two readings of {@code /proc/stat} and {@code /proc/self/stat} as Linux writes them: another
 * process's busy core counts, this JVM's own work does not, and noise below half a core is ignored.
 */
public class FreeCoresTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void anotherProcessOnOneOfTwoCoresLeavesOneFree() throws Exception {
        // over the second: 200 jiffies in all (2 cores x 100), 100 busy elsewhere + this JVM's 50, 50 idle
        assertEquals(1, free(2, 100 + 50, 50, 0.999));
    }

    @Test
    public void thisJvmsOwnWorkLeavesEveryCoreFree() throws Exception {
        // 190 busy jiffies of which this JVM did 180 (a training on both cores): 10 elsewhere is noise
        assertEquals(2, free(2, 190, 180, 0.0));
    }

    @Test
    public void twoBusyCoresElsewhereStillLeaveOneThread() throws Exception {
        assertEquals(1, free(2, 200, 0, 2.0));
    }

    /** Free cores after one second in which the cores did {@code busy} jiffies, {@code own} of them this JVM's. */
    private int free(int cores, long busy, long own, double elsewhere) throws Exception {
        Path stat = tmp.newFile().toPath();
        Path self = tmp.newFile().toPath();
        write(stat, self, 1000, 3000, 400);
        FreeCores free = new FreeCores(cores, stat, self, false);
        free.sample();
        long idle = 100L * cores - busy;
        write(stat, self, 1000 + busy, 3000 + idle, 400 + own);
        free.sample();
        assertEquals(elsewhere < 0.5 ? 0 : elsewhere, free.busyElsewhere(), 0.01);
        return free.free();
    }

    /** The first line of /proc/stat (user and idle jiffies; the rest zero) and a /proc/self/stat with utime. */
    private static void write(Path stat, Path self, long user, long idle, long utime) throws Exception {
        Files.writeString(stat, "cpu  " + user + " 0 0 " + idle + " 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n");
        Files.writeString(self, "4242 (java (karaf)) S 1 4242 4242 0 -1 4194560 100 0 0 0 " + utime
                + " 0 0 0 20 0 40 0 123 456 789\n");
    }
}
