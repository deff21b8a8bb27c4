/**
 * Pieces of nnU-Net's preprocessing that other stages use too: cropping to the non-zero region (fingerprint), numpy's
 * legacy random number generator (fingerprint sampling, foreground locations, cross-validation splits), and the
 * preprocessed store that the trainer reads ({@link io.jnnunet.preprocessing.PreprocessedCaseFiles},
 * {@link io.jnnunet.preprocessing.NpyArrays}).
 */
@Export
@Version("1.0.0")
package io.jnnunet.preprocessing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
