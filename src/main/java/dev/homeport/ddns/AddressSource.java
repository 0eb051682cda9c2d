package dev.homeport.ddns;

import dev.homeport.core.Router;
import java.util.Objects;
import java.util.function.Supplier;

/** The seam to wherever the public address comes from: the router's WAN address, or a web IP-echo service. */
public interface AddressSource {

    /** Where the address comes from, for messages: {@code the router's WAN address}, {@code https://... (ip-url)}. */
    String describe();

    /**
     * The IPv4 address this source sees.
     *
     * @throws dev.homeport.core.HomeportException when it cannot be asked or gives no address
     */
    String address();

    /** The address the router reports for its WAN side (UPnP {@code GetExternalIPAddress} or the web admin). */
    static AddressSource router(Router router) {
        Objects.requireNonNull(router, "router");
        return new AddressSource() {
            @Override
            public String describe() {
                return "the router's WAN address (" + router.describe() + ")";
            }

            @Override
            public String address() {
                return router.externalAddress();
            }
        };
    }

    /**
     * The router's WAN address, asked only when needed: a run that is latched or on hold never connects to the
     * router at all.
     */
    static AddressSource routerLazily(Supplier<String> wanAddress) {
        Objects.requireNonNull(wanAddress, "wanAddress");
        return new AddressSource() {
            @Override
            public String describe() {
                return "the router's WAN address";
            }

            @Override
            public String address() {
                return wanAddress.get();
            }
        };
    }

    /** A fixed address, e.g. from {@code --ip}. */
    static AddressSource fixed(String address, String description) {
        return new AddressSource() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public String address() {
                return address;
            }
        };
    }
}
