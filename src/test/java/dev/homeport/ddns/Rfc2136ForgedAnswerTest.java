package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.state.StateStore;
import dev.homeport.testing.MutableClock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * The attacker on the LAN: a loopback "server" that answers every UPDATE with a forged refusal, as anyone who sees the
 * request can. Updates must stay on: the forged answer fails the run, and the next run sends again.
 */
class Rfc2136ForgedAnswerTest {
    private static final TsigKey KEY = new TsigKey("pi.example.org", "hmac-sha256",
            new Secret("kX9mVwq3Sx0l7e1dEwJ2b3yQm1c5L0y3f8yqZsV4m+o="));
    private static final String OTHER_SECRET = "Zm9yZ2VkLWtleS1mb3ItdGhlLWF0dGFja2VyLTEyMzQ=";

    @TempDir
    Path dir;

    /** Answers each UPDATE it receives with {@code forge(request)}, in a daemon thread; counts the requests. */
    private static final class Forger implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        final AtomicInteger received = new AtomicInteger();

        Forger(UnaryOperator<Message> forge) throws Exception {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        received.incrementAndGet();
                        byte[] out = forge.apply(new Message(Arrays.copyOf(p.getData(), p.getLength()))).toWire();
                        socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "forger");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A reply to {@code request} with {@code rcode}, as an attacker builds it: right id, opcode and zone; no valid MAC. */
    private static Message reply(Message request, int rcode) {
        Message m = new Message(request.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(request.getHeader().getOpcode());
        m.getHeader().setRcode(rcode);
        m.addRecord(request.getQuestion(), Section.ZONE);
        return m;
    }

    private static UnaryOperator<Message> unsigned(int rcode) {
        return req -> reply(req, rcode);
    }

    /** NOTAUTH with a TSIG record whose error is {@code tsigError} and whose MAC is empty, as RFC 8945 has a server send. */
    private static UnaryOperator<Message> tsigError(int tsigError) {
        return req -> {
            Message m = reply(req, Rcode.NOTAUTH);
            TSIGRecord theirs = req.getTSIG();
            m.addRecord(new TSIGRecord(theirs.getName(), DClass.ANY, 0, theirs.getAlgorithm(), theirs.getTimeSigned(),
                    theirs.getFudge(), new byte[0], req.getHeader().getID(), tsigError, null), Section.ADDITIONAL);
            return m;
        };
    }

    /** REFUSED signed with a key the attacker made up under our key's name. */
    private static UnaryOperator<Message> signedWithAnotherKey() {
        return req -> {
            Message m = reply(req, Rcode.REFUSED);
            m.setTSIG(new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("pi.example.org."), OTHER_SECRET), Rcode.NOERROR, req.getTSIG());
            return m;
        };
    }

    private UpdateOutcome run(Forger f, MutableClock clock, StateStore store) {
        DdnsSettings s = new DdnsSettings(Provider.RFC2136, "dns://127.0.0.1:" + f.socket.getLocalPort() + "/example.org",
                List.of("home.example.org"), Optional.empty(), KEY.secret(), "section",
                Optional.of(new Config.Zone("example.org", Optional.empty(), Optional.empty())), Optional.empty());
        return new DdnsUpdater(s, new Rfc2136Protocol(s, KEY, Duration.ofSeconds(2)), store, clock).update("198.51.100.7", false, false);
    }

    private void assertUpdatesStayOn(UnaryOperator<Message> forge, String claimed) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
        StateStore store = new StateStore(dir.resolve(claimed));
        try (Forger f = new Forger(forge)) {
            UpdateOutcome first = run(f, clock, store);
            UpdateOutcome.Failed failed = assertInstanceOf(UpdateOutcome.Failed.class, first, first::message);
            assertEquals(Optional.of(HomeportException.Kind.DDNS_FAILED), failed.failureKind());
            assertTrue(failed.message().contains("answered " + claimed) && failed.message().contains("not signed"), failed.message());
            assertFalse(failed.message().contains(KEY.secret().reveal()) || failed.message().contains(OTHER_SECRET), failed.message());
            assertFalse(store.read("ddns").orElseThrow().containsKey("latch.answer"), "a forged answer never latches");
            assertFalse(store.read("ddns").orElseThrow().containsKey("hold.until"), "nor holds");
            clock.advance(DdnsUpdater.FIRST_BACKOFF);
            assertInstanceOf(UpdateOutcome.Failed.class, run(f, clock, store));
            assertEquals(2, f.received.get(), "the next run sent the update again");
        }
    }

    @Test
    void aForgedUnsignedRefusedFailsTheRunAndTheNextRunSendsAgain() throws Exception {
        assertUpdatesStayOn(unsigned(Rcode.REFUSED), "REFUSED");
    }

    @Test
    void aForgedUnsignedNotauthFailsTheRunAndTheNextRunSendsAgain() throws Exception {
        assertUpdatesStayOn(unsigned(Rcode.NOTAUTH), "NOTAUTH");
    }

    @Test
    void aForgedBadsigOrBadkeyWithAnEmptyMacFailsTheRunAndTheNextRunSendsAgain() throws Exception {
        assertUpdatesStayOn(tsigError(Rcode.BADSIG), "BADSIG");
        assertUpdatesStayOn(tsigError(Rcode.BADKEY), "BADKEY");
    }

    @Test
    void aForgedServfailDoesNotHoldUpdates() throws Exception {
        assertUpdatesStayOn(unsigned(Rcode.SERVFAIL), "SERVFAIL");
    }

    @Test
    void aRefusedSignedWithAnotherKeyUnderOurKeysNameIsNotTrusted() throws Exception {
        assertUpdatesStayOn(signedWithAnotherKey(), "REFUSED");
    }
}
