package io.jnnunet.server.internal;

import java.nio.file.Path;

/**
 * The server's own folder for files that jobs read and write ({@link ServerConfig#work_folder()}), and the place of
 * the server's other files: under ${karaf.data}/jnnunet unless a setting names one.
 */
final class WorkFolder {

    private WorkFolder() {
    }

    static Path of(ServerConfig config) {
        return settingOrData(config.work_folder(), "work.folder", "work");
    }

    /** The path a setting names, or {@code name} in ${karaf.data}/jnnunet when the setting is blank. */
    static Path settingOrData(String setting, String key, String name) {
        if (!setting.isBlank()) {
            return Path.of(setting).toAbsolutePath().normalize();
        }
        String data = System.getProperty("karaf.data");
        if (data == null) {
            throw new IllegalStateException(ServerConfig.PID + ": " + key + " is not set and there is no karaf.data"
                    + " folder");
        }
        return Path.of(data, "jnnunet", name).toAbsolutePath().normalize();
    }
}
