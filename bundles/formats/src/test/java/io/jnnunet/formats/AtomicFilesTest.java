package io.jnnunet.formats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFilesTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void writeLeavesOnlyTheFinishedFile() throws IOException {
        Path file = temp.getRoot().toPath().resolve("a/b.txt");
        AtomicFiles.write(file, out -> out.write("one".getBytes()));
        AtomicFiles.write(file, out -> out.write("two".getBytes()));
        assertEquals("two", Files.readString(file));
        assertEquals(List.of("b.txt"), names(file.getParent()));
    }

    @Test
    public void aFinishedFolderReplacesTheOldOneWhichIsDeleted() throws IOException {
        Path root = temp.getRoot().toPath();
        Path target = Files.createDirectories(root.resolve("Dataset002_X/labelsTr"));
        Files.writeString(target.resolve("old.png"), "old");
        Path finished = Files.createDirectories(root.resolve(".Dataset002_X.building/labelsTr"));
        Files.writeString(finished.resolve("new.png"), "new");

        AtomicFiles.replaceFolder(finished.getParent(), target.getParent());

        assertEquals(List.of("new.png"), names(target));
        assertEquals(List.of("Dataset002_X"), names(root)); // neither the built nor the old folder is left
        AtomicFiles.replaceFolder(Files.createDirectories(root.resolve(".fresh")), root.resolve("absent"));
        assertTrue(Files.isDirectory(root.resolve("absent")));
    }

    @Test
    public void deleteRecursivelyRemovesATreeAndIgnoresWhatIsAbsent() throws IOException {
        Path tree = Files.createDirectories(temp.getRoot().toPath().resolve("x/y/z"));
        Files.writeString(tree.resolve("f"), "f");
        AtomicFiles.deleteRecursively(temp.getRoot().toPath().resolve("x"));
        assertFalse(Files.exists(temp.getRoot().toPath().resolve("x")));
        AtomicFiles.deleteRecursively(temp.getRoot().toPath().resolve("x"));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
