package io.jnnunet.training.internal;

import io.jnnunet.api.ProgressListener;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * nnU-Net's {@code print_to_log_file}: {@code training_log_{Y}_{M}_{D}_{HH}_{MM}_{SS}.txt} in the fold folder (date
 * parts not zero-padded, as nnU-Net names it), one new file per run, each line prefixed with the time as Python
 * prints a datetime. Every line also goes to the listener. Lines are flushed at once, so a killed run leaves its log
 * complete up to the kill; the log is appended to, not written atomically.
 */
final class TrainingLogFile implements Closeable {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
            Locale.ROOT);

    private final Path file;
    private final BufferedWriter writer;
    private final ProgressListener listener;

    TrainingLogFile(Path folder, LocalDateTime start, ProgressListener listener) throws IOException {
        this.file = folder.resolve(String.format(Locale.ROOT, "training_log_%d_%d_%d_%02d_%02d_%02d.txt",
                start.getYear(), start.getMonthValue(), start.getDayOfMonth(), start.getHour(), start.getMinute(),
                start.getSecond()));
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.listener = listener;
    }

    Path file() {
        return file;
    }

    /** Writes a line (or several, each prefixed) and hands it to the listener. */
    void print(String message) throws IOException {
        String timestamp = LocalDateTime.now().format(TIMESTAMP);
        for (String line : message.split("\n", -1)) {
            writer.write(timestamp + ": " + line);
            writer.newLine();
        }
        writer.flush();
        listener.message(message);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
