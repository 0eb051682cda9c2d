package dev.homeport.pcp;

import dev.homeport.core.HomeportException.Kind;
import java.util.Optional;

/** The PCP (RFC 6887 §7.4) and NAT-PMP (RFC 6886 §3.5) result codes, as errors a person can act on. */
final class ResultCodes {
    static final int PCP_UNSUPP_VERSION = 1;
    static final int PCP_NOT_AUTHORIZED = 2;
    static final int PCP_CANNOT_PROVIDE_EXTERNAL = 11;

    private ResultCodes() {
    }

    static String pcpName(int code) {
        return switch (code) {
            case 0 -> "SUCCESS";
            case 1 -> "UNSUPP_VERSION";
            case 2 -> "NOT_AUTHORIZED";
            case 3 -> "MALFORMED_REQUEST";
            case 4 -> "UNSUPP_OPCODE";
            case 5 -> "UNSUPP_OPTION";
            case 6 -> "MALFORMED_OPTION";
            case 7 -> "NETWORK_FAILURE";
            case 8 -> "NO_RESOURCES";
            case 9 -> "UNSUPP_PROTOCOL";
            case 10 -> "USER_EX_QUOTA";
            case 11 -> "CANNOT_PROVIDE_EXTERNAL";
            case 12 -> "ADDRESS_MISMATCH";
            case 13 -> "EXCESSIVE_REMOTE_PEERS";
            default -> "result " + code;
        };
    }

    /** The error for a PCP answer with result {@code code} to {@code what} (e.g. {@code MAP 888/tcp}). */
    static PortControlException pcp(int code, String what, String gateway) {
        String name = pcpName(code);
        String why = switch (code) {
            case 2 -> "the router does not allow it (policy, or the mapping belongs to another client or nonce)";
            case 7 -> "the router has no working WAN connection right now";
            case 8, 10 -> "the router has no room for more mappings";
            case 11 -> "the external port is not available (another mapping holds it, or the router's rules forbid it)";
            case 12 -> "the router sees this host at another address than it says (a NAT between this host and the router)";
            default -> "the router refused";
        };
        String hint = switch (code) {
            case 2 -> "allow this host and port in the router's NAT-PMP/PCP settings, or use another --external-port";
            case 8, 10 -> "remove mappings you no longer need, then try again";
            case 11 -> "try another --external-port";
            case 12 -> "run homeport on the host the port should reach, on the router's own LAN";
            default -> "try --via upnp or --via web";
        };
        Kind kind = code == 7 ? Kind.NO_ROUTER : Kind.ROUTER_REFUSED;
        return new PortControlException(kind, "the router (" + gateway + ") refused PCP " + what + ": " + name + ", " + why, hint,
                gateway, Optional.of(code));
    }

    static String natPmpName(int code) {
        return switch (code) {
            case 0 -> "success";
            case 1 -> "unsupported version";
            case 2 -> "not authorized/refused";
            case 3 -> "network failure";
            case 4 -> "out of resources";
            case 5 -> "unsupported opcode";
            default -> "result " + code;
        };
    }

    static PortControlException natPmp(int code, String what, String gateway) {
        String hint = switch (code) {
            case 2 -> "allow this host and port in the router's NAT-PMP settings, or use another --external-port";
            case 4 -> "remove mappings you no longer need, then try again";
            default -> "try --via upnp or --via web";
        };
        Kind kind = code == 3 ? Kind.NO_ROUTER : Kind.ROUTER_REFUSED;
        return new PortControlException(kind, "the router (" + gateway + ") refused NAT-PMP " + what + ": " + natPmpName(code), hint,
                gateway, Optional.of(code));
    }
}
