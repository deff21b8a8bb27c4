package io.jnnunet.training.internal;

/** nnU-Net's three checkpoints of a fold folder, in the order {@code --c} prefers them when they tie. */
enum CheckpointKind {
    FINAL("checkpoint_final.djl"),
    LATEST("checkpoint_latest.djl"),
    BEST("checkpoint_best.djl");

    private final String fileName;

    CheckpointKind(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }
}
