package io.jnnunet.server.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;

/**
 * The upload limit ({@link ServerConfig#max_upload_mb()}): a declared {@code Content-Length} over it is refused
 * before a byte is read, and a body without one (chunked) is cut off with 413 as soon as it passes the limit.
 */
final class Uploads {

    static final String PNG = "image/png";
    static final String TIFF = "image/tiff";

    private Uploads() {
    }

    /**
     * An uploaded image in a temporary file of the work folder, named with the ending its {@code Content-Type} gives
     * (which picks the reader); deleted on close.
     */
    record Image(Path file, String ending) implements AutoCloseable {

        /** The media type of the upload, which an answer in the same format has. */
        String mediaType() {
            return ending.equals(".png") ? PNG : TIFF;
        }

        /** A temporary file beside the upload, with its ending: for an answer written in the upload's format. */
        Path sibling(String prefix) {
            return file.resolveSibling(prefix + "-" + UUID.randomUUID() + ending);
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Stores an image body ({@code image/png} or {@code image/tiff}) within the upload limit.
     *
     * @throws ApiException 415 for another type, 413 for a body over the limit
     */
    static Image image(InputStream body, String contentType, Long contentLength, ServerConfig config)
            throws IOException {
        String ending = ending(contentType);
        Path tmp = Files.createDirectories(WorkFolder.of(config).resolve("tmp"));
        Image image = new Image(tmp.resolve("upload-" + UUID.randomUUID() + ending), ending);
        try (InputStream in = limited(body, contentLength, maxBytes(config))) {
            Files.copy(in, image.file(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            image.close();
            throw e;
        }
        return image;
    }

    private static String ending(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith(PNG)) {
            return ".png";
        }
        if (type.startsWith(TIFF)) {
            return ".tif";
        }
        throw new ApiException(415, "send the image as image/png or image/tiff, not '" + contentType + "'");
    }

    static long maxBytes(ServerConfig config) {
        return Math.max(1, config.max_upload_mb()) * 1024L * 1024L;
    }

    /** @throws ApiException 413 when the declared length is over the limit */
    static InputStream limited(InputStream body, Long contentLength, long maxBytes) {
        if (contentLength != null && contentLength > maxBytes) {
            throw tooLarge(contentLength, maxBytes);
        }
        return new FilterInputStream(body) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                count(Math.max(0, n));
                return n;
            }

            private void count(long n) {
                read += n;
                if (read > maxBytes) {
                    throw tooLarge(read, maxBytes);
                }
            }
        };
    }

    private static ApiException tooLarge(long bytes, long maxBytes) {
        return ApiException.tooLarge(String.format(Locale.ROOT, "the upload is larger than the"
                + " server takes: %s, at most %d MiB (max.upload.mb in etc/%s.cfg)", bytes >= maxBytes * 2
                        ? (bytes / 1024 / 1024) + " MiB" : "over the limit", maxBytes / 1024 / 1024,
                ServerConfig.PID));
    }
}
