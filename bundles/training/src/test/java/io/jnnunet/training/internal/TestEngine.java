package io.jnnunet.training.internal;

import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.internal.PyTorchComputeEngine;
import java.lang.reflect.Proxy;

/**
 * The real compute engine component, configured with its defaults (CPU here) but a fixed thread count: results that
 * tests compare bit for bit must not depend on what else the machine runs (the default takes the free cores).
 */
final class TestEngine {

    private TestEngine() {
    }

    static ComputeEngine create() {
        PyTorchComputeEngine.Config defaults = (PyTorchComputeEngine.Config) Proxy.newProxyInstance(
                TestEngine.class.getClassLoader(), new Class<?>[] {PyTorchComputeEngine.Config.class},
                (proxy, method, args) -> method.getName().equals("threads")
                        ? Runtime.getRuntime().availableProcessors() : method.getDefaultValue());
        return new PyTorchComputeEngine(defaults);
    }
}
