package io.jnnunet.formats;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of the entries of a zip that is unpacked into a folder, checked so that none can lead out of it (zip
 * slip): no {@code ..} segment, no absolute path, no drive letter; backslashes count as separators, as some Windows
 * tools write them. Unpacked by the callers as plain files and folders only, so a symbolic-link entry can only become
 * a file that holds its target's name, never a link.
 */
public final class ZipEntryPaths {

    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:.*");

    private ZipEntryPaths() {
    }

    /**
     * The name's path segments, without empty and {@code .} segments.
     *
     * @throws IllegalArgumentException naming the entry when it could lead outside the folder it is unpacked into
     */
    public static List<String> segments(String entryName) {
        String name = entryName.replace('\\', '/');
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("zip entry " + entryName + " leads out of its folder (..)");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (name.startsWith("/") || DRIVE.matcher(name).matches()) {
            throw new IllegalArgumentException("zip entry " + entryName + " is an absolute path");
        }
        return segments;
    }

    /**
     * {@code folder/segment/...}.
     *
     * @throws IllegalArgumentException when a segment is not a valid file name on this file system
     */
    public static Path resolve(Path folder, List<String> segments) {
        try {
            Path path = folder;
            for (String segment : segments) {
                path = path.resolve(segment);
            }
            return path;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("zip entry " + String.join("/", segments)
                    + " is not a valid file name: " + e.getReason(), e);
        }
    }
}
