package io.jnnunet.formats;

/**
 * numpy's legacy {@code np.random.RandomState(seed)}: MT19937 with numpy's integer sampling, so that everything nnU-Net
 * draws with a fixed seed (fingerprint intensity samples, foreground locations, cross-validation splits) is drawn
 * identically here. Not thread-safe: one instance per sequence of draws, as nnU-Net uses it.
 */
public final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index;

    /** {@code np.random.RandomState(seed)} for a seed in {@code [0, 2^32)}. */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits (MT19937's {@code genrand_int32}), as an unsigned value. */
    public long nextUint32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }

    /** A value in {@code [0, max]} by numpy's masked rejection sampling ({@code random_interval}). */
    private long interval(long max) {
        if (max == 0) {
            return 0;
        }
        if (max > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("ranges beyond 2**32 are not supported: " + max);
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return value;
    }

    /** {@code randint(low, high)}: one integer in {@code [low, high)}. */
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("low >= high: " + low + " >= " + high);
        }
        return low + interval(high - 1 - low);
    }

    /** {@code choice(n, size)} (with replacement): {@code size} indices in {@code [0, n)}. */
    public int[] choiceWithReplacement(int n, int size) {
        if (n <= 0) {
            throw new IllegalArgumentException("cannot choose from an empty population");
        }
        int[] picks = new int[size];
        for (int i = 0; i < size; i++) {
            picks[i] = (int) interval(n - 1L);
        }
        return picks;
    }

    /** {@code permutation(n)}: 0..n-1 shuffled as numpy's legacy {@code shuffle} does. */
    public int[] permutation(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }

    /** {@code choice(n, size, replace=False)}: the first {@code size} entries of {@code permutation(n)}. */
    public int[] choiceWithoutReplacement(int n, int size) {
        if (size > n) {
            throw new IllegalArgumentException("cannot take " + size + " samples from " + n + " without replacement");
        }
        return java.util.Arrays.copyOf(permutation(n), size);
    }
}
