package dev.homeport.upnp;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;

/**
 * Turns UPnP error codes into one line a user can act on. Codes and their usual causes: UPnP IGD
 * WANIPConnection:2 spec section 2.4 and what real routers do (miniupnpd secure mode, FRITZ!Box permissions,
 * OpenWrt's port ACL).
 */
final class UpnpErrors {
    private UpnpErrors() {
    }

    /** The spec's name of a code, or "unknown error". */
    static String name(int code) {
        return switch (code) {
            case 401 -> "Invalid Action";
            case 402 -> "Invalid Args";
            case 501 -> "Action Failed";
            case 600 -> "Argument Value Invalid";
            case 601 -> "Argument Value Out of Range";
            case 606 -> "Action not authorized";
            case 713 -> "SpecifiedArrayIndexInvalid";
            case 714 -> "NoSuchEntryInArray";
            case 715 -> "WildCardNotPermittedInSrcIP";
            case 716 -> "WildCardNotPermittedInExtPort";
            case 718 -> "ConflictInMappingEntry";
            case 724 -> "SamePortValuesRequired";
            case 725 -> "OnlyPermanentLeasesSupported";
            case 726 -> "RemoteHostOnlySupportsWildcard";
            case 727 -> "ExternalPortOnlySupportsWildcard";
            case 728 -> "NoPortMapsAvailable";
            case 729 -> "ConflictWithOtherMechanisms";
            case 730 -> "PortMappingNotFound";
            case 731 -> "ReadOnly";
            case 732 -> "WildCardNotPermittedInIntPort";
            case 733 -> "InconsistentParameters";
            default -> "unknown error";
        };
    }

    /** A suggestion for an external port the router's policy is more likely to accept. */
    static int suggestedPort(int externalPort) {
        if (externalPort < 1024) return externalPort + 8000;
        return externalPort == 8888 ? 8889 : 8888;
    }

    /**
     * The router refused the mapping by policy: an error claiming a conflict (718, IGD:1) or "not authorised" (606,
     * IGD:2) while no mapping holds the port.
     */
    static UpnpException policyRefusal(UpnpException e, PortMapping wanted, String localAddress) {
        String what = wanted.key() + " -> " + wanted.internalClient() + ":" + wanted.internalPort();
        String codeText = e.code().isPresent() ? "UPnP " + e.code().getAsInt() + " from " + e.router() : "from " + e.router();
        if (!wanted.internalClient().equals(localAddress)) {
            return e.explained(Kind.ROUTER_REFUSED, "the router's policy refused " + what + " (" + codeText + "): in secure mode a"
                    + " host may only open ports for itself, and this host is " + localAddress,
                    "run homeport on " + wanted.internalClient() + " itself, or forward the port in the router's admin page");
        }
        String prefix = e.hasCode(606) ? "not authorised: " : "";
        return e.explained(Kind.ROUTER_REFUSED, prefix + "the router's policy refused " + what + " (" + codeText
                        + "; no other mapping holds the port): secure mode or its port rules, which often deny ports below 1024",
                "try --external-port " + suggestedPort(wanted.externalPort()) + " (visitors then use that port), or enable UPnP port"
                        + " forwarding for this device on the router");
    }

    /** Any other refusal of {@code action}, explained. */
    static UpnpException explain(UpnpException e, String what) {
        if (e.connectionFailed()) return e;
        String action = e.action().orElse("the request");
        String from = " (UPnP " + e.code().orElse(0) + " from " + e.router() + ")";
        if (e.code().isEmpty()) {
            int status = e.httpStatus().orElse(0);
            if (status == 500) {
                return e.explained(Kind.ROUTER_REFUSED, "the router failed " + action + " for " + what + " (HTTP 500 from "
                        + e.router() + " without a UPnP error code)", "retry in a minute; if it persists, restart the router");
            }
            return e;
        }
        int code = e.code().getAsInt();
        return switch (code) {
            case 401, 602 -> e.explained(Kind.ROUTER_REFUSED, "the router does not support " + action + from,
                    "use the router's admin page (homeport --via web) for this router");
            case 402, 600, 601 -> e.explained(Kind.ROUTER_REFUSED, "the router rejected the arguments of " + action + " for " + what
                    + from, "try another --lease (e.g. 1h) or --external-port; if it persists, report the router model");
            case 501 -> e.explained(Kind.ROUTER_REFUSED, "the router could not carry out " + action + " for " + what + from,
                    "retry in a minute; check 'homeport external-ip' (a router behind double or carrier-grade NAT refuses every"
                            + " mapping); if it persists, restart the router");
            case 606 -> e.explained(Kind.ROUTER_REFUSED, "not authorised: the router refused " + action + " for " + what + from,
                    "enable UPnP port forwarding for this device on the router");
            case 714, 730 -> e.explained(Kind.ROUTER_REFUSED, "the router has no mapping " + what + from, null);
            case 715, 726 -> e.explained(Kind.ROUTER_REFUSED, "the router does not accept the remote-host setting for " + what + from,
                    "report the router model: homeport sends an empty (any) remote host");
            case 716, 727 -> e.explained(Kind.ROUTER_REFUSED, "the router only accepts a wildcard external port for " + what + from,
                    "forward the port in the router's admin page (homeport --via web)");
            case 718 -> e.explained(Kind.CONFLICT, "port " + what + " is already forwarded elsewhere" + from,
                    "see 'homeport list', or use another --external-port");
            case 724 -> e.explained(Kind.ROUTER_REFUSED, "the router requires the external port to equal the internal port for "
                    + what + from, "drop --external-port, or make it equal to --port");
            case 725 -> e.explained(Kind.ROUTER_REFUSED, "the router only accepts permanent mappings for " + what + from,
                    "use --lease permanent");
            case 728 -> e.explained(Kind.ROUTER_REFUSED, "the router's port-mapping table is full" + from,
                    "remove mappings no longer needed ('homeport list', then 'homeport unforward' or the router's admin page)");
            case 729 -> e.explained(Kind.CONFLICT, "port " + what + " is used by another router feature (a static port forward,"
                    + " DMZ or a service of the router itself)" + from, "check the router's port-forwarding page, or use another"
                    + " --external-port");
            case 731, 732, 733 -> e.explained(Kind.ROUTER_REFUSED, "the router refused " + action + " for " + what + ": "
                    + name(code) + from, "check --port and --external-port");
            default -> e.explained(Kind.ROUTER_REFUSED, "the router refused " + action + " for " + what + ": " + name(code) + from,
                    "retry later; if it persists, check the router's UPnP settings");
        };
    }
}
