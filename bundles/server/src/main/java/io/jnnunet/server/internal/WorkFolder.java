package io.jnnunet.server.internal;

import java.nio.file.Path;

/** The server's own folder for files that jobs read and write ({@link ServerConfig#work_folder()}). */
final class WorkFolder {

    private WorkFolder() {
    }

    static Path of(ServerConfig config) {
        if (!config.work_folder().isBlank()) {
            return Path.of(config.work_folder()).toAbsolutePath().normalize();
        }
        String data = System.getProperty("karaf.data");
        if (data == null) {
            throw new IllegalStateException(ServerConfig.PID + ": work.folder is not set and there is no karaf.data"
                    + " folder");
        }
        return Path.of(data, "jnnunet", "work").toAbsolutePath().normalize();
    }
}
