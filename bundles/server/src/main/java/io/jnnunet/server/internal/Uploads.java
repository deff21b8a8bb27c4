package io.jnnunet.server.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The upload limit ({@link ServerConfig#max_upload_mb()}): a declared {@code Content-Length} over it is refused
 * before a byte is read, and a body without one (chunked) is cut off with 413 as soon as it passes the limit.
 */
final class Uploads {

    private Uploads() {
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
        return ApiException.tooLarge(String.format(java.util.Locale.ROOT, "the upload is larger than the"
                + " server takes: %s, at most %d MiB (max.upload.mb in etc/%s.cfg)", bytes >= maxBytes * 2
                        ? (bytes / 1024 / 1024) + " MiB" : "over the limit", maxBytes / 1024 / 1024,
                ServerConfig.PID));
    }
}
