package dev.homeport.pcp;

import dev.homeport.core.HomeportException;
import java.util.Optional;

/** A PCP or NAT-PMP failure, naming the gateway and, when the router answered with one, its result code. */
public final class PortControlException extends HomeportException {
    private final String gateway;
    private final Optional<Integer> resultCode;

    PortControlException(Kind kind, String message, String hint, String gateway, Optional<Integer> resultCode) {
        super(kind, message, hint);
        this.gateway = gateway;
        this.resultCode = resultCode;
    }

    static PortControlException noAnswer(String protocol, String gateway, String why) {
        return new PortControlException(Kind.NO_ROUTER, "the router (" + gateway + ") did not answer " + protocol + ": " + why,
                "check that this host's default gateway is the router, and that NAT-PMP/PCP is on in its settings",
                gateway, Optional.empty());
    }

    /** The gateway asked, as {@code address:port}. */
    public String gateway() {
        return gateway;
    }

    /** The PCP or NAT-PMP result code, when the router answered with an error. */
    public Optional<Integer> resultCode() {
        return resultCode;
    }

    /** True when the gateway answered that it does not speak PCP version 2 (a NAT-PMP-only gateway): try NAT-PMP. */
    public boolean pcpUnsupported() {
        return resultCode.equals(Optional.of(ResultCodes.PCP_UNSUPP_VERSION)) && getMessage().contains("does not speak PCP");
    }
}
