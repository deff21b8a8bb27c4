package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.Test;

public class CredentialsTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void basicCredentialsAreUserColonPasswordInBase64AndThePasswordMayHoldColons() {
        assertEquals(new Credentials.Basic("karaf", "karaf"), Credentials.parse(basic("karaf:karaf")));
        assertEquals(new Credentials.Basic("alice", "a:b:c"), Credentials.parse(basic("alice:a:b:c")));
        assertEquals(new Credentials.Basic("alice", ""), Credentials.parse(basic("alice:")));
        // curl's header, a scheme in other case and extra blanks
        assertEquals(new Credentials.Basic("karaf", "karaf"), Credentials.parse("Basic a2FyYWY6a2FyYWY="));
        assertEquals(new Credentials.Basic("karaf", "karaf"), Credentials.parse("  bAsIc   a2FyYWY6a2FyYWY= "));
    }

    @Test
    public void basicCredentialsAreUtf8() {
        assertEquals(new Credentials.Basic("jürgen", "grüße€"), Credentials.parse(basic("jürgen:grüße€")));
    }

    @Test
    public void malformedBasicCredentialsAreRefusedWithoutRepeatingThem() {
        for (String header : new String[] {"Basic", "Basic !!!s3cr3t", basic("s3cr3t"), basic(":s3cr3t")}) {
            IllegalArgumentException e = assertThrows(header, IllegalArgumentException.class,
                    () -> Credentials.parse(header));
            assertTrue(e.getMessage(), e.getMessage().startsWith("Authorization: Basic must"));
            assertFalse(e.getMessage(), e.getMessage().contains("s3cr3t"));
        }
    }

    @Test
    public void aBearerTokenIsOneWord() {
        assertEquals(new Credentials.Bearer("abc-_123"), Credentials.parse("Bearer abc-_123"));
        assertEquals(new Credentials.Bearer("abc"), Credentials.parse("bearer abc"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.parse("Bearer"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.parse("Bearer a b"));
    }

    @Test
    public void anotherSchemeIsNamedInTheRefusal() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Credentials.parse("Digest username=\"karaf\""));
        assertEquals("Authorization scheme 'Digest' is not supported; use Basic (a Karaf user) or Bearer (an API"
                + " token)", e.getMessage());
    }

    @Test
    public void theirTextsNeverShowTheSecret() {
        assertEquals("Basic[karaf]", new Credentials.Basic("karaf", "secret").toString());
        assertEquals("Bearer[...]", new Credentials.Bearer("secret").toString());
    }
}
