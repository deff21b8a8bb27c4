package io.jnnunet.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** What an {@code Authorization} header holds: a Karaf user's name and password, or an API token. */
sealed interface Credentials {

    /** {@code Authorization: Basic base64(user:password)} (RFC 7617), read as UTF-8. */
    record Basic(String user, String password) implements Credentials {
        @Override
        public String toString() {
            return "Basic[" + user + "]";
        }
    }

    /** {@code Authorization: Bearer <token>} (RFC 6750). */
    record Bearer(String token) implements Credentials {
        @Override
        public String toString() {
            return "Bearer[...]";
        }
    }

    /**
     * Reads an {@code Authorization} header's value.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never repeating a password or token)
     */
    static Credentials parse(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic" -> {
                return basic(rest);
            }
            case "bearer" -> {
                if (rest.isEmpty() || rest.contains(" ")) {
                    throw new IllegalArgumentException("Authorization: Bearer must be followed by one token");
                }
                return new Bearer(rest);
            }
            default -> throw new IllegalArgumentException("Authorization scheme '" + scheme + "' is not supported;"
                    + " use Basic (a Karaf user) or Bearer (an API token)");
        }
    }

    private static Basic basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Authorization: Basic must be followed by base64 of user:password");
        }
        // the password may hold colons, the user name may not (RFC 7617 section 2)
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Authorization: Basic must hold user:password with a user name");
        }
        return new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
