package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.Config;
import dev.homeport.net.Ipv6Local;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The rfc2136 wire side that needs no real DNS server: a server that never answers (BIND itself is in Rfc2136LabIT). */
class Rfc2136ProtocolTest {
    private static final TsigKey KEY = new TsigKey("pi.example.org", "hmac-sha256",
            new Secret("kX9mVwq3Sx0l7e1dEwJ2b3yQm1c5L0y3f8yqZsV4m+o="));

    private static Rfc2136Protocol protocol(String server, Optional<Integer> ttl) {
        DdnsSettings s = new DdnsSettings(Provider.RFC2136, "dns://" + server + "/example.org", List.of("home.example.org"),
                Optional.empty(), KEY.secret(), "section", Optional.of(new Config.Zone("example.org", ttl, Optional.empty())),
                Optional.empty());
        return new Rfc2136Protocol(s, KEY, Duration.ofMillis(400));
    }

    @Test
    void aServerThatNeverAnswersHoldsUpdatesLikeA911() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Reply r = protocol("127.0.0.1:" + silent.getLocalPort(), Optional.empty()).send(List.of("home.example.org"), "198.51.100.7");
            Reply.Pause p = assertInstanceOf(Reply.Pause.class, r, r::toString);
            assertEquals("timeout", p.answer());
            assertEquals(DdnsUpdater.HOLD, p.holdFor());
            DatagramPacket got = new DatagramPacket(new byte[4096], 4096);
            silent.setSoTimeout(1000);
            silent.receive(got);
            assertTrue(got.getLength() > 12, "an UPDATE message arrived");
            assertEquals(5, (got.getData()[2] >> 3) & 0xf, "opcode UPDATE");
        }
    }

    /** The UPDATE section of the message {@code ip} makes, as "name class type data" lines, read by a silent server. */
    private static List<String> updateSection(String ip) throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            protocol("127.0.0.1:" + silent.getLocalPort(), Optional.empty()).send(List.of("home.example.org"), ip);
            DatagramPacket got = new DatagramPacket(new byte[4096], 4096);
            silent.setSoTimeout(1000);
            silent.receive(got);
            Message m = new Message(Arrays.copyOf(got.getData(), got.getLength()));
            assertTrue(m.getTSIG() != null, "the UPDATE is signed");
            return m.getSection(Section.UPDATE).stream().map(r -> r.getName() + " " + DClass.string(r.getDClass()) + " "
                    + Type.string(r.getType()) + " " + (r.getType() == Type.AAAA && !r.rdataToString().isEmpty()
                    ? Ipv6Local.canonicalText(r.rdataToString()) : r.rdataToString())).map(String::strip).toList();
        }
    }

    @Test
    void anIpv6AddressReplacesOnlyTheAaaaRrsetOfTheName() throws Exception {
        assertEquals(List.of("home.example.org. ANY AAAA", "home.example.org. IN AAAA 2001:db8::7"), updateSection("2001:db8::7"));
    }

    @Test
    void bothAddressesReplaceTheARrsetAndTheAaaaRrsetInOneMessage() throws Exception {
        assertEquals(List.of("home.example.org. ANY A", "home.example.org. IN A 198.51.100.7", "home.example.org. ANY AAAA",
                "home.example.org. IN AAAA 2001:db8::7"), updateSection("198.51.100.7,2001:db8::7"));
    }

    @Test
    void dryRunOfBothFamiliesNamesBothRrsets() {
        assertEquals("DNS UPDATE to 127.0.0.1 zone example.org. (TSIG key pi.example.org, hmac-sha256): replace A and AAAA of"
                + " home.example.org with 198.51.100.7, 2001:db8::7 ttl 300",
                protocol("127.0.0.1", Optional.empty()).describe(List.of("home.example.org"), "198.51.100.7,2001:db8::7"));
    }

    @Test
    void dryRunNamesServerZoneKeyNameAndRecordButNotTheSecret() {
        String d = protocol("[2001:db8::53]:5353", Optional.of(60)).describe(List.of("home.example.org"), "2001:db8::7");
        assertEquals("DNS UPDATE to [2001:db8::53]:5353 zone example.org. (TSIG key pi.example.org, hmac-sha256): replace AAAA of"
                + " home.example.org with 2001:db8::7 ttl 60", d);
    }
}
