package io.jnnunet.benchmarks;

import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.internal.PyTorchComputeEngine;
import java.lang.annotation.Annotation;

/** The compute engine component made outside OSGi, on the CPU with a fixed number of threads. */
public final class CpuEngine {

    private CpuEngine() {
    }

    /**
     * The cores other processes leave free now, as the distribution's engine counts them with {@code threads = 0}
     * (it samples the machine once a second, so this waits for a sample).
     */
    public static int freeCores() throws InterruptedException {
        ComputeEngine engine = withThreads(0);
        Thread.sleep(1500);
        return engine.threads();
    }

    public static ComputeEngine withThreads(int threads) {
        return new PyTorchComputeEngine(new PyTorchComputeEngine.Config() {
            @Override
            public String device() {
                return "cpu";
            }

            @Override
            public int threads() {
                return threads;
            }

            @Override
            public int interop_threads() {
                return 0;
            }

            @Override
            public boolean onednn() {
                return true;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PyTorchComputeEngine.Config.class;
            }
        });
    }
}
