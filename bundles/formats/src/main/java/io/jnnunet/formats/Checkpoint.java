package io.jnnunet.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnnunet.formats.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A training checkpoint ({@code checkpoint_final.djl}, {@code _best}, {@code _latest}): a zip archive of
 * {@code checkpoint.json} (the {@link CheckpointHeader}), {@code network_weights.bin} (every parameter as
 * little-endian float32 in C order, concatenated in the header's order) and, once the optimiser has stepped,
 * {@code optimizer_momentum.bin} (the SGD momentum buffers the same way, for the parameters the header marks). Entries
 * are deflated at level 0 (stored blocks, no compression); the zip's CRC-32 of every entry is checked on reading.
 * Written atomically, so a reader sees the previous checkpoint or the new one, never a part.
 *
 * @param weights one array per header parameter
 * @param momentumBuffers one per header parameter, {@code null} where the header marks none
 */
public record Checkpoint(CheckpointHeader header, List<float[]> weights, List<float[]> momentumBuffers) {

    public static final String HEADER_ENTRY = "checkpoint.json";
    public static final String WEIGHTS_ENTRY = "network_weights.bin";
    public static final String MOMENTUM_ENTRY = "optimizer_momentum.bin";

    private static final int CHUNK_FLOATS = 1 << 18;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Checkpoint {
        List<CheckpointHeader.Tensor> tensors = header.parameters();
        if (weights.size() != tensors.size() || momentumBuffers.size() != tensors.size()) {
            throw new IllegalArgumentException("a checkpoint of " + tensors.size() + " tensors got " + weights.size()
                    + " weights and " + momentumBuffers.size() + " momentum buffers");
        }
        for (int i = 0; i < tensors.size(); i++) {
            CheckpointHeader.Tensor tensor = tensors.get(i);
            if (weights.get(i).length != tensor.size() || tensor.momentumBuffer() != (momentumBuffers.get(i) != null)
                    || tensor.momentumBuffer() && momentumBuffers.get(i).length != tensor.size()) {
                throw new IllegalArgumentException("tensor " + tensor.name() + " does not match its header entry");
            }
        }
        weights = new ArrayList<>(weights);
        momentumBuffers = new ArrayList<>(momentumBuffers);
    }

    /** Writes the archive atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 20));
            // float32 weights barely compress; deflate's stored blocks keep writing streamable and fast
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry(HEADER_ENTRY));
            zip.write(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));
            zip.closeEntry();
            writeFloats(zip, WEIGHTS_ENTRY, weights);
            List<float[]> buffers = momentumBuffers.stream().filter(b -> b != null).toList();
            if (!buffers.isEmpty()) {
                writeFloats(zip, MOMENTUM_ENTRY, buffers);
            }
            zip.finish();
            zip.flush();
        });
    }

    private static void writeFloats(ZipOutputStream zip, String name, List<float[]> arrays) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] array : arrays) {
            for (int from = 0; from < array.length; from += CHUNK_FLOATS) {
                int count = Math.min(CHUNK_FLOATS, array.length - from);
                bytes.clear();
                bytes.asFloatBuffer().put(array, from, count);
                zip.write(bytes.array(), 0, count * Float.BYTES);
            }
        }
        zip.closeEntry();
    }

    /**
     * Reads a whole checkpoint.
     *
     * @throws IOException naming the file when it is not a complete checkpoint of this format
     */
    public static Checkpoint read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            CheckpointHeader header = header(zip, file);
            List<CheckpointHeader.Tensor> tensors = header.parameters();
            List<float[]> weights = readFloats(zip, file, WEIGHTS_ENTRY, Collections.nCopies(tensors.size(), true),
                    tensors);
            List<Boolean> withBuffer = tensors.stream().map(CheckpointHeader.Tensor::momentumBuffer).toList();
            List<float[]> buffers = withBuffer.contains(true)
                    ? readFloats(zip, file, MOMENTUM_ENTRY, withBuffer, tensors)
                    : new ArrayList<>(Collections.nCopies(tensors.size(), (float[]) null));
            return new Checkpoint(header, weights, buffers);
        } catch (ZipException e) {
            throw new IOException(file + " is not a complete checkpoint: " + e.getMessage(), e);
        }
    }

    /** Reads only the header, e.g. to choose which checkpoint to resume from. */
    public static CheckpointHeader readHeader(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return header(zip, file);
        } catch (ZipException e) {
            throw new IOException(file + " is not a complete checkpoint: " + e.getMessage(), e);
        }
    }

    private static CheckpointHeader header(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = entry(zip, file, HEADER_ENTRY);
        CheckpointHeader header;
        try (InputStream in = zip.getInputStream(entry)) {
            header = MAPPER.readValue(checked(in, entry, file), CheckpointHeader.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": malformed " + HEADER_ENTRY + ": " + e.getOriginalMessage(), e);
        }
        if (!CheckpointHeader.FORMAT.equals(header.format())
                || header.formatVersion() > CheckpointHeader.FORMAT_VERSION) {
            throw new IOException(file + " is a '" + header.format() + "' file of version " + header.formatVersion()
                    + "; this trainer reads " + CheckpointHeader.FORMAT + " up to version "
                    + CheckpointHeader.FORMAT_VERSION);
        }
        return header;
    }

    private static List<float[]> readFloats(ZipFile zip, Path file, String name, List<Boolean> present,
            List<CheckpointHeader.Tensor> tensors) throws IOException {
        ZipEntry entry = entry(zip, file, name);
        List<float[]> arrays = new ArrayList<>();
        byte[] chunk = new byte[CHUNK_FLOATS * Float.BYTES];
        try (CheckedInputStream checked = new CheckedInputStream(zip.getInputStream(entry), new CRC32());
                DataInputStream in = new DataInputStream(checked)) {
            for (int i = 0; i < tensors.size(); i++) {
                if (!present.get(i)) {
                    arrays.add(null);
                    continue;
                }
                float[] array = new float[Math.toIntExact(tensors.get(i).size())];
                for (int from = 0; from < array.length; from += CHUNK_FLOATS) {
                    int count = Math.min(CHUNK_FLOATS, array.length - from);
                    in.readFully(chunk, 0, count * Float.BYTES);
                    ByteBuffer.wrap(chunk, 0, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                            .get(array, from, count);
                }
                arrays.add(array);
            }
            if (in.read() != -1) {
                throw new IOException(file + ": " + name + " holds more data than its header describes");
            }
            verify(checked, entry, file);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": " + name + " holds less data than its header describes", e);
        }
        return arrays;
    }

    private static ZipEntry entry(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException(file + " is not a checkpoint: it has no " + name);
        }
        return entry;
    }

    private static byte[] checked(InputStream raw, ZipEntry entry, Path file) throws IOException {
        CheckedInputStream in = new CheckedInputStream(raw, new CRC32());
        byte[] bytes = in.readAllBytes();
        verify(in, entry, file);
        return bytes;
    }

    private static void verify(CheckedInputStream in, ZipEntry entry, Path file) throws IOException {
        if (in.getChecksum().getValue() != entry.getCrc()) {
            throw new IOException(file + ": " + entry.getName() + " is damaged (CRC-32 mismatch)");
        }
    }
}
