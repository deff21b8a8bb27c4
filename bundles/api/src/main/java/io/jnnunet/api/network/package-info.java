/**
 * Network architectures as services. This package uses DJL's types ({@code ai.djl.nn.Block}), which the
 * {@code jnnunet-djl} bundle exports; the rest of the API is free of DJL.
 */
@Export
@Version("1.0.0")
package io.jnnunet.api.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
