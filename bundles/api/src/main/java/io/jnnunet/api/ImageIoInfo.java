package io.jnnunet.api;

/** One installed reader/writer for one file ending, and the bundle that provides it. */
public record ImageIoInfo(String fileEnding, String name, String bundle) {
}
