package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** scripts/lab up is safe twice, and down leaves nothing behind: no namespace, process, file or resolver config. */
class LabLifecycleIT {

    private static List<String> namespacesOf(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(name + "-")).sorted().toList();
    }

    private static boolean anyEtcNetns(String name) throws IOException {
        Path etc = Path.of("/etc/netns");
        if (!Files.isDirectory(etc)) {
            return false;
        }
        try (Stream<Path> s = Files.list(etc)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(name + "-"));
        }
    }

    @Test
    void upTwiceKeepsTheSameRouterAndDownLeavesNothing() throws Exception {
        Lab lab = Lab.up();
        String name = lab.name();
        try {
            assertEquals(List.of(name + "-lan", name + "-lan2", name + "-router", name + "-wan"), namespacesOf(name));
            String pid = Files.readString(Path.of("/run/homeport-lab", name, "miniupnpd.pid")).trim();

            Lab.Result again = lab.labScript("up");

            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.stdout().contains("already up"), again.toString());
            assertEquals(pid, Files.readString(Path.of("/run/homeport-lab", name, "miniupnpd.pid")).trim());
            assertEquals(0, lab.labScript("status").exitCode());
            lab.start("lan", "sleep", "600");
        } finally {
            lab.close();
        }

        assertEquals(List.of(), namespacesOf(name));
        assertFalse(Files.exists(Path.of("/run/homeport-lab", name)), "no run directory left");
        assertFalse(anyEtcNetns(name), "no /etc/netns entries left");
        Lab.Result status = statusOf(name);
        assertEquals(3, status.exitCode(), "status says it is down: " + status);
    }

    /** Runs scripts/lab status for a lab whose Lab object is already closed. */
    private static Lab.Result statusOf(String name) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("homeport.root", System.getProperty("user.dir")), "scripts", "lab");
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "status").redirectErrorStream(true);
        pb.environment().put("HOMEPORT_LAB", name);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Lab.Result(p.waitFor(), out, "");
    }
}
