package dev.homeport.webadmin.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes an emulated router's port forwards real: run inside the lab's router namespace, it mirrors the forwards the
 * firmware holds as nftables DNAT rules on the WAN interface, plus the forward-chain accept a router adds with them,
 * so a fetch from the lab's WAN namespace reaches the LAN host exactly as through a UPnP mapping.
 *
 * <p>It owns table {@code ip homeport_webadmin} (the DNAT) and chain {@code inet filter webadmin} (the accepts,
 * jumped to from the lab's {@code forward} chain, as miniupnpd's own chain is); {@link #close} removes all three.
 * It never touches miniupnpd's chains.
 */
final class NftForwards implements AutoCloseable {
    /** One forward the firmware applies: external ports {@code first..last} of {@code protocol} to {@code lanIp}. */
    record Forward(String protocol, int first, int last, String lanIp, int internalFirst) {
        Forward {
            if (!protocol.equals("tcp") && !protocol.equals("udp")) throw new IllegalArgumentException("protocol " + protocol);
            if (first < 1 || last < first || last > 65_535 || internalFirst < 1 || internalFirst + (last - first) > 65_535) {
                throw new IllegalArgumentException("ports " + first + "-" + last + " -> " + internalFirst);
            }
            if (RouterEmulator.parseIp(lanIp) < 0) throw new IllegalArgumentException("LAN address " + lanIp);
        }
    }

    static final String TABLE = "homeport_webadmin";
    static final String CHAIN = "webadmin";
    private final String wanInterface;
    private List<Forward> applied;

    NftForwards(String wanInterface) {
        if (!wanInterface.matches("[A-Za-z0-9_.-]{1,15}")) throw new IllegalArgumentException("interface " + wanInterface);
        this.wanInterface = wanInterface;
    }

    /** Replaces the rules with {@code forwards} (nothing is run when they did not change). */
    synchronized void apply(List<Forward> forwards) throws IOException {
        if (forwards.equals(applied)) return;
        StringBuilder s = new StringBuilder()
                .append("add table ip ").append(TABLE).append('\n')
                .append("delete table ip ").append(TABLE).append('\n')
                .append("table ip ").append(TABLE).append(" {\n  chain prerouting {\n")
                .append("    type nat hook prerouting priority -100; policy accept;\n");
        for (Forward f : forwards) {
            s.append("    iifname \"").append(wanInterface).append("\" ").append(f.protocol()).append(" dport ").append(ports(f))
                    .append(" dnat to ").append(f.lanIp());
            if (f.internalFirst() != f.first() || f.first() == f.last()) s.append(':').append(internalPorts(f));
            s.append('\n');
        }
        s.append("  }\n}\n")
                .append("add chain inet filter ").append(CHAIN).append('\n')
                .append("flush chain inet filter ").append(CHAIN).append('\n');
        for (Forward f : forwards) {
            s.append("add rule inet filter ").append(CHAIN).append(" ip daddr ").append(f.lanIp()).append(' ').append(f.protocol())
                    .append(" dport ").append(internalPorts(f)).append(" ct status dnat accept\n");
        }
        nft(s.toString(), "-f", "-");
        if (!nft("", "list", "chain", "inet", "filter", "forward").contains("jump " + CHAIN)) {
            nft("", "add", "rule", "inet", "filter", "forward", "jump", CHAIN);
        }
        applied = List.copyOf(forwards);
    }

    /** Removes everything this made (best effort: the lab's teardown removes the namespace anyway). */
    @Override
    public synchronized void close() {
        try {
            nft("", "delete", "table", "ip", TABLE);
            for (String line : nft("", "-a", "list", "chain", "inet", "filter", "forward").split("\n")) {
                if (line.contains("jump " + CHAIN + " ") && line.contains("# handle ")) {
                    String handle = line.substring(line.indexOf("# handle ") + 9).strip();
                    nft("", "delete", "rule", "inet", "filter", "forward", "handle", handle);
                }
            }
            nft("", "delete", "chain", "inet", "filter", CHAIN);
            applied = null;
        } catch (IOException e) {
            System.err.println("emulator: could not remove its nftables rules: " + e.getMessage());
        }
    }

    private static String ports(Forward f) {
        return f.first() == f.last() ? Integer.toString(f.first()) : f.first() + "-" + f.last();
    }

    private static String internalPorts(Forward f) {
        int last = f.internalFirst() + (f.last() - f.first());
        return f.internalFirst() == last ? Integer.toString(last) : f.internalFirst() + "-" + last;
    }

    /** Runs {@code nft args} with {@code input} on stdin; its stdout, or IOException with its stderr. */
    private static String nft(String input, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("nft"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nft " + String.join(" ", args) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) throw new IOException("nft " + String.join(" ", args) + " failed: " + out.strip() + "\n" + input);
        return out;
    }
}
