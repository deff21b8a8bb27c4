package io.jnnunet.server.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ListenAddressTest {

    @Test
    public void loopbackIsLocalhostAnd127AndColonColon1() {
        for (String host : new String[] {"127.0.0.1", "localhost", "LocalHost", "::1", "[::1]", "0:0:0:0:0:0:0:1",
                "127.0.1.1", "127.0.0.1,::1", "127.0.0.1, localhost"}) {
            assertTrue(host, ListenAddress.isLoopback(host));
        }
    }

    @Test
    public void everyOtherAddressOrNameIsBeyondThisMachine() {
        for (String host : new String[] {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "fe80::1", "128.0.0.1",
                "127.0.0.256", "127.1", "localhost.example.org", "lab-server", "my-localhost", "",
                "127.0.0.1,0.0.0.0", "::ffff:192.168.1.1", "de:ad:be:ef"}) {
            assertFalse(host, ListenAddress.isLoopback(host));
        }
    }
}
