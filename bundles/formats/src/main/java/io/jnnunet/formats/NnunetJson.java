package io.jnnunet.formats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * nnU-Net's JSON files (dataset.json, dataset_fingerprint.json, plans, summary.json ...) read with errors a person
 * can act on (file, line, column, key and what was expected) and written atomically in the layout of nnU-Net's own
 * {@code save_json}: indent 4, {@code "key": value}, NaN and Infinity bare as Python's {@code json} writes and reads
 * them (nnU-Net's summary.json holds NaN for a label absent from reference and prediction). Times
 * ({@link java.time.Instant} ...) are ISO-8601 text, {@code "2025-01-31T12:00:00Z"}, as a job's times travel to a web
 * page.
 */
public final class NnunetJson {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // numTraining 10.5 is an error, not 10
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private final ObjectWriter writer = mapper.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    /**
     * Reads a JSON file into a type.
     *
     * @throws NoSuchFileException when the file is missing
     * @throws IOException naming the file, the position and what is wrong when it is empty or malformed
     */
    public <T> T read(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.size(file) == 0) {
            throw new IOException(file + " is empty; it must hold a JSON object");
        }
        T value;
        try {
            value = mapper.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is malformed" + where(e.getLocation()) + ": " + describe(e), e);
        }
        if (value == null) {
            throw new IOException(file + " holds JSON null; it must hold a JSON object");
        }
        return value;
    }

    /** Writes a value as JSON, atomically. */
    public void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> writer.writeValue(out, value));
    }

    /**
     * Writes a value as JSON without whitespace, atomically: for large files that programs read, such as a
     * preprocessed case's properties with thousands of sampled coordinates.
     */
    public void writeCompact(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> mapper.writeValue(out, value));
    }

    /**
     * The mapper behind these files, for JSON that is not a file (a job's request as a tree, turned into its record
     * and back) with the same rules; not to be reconfigured.
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The value as JSON text, in the same layout. */
    public String toString(Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) {
            String key = keyPath(m.getPath());
            String expected = typeWords(m.getTargetType());
            if (key.isEmpty()) {
                return "the file must hold a JSON object {...}";
            }
            if (m instanceof InvalidFormatException f) {
                return "key \"" + key + "\" must be " + expected + ", not " + quoted(f.getValue());
            }
            return "key \"" + key + "\" has the wrong type; it must be " + expected;
        }
        // a syntax error: Jackson's own words, without the source excerpt it appends
        String message = e.getOriginalMessage();
        return "not valid JSON: " + message.lines().findFirst().orElse(message);
    }

    private static String keyPath(List<JsonMappingException.Reference> path) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                key.append(key.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String typeWords(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list [...]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object {...}";
        }
        return "a " + type.getSimpleName();
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
