package io.jnnunet.formats;

import io.jnnunet.api.ConfigurationPlan;
import io.jnnunet.api.DatasetSpec;
import io.jnnunet.api.Plans;
import io.jnnunet.formats.internal.TorchPickle;
import io.jnnunet.formats.internal.TorchPickle.StoredTensor;
import io.jnnunet.formats.internal.TorchPickle.TensorToWrite;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * nnU-Net's own checkpoints ({@code checkpoint_final.pth}, {@code _best}, {@code _latest}): the dict nnU-Net's
 * {@code save_checkpoint} gives {@code torch.save}, read into and written from a {@link Checkpoint}.
 *
 * <p>The file is a zip of {@code <name>/data.pkl} (a protocol-2 pickle of the dict), one {@code <name>/data/<key>}
 * per tensor storage (raw little-endian elements), {@code <name>/version} and {@code <name>/byteorder}; entries are
 * stored uncompressed with their data at 64-byte boundaries, as torch writes them. The dict: {@code network_weights}
 * (the state dict), {@code optimizer_state} (SGD's momentum buffers and settings), {@code grad_scaler_state},
 * {@code logging}, {@code _best_ema}, {@code current_epoch}, {@code init_args} (plans, configuration, fold,
 * dataset_json, device), {@code trainer_name} and {@code inference_allowed_mirroring_axes}.
 *
 * <p>dynamic-network-architectures registers some modules twice, so a state dict names one tensor several times: a
 * ConvDropoutNormReLU's {@code conv} and {@code norm} are also {@code all_modules.0} and {@code all_modules.1}, and
 * the decoder holds the encoder ({@code decoder.encoder.*}). Read, a tensor is kept under the first key naming its
 * storage view (the {@code conv}, {@code norm}, {@code encoder} keys jnnunet's networks use); written, the aliases
 * are added back in torch's order, so that the file loads into nnU-Net's network with {@code strict=True}.
 *
 * <p>What a {@code .pth} does not hold reads as: the architecture from the plans of {@code init_args}, the inputs and
 * outputs from its dataset.json ({@code num_segmentation_heads}), {@code num_epochs} equal to
 * {@code current_epoch}, no iteration counts, seed 0 and no time budget.
 */
public final class TorchCheckpoint {

    public static final String FILE_ENDING = ".pth";

    private static final int ALIGNMENT = 64;
    /** The zip extra field torch pads local headers with ("FB"). */
    private static final int PADDING_FIELD = 0x4246;
    /** torch's serialization format version (torch 1.13 and 2.x). */
    private static final String VERSION = "3\n";
    private static final Pattern UNIT_PARAMETER = Pattern.compile("(.+)\\.(conv|norm)\\.([^.]+)");
    private static final String ENCODER = "encoder.";
    private static final String DECODER = "decoder.";

    private TorchCheckpoint() {
    }

    /**
     * Reads nnU-Net's checkpoint.
     *
     * @throws IOException naming the file and what is wrong when it is not a torch.save zip of an nnU-Net checkpoint
     *     with float tensors
     */
    public static Checkpoint read(Path file) throws IOException {
        return load(file, "an nnU-Net checkpoint", (root, values) -> checkpoint(map(root, "the checkpoint"), values));
    }

    /**
     * A tensor of a state dict.
     *
     * @param name the state dict's key, nnU-Net's module path ({@code encoder.stages.0.0.convs.0.conv.weight})
     */
    public record Tensor(String name, long[] shape, float[] values) {
    }

    /**
     * Reads a {@code torch.save}d state dict (what {@link #writeStateDict} writes, a bioimage.io package's
     * {@code pytorch_state_dict} weights), each tensor once under the first key naming it.
     *
     * @throws IOException naming the file and what is wrong when it is not a torch.save zip of a dict of float
     *     tensors
     */
    public static List<Tensor> readStateDict(Path file) throws IOException {
        return load(file, "a state dict", (root, values) -> {
            Distinct distinct = distinct(map(root, "the state dict"), "the state dict");
            List<Tensor> tensors = new ArrayList<>();
            for (int i = 0; i < distinct.names().size(); i++) {
                StoredTensor tensor = distinct.tensors().get(i);
                tensors.add(new Tensor(distinct.names().get(i), tensor.shape(), values.apply(tensor)));
            }
            return tensors;
        });
    }

    /** Reads the pickle of a torch.save zip and makes {@code T} of it, its tensors' values read on demand. */
    private static <T> T load(Path file, String what,
            BiFunction<Object, Function<StoredTensor, float[]>, T> reader) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = zip.stream().filter(e -> e.getName().matches("[^/]+/data\\.pkl")).findFirst()
                    .orElseThrow(() -> new IOException(file + " is not a PyTorch checkpoint: it has no"
                            + " <name>/data.pkl (torch.save's zip format)"));
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            Object root;
            try (InputStream in = zip.getInputStream(pickle)) {
                root = TorchPickle.load(in.readAllBytes());
            } catch (IOException e) {
                throw new IOException(file + ": cannot read its pickle: " + e.getMessage(), e);
            }
            Map<String, float[]> storages = new HashMap<>();
            Function<StoredTensor, float[]> values = tensor -> tensor.values(storages.computeIfAbsent(
                    tensor.storageKey(), key -> storage(zip, file, prefix + "data/" + key, tensor.storageType())));
            try {
                return reader.apply(root, values);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                throw new IOException(file + " is not " + what + ": " + e.getMessage(), e);
            }
        } catch (ZipException e) {
            throw new IOException(file + " is not a complete PyTorch checkpoint: " + e.getMessage(), e);
        }
    }

    /** A state dict's tensors, each once under the first key naming its storage view. */
    private record Distinct(List<String> names, List<StoredTensor> tensors) {
    }

    private static Distinct distinct(Map<?, ?> stateDict, String what) {
        List<String> names = new ArrayList<>();
        List<StoredTensor> tensors = new ArrayList<>();
        for (Map.Entry<?, ?> entry : stateDict.entrySet()) {
            if (!(entry.getValue() instanceof StoredTensor tensor)) {
                throw new IllegalArgumentException(what + "['" + entry.getKey() + "'] is not a tensor");
            }
            if (tensors.stream().noneMatch(tensor::sameView)) {
                names.add(entry.getKey().toString());
                tensors.add(tensor);
            }
        }
        return new Distinct(names, tensors);
    }

    private static Checkpoint checkpoint(Map<?, ?> root, Function<StoredTensor, float[]> values) {
        Distinct distinct = distinct(map(root.get("network_weights"), "network_weights"), "network_weights");
        List<String> names = distinct.names();
        List<StoredTensor> tensors = distinct.tensors();
        List<float[]> momentum = momentumBuffers(root.get("optimizer_state"), tensors.size(), values);
        List<CheckpointHeader.Tensor> parameters = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            parameters.add(new CheckpointHeader.Tensor(names.get(i), tensors.get(i).shape(), momentum.get(i) != null));
            weights.add(values.apply(tensors.get(i)));
        }
        Map<?, ?> init = map(root.get("init_args"), "init_args");
        NnunetJson json = new NnunetJson();
        Plans plans = json.mapper().convertValue(init.get("plans"), Plans.class);
        DatasetSpec dataset = json.mapper().convertValue(init.get("dataset_json"), DatasetSpec.class);
        String configuration = (String) init.get("configuration");
        ConfigurationPlan plan = plans.configuration(configuration);
        if (plan.architecture() == null) {
            throw new IllegalArgumentException("the plans of init_args have no architecture for " + configuration);
        }
        Map<?, ?> group = paramGroup(root.get("optimizer_state"));
        int epoch = ((Number) root.get("current_epoch")).intValue();
        CheckpointHeader header = new CheckpointHeader(CheckpointHeader.FORMAT, CheckpointHeader.FORMAT_VERSION,
                (String) root.get("trainer_name"), epoch, epoch, 0, 0,
                group != null && group.get("lr") instanceof Number lr ? lr.doubleValue() : 0,
                root.get("_best_ema") instanceof Number ema ? ema.doubleValue() : null, 0, null,
                group == null || !group.containsKey("nesterov") ? null : new CheckpointHeader.Optimizer("SGD",
                        number(group, "initial_lr"), number(group, "momentum"), (Boolean) group.get("nesterov"),
                        number(group, "weight_decay")),
                new CheckpointHeader.Network(plan.architecture().name(), dataset.numberOfChannels(),
                        segmentationHeads(dataset)),
                mirroringAxes(root.get("inference_allowed_mirroring_axes")),
                new CheckpointHeader.InitArgs(plans, configuration, String.valueOf(init.get("fold")), dataset,
                        init.get("device") instanceof TorchPickle.Device device ? device.name() : "cpu"),
                history(json, root.get("logging")), parameters);
        return new Checkpoint(header, weights, momentum);
    }

    /** SGD's momentum buffers by parameter, {@code null} where torch's optimizer state has none. */
    private static List<float[]> momentumBuffers(Object optimizerState, int parameters,
            Function<StoredTensor, float[]> values) {
        List<float[]> buffers = new ArrayList<>(Collections.nCopies(parameters, (float[]) null));
        if (!(optimizerState instanceof Map<?, ?> optimizer) || !(optimizer.get("state") instanceof Map<?, ?> state)
                || !(optimizer.get("param_groups") instanceof List<?> groups)) {
            return buffers;
        }
        int packed = groups.stream().mapToInt(g -> ((List<?>) map(g, "param_groups[i]").get("params")).size()).sum();
        if (packed != parameters) {
            // not this network's optimizer (frozen parameters, another network): no momentum to continue from
            return buffers;
        }
        // torch packs the parameters' state under their position in the optimizer's parameter list
        for (Map.Entry<?, ?> entry : state.entrySet()) {
            int index = ((Number) entry.getKey()).intValue();
            if (map(entry.getValue(), "optimizer_state['state']").get("momentum_buffer") instanceof StoredTensor t) {
                buffers.set(index, values.apply(t));
            }
        }
        return buffers;
    }

    private static Map<?, ?> paramGroup(Object optimizerState) {
        return optimizerState instanceof Map<?, ?> optimizer && optimizer.get("param_groups") instanceof List<?> groups
                && !groups.isEmpty() ? map(groups.get(0), "param_groups[0]") : null;
    }

    private static double number(Map<?, ?> map, String key) {
        return map.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    /** nnU-Net's {@code num_segmentation_heads}: the labels but ignore; for regions, the regions but background. */
    private static int segmentationHeads(DatasetSpec dataset) {
        long labels = dataset.labels().keySet().stream().filter(name -> !DatasetSpec.IGNORE.equals(name)).count();
        boolean regions = dataset.labels().values().stream().anyMatch(v -> v instanceof List<?>);
        return (int) (regions ? labels - 1 : labels);
    }

    private static int[] mirroringAxes(Object axes) {
        // absent or None: nnU-Net predicts without mirroring
        return axes instanceof Object[] tuple ? Arrays.stream(tuple).mapToInt(a -> ((Number) a).intValue()).toArray()
                : axes instanceof List<?> list ? list.stream().mapToInt(a -> ((Number) a).intValue()).toArray()
                : new int[0];
    }

    /** nnU-Net's logger, or {@code null} when its lists do not make one (it only draws training curves). */
    private static TrainingHistory history(NnunetJson json, Object logging) {
        try {
            return logging == null ? null : json.mapper().convertValue(logging, TrainingHistory.class);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<?, ?> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a dict");
        }
        return map;
    }

    /** A storage's elements as float32. */
    private static float[] storage(ZipFile zip, Path file, String name, String type) {
        ZipEntry entry = zip.getEntry(name);
        try {
            if (entry == null) {
                throw new IOException(file + " is not a complete PyTorch checkpoint: it has no " + name);
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] values;
            switch (type) {
                case "FloatStorage" -> {
                    values = new float[bytes.length / Float.BYTES];
                    buffer.asFloatBuffer().get(values);
                }
                case "HalfStorage" -> {
                    values = new float[bytes.length / 2];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Float16.toFloat(buffer.getShort());
                    }
                }
                case "BFloat16Storage" -> {
                    values = new float[bytes.length / 2];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Float.intBitsToFloat((buffer.getShort() & 0xffff) << 16);
                    }
                }
                case "DoubleStorage" -> {
                    values = new float[bytes.length / Double.BYTES];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) buffer.getDouble();
                    }
                }
                default -> throw new IOException(file + ": " + name + " is a torch." + type
                        + "; jnnunet reads float tensors (float32, float16, bfloat16, float64)");
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a checkpoint as nnU-Net's {@code .pth}, atomically: the network weights under nnU-Net's state-dict keys
     * with their aliases, the momentum buffers as SGD's optimizer state, the rest as nnU-Net's dict holds it.
     */
    public static void write(Checkpoint checkpoint, Path file) throws IOException {
        CheckpointHeader header = checkpoint.header();
        List<CheckpointHeader.Tensor> parameters = header.parameters();
        List<TensorToWrite> storages = new ArrayList<>();
        List<TensorToWrite> weights = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            weights.add(tensor(storages, parameters.get(i).shape(), checkpoint.weights().get(i)));
        }
        Map<Object, Object> state = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (checkpoint.momentumBuffers().get(i) != null) {
                state.put(i, Map.of("momentum_buffer", tensor(storages, parameters.get(i).shape(),
                        checkpoint.momentumBuffers().get(i))));
            }
        }
        NnunetJson json = new NnunetJson();
        CheckpointHeader.InitArgs init = header.initArgs();
        Map<String, Object> initArgs = new LinkedHashMap<>();
        initArgs.put("plans", json.mapper().convertValue(init.plans(), Map.class));
        initArgs.put("configuration", init.configuration());
        initArgs.put("fold", init.fold().matches("\\d+") ? (Object) Integer.valueOf(init.fold()) : init.fold());
        initArgs.put("dataset_json", json.mapper().convertValue(init.datasetJson(), Map.class));
        initArgs.put("device", new TorchPickle.Device(init.device() == null ? "cpu" : init.device()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("network_weights", stateDict(parameters, weights));
        root.put("optimizer_state", optimizerState(header, state));
        root.put("grad_scaler_state", null);
        root.put("logging", header.logging() == null ? null : json.mapper().convertValue(header.logging(), Map.class));
        root.put("_best_ema", header.bestEma());
        root.put("current_epoch", header.currentEpoch());
        root.put("init_args", initArgs);
        root.put("trainer_name", header.trainerName());
        root.put("inference_allowed_mirroring_axes", header.inferenceAllowedMirroringAxes() == null ? null
                : Arrays.stream(header.inferenceAllowedMirroringAxes()).boxed().toArray());
        writeZip(file, TorchPickle.dump(root), storages);
    }

    /**
     * Writes a checkpoint's network weights alone as a {@code torch.save}d state dict, atomically: the dict
     * {@code torch.load} gives to {@code load_state_dict(..., strict=True)} of nnU-Net's network (the keys and
     * aliases as in {@link #write}), as bioimage.io's {@code pytorch_state_dict} weights are.
     */
    public static void writeStateDict(Checkpoint checkpoint, Path file) throws IOException {
        List<CheckpointHeader.Tensor> parameters = checkpoint.header().parameters();
        List<TensorToWrite> storages = new ArrayList<>();
        List<TensorToWrite> weights = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            weights.add(tensor(storages, parameters.get(i).shape(), checkpoint.weights().get(i)));
        }
        writeZip(file, TorchPickle.dump(stateDict(parameters, weights)), storages);
    }

    /** torch.save's zip of a pickle and its storages, named after the file as torch names it. */
    private static void writeZip(Path file, byte[] pickle, List<TensorToWrite> storages) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String prefix = (dot > 0 ? name.substring(0, dot) : name) + "/";
        AtomicFiles.write(file, out -> {
            Counting counting = new Counting(new BufferedOutputStream(out, 1 << 20));
            ZipOutputStream zip = new ZipOutputStream(counting);
            record(zip, counting, prefix + "data.pkl", pickle);
            record(zip, counting, prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (TensorToWrite tensor : storages) {
                record(zip, counting, prefix + "data/" + tensor.storageKey(), tensor.values());
            }
            record(zip, counting, prefix + "version", VERSION.getBytes(StandardCharsets.US_ASCII));
            zip.finish();
            zip.flush();
        });
    }

    private static TensorToWrite tensor(List<TensorToWrite> storages, long[] shape, float[] values) {
        TensorToWrite tensor = new TensorToWrite(String.valueOf(storages.size()), shape.clone(), values);
        storages.add(tensor);
        return tensor;
    }

    /**
     * The state dict in torch's order: each ConvDropoutNormReLU's {@code all_modules} aliases after its conv and
     * norm, and the encoder again as {@code decoder.encoder} before the decoder's own modules.
     */
    private static TorchPickle.OrderedDict stateDict(List<CheckpointHeader.Tensor> parameters,
            List<TensorToWrite> weights) {
        List<Map.Entry<String, TensorToWrite>> entries = new ArrayList<>();
        List<Map.Entry<String, TensorToWrite>> aliases = new ArrayList<>();
        String unit = null;
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).name();
            Matcher m = UNIT_PARAMETER.matcher(name);
            String next = m.matches() ? m.group(1) : null;
            if (unit != null && !unit.equals(next)) {
                entries.addAll(aliases);
                aliases.clear();
            }
            unit = next;
            entries.add(Map.entry(name, weights.get(i)));
            if (next != null) {
                aliases.add(Map.entry(next + ".all_modules." + (m.group(2).equals("conv") ? 0 : 1) + "."
                        + m.group(3), weights.get(i)));
            }
        }
        entries.addAll(aliases);
        TorchPickle.OrderedDict stateDict = new TorchPickle.OrderedDict();
        boolean decoder = entries.stream().anyMatch(e -> e.getKey().startsWith(DECODER));
        for (int i = 0; i < entries.size(); i++) {
            stateDict.put(entries.get(i).getKey(), entries.get(i).getValue());
            boolean lastOfEncoder = entries.get(i).getKey().startsWith(ENCODER)
                    && (i + 1 == entries.size() || !entries.get(i + 1).getKey().startsWith(ENCODER));
            if (decoder && lastOfEncoder) {
                entries.stream().filter(e -> e.getKey().startsWith(ENCODER))
                        .forEach(e -> stateDict.put(DECODER + e.getKey(), e.getValue()));
            }
        }
        return stateDict;
    }

    /** torch's SGD state dict (torch 1.13's keys); {@code None} for a checkpoint without optimiser settings. */
    private static Map<String, Object> optimizerState(CheckpointHeader header, Map<Object, Object> state) {
        CheckpointHeader.Optimizer optimizer = header.optimizer();
        if (optimizer == null) {
            return null;
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("lr", header.learningRate());
        group.put("momentum", optimizer.momentum());
        group.put("dampening", 0);
        group.put("weight_decay", optimizer.weightDecay());
        group.put("nesterov", optimizer.nesterov());
        group.put("maximize", false);
        group.put("foreach", null);
        group.put("differentiable", false);
        group.put("initial_lr", optimizer.initialLr());
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < header.parameters().size(); i++) {
            params.add(i);
        }
        group.put("params", params);
        Map<String, Object> optimizerState = new LinkedHashMap<>();
        optimizerState.put("state", state);
        optimizerState.put("param_groups", List.of(group));
        return optimizerState;
    }

    private static void record(ZipOutputStream zip, Counting counting, String name, byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        open(zip, counting, name, bytes.length, crc.getValue());
        zip.write(bytes);
        zip.closeEntry();
    }

    private static void record(ZipOutputStream zip, Counting counting, String name, float[] values)
            throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = chunk.capacity() / Float.BYTES;
        CRC32 crc = new CRC32();
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                open(zip, counting, name, (long) values.length * Float.BYTES, crc.getValue());
            }
            for (int from = 0; from < values.length; from += perChunk) {
                int count = Math.min(perChunk, values.length - from);
                chunk.clear();
                chunk.asFloatBuffer().put(values, from, count);
                if (pass == 0) {
                    crc.update(chunk.array(), 0, count * Float.BYTES);
                } else {
                    zip.write(chunk.array(), 0, count * Float.BYTES);
                }
            }
        }
        zip.closeEntry();
    }

    /** A stored entry whose data starts at a multiple of 64 bytes: torch's padding extra field fills the gap. */
    private static void open(ZipOutputStream zip, Counting counting, String name, long size, long crc)
            throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        int header = 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int padding = (int) ((ALIGNMENT - (counting.count + header) % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + padding];
        ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN).putShort((short) PADDING_FIELD)
                .putShort((short) padding);
        Arrays.fill(extra, 4, extra.length, (byte) 'Z');
        entry.setExtra(extra);
        zip.putNextEntry(entry);
    }

    /** Counts the bytes the zip writes, for the alignment. */
    private static final class Counting extends FilterOutputStream {

        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
