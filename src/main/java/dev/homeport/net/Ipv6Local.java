package dev.homeport.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * This host's IPv6 view, read from the kernel ({@code /proc/net/if_inet6}, {@code /proc/net/ipv6_route}): its
 * addresses with their flags, the one stable global address a server should be reached at, and the IPv6 default
 * gateway. Java's {@code NetworkInterface} cannot tell a temporary privacy address from a stable one; the kernel's
 * flags can, and a pinhole or AAAA record for a temporary address would stop working within a day.
 */
public final class Ipv6Local {
    // Kernel IFA_F_* flags, as /proc/net/if_inet6 prints them (the low byte).
    private static final int TEMPORARY = 0x01;
    private static final int DADFAILED = 0x08;
    private static final int DEPRECATED = 0x20;
    private static final int TENTATIVE = 0x40;

    private final Path ifInet6;
    private final Path ipv6Route;

    /**
     * @param ifInet6   normally {@code /proc/net/if_inet6}
     * @param ipv6Route normally {@code /proc/net/ipv6_route}
     */
    public Ipv6Local(Path ifInet6, Path ipv6Route) {
        this.ifInet6 = ifInet6;
        this.ipv6Route = ipv6Route;
    }

    public static Ipv6Local system() {
        return new Ipv6Local(Path.of("/proc/net/if_inet6"), Path.of("/proc/net/ipv6_route"));
    }

    /** A host without IPv6 (no addresses, no routes): the default of unit tests. */
    public static Ipv6Local absent() {
        return new Ipv6Local(Path.of("/nonexistent/if_inet6"), Path.of("/nonexistent/ipv6_route"));
    }

    /**
     * One address of this host.
     *
     * @param address   canonical text form ({@code 2001:db8:1::10})
     * @param iface     the interface name
     * @param prefix    prefix length, 0..128
     * @param global    scope global (the kernel's scope 0)
     * @param temporary a privacy address (RFC 8981) that the kernel replaces every day or so
     * @param usable    neither deprecated, tentative nor failed duplicate address detection
     */
    public record Address(String address, String iface, int prefix, boolean global, boolean temporary, boolean usable) {
        public Address {
            if (prefix < 0 || prefix > 128) throw new IllegalArgumentException("prefix (" + prefix + ") must be 0..128");
        }

        /** Global, stable, usable, and not unique-local (fc00::/7 never reaches the internet). */
        public boolean stableGlobal() {
            return global && !temporary && usable && !isUniqueLocal(address);
        }
    }

    /** The IPv6 default route's next hop and interface. */
    public record Gateway(String address, String iface) {
        /** True when the next hop is link-local (fe80::/10): it must be reached through {@link #iface}. */
        public boolean linkLocal() {
            return address.toLowerCase(Locale.ROOT).startsWith("fe8") || address.toLowerCase(Locale.ROOT).startsWith("fe9")
                    || address.toLowerCase(Locale.ROOT).startsWith("fea") || address.toLowerCase(Locale.ROOT).startsWith("feb");
        }
    }

    /** Every IPv6 address of this host; empty when IPv6 is off or the file cannot be read. */
    public List<Address> addresses() {
        List<Address> out = new ArrayList<>();
        for (String[] f : ProcTable.rows(ifInet6)) {
            if (f.length < 6 || f[0].length() != 32) continue;
            try {
                int prefix = Integer.parseInt(f[2], 16);
                int scope = Integer.parseInt(f[3], 16);
                int flags = Integer.parseInt(f[4], 16);
                out.add(new Address(canonical(f[0]), f[5], prefix, scope == 0, (flags & TEMPORARY) != 0,
                        (flags & (DADFAILED | DEPRECATED | TENTATIVE)) == 0));
            } catch (IllegalArgumentException e) {
                // a line the kernel would not write: skip it
            }
        }
        return out;
    }

    /**
     * The stable global address a server on this host is reached at: on the interface of the IPv6 default route when
     * there is one, else the first. Never a temporary (privacy) address.
     */
    public Optional<String> stableGlobal() {
        List<Address> stable = addresses().stream().filter(Address::stableGlobal).toList();
        if (stable.isEmpty()) return Optional.empty();
        Optional<String> via = defaultGateway().map(Gateway::iface);
        return stable.stream().filter(a -> via.isPresent() && a.iface().equals(via.get())).findFirst()
                .or(() -> stable.stream().findFirst()).map(Address::address);
    }

    /** True when {@code address} is one of this host's temporary (privacy) addresses. */
    public boolean isTemporary(String address) {
        String c = canonicalText(address);
        return addresses().stream().anyMatch(a -> a.temporary() && a.address().equals(c));
    }

    /** The IPv6 default gateway, if the routing table has one. */
    public Optional<Gateway> defaultGateway() {
        for (String[] f : ProcTable.rows(ipv6Route)) {
            // dest prefixlen src srcprefixlen nexthop metric refcnt use flags iface
            if (f.length < 10 || !f[0].equals("0".repeat(32)) || !f[1].equals("00") || f[4].equals("0".repeat(32))) continue;
            if (f[9].equals("lo")) continue;
            try {
                return Optional.of(new Gateway(canonical(f[4]), f[9]));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Canonical text of an IPv6 literal (compressed, lower case). @throws IllegalArgumentException if it is not one */
    public static String canonicalText(String address) {
        String a = address == null ? "" : address.strip();
        if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
        if (!a.contains(":") || !a.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv6 address");
        }
        try {
            InetAddress i = InetAddress.getByName(a);
            if (!(i instanceof Inet6Address)) throw new IllegalArgumentException("'" + address + "' is not an IPv6 address");
            return compress(i.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv6 address", e);
        }
    }

    /** True for a syntactically valid IPv6 literal. */
    public static boolean isValid(String address) {
        try {
            canonicalText(address);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isUniqueLocal(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return a.startsWith("fc") || a.startsWith("fd");
    }

    private static String canonical(String hex32) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte) Integer.parseInt(hex32.substring(2 * i, 2 * i + 2), 16);
        return compress(b);
    }

    /** RFC 5952 text of a 16-byte address: lower case, the longest run of two or more zero groups as "::". */
    public static String compress(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            if (j > i) i = j - 1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }
}
