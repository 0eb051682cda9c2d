package dev.homeport.doctor;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-written fakes for every seam doctor asks the world through. */
final class Fakes {
    static final String LAN = "192.0.2.10";
    static final String GATEWAY = "192.0.2.1";
    static final String WAN = "11.7.0.2";

    private Fakes() {
    }

    /** A router with a mapping table and a WAN address; it can fail every call like a router that stopped answering. */
    static class FakeRouter implements Router {
        final List<PortMapping> table = new ArrayList<>();
        String wan = WAN;
        Optional<HomeportException> failure = Optional.empty();

        @Override
        public String describe() {
            return "UPnP IGD:2 on Fake Router";
        }

        @Override
        public String externalAddress() {
            failure.ifPresent(e -> {
                throw e;
            });
            return wan;
        }

        @Override
        public List<PortMapping> list() {
            return List.copyOf(table);
        }

        @Override
        public Optional<PortMapping> find(int externalPort, Protocol protocol) {
            failure.ifPresent(e -> {
                throw e;
            });
            return table.stream().filter(m -> m.externalPort() == externalPort && m.protocol() == protocol).findFirst();
        }

        @Override
        public AddResult add(PortMapping wanted) {
            throw new UnsupportedOperationException("doctor never changes the router");
        }

        @Override
        public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
            throw new UnsupportedOperationException("doctor never changes the router");
        }
    }

    static Sockets sockets(Sockets.Listener... listeners) {
        return protocol -> List.of(listeners);
    }

    static Firewall firewall(Firewall.Dump... dumps) {
        return () -> List.of(dumps);
    }

    static Firewall noFirewallTools() {
        return firewall(new Firewall.Dump("ufw", Firewall.Outcome.MISSING, ""),
                new Firewall.Dump("nft", Firewall.Outcome.MISSING, ""),
                new Firewall.Dump("iptables", Firewall.Outcome.MISSING, ""));
    }

    /** A resolver answering from a table; unknown names do not exist. */
    static final class FakeResolver implements Resolver {
        final Map<String, Lookup> answers = new HashMap<>();

        FakeResolver a(String name, String... ipv4) {
            answers.put(name, new Lookup(List.of(ipv4), List.of(), Optional.empty()));
            return this;
        }

        @Override
        public Lookup resolve(String hostname) {
            return answers.getOrDefault(hostname, new Lookup(List.of(), List.of(), Optional.empty()));
        }
    }

    /** A web that answers some URLs and refuses the rest; it records what was asked. */
    static final class FakeWeb implements Web {
        final Map<String, Fetch> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        FakeWeb answer(String url, int status, String body) {
            answers.put(url, new Fetch(status, body, Optional.empty()));
            return this;
        }

        @Override
        public Fetch get(String url) {
            asked.add(url);
            return answers.getOrDefault(url, Fetch.failed("Connection refused"));
        }
    }

    static Lan lan(Optional<String> gateway, Optional<String> address) {
        return new Lan() {
            @Override
            public Optional<String> gateway() {
                return gateway;
            }

            @Override
            public Optional<String> addressTowards(String host) {
                return address;
            }
        };
    }

    static Lan lan() {
        return lan(Optional.of(GATEWAY), Optional.of(LAN));
    }
}
