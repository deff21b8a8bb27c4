package io.jnnunet.formats;

import io.jnnunet.formats.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (version 1.0 written; 1.0 to 3.0 read) for the two array types of the preprocessed store:
 * little-endian float32 ({@code <f4}) and int16 ({@code <i2}) in C order, so Python reads our files with
 * {@code np.load} and we read numpy's. Files are written atomically; reading either copies into a Java array or maps
 * the file read-only ({@link FileChannel#map}), so a data loader can take patches without loading whole cases.
 */
public final class NpyArrays {

    /** numpy's type code of little-endian float32. */
    public static final String FLOAT32 = "<f4";
    /** numpy's type code of little-endian int16. */
    public static final String INT16 = "<i2";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy pads the header so that the data starts at a multiple of 64 bytes. */
    private static final int ALIGNMENT = 64;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * What a header says.
     *
     * @param descr the numpy type code, e.g. {@value #FLOAT32}
     * @param shape the array's shape
     * @param dataOffset where the data starts in the file
     */
    public record Header(String descr, int[] shape, long dataOffset) {

        /** Number of elements. */
        public long size() {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /** A float32 array read into memory. */
    public record Float32Array(int[] shape, float[] data) {
    }

    /** An int16 array read into memory. */
    public record Int16Array(int[] shape, short[] data) {
    }

    /** A float32 array mapped read-only from its file; the buffer is positioned at the first element. */
    public record MappedFloat32(int[] shape, FloatBuffer data) {
    }

    /** An int16 array mapped read-only from its file; the buffer is positioned at the first element. */
    public record MappedInt16(int[] shape, ShortBuffer data) {
    }

    private NpyArrays() {
    }

    /** Writes a float32 array in C order. */
    public static void write(Path file, int[] shape, float[] data) throws IOException {
        checkSize(file, shape, data.length);
        AtomicFiles.write(file, out -> write(out, shape, data));
    }

    /** Writes a float32 array in C order to a stream (e.g. an entry of an {@code .npz} archive). */
    public static void write(OutputStream out, int[] shape, float[] data) throws IOException {
        checkSize("array", shape, data.length);
        out.write(header(FLOAT32, shape));
        writeChunks(out, data.length, Float.BYTES,
                (buffer, from, count) -> buffer.asFloatBuffer().put(data, from, count));
    }

    /** Writes an int16 array in C order. */
    public static void writeInt16(Path file, int[] shape, short[] data) throws IOException {
        checkSize(file, shape, data.length);
        AtomicFiles.write(file, out -> {
            out.write(header(INT16, shape));
            writeChunks(out, data.length, Short.BYTES,
                    (buffer, from, count) -> buffer.asShortBuffer().put(data, from, count));
        });
    }

    public static Float32Array readFloat32(Path file) throws IOException {
        MappedFloat32 mapped = mapFloat32(file);
        float[] data = new float[mapped.data().remaining()];
        mapped.data().get(data);
        return new Float32Array(mapped.shape(), data);
    }

    public static Int16Array readInt16(Path file) throws IOException {
        MappedInt16 mapped = mapInt16(file);
        short[] data = new short[mapped.data().remaining()];
        mapped.data().get(data);
        return new Int16Array(mapped.shape(), data);
    }

    public static MappedFloat32 mapFloat32(Path file) throws IOException {
        Header header = readHeader(file);
        return new MappedFloat32(header.shape(), map(file, header, FLOAT32, Float.BYTES).asFloatBuffer());
    }

    public static MappedInt16 mapInt16(Path file) throws IOException {
        Header header = readHeader(file);
        return new MappedInt16(header.shape(), map(file, header, INT16, Short.BYTES).asShortBuffer());
    }

    /**
     * Reads the header of a {@code .npy} file.
     *
     * @throws IOException naming the file when it is not a {@code .npy} file or holds a Fortran-ordered array
     */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer preamble = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(preamble, 0);
            preamble.flip();
            byte[] magic = new byte[MAGIC.length];
            if (preamble.remaining() >= 10) {
                preamble.get(0, magic);
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a .npy file (no \\x93NUMPY magic)");
            }
            int major = preamble.get(6);
            long headerLength;
            int lengthBytes;
            if (major == 1) {
                headerLength = Short.toUnsignedInt(preamble.getShort(8));
                lengthBytes = 2;
            } else if ((major == 2 || major == 3) && preamble.remaining() >= 12) {
                headerLength = Integer.toUnsignedLong(preamble.getInt(8));
                lengthBytes = 4;
            } else {
                throw new IOException(file + ": unsupported .npy version " + major);
            }
            long dataOffset = 8 + lengthBytes + headerLength;
            ByteBuffer text = ByteBuffer.allocate((int) headerLength);
            channel.read(text, 8 + lengthBytes);
            String dict = new String(text.array(), 0, text.position(), StandardCharsets.ISO_8859_1);
            return parse(file, dict, dataOffset);
        }
    }

    private static Header parse(Path file, String dict, long dataOffset) throws IOException {
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IOException(file + ": malformed .npy header " + dict.trim());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(file + ": Fortran-ordered arrays are not supported");
        }
        int[] dims = Arrays.stream(shape.group(1).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt)
                .toArray();
        return new Header(descr.group(1), dims, dataOffset);
    }

    private static ByteBuffer map(Path file, Header header, String descr, int elementBytes) throws IOException {
        if (!header.descr().equals(descr)) {
            throw new IOException(file + " holds " + header.descr() + " data, expected " + descr);
        }
        long bytes = header.size() * elementBytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < header.dataOffset() + bytes) {
                throw new IOException(file + " is truncated: shape " + Arrays.toString(header.shape()) + " needs "
                        + bytes + " bytes of data, the file has " + (channel.size() - header.dataOffset()));
            }
            // the mapping stays valid after the channel is closed
            return channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset(), bytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** The version 1.0 preamble and header dict, padded with spaces and a newline to the alignment. */
    static byte[] header(String descr, int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String padded = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded.length())
                .put(padded.getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }

    /** Copies {@code count} elements starting at {@code from} into a little-endian byte buffer. */
    @FunctionalInterface
    private interface ChunkWriter {
        void put(ByteBuffer buffer, int from, int count);
    }

    private static void writeChunks(OutputStream out, int length, int elementBytes, ChunkWriter chunk)
            throws IOException {
        int perChunk = CHUNK_BYTES / elementBytes;
        byte[] bytes = new byte[Math.min(length, perChunk) * elementBytes];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < length; from += perChunk) {
            int count = Math.min(perChunk, length - from);
            chunk.put(buffer, from, count);
            out.write(bytes, 0, count * elementBytes);
        }
    }

    private static void checkSize(Object file, int[] shape, int length) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != length) {
            throw new IllegalArgumentException(file + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " elements, the data has " + length);
        }
    }
}
