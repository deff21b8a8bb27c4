package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jnnunet.formats.NnunetJson;
import io.jnnunet.server.internal.TokenStore.IssuedToken;
import io.jnnunet.server.internal.TokenStore.TokenInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TokenStoreTest {

    private static final Instant NOW = Instant.parse("2025-05-06T07:08:09Z");
    private static final Clock CLOCK = Clock.fixed(NOW.plusMillis(123), ZoneOffset.UTC);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file;
    private TokenStore tokens;

    @Before
    public void store() throws IOException {
        file = folder.getRoot().toPath().resolve("jnnunet").resolve("tokens.json");
        tokens = new TokenStore(file, CLOCK);
    }

    @Test
    public void aTokenIs256RandomBitsAndStandsForItsUserWithItsRole() throws IOException {
        IssuedToken issued = tokens.create("robot", "user", "the microscope's watch folder");
        assertTrue(issued.id(), TokenStore.ID.matcher(issued.id()).matches());
        assertTrue(issued.token(), issued.token().matches("[A-Za-z0-9_-]{43}"));
        assertEquals(List.of("robot", "user", "the microscope's watch folder", NOW),
                List.of(issued.user(), issued.role(), issued.description(), issued.created()));
        assertEquals(new Caller("robot", Set.of(Roles.USER), Caller.BEARER),
                tokens.verify(issued.token()).orElseThrow());
        IssuedToken admin = tokens.create("lab-admin", "admin", null);
        assertEquals(Set.of(Roles.ADMIN, Roles.USER), tokens.verify(admin.token()).orElseThrow().roles());
        assertNotEquals(issued.token(), admin.token());
        assertNotEquals(issued.id(), admin.id());
    }

    @Test
    public void anUnknownOrAlteredTokenIsRefused() throws IOException {
        IssuedToken issued = tokens.create("robot", "user", "");
        String altered = (issued.token().charAt(0) == 'A' ? "B" : "A") + issued.token().substring(1);
        assertTrue(tokens.verify(altered).isEmpty());
        assertTrue(tokens.verify("").isEmpty());
        assertTrue(tokens.verify(issued.id()).isEmpty());
    }

    @Test
    public void theFileHoldsTheTokensHashOnlyAndNoTemporaryFileIsLeft() throws IOException {
        IssuedToken issued = tokens.create("robot", "admin", "scripts");
        String onDisk = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(onDisk, onDisk.contains(issued.token()));
        assertTrue(onDisk, onDisk.contains(HexFormat.of().formatHex(TokenStore.sha256(issued.token()))));
        assertTrue(onDisk, onDisk.contains("\"created\": \"2025-05-06T07:08:09Z\""));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    public void anotherStoreOnTheSameFileKnowsTheTokens() throws IOException {
        IssuedToken issued = tokens.create("robot", "user", "scripts");
        TokenStore reloaded = new TokenStore(file, CLOCK);
        assertEquals(tokens.list(), reloaded.list());
        assertEquals(List.of(new TokenInfo(issued.id(), "robot", "user", "scripts", NOW)), reloaded.list());
        assertEquals("robot", reloaded.verify(issued.token()).orElseThrow().name());
    }

    @Test
    public void aRevokedTokenIsRefusedAndStaysRevoked() throws IOException {
        IssuedToken kept = tokens.create("alice", "user", "kept");
        IssuedToken revoked = tokens.create("robot", "user", "revoked");
        assertTrue(tokens.revoke(revoked.id()));
        assertTrue(tokens.verify(revoked.token()).isEmpty());
        assertFalse(tokens.revoke(revoked.id()));
        assertFalse(tokens.revoke("no-such-id"));
        TokenStore reloaded = new TokenStore(file, CLOCK);
        assertTrue(reloaded.verify(revoked.token()).isEmpty());
        assertEquals(List.of(kept.id()), reloaded.list().stream().map(TokenInfo::id).toList());
        assertTrue(reloaded.verify(kept.token()).isPresent());
    }

    @Test
    public void theListingHasNoSecret() throws IOException {
        IssuedToken issued = tokens.create("robot", "user", "");
        String listed = new NnunetJson().toString(tokens.list());
        assertFalse(listed, listed.contains(issued.token()));
        assertFalse(listed, listed.contains("sha256"));
        assertFalse(issued.toString(), issued.toString().contains(issued.token()));
    }

    @Test
    public void aRequestWithABadFieldIsRefusedByNameAndNothingIsWritten() {
        assertRefused("user must be", () -> tokens.create(null, "user", ""));
        assertRefused("user must be", () -> tokens.create("", "user", ""));
        assertRefused("user must be", () -> tokens.create("two words", "user", ""));
        assertRefused("user must be", () -> tokens.create("a:b", "user", ""));
        assertRefused("user must be", () -> tokens.create("x".repeat(65), "user", ""));
        assertRefused("role must be one of [admin, user], not 'root'", () -> tokens.create("robot", "root", ""));
        assertRefused("role must be one of [admin, user], not missing", () -> tokens.create("robot", null, ""));
        assertRefused("description must be at most 200", () -> tokens.create("robot", "user", "x".repeat(201)));
        assertFalse(Files.exists(file));
        assertEquals(List.of(), tokens.list());
    }

    @Test
    public void aMalformedFileIsRefusedByName() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"tokens\": [{\"id\": \"a/b\"}]}");
        IOException e = assertThrows(IOException.class, () -> new TokenStore(file, CLOCK));
        assertTrue(e.getMessage(), e.getMessage().startsWith(file + " is malformed"));
    }

    @Test
    public void aFileWithAnIdTwiceIsRefused() throws IOException {
        tokens.create("robot", "user", "");
        String onDisk = Files.readString(file);
        String entry = onDisk.substring(onDisk.indexOf('{', 1), onDisk.lastIndexOf('}', onDisk.lastIndexOf(']')) + 1);
        Files.writeString(file, onDisk.replace(entry, entry + ", " + entry));
        IOException e = assertThrows(IOException.class, () -> new TokenStore(file, CLOCK));
        assertTrue(e.getMessage(), e.getMessage().contains("holds the token id " + tokens.list().get(0).id() + " twice"));
    }

    private static void assertRefused(String message, org.junit.function.ThrowingRunnable create) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, create);
        assertTrue(e.getMessage(), e.getMessage().startsWith(message));
    }
}
