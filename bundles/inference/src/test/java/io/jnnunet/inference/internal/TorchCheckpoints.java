package io.jnnunet.inference.internal;

import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.Checkpoint;
import io.jnnunet.formats.CheckpointHeader;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A model folder trained by the original nnU-Net ({@code checkpoint_final.pth}, torch.save's zip of a protocol-2
 * pickle and raw storages) as jnnunet's ({@code checkpoint_final.djl}), for tests that predict with the reference
 * model: the pickle is run by a small machine that knows the opcodes and globals torch 1.13 writes for an nnU-Net
 * checkpoint, and {@code network_weights} becomes the checkpoint's tensors under their state-dict names.
 */
final class TorchCheckpoints {

    private TorchCheckpoints() {
    }

    /**
     * Copies {@code plans.json}, {@code dataset.json} and each fold's {@code checkpoint_final.pth} (as
     * {@code checkpoint_final.djl}) of a model folder into {@code results/<dataset>/<model folder>}.
     *
     * @return the converted model folder
     */
    static Path convertModelFolder(Path modelFolder, Path results) throws IOException {
        Path target = results.resolve(modelFolder.getParent().getFileName()).resolve(modelFolder.getFileName());
        Files.createDirectories(target);
        NnunetJson json = new NnunetJson();
        Plans plans = json.read(modelFolder.resolve("plans.json"), Plans.class);
        DatasetSpec dataset = json.read(modelFolder.resolve("dataset.json"), DatasetSpec.class);
        Files.copy(modelFolder.resolve("plans.json"), target.resolve("plans.json"));
        Files.copy(modelFolder.resolve("dataset.json"), target.resolve("dataset.json"));
        String configuration = modelFolder.getFileName().toString().split("__")[2];
        try (var folds = Files.list(modelFolder)) {
            for (Path fold : folds.filter(f -> Files.isRegularFile(f.resolve("checkpoint_final.pth"))).toList()) {
                Path out = target.resolve(fold.getFileName()).resolve("checkpoint_final.djl");
                Files.createDirectories(out.getParent());
                convert(fold.resolve("checkpoint_final.pth"), plans, configuration, dataset).write(out);
            }
        }
        return target;
    }

    /** The network weights of a {@code .pth} with the plans and dataset.json of its model folder. */
    static Checkpoint convert(Path pth, Plans plans, String configuration, DatasetSpec dataset) throws IOException {
        try (ZipFile zip = new ZipFile(pth.toFile())) {
            ZipEntry pickle = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")).findFirst()
                    .orElseThrow(() -> new IOException(pth + " has no data.pkl: not a torch.save zip"));
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            Map<?, ?> root;
            try (InputStream in = zip.getInputStream(pickle)) {
                root = (Map<?, ?>) new Unpickler(in.readAllBytes()).load();
            }
            List<CheckpointHeader.Tensor> tensors = new ArrayList<>();
            List<float[]> weights = new ArrayList<>();
            Map<String, float[]> storages = new HashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) root.get("network_weights")).entrySet()) {
                Tensor tensor = (Tensor) e.getValue();
                float[] storage = storages.get(tensor.storage());
                if (storage == null) {
                    storage = floats(zip, prefix + "data/" + tensor.storage());
                    storages.put(tensor.storage(), storage);
                }
                tensors.add(new CheckpointHeader.Tensor((String) e.getKey(), tensor.shape(), false));
                weights.add(tensor.values(storage));
            }
            int[] mirroring = ((List<?>) root.get("inference_allowed_mirroring_axes")).stream()
                    .mapToInt(a -> ((Number) a).intValue()).toArray();
            CheckpointHeader header = new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION,
                    (String) root.get("trainer_name"), ((Number) root.get("current_epoch")).intValue(),
                    ((Number) root.get("current_epoch")).intValue(), 0, 0, 0, null, 0, null, null,
                    new CheckpointHeader.Network(plans.configuration(configuration).architecture().name(),
                            dataset.numberOfChannels(), dataset.labels().size()), mirroring,
                    new CheckpointHeader.InitArgs(plans, configuration, pth.getParent().getFileName().toString()
                            .substring("fold_".length()), dataset, "cpu"), null, tensors);
            return new Checkpoint(header, weights, Collections.nCopies(tensors.size(), null));
        }
    }

    private static float[] floats(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException("no storage " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        }
    }

    /** {@code torch._utils._rebuild_tensor_v2}'s arguments: a view of a float storage. */
    private record Tensor(String storage, int offset, long[] shape, long[] stride) {

        float[] values(float[] storage) {
            int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] out = new float[size];
            for (int i = 0; i < size; i++) {
                long index = offset;
                int rest = i;
                for (int d = shape.length - 1; d >= 0; d--) {
                    index += rest % shape[d] * stride[d];
                    rest /= (int) shape[d];
                }
                out[i] = storage[(int) index];
            }
            return out;
        }
    }

    /** A global the pickle names; called by REDUCE. */
    private record Global(String name) {
    }

    /** The result of calling a global this reader has no use for (numpy scalars, devices). */
    private record Opaque(String name) {
    }

    /** Python's pickle machine for the opcodes of protocol 2 that torch.save writes. */
    private static final class Unpickler {

        private static final Object MARK = new Object();

        private final ByteBuffer in;
        private final List<Object> stack = new ArrayList<>();
        private final Map<Integer, Object> memo = new HashMap<>();

        Unpickler(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        Object load() throws IOException {
            while (true) {
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO
                    case '}' -> push(new LinkedHashMap<>());
                    case ']' -> push(new ArrayList<>());
                    case ')' -> push(List.of());
                    case '(' -> push(MARK);
                    case 'N' -> push(null);
                    case 0x88 -> push(true);
                    case 0x89 -> push(false);
                    case 'K' -> push(in.get() & 0xff);
                    case 'M' -> push(in.getShort() & 0xffff);
                    case 'J' -> push(in.getInt());
                    case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // big-endian
                    case 'X' -> {
                        byte[] text = new byte[in.getInt()];
                        in.get(text);
                        push(new String(text, StandardCharsets.UTF_8));
                    }
                    case 'c' -> push(new Global(line() + "." + line()));
                    case 'q' -> memo.put(in.get() & 0xff, top());
                    case 'r' -> memo.put(in.getInt(), top());
                    case 'h' -> push(memo.get(in.get() & 0xff));
                    case 'j' -> push(memo.get(in.getInt()));
                    case 't' -> push(Collections.unmodifiableList(popMark()));
                    case 0x85 -> push(tuple(1));
                    case 0x86 -> push(tuple(2));
                    case 0x87 -> push(tuple(3));
                    case 'a' -> {
                        Object value = pop();
                        list(top()).add(value);
                    }
                    case 'e' -> {
                        List<Object> values = popMark();
                        list(top()).addAll(values);
                    }
                    case 's' -> {
                        Object value = pop();
                        Object key = pop();
                        map(top()).put(key, value);
                    }
                    case 'u' -> {
                        List<Object> items = popMark();
                        for (int i = 0; i < items.size(); i += 2) {
                            map(top()).put(items.get(i), items.get(i + 1));
                        }
                    }
                    case 'b' -> pop(); // BUILD: the state of an OrderedDict (_metadata) or numpy object
                    case 'Q' -> push(((List<?>) pop()).get(2).toString()); // BINPERSID: a storage by its key
                    case 'R' -> {
                        List<?> args = (List<?>) pop();
                        push(call((Global) pop(), args));
                    }
                    case '.' -> {
                        return pop();
                    }
                    default -> throw new IOException(String.format("pickle opcode 0x%02x at %d is not supported",
                            op, in.position() - 1));
                }
            }
        }

        private static Object call(Global global, List<?> args) {
            return switch (global.name()) {
                case "collections.OrderedDict" -> new LinkedHashMap<>();
                case "torch._utils._rebuild_tensor_v2" -> new Tensor((String) args.get(0),
                        ((Number) args.get(1)).intValue(), longs(args.get(2)), longs(args.get(3)));
                default -> new Opaque(global.name());
            };
        }

        private static long[] longs(Object tuple) {
            return ((List<?>) tuple).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        }

        private String line() {
            StringBuilder text = new StringBuilder();
            for (byte b = in.get(); b != '\n'; b = in.get()) {
                text.append((char) b);
            }
            return text.toString();
        }

        private List<Object> tuple(int n) {
            List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
            stack.subList(stack.size() - n, stack.size()).clear();
            return Collections.unmodifiableList(items);
        }

        private List<Object> popMark() {
            int mark = stack.lastIndexOf(MARK);
            List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
            stack.subList(mark, stack.size()).clear();
            return items;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> list(Object value) {
            return (List<Object>) value;
        }

        @SuppressWarnings("unchecked")
        private static Map<Object, Object> map(Object value) {
            return (Map<Object, Object>) value;
        }

        private void push(Object value) {
            stack.add(value);
        }

        private Object pop() {
            return stack.remove(stack.size() - 1);
        }

        private Object top() {
            return stack.get(stack.size() - 1);
        }
    }
}
