package dev.homeport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.Protocol;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirewallCheckTest {
    private static final Target TCP_888 = Target.port(888);

    private static Check check(Target t, Firewall.Dump... dumps) {
        return new FirewallCheck(Fakes.firewall(dumps)).read().check(t);
    }

    private static Firewall.Dump text(String tool, String fixture) {
        return new Firewall.Dump(tool, Firewall.Outcome.TEXT, Fixtures.text(fixture));
    }

    private static Firewall.Dump missing(String tool) {
        return new Firewall.Dump(tool, Firewall.Outcome.MISSING, "");
    }

    @Test
    void flagsAnNftInputPolicyDropThatNoRuleOpensForTheInternet() {
        Check c = check(TCP_888, missing("ufw"), text("nft", "nft-policy-drop.txt"));
        assertEquals(Status.PROBLEM, c.status());
        assertEquals("the local firewall drops 888/tcp: nftables inet filter input: policy drop", c.evidence());
        assertEquals("allow it: sudo nft insert rule inet filter input tcp dport 888 accept (and make it persistent)",
                c.fix().orElseThrow());
    }

    @Test
    void acceptsAPortInAnNftSetOrRange() {
        Check c = check(TCP_888, text("nft", "nft-accepts-888.txt"));
        assertEquals(Status.OK, c.status());
        assertTrue(c.evidence().startsWith("nftables: 888/tcp accepted (inet filter input: tcp dport { 22, 888, 8000-8100 }"),
                c.evidence());
        assertEquals(Status.OK, check(Target.port(8050), text("nft", "nft-accepts-888.txt")).status());
        assertEquals(Status.PROBLEM, check(Target.port(8101), text("nft", "nft-accepts-888.txt")).status());
    }

    @Test
    void followsJumpsAndGotosIntoUserChains() {
        Check tcp = check(TCP_888, text("nft", "nft-jump-reject.txt"));
        assertEquals(Status.PROBLEM, tcp.status());
        assertTrue(tcp.evidence().endsWith("inet firewalld filter_INPUT: reject with icmpx admin-prohibited"), tcp.evidence());
        Target udp = new Target("game", 888, 888, Protocol.UDP, Optional.empty());
        assertEquals(Status.OK, check(udp, text("nft", "nft-jump-reject.txt")).status());
    }

    @Test
    void flagsAnExplicitDropRule() {
        Check c = check(TCP_888, text("nft", "nft-drops-888.txt"));
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("ip filter INPUT: meta l4proto tcp tcp dport 888 counter packets 3 bytes 180 drop"),
                c.evidence());
    }

    @Test
    void passesAnEmptyNftRuleset() {
        Check c = check(TCP_888, text("nft", "empty.txt"), missing("iptables"));
        assertEquals(Status.OK, c.status());
        assertEquals("nftables: no input chain filters incoming traffic", c.evidence());
    }

    @Test
    void readsIptablesSaveWithPolicyMultiportAndRanges() {
        assertEquals(Status.PROBLEM, check(TCP_888, text("iptables", "iptables-save.txt")).status());
        Check c = check(TCP_888, text("iptables", "iptables-save.txt"));
        assertEquals("the local firewall drops 888/tcp: iptables filter INPUT: policy drop", c.evidence());
        assertEquals("allow it: sudo iptables -I INPUT -p tcp --dport 888 -j ACCEPT (and make it persistent)", c.fix().orElseThrow());
        assertEquals(Status.OK, check(Target.port(443), text("iptables", "iptables-save.txt")).status());
        assertEquals(Status.OK, check(Target.port(8100), text("iptables", "iptables-save.txt")).status());
        assertEquals(Status.PROBLEM, check(Target.port(22), text("iptables", "iptables-save.txt")).status());
    }

    @Test
    void flagsUfwDenyingIncomingByDefaultWithTheUfwFix() {
        Check c = check(TCP_888, text("ufw", "ufw-active.txt"), text("nft", "empty.txt"));
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("ufw is active, denies incoming by default and no rule allows 888/tcp"), c.evidence());
        assertEquals("allow it: sudo ufw allow 888/tcp", c.fix().orElseThrow());
    }

    @Test
    void acceptsAPortUfwAllowsFromAnywhere() {
        Check c = check(Target.port(443), text("ufw", "ufw-active.txt"));
        assertEquals(Status.OK, c.status());
        assertEquals("ufw allows 443/tcp (80,443/tcp ALLOW IN)", c.evidence());
    }

    @Test
    void ignoresAnInactiveUfw() {
        Check c = check(TCP_888, new Firewall.Dump("ufw", Firewall.Outcome.TEXT, "Status: inactive\n"), missing("nft"));
        assertEquals(Status.OK, c.status());
        assertEquals("ufw inactive", c.evidence());
    }

    @Test
    void saysNotCheckedWhenReadingNeedsRoot() {
        Check c = check(TCP_888, missing("ufw"),
                new Firewall.Dump("nft", Firewall.Outcome.NOT_PERMITTED, "Operation not permitted (you must be root)"),
                new Firewall.Dump("iptables", Firewall.Outcome.NOT_PERMITTED, "Permission denied (you must be root)"));
        assertEquals(Status.SKIPPED, c.status());
        assertEquals("not checked: reading nft, iptables needs root", c.evidence());
        assertEquals("run 'sudo homeport doctor' to include the local firewall", c.fix().orElseThrow());
    }

    @Test
    void saysNotCheckedWhenNoToolIsInstalled() {
        Check c = check(TCP_888, missing("ufw"), missing("nft"), missing("iptables"));
        assertEquals(Status.SKIPPED, c.status());
        assertFalse(c.blocking());
    }

    @Test
    void recognisesPermissionErrorsInToolOutput() {
        assertTrue(SystemFirewall.deniedText("ERROR: You need to be root to run this script"));
        assertTrue(SystemFirewall.deniedText("netlink: Error: cache initialization failed: Operation not permitted"));
        assertFalse(SystemFirewall.deniedText("table inet filter {"));
    }

    @Test
    void matchesUfwPortSpecs() {
        assertTrue(FirewallCheck.Reading.ufwMatches("888/tcp", 888, Protocol.TCP));
        assertTrue(FirewallCheck.Reading.ufwMatches("888", 888, Protocol.UDP));
        assertTrue(FirewallCheck.Reading.ufwMatches("800:900/tcp", 888, Protocol.TCP));
        assertFalse(FirewallCheck.Reading.ufwMatches("888/udp", 888, Protocol.TCP));
        assertFalse(FirewallCheck.Reading.ufwMatches("OpenSSH", 22, Protocol.TCP));
    }
}
