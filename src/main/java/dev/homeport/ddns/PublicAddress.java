package dev.homeport.ddns;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.net.Ipv4;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Picks the address to register: the configured source's, checked against a second source when both are
 * configured (router and ip-url). When they disagree the router is behind another NAT (double NAT, or the ISP's
 * carrier-grade NAT): port forwarding on this router cannot make the host reachable, so nothing is registered.
 */
public final class PublicAddress implements Supplier<String> {
    private final AddressSource primary;
    private final Optional<AddressSource> crossCheck;

    public PublicAddress(AddressSource primary, Optional<AddressSource> crossCheck) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.crossCheck = Objects.requireNonNull(crossCheck, "crossCheck");
    }

    /**
     * The address source the {@code ddns:} section asks for: with {@code ip-source: url} the IP-echo URL alone;
     * otherwise {@code router}, cross-checked against {@code ip-url} when one is set.
     *
     * @param router asked only when the section uses it, and only when an update may be sent
     */
    public static PublicAddress forConfig(Config.Ddns ddns, AddressSource router, OkHttpClient http) {
        Optional<AddressSource> echo = ddns.ipUrl().map(u -> new EchoAddressSource(http, u));
        if (ddns.ipSource().equals("url")) {
            return new PublicAddress(echo.orElseThrow(() -> new IllegalArgumentException("ip-source url needs an ip-url")),
                    Optional.empty());
        }
        return new PublicAddress(router, echo);
    }

    /**
     * The address to register.
     *
     * @throws DdnsException (DDNS_FAILED) when the two sources disagree; a source's own exception when it fails
     */
    @Override
    public String get() {
        String a = primary.address().strip();
        if (crossCheck.isEmpty()) return a;
        String b = crossCheck.get().address().strip();
        if (a.equals(b)) return a;
        String routerSide = Ipv4.isValid(a) && Ipv4.scope(a) != Ipv4.Scope.PUBLIC ? " (" + Ipv4.scope(a).explanation() + ")" : "";
        throw new DdnsException(Kind.DDNS_FAILED, primary.describe() + " is " + a + routerSide + " but "
                + crossCheck.get().describe() + " sees " + b + ": there is another NAT between the router and the internet"
                + " (double NAT), so a hostname pointing at either could not reach this host; not updating",
                "forward the port on the outer router (or put the modem in bridge mode), or ask the ISP for a public IPv4 address",
                null);
    }
}
