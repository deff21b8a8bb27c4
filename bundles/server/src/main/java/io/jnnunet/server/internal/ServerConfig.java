package io.jnnunet.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The lab server's settings ({@code etc/io.jnnunet.server.cfg}); every component of the server reads the keys it
 * needs from this one PID, and each applies a change at once ({@code @Modified}).
 */
@ObjectClassDefinition(id = ServerConfig.PID, name = "jnnunet lab server",
        description = "The REST API under /api: address, limits, the warm models' memory, users' tokens")
public @interface ServerConfig {

    String PID = "io.jnnunet.server";

    @AttributeDefinition(description = "Address the HTTP server listens on. Anything but 127.0.0.1/localhost is"
            + " refused while the shipped karaf/karaf password is unchanged")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "HTTP port")
    int port() default 8181;

    @AttributeDefinition(description = "Largest upload (an image or a dataset zip), in MiB; larger ones get 413")
    int max_upload_mb() default 512;

    @AttributeDefinition(description = "Largest image a single prediction takes, in pixels (width x height x"
            + " depth); larger ones get 413")
    long max_image_pixels() default 16_777_216L;

    @AttributeDefinition(description = "Memory the loaded (warm) models may hold, in MiB; the least recently used"
            + " one is closed when a new one does not fit")
    int model_cache_mb() default 2048;

    @AttributeDefinition(description = "Single-image predictions served at the same time; more wait up to"
            + " predict_wait_seconds, then get 429")
    int predict_concurrency() default 1;

    @AttributeDefinition(description = "How long a single-image prediction waits for its turn before 429")
    int predict_wait_seconds() default 60;

    @AttributeDefinition(description = "The folder job requests' relative paths start in and a watch folder's"
            + " default home; empty: ${karaf.data}/jnnunet/work. Jobs posted to the server may name files only in it"
            + " and in nnU-Net's three folders")
    String work_folder() default "";

    @AttributeDefinition(description = "Seconds between keep-alive comments on an idle Server-Sent Events stream")
    int sse_heartbeat_seconds() default 15;

    @AttributeDefinition(description = "The API tokens file (SHA-256 hashes only, never a token); empty:"
            + " ${karaf.data}/jnnunet/tokens.json")
    String tokens_file() default "";

    @AttributeDefinition(description = "Seconds a successful HTTP Basic login is remembered (a JAAS login per"
            + " request is slow); a changed or removed Karaf password still works this long. 0: log in every request")
    int login_cache_seconds() default 60;
}
