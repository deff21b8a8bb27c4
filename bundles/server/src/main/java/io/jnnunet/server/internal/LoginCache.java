package io.jnnunet.server.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Successful HTTP Basic logins for a while ({@link ServerConfig#login_cache_seconds()}), because a JAAS login for
 * every request is slow. Keyed by a salted SHA-256 of the whole header, so it holds no password; bounded, so a flood
 * of distinct logins cannot fill the memory.
 */
final class LoginCache {

    static final int MAX_ENTRIES = 1024;

    private record Entry(Caller caller, long expiresNanos) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final String salt;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param nanoTime the clock, {@link System#nanoTime()} outside tests */
    LoginCache(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.salt = Base64.getEncoder().encodeToString(random);
    }

    /** The caller these credentials logged in as, while that is recent enough. */
    Optional<Caller> get(String header) {
        String key = key(header);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.expiresNanos() >= 0) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    void put(String header, Caller caller) {
        if (ttlNanos <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> now - e.expiresNanos() >= 0);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key(header), new Entry(caller, now + ttlNanos));
    }

    int size() {
        return entries.size();
    }

    private String key(String header) {
        return HexFormat.of().formatHex(TokenStore.sha256(salt + header));
    }
}
