/**
 * The compute engine every other bundle uses: DJL with its PyTorch engine, made to work inside OSGi. DJL's own
 * packages ({@code ai.djl.*}) are exported by this bundle too.
 */
@Export
@Version("1.0.0")
package io.jnnunet.djl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
