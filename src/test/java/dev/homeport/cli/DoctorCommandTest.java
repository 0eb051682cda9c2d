package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.Config;
import dev.homeport.config.ConfigLocator;
import dev.homeport.core.AddResult;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.doctor.Firewall;
import dev.homeport.doctor.Lan;
import dev.homeport.doctor.Probes;
import dev.homeport.doctor.Resolver;
import dev.homeport.doctor.RouterSource;
import dev.homeport.doctor.Sockets;
import dev.homeport.doctor.Web;
import dev.homeport.net.LocalNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code homeport doctor} end to end over fake seams: what the user sees and the exit code. */
class DoctorCommandTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private String bind = "0.0.0.0";
    private String wan = "11.7.0.2";
    private final List<PortMapping> table = new ArrayList<>(List.of(
            PortMapping.of(888, Protocol.TCP, "192.0.2.10", 888, "homeport blog", 3600)));

    private Services services(Map<String, String> env) {
        return new Services(new PrintWriter(out, true), new PrintWriter(err, true), env, Clock.systemUTC(), home,
                new ConfigLocator(home, home.resolve("etc")), LocalNetwork.system());
    }

    private final class FakeSeams implements DoctorCommand.Seams {
        @Override
        public Probes probes(Services services) {
            Sockets sockets = p -> List.of(new Sockets.Listener(bind, 888));
            Firewall firewall = () -> List.of(new Firewall.Dump("nft", Firewall.Outcome.TEXT, ""));
            Resolver resolver = h -> new Resolver.Lookup(List.of("11.7.0.2"), List.of(), Optional.empty());
            Web web = url -> new Web.Fetch(0, "", Optional.of("Connection refused"));
            Lan lan = new Lan() {
                @Override
                public Optional<String> gateway() {
                    return Optional.of("192.0.2.1");
                }

                @Override
                public Optional<String> addressTowards(String host) {
                    return Optional.of("192.0.2.10");
                }
            };
            return new Probes(sockets, firewall, resolver, web, lan);
        }

        @Override
        public RouterSource router(Services services, GlobalOptions global, RouterOptions options, Config.RouterSettings settings) {
            return () -> new Router() {
                @Override
                public String describe() {
                    return "UPnP IGD:2 on Lab Router";
                }

                @Override
                public String externalAddress() {
                    return wan;
                }

                @Override
                public List<PortMapping> list() {
                    return table;
                }

                @Override
                public Optional<PortMapping> find(int port, Protocol protocol) {
                    return table.stream().filter(m -> m.externalPort() == port && m.protocol() == protocol).findFirst();
                }

                @Override
                public AddResult add(PortMapping wanted) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public RemoveResult remove(int port, Protocol protocol, String client) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    /** Runs doctor as Main would, with the output contract of {@code global} ({@code --json} is one of its options). */
    private int doctor(GlobalOptions global, String... args) {
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        if (rest.remove("--json")) global.setJson(true);
        Services services = services(Map.of());
        services.output().bind(global);
        DoctorCommand cmd = new DoctorCommand(services, global, new FakeSeams());
        int code = new CommandLine(cmd).execute(rest.toArray(String[]::new));
        services.output().finish(code, java.util.Optional.empty());
        return code;
    }

    @Test
    void printsOneAlignedLinePerCheckAndExitsZeroWhenNothingBlocks() {
        int code = doctor(new GlobalOptions(), "--port", "888", "--hostname", "blog.lab.test");
        assertEquals(0, code, out.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("ok       local server  888/tcp        listening on 0.0.0.0:888", lines.get(0));
        assertTrue(lines.get(2).startsWith("ok       router                       UPnP IGD:2 on Lab Router answers"), lines.get(2));
        assertTrue(lines.get(5).startsWith("ok       dns           blog.lab.test  blog.lab.test -> 11.7.0.2"), lines.get(5));
        assertTrue(lines.get(lines.size() - 1).startsWith("verdict: nothing found that blocks reachability"));
        assertFalse(out.toString().contains("\u001b["), "no colour when stdout is not a terminal");
    }

    @Test
    void exitsWithTheUnreachableCodeAndPrintsTheCauseFirst() {
        bind = "127.0.0.1";
        wan = "100.64.0.2";
        int code = doctor(new GlobalOptions(), "--port", "888");
        assertEquals(12, code);
        List<String> problems = out.toString().lines().filter(l -> l.startsWith("problem")).toList();
        assertEquals(2, problems.size(), out.toString());
        assertTrue(problems.get(0).contains("127.0.0.1:888 only") && problems.get(0).contains("-- fix: bind it to all addresses"));
        assertTrue(problems.get(1).contains("carrier-grade NAT"), problems.get(1));
        assertTrue(out.toString().contains("verdict: not reachable: 2 problems; fix the first one (local server 888/tcp) first"));
    }

    @Test
    void writesOneStableJsonDocument() {
        table.clear();
        int code = doctor(new GlobalOptions(), "--port", "888", "--json");
        assertEquals(12, code);
        String json = out.toString().strip();
        assertEquals(1, json.lines().count());
        assertTrue(json.startsWith("{\"schema\":1,\"verdict\":\"unreachable\",\"exitCode\":12,\"problems\":1,\"warnings\":0,"
                + "\"firstProblem\":{\"check\":\"mapping\",\"subject\":\"888/tcp\",\"status\":\"problem\","
                + "\"evidence\":\"the router does not forward 888/tcp: no mapping for it\","
                + "\"fix\":\"create it: homeport forward --port 888\"},\"checks\":[{\"check\":\"local-server\""), json);
        assertTrue(json.contains("{\"check\":\"router\",\"subject\":\"\",\"status\":\"ok\""), json);
        assertTrue(json.contains("\"fix\":null"), json);
    }

    @Test
    void printsNothingUnderQuietWhenNothingBlocks() {
        GlobalOptions quiet = new GlobalOptions();
        quiet.setQuiet(true);
        assertEquals(0, doctor(quiet, "--port", "888"));
        assertEquals("", out.toString());
        table.clear();
        assertEquals(12, doctor(quiet, "--port", "888"));
        assertTrue(out.toString().contains("problem  mapping"), out.toString());
    }

    @Test
    void checksEveryConfiguredForwardAndHostname() throws IOException {
        Path config = home.resolve("homeport.yaml");
        Files.writeString(config, """
                forwards:
                  - name: blog
                    port: 888
                  - name: game
                    port: 27015
                    protocol: udp
                ddns:
                  provider: dyndns2
                  server: http://127.0.0.1:8245
                  hostnames: [blog.lab.test]
                  username: pete
                  password-env: DDNS_PASSWORD
                """);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        GlobalOptions global = new GlobalOptions();
        global.setConfig(config);
        doctor(global);
        String text = out.toString();
        assertTrue(text.contains("mapping       27015/udp      the router does not forward 27015/udp"), text);
        assertTrue(text.contains("-- fix: create it: homeport reassert"), text);
        assertTrue(text.contains("dns           blog.lab.test  blog.lab.test -> 11.7.0.2"), text);
        assertTrue(text.contains("info     hairpin       888/tcp        no answer from http://11.7.0.2:888/"), text);
        assertTrue(text.contains("skipped  hairpin       27015/udp      not tried: the mapping is not in place"), text);
    }

    @Test
    void refusesAPortOutOfRangeAsUsage() {
        int code = Main.run(services(Map.of()), "doctor", "--port", "0");
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("error: --port '0' must be a port number from 1 to 65535"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void refusesToGuessAPortWithoutConfig() {
        int code = Main.run(services(Map.of()), "doctor");
        assertEquals(2, code);
        assertTrue(err.toString().contains("nothing to check"), err.toString());
    }

    @Test
    void stopsOnAnInvalidConfigWithTheConfigCode() throws IOException {
        Path config = home.resolve("broken.yaml");
        Files.writeString(config, "forwards:\n  - name: blog\n    port: eighty\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        int code = Main.run(services(Map.of()), "--config", config.toString(), "doctor");
        assertEquals(3, code);
        assertTrue(err.toString().startsWith("error: "), err.toString());
        assertTrue(err.toString().contains("broken.yaml"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void refusesABadHostnameAsUsage() {
        int code = Main.run(services(Map.of()), "doctor", "--port", "888", "--hostname", "bad name!");
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("error: hostname 'bad name!' is not a DNS name"), err.toString());
    }

    @Test
    void coloursOnlyOnATerminalWithoutNoColor() {
        assertTrue(DoctorPrinter.wantsColour(true, Map.of("TERM", "xterm")));
        assertFalse(DoctorPrinter.wantsColour(false, Map.of("TERM", "xterm")));
        assertFalse(DoctorPrinter.wantsColour(true, Map.of("NO_COLOR", "1")));
        assertFalse(DoctorPrinter.wantsColour(true, Map.of("TERM", "dumb")));
    }
}
