package io.jnnunet.api;

import java.util.List;
import java.util.Optional;

/**
 * The reader/writer services installed right now, by file ending. Consumers look one up at the moment they need
 * it, so a reader bundle installed or removed at runtime takes effect on the next call.
 */
public interface ImageIoRegistry {

    /** The reader/writer for an ending (matched case-insensitively), if one is installed. */
    Optional<ImageIo> forEnding(String fileEnding);

    /**
     * The reader/writer for an ending.
     *
     * @throws IllegalArgumentException naming the ending and the endings that are installed, when none handles it
     */
    ImageIo require(String fileEnding);

    /** What is installed, one row per ending, sorted by ending. */
    List<ImageIoInfo> installed();
}
