/**
 * jnnunet's shared vocabulary: the image model, the dataset description and the service interfaces through which
 * the bundles of each stage talk to each other. Plain records and interfaces only; no implementation.
 */
@Export
@Version("1.1.0")
package io.jnnunet.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
