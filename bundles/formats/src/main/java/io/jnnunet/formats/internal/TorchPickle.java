package io.jnnunet.formats.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.IObjectPickler;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Pickler;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDictConstructor;

/**
 * The pickle inside a {@code torch.save} zip ({@code data.pkl}), read and written with Razorvine's pickle library:
 * Python's dicts, lists, tuples ({@code Object[]}), ints, floats, strings and {@code None} are the library's; this
 * adds the globals a PyTorch checkpoint refers to. Tensors are {@code torch._utils._rebuild_tensor_v2} over a storage
 * that the pickle names by a persistent id {@code ('storage', torch.FloatStorage, key, location, numel)}, its bytes
 * lying in the zip's {@code data/<key>}. Read, dicts keep Python's order.
 */
public final class TorchPickle {

    private static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    private static final Global FLOAT_STORAGE = new Global("torch", "FloatStorage");
    private static final Global DEVICE = new Global("torch", "device");

    private TorchPickle() {
    }

    /** A class or function the pickle names ({@code module.name}). */
    record Global(String module, String name) {
    }

    /** Python's {@code collections.OrderedDict} (a state dict); its {@code _metadata} is not kept. */
    public static final class OrderedDict extends LinkedHashMap<Object, Object> {

        private static final long serialVersionUID = 1L;

        /**
         * BUILD with the dict's attributes: {@code _metadata}, the modules' state-dict versions, which torch only
         * needs to upgrade old checkpoints.
         */
        public void __setstate__(LinkedHashMap<?, ?> attributes) {
            // not kept
        }
    }

    /** {@code torch.device}: {@code cpu}, {@code cuda:0}. */
    public record Device(String name) {
    }

    /**
     * A tensor read: a strided view of a storage.
     *
     * @param storageType torch's storage class, {@code FloatStorage}, {@code HalfStorage}, ...
     * @param storageKey the storage's record {@code data/<key>}
     */
    public record StoredTensor(String storageType, String storageKey, long offset, long[] shape, long[] stride) {

        /** Its values in C order from the storage's elements (already converted to float). */
        public float[] values(float[] storage) {
            long size = 1;
            boolean contiguous = offset == 0;
            long expected = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                size *= shape[d];
                contiguous &= shape[d] == 1 || stride[d] == expected;
                expected *= shape[d];
            }
            if (contiguous && size == storage.length) {
                return storage;
            }
            float[] out = new float[Math.toIntExact(size)];
            for (int i = 0; i < out.length; i++) {
                long index = offset;
                long rest = i;
                for (int d = shape.length - 1; d >= 0; d--) {
                    index += rest % shape[d] * stride[d];
                    rest /= shape[d];
                }
                out[i] = storage[Math.toIntExact(index)];
            }
            return out;
        }

        /** Whether both are the same view of the same storage (torch's aliases of one parameter). */
        public boolean sameView(StoredTensor other) {
            return storageKey.equals(other.storageKey) && offset == other.offset && Arrays.equals(shape, other.shape)
                    && Arrays.equals(stride, other.stride);
        }
    }

    /**
     * A float32 tensor to write, contiguous in C order; written as the storage {@code data/<storageKey>}. The same
     * object under several keys is one tensor in Python (a parameter's aliases).
     */
    public record TensorToWrite(String storageKey, long[] shape, float[] values) {
    }

    /**
     * The object a pickle holds.
     *
     * @throws IOException when the pickle is malformed or holds objects other than a checkpoint's
     */
    public static Object load(byte[] pickle) throws IOException {
        try {
            return new TorchUnpickler().loads(pickle);
        } catch (PickleException | ClassCastException | IndexOutOfBoundsException e) {
            throw new IOException(e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause(), e);
        }
    }

    /**
     * A pickle (protocol 2, as torch.save writes it) of maps, lists, tuples ({@code Object[]}), strings, numbers,
     * booleans, {@code null}, {@link OrderedDict}, {@link Device} and {@link TensorToWrite}.
     */
    public static byte[] dump(Object root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TorchPickler().dump(root, out);
        return out.toByteArray();
    }

    /** Python's unpickler with torch's globals and order-keeping dicts. */
    private static final class TorchUnpickler extends Unpickler {

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            switch (key) {
                case Opcodes.GLOBAL -> stack.add(constructor(PickleUtils.readline(input), PickleUtils.readline(input)));
                case Opcodes.STACK_GLOBAL -> {
                    String name = (String) stack.pop();
                    stack.add(constructor((String) stack.pop(), name));
                }
                case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
                case Opcodes.SETITEMS -> {
                    List<Object> items = stack.pop_all_since_marker();
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
                    for (int i = 0; i < items.size(); i += 2) {
                        dict.put(items.get(i), items.get(i + 1));
                    }
                }
                default -> {
                    return super.dispatch(key);
                }
            }
            return NO_RETURN_VALUE;
        }

        @Override
        protected Object persistentLoad(Object pid) {
            Object[] id = (Object[]) pid;
            if (id.length < 3 || !"storage".equals(id[0]) || !(id[1] instanceof StorageType type)) {
                throw new PickleException("unsupported persistent id " + Arrays.deepToString(id));
            }
            return new Storage(type.name(), id[2].toString());
        }

        private static IObjectConstructor constructor(String module, String name) {
            String global = module + "." + name;
            if (module.equals("torch") && name.endsWith("Storage")) {
                return new StorageType(name);
            }
            return switch (global) {
                case "collections.OrderedDict" -> args -> new OrderedDict();
                case "torch._utils._rebuild_tensor_v2" -> args -> {
                    Storage storage = (Storage) args[0];
                    return new StoredTensor(storage.type(), storage.key(), ((Number) args[1]).longValue(),
                            longs(args[2]), longs(args[3]));
                };
                // a parameter pickled as such: its data
                case "torch._utils._rebuild_parameter" -> args -> args[0];
                case "torch.device" -> args -> new Device(args.length == 1 ? args[0].toString()
                        : args[0] + ":" + args[1]);
                case "numpy.dtype" -> args -> new NumpyDtype(args[0].toString());
                case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> args ->
                        ((NumpyDtype) args[0]).scalar((byte[]) args[1]);
                default -> {
                    IObjectConstructor known = objectConstructors.get(global);
                    yield known != null ? known : new ClassDictConstructor(module, name);
                }
            };
        }

        private static long[] longs(Object tuple) {
            return Arrays.stream((Object[]) tuple).mapToLong(v -> ((Number) v).longValue()).toArray();
        }
    }

    /** The storage class of a persistent id ({@code torch.FloatStorage}). */
    private record StorageType(String name) implements IObjectConstructor {

        @Override
        public Object construct(Object[] args) {
            throw new PickleException("torch." + name + " is not called in a checkpoint");
        }
    }

    /** A storage named by a persistent id. */
    private record Storage(String type, String key) {
    }

    /** A float32 storage of {@code numel} elements to write as {@code data/<key>}. */
    private record StorageToWrite(String key, long numel) {
    }

    /** {@code numpy.dtype('f8', False, True)} and its state (byte order). */
    public static final class NumpyDtype {

        private final String kind;
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        NumpyDtype(String kind) {
            this.kind = kind;
        }

        /** BUILD: {@code (version, '<', ...)}. */
        public void __setstate__(Object[] state) {
            if (state.length > 1 && ">".equals(state[1])) {
                order = ByteOrder.BIG_ENDIAN;
            }
        }

        /** A numpy scalar of this type from its bytes, as a Java number or boolean. */
        Object scalar(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
            return switch (kind) {
                case "f8" -> buffer.getDouble();
                case "f4" -> (double) buffer.getFloat();
                case "i8" -> buffer.getLong();
                case "i4" -> (long) buffer.getInt();
                case "b1" -> bytes[0] != 0;
                default -> throw new PickleException("numpy scalars of dtype '" + kind + "' are not supported");
            };
        }
    }

    /** Python's pickler for torch's objects; memo by identity (a parameter's aliases are one object). */
    private static final class TorchPickler extends Pickler {

        TorchPickler() {
            super(true, false);
        }

        @Override
        protected IObjectPickler getCustomPickler(Class<?> type) {
            if (type == Global.class) {
                return (o, out, pickler) -> {
                    Global global = (Global) o;
                    out.write(Opcodes.GLOBAL);
                    out.write((global.module() + "\n" + global.name() + "\n").getBytes(StandardCharsets.US_ASCII));
                };
            }
            if (type == OrderedDict.class) {
                return (o, out, pickler) -> {
                    call(pickler, out, ORDERED_DICT);
                    Map<?, ?> dict = (Map<?, ?>) o;
                    if (!dict.isEmpty()) {
                        out.write(Opcodes.MARK);
                        for (Map.Entry<?, ?> e : dict.entrySet()) {
                            pickler.save(e.getKey());
                            pickler.save(e.getValue());
                        }
                        out.write(Opcodes.SETITEMS);
                    }
                };
            }
            if (type == Device.class) {
                return (o, out, pickler) -> call(pickler, out, DEVICE, ((Device) o).name());
            }
            if (type == TensorToWrite.class) {
                return (o, out, pickler) -> {
                    TensorToWrite tensor = (TensorToWrite) o;
                    long[] stride = new long[tensor.shape().length];
                    long step = 1;
                    for (int d = stride.length - 1; d >= 0; d--) {
                        stride[d] = step;
                        step *= tensor.shape()[d];
                    }
                    call(pickler, out, REBUILD_TENSOR, new StorageToWrite(tensor.storageKey(), step), 0,
                            boxed(tensor.shape()), boxed(stride), false, new OrderedDict());
                };
            }
            return null;
        }

        @Override
        protected Object persistentId(Object o) {
            if (o instanceof StorageToWrite storage) {
                return new Object[] {"storage", FLOAT_STORAGE, storage.key(), "cpu", storage.numel()};
            }
            return null;
        }

        /** {@code global(*args)}: the global, the arguments' tuple, REDUCE. */
        private static void call(Pickler pickler, OutputStream out, Global global, Object... args)
                throws IOException {
            pickler.save(global);
            pickler.save(args);
            out.write(Opcodes.REDUCE);
        }

        private static Object[] boxed(long[] values) {
            return Arrays.stream(values).boxed().toArray();
        }
    }
}
