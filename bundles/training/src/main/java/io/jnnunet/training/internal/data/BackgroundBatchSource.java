package io.jnnunet.training.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * nnU-Net's (non-deterministic) multi-threaded augmenter with threads instead of processes: {@code workers} threads
 * each make whole batches with their own {@link Sample} and random generator (split from the seed, so one worker
 * gives the same batches for the same seed) into a queue of {@value #PREFETCH_PER_WORKER} batches per worker. With 0
 * workers the batches are made in {@link #next()} on the caller's thread, like nnU-Net's single-threaded augmenter.
 */
final class BackgroundBatchSource implements BatchSource {

    static final int PREFETCH_PER_WORKER = 2;
    /** Put into the queue to wake a consumer waiting in {@link #next()} after a failure or close. */
    private static final Batch WAKE_UP = new Batch(null, null, List.of(), List.of(), List.of());

    private final DataLoader loader;
    private final BlockingQueue<Batch> ready;
    /** Batches handed back by {@link #recycle}, whose arrays the workers refill. */
    private final BlockingQueue<Batch> free;
    private final List<Thread> threads = new ArrayList<>();
    private final Sample callerSample;
    private final SplittableRandom callerRandom;
    private volatile Throwable failure;
    private volatile boolean closed;

    BackgroundBatchSource(DataLoader loader, int workers, long seed, String threadName) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be 0 or more, got " + workers);
        }
        this.loader = loader;
        int capacity = Math.max(1, PREFETCH_PER_WORKER * workers);
        this.ready = new ArrayBlockingQueue<>(capacity);
        this.free = new ArrayBlockingQueue<>(capacity + workers + 1);
        SplittableRandom root = new SplittableRandom(seed);
        if (workers == 0) {
            callerSample = new Sample();
            callerRandom = root.split();
        } else {
            callerSample = null;
            callerRandom = null;
            for (int i = 0; i < workers; i++) {
                SplittableRandom random = root.split();
                Thread thread = new Thread(() -> work(random), threadName + "-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
        }
    }

    private void work(SplittableRandom random) {
        Sample sample = new Sample();
        try {
            while (!closed) {
                ready.put(loader.generateTrainBatch(sample, random, free.poll()));
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException | Error e) {
            if (!closed) {
                failure = e;
                ready.offer(WAKE_UP);
            }
        }
    }

    @Override
    public Batch next() throws InterruptedException {
        checkOpen();
        if (threads.isEmpty()) {
            synchronized (this) {
                return loader.generateTrainBatch(callerSample, callerRandom, free.poll());
            }
        }
        Batch batch = ready.take();
        checkOpen();
        return batch;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the batch source is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("loading batches failed: " + failure, failure);
        }
    }

    @Override
    public void recycle(Batch batch) {
        if (batch != WAKE_UP) {
            free.offer(batch);
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        ready.clear();
        free.clear();
        ready.offer(WAKE_UP);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
