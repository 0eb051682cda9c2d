package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.ConfigException;
import dev.homeport.core.HomeportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;

/** Reading BIND key files (as tsig-keygen writes them) and what UPDATE answers mean. */
class TsigKeyTest {
    private static final Path FILE = Path.of("/etc/homeport/ddns.key");
    private static final String SECRET = "kX9mVwq3Sx0l7e1dEwJ2b3yQm1c5L0y3f8yqZsV4m+o=";

    @TempDir
    Path dir;

    private static String keygen(String algorithm, String secret) {
        return "key \"pi.example.org\" {\n\talgorithm " + algorithm + ";\n\tsecret \"" + secret + "\";\n};\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"})
    void readsEveryAlgorithmBindOffers(String algorithm) {
        TsigKey k = TsigKey.parse(FILE, keygen(algorithm, SECRET));
        assertEquals("pi.example.org", k.name());
        assertEquals(algorithm, k.algorithm());
        assertEquals(SECRET, k.secret().reveal());
        assertFalse(k.toString().contains(SECRET));
    }

    @Test
    void acceptsCommentsUnquotedNamesAndUpperCaseAlgorithms() {
        TsigKey k = TsigKey.parse(FILE, "# made by tsig-keygen\n// another\n/* a\nblock */ key ddns-key {\n"
                + " algorithm HMAC-SHA512; secret \"" + SECRET + "\"; };");
        assertEquals("ddns-key", k.name());
        assertEquals("hmac-sha512", k.algorithm());
    }

    private static ConfigException bad(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> TsigKey.parse(FILE, text));
        assertEquals(HomeportException.Kind.CONFIG, e.kind());
        assertFalse(e.getMessage().contains(SECRET) || e.hint().orElse("").contains(SECRET), "never shows the secret");
        return e;
    }

    @Test
    void malformedFilesNameTheFileAndLine() {
        ConfigException noSemicolon = bad("key \"k\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\"\n};\n");
        assertEquals(4, noSemicolon.line());
        assertTrue(noSemicolon.getMessage().startsWith("/etc/homeport/ddns.key:4: tsig-key-file: expected ';'"), noSemicolon.getMessage());

        ConfigException algorithm = bad(keygen("hmac-sha3", SECRET));
        assertEquals(2, algorithm.line());
        assertTrue(algorithm.getMessage().contains("unknown algorithm 'hmac-sha3'"), algorithm.getMessage());

        ConfigException secret = bad(keygen("hmac-sha256", "not base64!"));
        assertEquals(3, secret.line());
        assertTrue(secret.getMessage().contains("the secret is not base64"), secret.getMessage());

        assertTrue(bad("").getMessage().contains("is empty"));
        assertTrue(bad("key \"k\" {\n algorithm hmac-sha256;\n};\n").getMessage().contains("no 'secret'"));
        assertTrue(bad("key \"k\" {\n secret \"" + SECRET + "\";\n};\n").getMessage().contains("no 'algorithm'"));
        String unclosed = "key \"k\" {\n algorithm hmac-sha256;\n secret \"" + SECRET + "\";\n";
        assertTrue(bad(unclosed).getMessage().contains("ends too early"));
        assertEquals(1, bad("zone \"k\" { };").line());
        ConfigException stray = bad("key \"k\" {\n algorithm hmac-sha256;\n " + SECRET + " x;\n};");
        assertEquals(3, stray.line());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad..name", "a-label-longer-than-sixty-three-characters-is-not-allowed-in-dns-names"})
    void aKeyNameThatIsNotADnsNameIsAConfigErrorNamingTheFileAndLine(String name) {
        ConfigException e = bad("key \"" + name + "\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith("/etc/homeport/ddns.key:1: tsig-key-file: the key name '" + name + "' is not a DNS name"),
                e.getMessage());
    }

    @Test
    void aKeyFileThatIsNotTextSaysSoInsteadOfBlamingPermissions() throws Exception {
        Path f = dir.resolve("ddns.key");
        Files.write(f, new byte[] {'k', 'e', 'y', ' ', (byte) 0xff, (byte) 0xfe});
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        ConfigException e = assertThrows(ConfigException.class, () -> TsigKey.read(f));
        assertTrue(e.getMessage().contains("the key file is not UTF-8 text"), e.getMessage());
        assertFalse(e.hint().orElse("").contains("permissions"), e.hint().orElse(""));
    }

    @Test
    void aSecretWithoutItsBase64PaddingIsRefusedWhenReadNotAnInternalErrorAtTheFirstUpdate() {
        String unpadded = SECRET.substring(0, SECRET.length() - 1);
        ConfigException e = bad(keygen("hmac-sha256", unpadded));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("the secret is not base64"), e.getMessage());
        assertFalse(e.getMessage().contains(unpadded), "never shows the secret");
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path f = dir.resolve("ddns.key");
        Files.writeString(f, keygen("hmac-sha256", SECRET));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = assertThrows(ConfigException.class, () -> TsigKey.read(f));
        assertTrue(e.getMessage().contains("can be read or changed by other users"), e.getMessage());
        assertTrue(e.hint().orElse("").contains("chmod 600"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertEquals("hmac-sha256", TsigKey.read(f).algorithm());
    }

    @Test
    void signedRefusalsLatch() {
        Reply.Fatal badtime = assertInstanceOf(Reply.Fatal.class,
                Rfc2136Protocol.classify(Rcode.NOTAUTH, Rcode.BADTIME, true).orElseThrow());
        assertEquals("BADTIME", badtime.answer());
        assertEquals("NOTAUTH", ((Reply.Fatal) Rfc2136Protocol.classify(Rcode.NOTAUTH, 0, true).orElseThrow()).answer());
        Reply.Fatal refused = (Reply.Fatal) Rfc2136Protocol.classify(Rcode.REFUSED, 0, true).orElseThrow();
        assertTrue(refused.reason().contains("update-policy"), refused.reason());
        assertInstanceOf(Reply.Fatal.class, Rfc2136Protocol.classify(Rcode.NOTZONE, 0, true).orElseThrow());
    }

    @Test
    void anUnsignedRefusalOrKeyErrorNeverLatchesOrHoldsButSaysWhatItClaimedAndThatItWasNotSigned() {
        int[][] answers = {{Rcode.NOTAUTH, Rcode.BADKEY}, {Rcode.NOTAUTH, Rcode.BADSIG}, {Rcode.NOTAUTH, Rcode.BADTIME},
            {Rcode.REFUSED, 0}, {Rcode.NOTAUTH, 0}, {Rcode.NOTZONE, 0}, {Rcode.NOTIMP, 0}, {Rcode.SERVFAIL, 0}};
        for (int[] a : answers) {
            Reply r = Rfc2136Protocol.classify(a[0], a[1], false).orElseThrow();
            Reply.Trouble t = assertInstanceOf(Reply.Trouble.class, r, r::toString);
            String word = a[1] != 0 ? Rcode.TSIGstring(a[1]) : Rcode.string(a[0]);
            assertTrue(t.detail().startsWith("the server answered " + word + " (") && t.detail().contains("not signed"), t.detail());
        }
    }

    @Test
    void serverFailureHoldsLikeA911AndOtherAnswersBackOff() {
        Reply.Pause p = assertInstanceOf(Reply.Pause.class, Rfc2136Protocol.classify(Rcode.SERVFAIL, 0, true).orElseThrow());
        assertEquals(DdnsUpdater.HOLD, p.holdFor());
        Reply.Trouble t = assertInstanceOf(Reply.Trouble.class, Rfc2136Protocol.classify(Rcode.FORMERR, 0, true).orElseThrow());
        assertTrue(t.detail().contains("FORMERR"), t.detail());
    }

    @Test
    void aSuccessCountsOnlyWhenItsSignatureVerifies() {
        assertEquals(Optional.empty(), Rfc2136Protocol.classify(Rcode.NOERROR, 0, true));
        Reply.Trouble t = assertInstanceOf(Reply.Trouble.class, Rfc2136Protocol.classify(Rcode.NOERROR, 0, false).orElseThrow());
        assertTrue(t.detail().contains("not signed"), t.detail());
    }
}
