package io.jnnunet.djl.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.cuda.CudaUtils;
import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.DeviceInfo;
import io.jnnunet.djl.FullPrecision;
import io.jnnunet.djl.Precision;
import io.jnnunet.djl.PrecisionChoice;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads DJL's PyTorch engine inside OSGi. DJL finds its engine provider through {@code ServiceLoader} and its native
 * library through class-loader resources, both via the thread context class loader, so the first engine call runs
 * with this bundle's class loader as TCCL. Later calls need no switch. Immediate, so the engine is loaded at start
 * and a missing native library shows at boot, not in the middle of a job.
 *
 * <p>Configured by {@value #PID}: an edit of {@code device} or {@code threads} is applied in place ({@code @Modified}),
 * so the component, and every component that references it, stays active; a running training keeps the device it
 * started on. {@code interop.threads} is read only at the engine's first start in a JVM. {@code onednn} switches
 * libtorch's oneDNN convolutions for the whole JVM ({@link OneDnnConvolutions}), on the instruction sets that a
 * self-test at the first start finds right ({@link OneDnnIsa}). The C library's allocator keeps freed tensor memory
 * ({@link MallocRetention}). Forward passes in bfloat16 run under libtorch's autocast ({@link Autocast}) where the CPU
 * computes bfloat16 natively (AVX512-BF16 or AMX, and oneDNN allowed to use them).
 */
@Component(service = ComputeEngine.class, immediate = true, configurationPid = PyTorchComputeEngine.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PyTorchComputeEngine.Config.class)
public class PyTorchComputeEngine implements ComputeEngine {

    static final String PID = "io.jnnunet.engine";

    @ObjectClassDefinition(name = "jnnunet compute engine", description = "Device and threads of DJL's PyTorch engine"
            + " (etc/io.jnnunet.engine.cfg). device and threads apply without a restart; interop.threads only at the"
            + " engine's first start")
    public @interface Config {
        @AttributeDefinition(description = "Default device: auto (first GPU, else CPU), cpu, gpu or gpu:N. A running"
                + " training keeps the device it started on")
        String device() default "auto";

        @AttributeDefinition(description = "Threads inside one operation; 0 = the cores other processes leave free"
                + " when a job or command starts (all of them on an idle machine)")
        int threads() default 0;

        @AttributeDefinition(description = "Threads for independent operations; 0 = PyTorch's default. Read only at"
                + " the first start of the engine in a JVM: a change takes effect after a restart of Karaf")
        int interop_threads() default 0;

        @AttributeDefinition(description = "libtorch's oneDNN (mkldnn) convolution kernels on the CPU, on the"
                + " instruction sets a self-test at the engine's first start finds right, else AVX2 at most."
                + " false: libtorch's own kernels, 5 to 10 times slower, for networks whose widths are not multiples"
                + " of 8, which oneDNN gets wrong (docs/performance.md)")
        boolean onednn() default true;
    }

    static final String ENGINE = "PyTorch";
    private static final Logger LOG = LoggerFactory.getLogger(PyTorchComputeEngine.class);

    private final Engine engine;
    private volatile Device defaultDevice;
    /** The configured count, or 0 for the free cores at the start of each piece of work. */
    private volatile int configuredThreads;
    /** oneDNN's convolutions are on. */
    private volatile boolean oneDnn;
    private final FreeCores freeCores = new FreeCores(Runtime.getRuntime().availableProcessors());
    /** What oneDNN may use; bfloat16 convolutions need more than AVX2. */
    private final OneDnnIsa.Choice isa;

    @Activate
    public PyTorchComputeEngine(Config config) {
        if (config.interop_threads() > 0) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(config.interop_threads()));
        }
        this.isa = OneDnnIsa.choose();
        String malloc = MallocRetention.apply();
        this.engine = loadEngine();
        configure(config);
        LOG.info("{} {} (DJL {}) ready: default device {}, {} threads, {} inter-op threads, oneDNN {}{}", engineName(),
                engineVersion(), djlVersion(), defaultDevice, threads(), interOpThreads(),
                oneDnn ? "on, " + isa : "off",
                malloc == null ? "" : "; " + malloc);
    }

    private static Engine loadEngine() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PyTorchComputeEngine.class.getClassLoader());
        try {
            return Engine.getEngine(ENGINE);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Applies device and threads. An unknown device refuses the whole edit (logged by Declarative Services, naming the
     * devices there are) and leaves the previous settings in place.
     */
    @Modified
    void configure(Config config) {
        Device device = device(config.device());
        this.configuredThreads = Math.max(0, config.threads());
        applyThreads();
        oneDnn = oneDnn(config.onednn());
        if (config.interop_threads() > 0 && config.interop_threads() != JniUtils.getNumInteropThreads()) {
            LOG.warn("interop.threads={} takes effect after a restart of Karaf: PyTorch fixes it at its first use",
                    config.interop_threads());
        }
        this.defaultDevice = device;
    }

    /** Switches oneDNN for the whole process; where libtorch offers no switch it stays as it is, on. */
    private static boolean oneDnn(boolean on) {
        try {
            return OneDnnConvolutions.enable(on);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("oneDNN cannot be switched {}: {}", on ? "on" : "off", e.getMessage());
            return true;
        }
    }

    @Deactivate
    void deactivate() {
        freeCores.close();
    }

    @Override
    public String engineName() {
        return engine.getEngineName();
    }

    @Override
    public String engineVersion() {
        return engine.getVersion();
    }

    @Override
    public String djlVersion() {
        return Engine.getDjlVersion();
    }

    @Override
    public List<DeviceInfo> devices() {
        List<DeviceInfo> devices = new ArrayList<>();
        for (Device device : engine.getDevices()) {
            if (device.isGpu()) {
                MemoryUsage memory = CudaUtils.getGpuMemory(device);
                devices.add(new DeviceInfo(device, "CUDA GPU " + device.getDeviceId() + ", compute capability "
                        + CudaUtils.getComputeCapability(device.getDeviceId()), memory.getMax()));
            }
        }
        devices.add(new DeviceInfo(Device.cpu(), "CPU, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch"), Runtime.getRuntime().maxMemory()));
        return devices;
    }

    @Override
    public Device defaultDevice() {
        return defaultDevice;
    }

    @Override
    public Device device(String name) {
        String spec = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        int gpus = engine.getGpuCount();
        switch (spec) {
            case "auto", "":
                return gpus > 0 ? Device.gpu(0) : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu", "cuda":
                spec = "gpu:0";
                break;
            default:
                break;
        }
        if (spec.startsWith("gpu:") || spec.startsWith("cuda:")) {
            try {
                int id = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
                if (id >= 0 && id < gpus) {
                    return Device.gpu(id);
                }
            } catch (NumberFormatException e) {
                // reported below with the devices there are
            }
        }
        throw new IllegalArgumentException("no device '" + name + "': the engine sees "
                + devices().stream().map(d -> d.device().toString()).toList()
                + (gpus == 0 ? " (no CUDA GPU: see docs/gpu.md for the CUDA native library)" : ""));
    }

    @Override
    public int threads() {
        return configuredThreads > 0 ? configuredThreads : freeCores.free();
    }

    /**
     * PyTorch's intra-op thread count is OpenMP's, which is kept per thread: a configuration edit runs on Config
     * Admin's thread, so each thread that starts work (a job, a command) takes the count here, the free cores when
     * {@code threads} is 0.
     */
    private void applyThreads() {
        int threads = threads();
        if (JniUtils.getNumThreads() != threads) {
            if (configuredThreads == 0 && threads < Runtime.getRuntime().availableProcessors()) {
                LOG.info("{} thread(s): other processes keep {} of {} cores busy", threads,
                        String.format(Locale.ROOT, "%.1f", freeCores.busyElsewhere()),
                        Runtime.getRuntime().availableProcessors());
            }
            JniUtils.setNumThreads(threads);
        }
    }

    @Override
    public int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }

    @Override
    public NDManager newManager() {
        return newManager(defaultDevice);
    }

    @Override
    public NDManager newManager(Device device) {
        applyThreads();
        return engine.newBaseManager(device);
    }

    @Override
    public GradientCollector newGradientCollector() {
        return engine.newGradientCollector();
    }

    @Override
    public PrecisionChoice precision(Precision requested, Device device) {
        if (requested == Precision.FP32) {
            return new PrecisionChoice(Precision.FP32, "as asked");
        }
        if (device.isGpu()) {
            return new PrecisionChoice(Precision.BF16, "autocast on the GPU");
        }
        String missing = bf16Missing();
        return missing == null
                ? new PrecisionChoice(Precision.BF16, "the CPU computes bfloat16 natively")
                : new PrecisionChoice(Precision.FP32, "bf16 asked for, but " + missing);
    }

    /** Why the CPU's convolutions cannot run in bfloat16 natively and right, or {@code null} when they can. */
    private String bf16Missing() {
        if (!OneDnnIsa.bf16Hardware()) {
            return "the CPU has neither AVX512-BF16 nor AMX (bfloat16 would be emulated, slower than float32)";
        }
        if (!oneDnn) {
            return "oneDNN is off (engine configuration onednn = false)";
        }
        return isa.bf16Missing();
    }

    @Override
    public NDList forward(Block block, ParameterStore parameterStore, NDList inputs, boolean training,
            Precision precision) {
        if (precision == Precision.FP32) {
            return block.forward(parameterStore, inputs, training);
        }
        NDList outputs;
        try (Autocast autocast = Autocast.bf16(inputs.head().getDevice())) {
            outputs = block.forward(parameterStore, inputs, training);
        }
        try (FullPrecision fp32 = FullPrecision.enter(inputs.head().getDevice())) {
            NDList full = fp32.promote(outputs);
            for (NDArray output : outputs) {
                if (full.stream().noneMatch(kept -> kept == output)) {
                    output.close();
                }
            }
            return full;
        }
    }
}
