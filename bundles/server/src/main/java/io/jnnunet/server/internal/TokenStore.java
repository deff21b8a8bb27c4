package io.jnnunet.server.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jnnunet.formats.NnunetJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * The API tokens an admin creates for scripts and lab instruments ({@code Authorization: Bearer <token>}): each is 256
 * random bits, shown once when it is created; the file ({@link ServerConfig#tokens_file()}) keeps only its SHA-256,
 * so a copy of the file lets nobody in. A token acts as its user with its role until it is revoked.
 */
@Component(service = TokenStore.class, configurationPid = ServerConfig.PID)
public class TokenStore {

    /** Token ids, which travel in paths. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The token's user name as Basic credentials could carry it. */
    private static final Pattern USER = Pattern.compile("[^\\s:]{1,64}");
    private static final int MAX_DESCRIPTION = 200;
    private static final int TOKEN_BYTES = 32;
    private static final int ID_BYTES = 9;

    /** What the file keeps of a token. */
    record StoredToken(@JsonProperty("id") String id, @JsonProperty("user") String user,
            @JsonProperty("role") String role, @JsonProperty("description") String description,
            @JsonProperty("created") Instant created, @JsonProperty("sha256") String sha256) {
        StoredToken {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("id must match " + ID + ", not " + id);
            }
            Objects.requireNonNull(user, "user");
            if (role == null || !Roles.ALL.contains(role)) {
                throw new IllegalArgumentException("role must be one of " + Roles.ALL + ", not " + role);
            }
            description = description == null ? "" : description;
            Objects.requireNonNull(created, "created");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 hexadecimal digits");
            }
        }

        TokenInfo info() {
            return new TokenInfo(id, user, role, description, created);
        }
    }

    /** The file's content. */
    record TokenFile(@JsonProperty("tokens") List<StoredToken> tokens) {
        TokenFile {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    /** A token as {@code GET /api/tokens} lists it: everything but the secret. */
    public record TokenInfo(@JsonProperty("id") String id, @JsonProperty("user") String user,
            @JsonProperty("role") String role, @JsonProperty("description") String description,
            @JsonProperty("created") Instant created) {
    }

    /** A token just created, with the secret that is never shown again. */
    public record IssuedToken(@JsonProperty("id") String id, @JsonProperty("token") String token,
            @JsonProperty("user") String user, @JsonProperty("role") String role,
            @JsonProperty("description") String description, @JsonProperty("created") Instant created) {
        @Override
        public String toString() {
            return "IssuedToken[" + id + ", " + user + ", " + role + "]";
        }
    }

    private final NnunetJson json = new NnunetJson();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private volatile Path file;
    private volatile List<StoredToken> tokens;

    @Activate
    public TokenStore(ServerConfig config) throws IOException {
        this(file(config), Clock.systemUTC());
    }

    TokenStore(Path file, Clock clock) throws IOException {
        this.clock = clock;
        load(file);
    }

    /** Another tokens file in the settings is read at once; its tokens replace these. */
    @Modified
    void modified(ServerConfig config) throws IOException {
        Path changed = file(config);
        if (!changed.equals(file)) {
            load(changed);
        }
    }

    /**
     * Creates a token for a user with a role.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     * @throws IOException when the file cannot be written (the token is not created then)
     */
    public synchronized IssuedToken create(String user, String role, String description) throws IOException {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user must be a user name of 1 to 64 characters without spaces or"
                    + " colons, not " + (user == null ? "missing" : "'" + user + "'"));
        }
        if (role == null || !Roles.ALL.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + Roles.ALL + ", not "
                    + (role == null ? "missing" : "'" + role + "'"));
        }
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION + " characters, not "
                    + text.length());
        }
        String token = randomText(TOKEN_BYTES);
        String id;
        do {
            id = randomText(ID_BYTES);
        } while (find(id).isPresent());
        StoredToken stored = new StoredToken(id, user, role, text, clock.instant().truncatedTo(ChronoUnit.SECONDS),
                HexFormat.of().formatHex(sha256(token)));
        List<StoredToken> changed = new ArrayList<>(tokens);
        changed.add(stored);
        save(changed);
        return new IssuedToken(id, token, user, role, text, stored.created());
    }

    /** The tokens, oldest first, without their secrets. */
    public List<TokenInfo> list() {
        return tokens.stream().map(StoredToken::info).toList();
    }

    /**
     * Revokes a token: from now on it is refused.
     *
     * @return false when there is no token with this id
     * @throws IOException when the file cannot be written (the token still works then)
     */
    public synchronized boolean revoke(String id) throws IOException {
        Optional<StoredToken> token = find(id);
        if (token.isEmpty()) {
            return false;
        }
        List<StoredToken> changed = new ArrayList<>(tokens);
        changed.remove(token.get());
        save(changed);
        return true;
    }

    /** The caller a token stands for; empty for an unknown or revoked one. */
    public Optional<Caller> verify(String token) {
        byte[] presented = sha256(token);
        StoredToken match = null;
        // every hash is compared in constant time, and all of them, so the time says nothing about a near miss
        for (StoredToken stored : tokens) {
            if (MessageDigest.isEqual(presented, HexFormat.of().parseHex(stored.sha256()))) {
                match = stored;
            }
        }
        return Optional.ofNullable(match).map(t -> Caller.of(t.user(), Set.of(t.role()), Caller.BEARER));
    }

    /** The file that holds the tokens. */
    Path file() {
        return file;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Path file(ServerConfig config) {
        return WorkFolder.settingOrData(config.tokens_file(), "tokens.file", "tokens.json");
    }

    private Optional<StoredToken> find(String id) {
        return tokens.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    private String randomText(int bytes) {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private synchronized void load(Path from) throws IOException {
        List<StoredToken> read;
        try {
            read = json.read(from, TokenFile.class).tokens();
        } catch (NoSuchFileException e) {
            read = List.of();
        }
        Set<String> ids = new HashSet<>();
        for (StoredToken token : read) {
            if (!ids.add(token.id())) {
                throw new IOException(from + " holds the token id " + token.id() + " twice");
            }
        }
        file = from;
        tokens = read;
    }

    private void save(List<StoredToken> changed) throws IOException {
        json.write(file, new TokenFile(changed));
        tokens = List.copyOf(changed);
    }
}
