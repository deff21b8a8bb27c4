/**
 * Networks as services: architectures that build U-Nets from a plan, the loader of trained checkpoints, and the
 * network's parameters under torch's names. This package uses DJL's types ({@code ai.djl.nn.Block}), which the
 * {@code jnnunet-djl} bundle exports, so that the api bundle stays free of DJL.
 */
@Export
@Version("1.0.0")
package io.jnnunet.network;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
