package io.jnnunet.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes images of some file endings, nnU-Net's {@code BaseReaderWriter}. Registered as an OSGi service with
 * the property {@value #FILE_ENDING} listing the endings it handles (lower case, with the dot: {@code .png}).
 */
public interface ImageIo {

    /** Service property: the file endings this reader/writer handles. */
    String FILE_ENDING = "file.ending";

    /** A short name for listings, e.g. {@code PngImageIo}. */
    String name();

    /** The endings handled, lower case with the leading dot. */
    List<String> fileEndings();

    /**
     * Reads the channel files of one case (nnU-Net's {@code {CASE}_{XXXX}} files, in channel order) into one volume.
     * A file that itself holds several channels (an RGB PNG) contributes all of them, in order.
     *
     * @throws InvalidImageException when a file is unreadable, or the files disagree in shape
     */
    ImageVolume readImages(List<Path> channelFiles) throws IOException;

    /** Reads a label map: exactly one channel of integer values. */
    ImageVolume readSegmentation(Path file) throws IOException;

    /**
     * Writes a volume in the volume's sample type, atomically (a temporary file renamed onto {@code file}), so a crash
     * never leaves a half-written image. Several channels are written into one file where the format allows it.
     */
    void write(ImageVolume volume, Path file) throws IOException;
}
