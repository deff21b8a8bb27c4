/**
 * Writing files the way every jnnunet bundle must: atomically, and JSON in nnU-Net's layout.
 */
@Export
@Version("1.0.0")
package io.jnnunet.formats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
