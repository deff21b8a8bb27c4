package io.jnnunet.server.internal;

import static io.jnnunet.server.internal.UploadRefusedException.Reason.BAD_REQUEST;
import static io.jnnunet.server.internal.UploadRefusedException.Reason.CONFLICT;
import static io.jnnunet.server.internal.UploadRefusedException.Reason.PAYLOAD_TOO_LARGE;

import io.jnnunet.formats.AtomicFiles;
import io.jnnunet.formats.ZipEntryPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an uploaded zip of one raw dataset into a hidden folder {@code <raw>/.upload-<uuid>}, where nothing takes it
 * for a dataset, for the caller to verify ({@link io.jnnunet.api.DatasetVerifier}) and then
 * {@linkplain Upload#accept() accept} (one atomic rename into {@code <raw>/DatasetXXX_Name}) or
 * {@linkplain Upload#discard() discard}.
 *
 * <p>The dataset is the folder holding the zip's shallowest {@code dataset.json}: its folder {@code DatasetXXX_Name/}
 * (at the zip's top, or inside a folder that wraps it), or the zip's root, the name then coming from the caller. Every
 * file of the zip must lie in it. macOS's {@code __MACOSX/} entries are skipped.
 *
 * <p>Refused with an {@link UploadRefusedException}: entry names that could escape the folder ({@code ..}, absolute
 * paths, drive letters; backslashes count as separators, as some Windows tools write them), duplicate entries,
 * a malformed zip, a name that is not {@code DatasetXXX_Name} as nnU-Net finds it by id ({@code Dataset%03d_}),
 * more entries or more unpacked bytes than configured (counted while inflating: a zip's size headers are not trusted),
 * and an id that a dataset in raw already has.
 */
public final class DatasetArchive {

    static final String UPLOAD_PREFIX = ".upload-";
    private static final String DATASET_JSON = "dataset.json";
    private static final String MACOS_METADATA = "__MACOSX";
    private static final Pattern DATASET_NAME = Pattern.compile("Dataset(\\d{3,9})_[^/\\\\:*?\"<>|\\p{Cntrl}]+");

    private final long maxBytes;
    private final int maxEntries;
    /** Makes "is the id free" and the rename into raw one step for all uploads of this archive. */
    private final Object acceptLock = new Object();

    /**
     * @param maxBytes the most bytes all entries may unpack to together
     * @param maxEntries the most entries (files and folders) a zip may hold
     */
    public DatasetArchive(long maxBytes, int maxEntries) {
        if (maxBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("upload limits must be positive, got " + maxBytes + " bytes and "
                    + maxEntries + " entries");
        }
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * Unpacks the zip, reading the stream to its end and closing it. On any failure nothing of it is left.
     *
     * @param raw nnU-Net's raw folder, created if missing
     * @param nameAtRoot the dataset's name {@code DatasetXXX_Name} when the zip holds dataset.json at its root; may
     *     be null otherwise, and is ignored when the zip names its dataset folder itself
     * @throws UploadRefusedException for a zip the server does not take, see the class comment
     * @throws IOException when the stream or the disk fails
     */
    public Upload unpack(Path raw, InputStream zip, String nameAtRoot) throws IOException {
        Files.createDirectories(raw);
        Path upload = Files.createDirectory(raw.resolve(UPLOAD_PREFIX + UUID.randomUUID()));
        boolean unpacked = false;
        try {
            Path content = Files.createDirectory(upload.resolve("zip"));
            List<List<String>> files = extract(zip, content);
            List<String> folder = datasetFolder(files);
            String name = folder.isEmpty() ? nameAtRoot : folder.get(folder.size() - 1);
            int id = requireDatasetName(name, folder.isEmpty());
            requireFreeId(raw, name, id);
            Path dataset = upload.resolve(name);
            Files.move(resolve(content, folder), dataset, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteRecursively(content);
            unpacked = true;
            return new Upload(raw, upload, dataset, name, id);
        } finally {
            if (!unpacked) {
                AtomicFiles.deleteRecursively(upload);
            }
        }
    }

    /** Writes every entry under {@code content}; returns the files' paths as segments. */
    private List<List<String>> extract(InputStream zip, Path content) throws IOException {
        List<List<String>> files = new ArrayList<>();
        byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(zip)) {
            for (ZipEntry entry = nextEntry(in); entry != null; entry = nextEntry(in)) {
                if (++entries > maxEntries) {
                    throw new UploadRefusedException(PAYLOAD_TOO_LARGE, "the zip holds more than " + maxEntries
                            + " entries, the most this server accepts");
                }
                String entryName = entry.getName();
                List<String> segments = segments(entryName);
                boolean skipped = segments.isEmpty() || segments.get(0).equals(MACOS_METADATA);
                boolean directory = entryName.endsWith("/") || entryName.endsWith("\\");
                Path target = skipped ? null : resolve(content, segments);
                OutputStream out = null;
                try {
                    if (directory && target != null) {
                        Files.createDirectories(target);
                    } else if (target != null) {
                        Files.createDirectories(target.getParent());
                        out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                        files.add(segments);
                    }
                    // skipped entries are inflated too, and counted: ZipInputStream would inflate them anyway
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        bytes += n;
                        if (bytes > maxBytes) {
                            throw new UploadRefusedException(PAYLOAD_TOO_LARGE, "the zip unpacks to more than "
                                    + maxBytes + " bytes, the most this server accepts (at entry " + entryName + ")");
                        }
                        if (out != null) {
                            out.write(buffer, 0, n);
                        }
                    }
                } catch (FileAlreadyExistsException e) {
                    throw new UploadRefusedException(BAD_REQUEST, "zip entry " + entryName
                            + " is there twice, or clashes with a file or folder of the same name");
                } finally {
                    if (out != null) {
                        out.close();
                    }
                }
            }
        } catch (ZipException e) {
            throw new UploadRefusedException(BAD_REQUEST, "not a readable zip: " + e.getMessage());
        }
        return files;
    }

    private static ZipEntry nextEntry(ZipInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (UploadRefusedException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // ZipInputStream's answer to a name that is not UTF-8
            throw new UploadRefusedException(BAD_REQUEST, "not a readable zip: an entry name is not UTF-8 ("
                    + e.getMessage() + ")");
        }
    }

    /** @throws UploadRefusedException when the name could lead outside the folder it is unpacked into */
    private static List<String> segments(String entryName) {
        try {
            return ZipEntryPaths.segments(entryName);
        } catch (IllegalArgumentException e) {
            throw new UploadRefusedException(BAD_REQUEST, e.getMessage());
        }
    }

    private static Path resolve(Path folder, List<String> segments) {
        try {
            return ZipEntryPaths.resolve(folder, segments);
        } catch (IllegalArgumentException e) {
            throw new UploadRefusedException(BAD_REQUEST, e.getMessage());
        }
    }

    /** The segments of the folder holding the shallowest dataset.json, which every file must lie in. */
    private static List<String> datasetFolder(List<List<String>> files) {
        List<List<String>> folders = files.stream()
                .filter(f -> f.get(f.size() - 1).equals(DATASET_JSON))
                .map(f -> f.subList(0, f.size() - 1))
                .toList();
        int depth = folders.stream().mapToInt(List::size).min().orElseThrow(() ->
                new UploadRefusedException(BAD_REQUEST, "the zip holds no " + DATASET_JSON + ": expected a raw"
                        + " dataset DatasetXXX_Name/ with dataset.json, imagesTr/ and labelsTr/, at the zip's root or"
                        + " in its one top folder"));
        List<String> folder = folders.stream().filter(f -> f.size() == depth).findFirst().orElseThrow();
        for (List<String> file : files) {
            if (file.size() <= folder.size() || !file.subList(0, folder.size()).equals(folder)) {
                throw new UploadRefusedException(BAD_REQUEST, "zip entry " + String.join("/", file) + " lies"
                        + " outside the dataset folder " + (folder.isEmpty() ? "(the zip's root)"
                        : String.join("/", folder)) + "; a zip holds one dataset");
            }
        }
        return folder;
    }

    /** The dataset id of a name nnU-Net finds by its id ({@code Dataset%03d_}). */
    private static int requireDatasetName(String name, boolean atRoot) {
        if (name == null || name.isBlank()) {
            throw new UploadRefusedException(BAD_REQUEST, "the zip holds dataset.json at its root: name the"
                    + " dataset DatasetXXX_Name (XXX its id), or zip its folder DatasetXXX_Name/");
        }
        Matcher m = DATASET_NAME.matcher(name);
        if (m.matches() && m.group(1).equals(String.format(Locale.ROOT, "%03d", Integer.parseInt(m.group(1))))) {
            return Integer.parseInt(m.group(1));
        }
        throw new UploadRefusedException(BAD_REQUEST, (atRoot ? "dataset name '" : "dataset folder '") + name
                + "' is not DatasetXXX_Name: XXX the id as nnU-Net writes it (three digits, e.g. Dataset042_Cells),"
                + " then a name without path separators");
    }

    private static String idPrefix(int id) {
        return String.format(Locale.ROOT, "Dataset%03d_", id);
    }

    /** Refuses when raw holds a folder nnU-Net would find under this id (it takes any name Dataset%03d_...). */
    private static void requireFreeId(Path raw, String name, int id) throws IOException {
        String prefix = idPrefix(id);
        List<String> taken;
        try (Stream<Path> children = Files.list(raw)) {
            taken = children.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix))
                    .sorted()
                    .toList();
        }
        if (taken.contains(name)) {
            throw new UploadRefusedException(CONFLICT, "dataset " + name + " already exists in raw folder " + raw);
        }
        if (!taken.isEmpty()) {
            throw new UploadRefusedException(CONFLICT, "dataset id " + id + " of " + name + " is taken: raw folder "
                    + raw + " holds " + String.join(", ", taken));
        }
    }

    /**
     * An unpacked dataset waiting under its hidden upload folder. Closing it discards it unless it was accepted, so
     * try-with-resources leaves nothing behind.
     */
    public final class Upload implements AutoCloseable {

        private final Path raw;
        private final Path uploadFolder;
        private final Path folder;
        private final String name;
        private final int id;
        private boolean done;

        private Upload(Path raw, Path uploadFolder, Path folder, String name, int id) {
            this.raw = raw;
            this.uploadFolder = uploadFolder;
            this.folder = folder;
            this.name = name;
            this.id = id;
        }

        /** The unpacked dataset folder, named {@code DatasetXXX_Name}, for the verifier. */
        public Path folder() {
            return folder;
        }

        /** {@code DatasetXXX_Name}. */
        public String name() {
            return name;
        }

        public int id() {
            return id;
        }

        /**
         * Renames the dataset into raw in one atomic step.
         *
         * @return {@code <raw>/DatasetXXX_Name}
         * @throws UploadRefusedException (conflict) when raw holds a dataset of that name or id by now
         * @throws IllegalStateException when it was accepted or discarded before
         */
        public synchronized Path accept() throws IOException {
            requireOpen();
            Path target = raw.resolve(name);
            synchronized (acceptLock) {
                requireFreeId(raw, name, id);
                // no fallback to a copy: the dataset appears whole or not at all
                Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
            }
            done = true;
            AtomicFiles.deleteRecursively(uploadFolder);
            return target;
        }

        /** Deletes the unpacked dataset and its upload folder. */
        public synchronized void discard() throws IOException {
            requireOpen();
            done = true;
            AtomicFiles.deleteRecursively(uploadFolder);
        }

        /** Discards the dataset unless it was accepted or discarded. */
        @Override
        public synchronized void close() throws IOException {
            if (!done) {
                discard();
            }
        }

        private void requireOpen() {
            if (done) {
                throw new IllegalStateException("upload of " + name + " was accepted or discarded already");
            }
        }

        @Override
        public String toString() {
            return "Upload[" + name + " in " + folder + "]";
        }
    }

    @Override
    public String toString() {
        return "DatasetArchive[maxBytes=" + maxBytes + ", maxEntries=" + maxEntries + "]";
    }
}
