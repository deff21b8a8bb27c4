package io.jnnunet.inference.internal;

import io.jnnunet.djl.ComputeEngine;
import io.jnnunet.djl.internal.PyTorchComputeEngine;
import java.lang.reflect.Proxy;

/** The real components the predictor works with, made outside OSGi. */
final class TestComponents {

    private TestComponents() {
    }

    /** The compute engine component with its defaults (CPU here). */
    static ComputeEngine engine() {
        PyTorchComputeEngine.Config defaults = (PyTorchComputeEngine.Config) Proxy.newProxyInstance(
                TestComponents.class.getClassLoader(), new Class<?>[] {PyTorchComputeEngine.Config.class},
                (proxy, method, args) -> method.getDefaultValue());
        return new PyTorchComputeEngine(defaults);
    }
}
