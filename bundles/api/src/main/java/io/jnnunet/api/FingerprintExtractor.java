package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;

/** nnU-Net's {@code DatasetFingerprintExtractor}: the fingerprint of a raw dataset's training cases. */
public interface FingerprintExtractor {

    /**
     * Extracts the fingerprint, reading at most {@code workers} cases at a time (one case per worker in memory).
     *
     * @throws IOException naming the case and file when a case cannot be read; nothing is written then
     */
    Fingerprint extract(Path rawDataset, int workers, ProgressListener progress) throws IOException;
}
