package dev.homeport.ddns;

import dev.homeport.core.Router;
import java.util.Objects;

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
