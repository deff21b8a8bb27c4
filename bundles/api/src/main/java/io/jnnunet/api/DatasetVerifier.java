package io.jnnunet.api;

import java.nio.file.Path;

/**
 * nnU-Net's {@code verify_dataset_integrity}: every check it makes, but all problems are collected and reported
 * together instead of stopping at the first. Reads only; never changes a file.
 */
public interface DatasetVerifier {

    /** Checks a raw dataset folder. Bad data is reported in the result, never thrown. */
    IntegrityReport verify(Path datasetFolder);
}
