package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandTreeTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheSubcommandAfterPlainGlobalOptions() {
        assertEquals(Optional.of(ReassertCommand.class), CommandTree.named("reassert", "-q"));
        assertEquals(Optional.of(ReassertCommand.class), CommandTree.named("--config", "list", "reassert"));
        assertEquals(Optional.of(ListCommand.class), CommandTree.named("-vv", "--state-dir=/s", "--stacktrace", "list", "--json"));
        assertEquals(Optional.of(DdnsCommand.class), CommandTree.named("--quiet", "ddns", "update"));
    }

    @Test
    void leavesEverythingElseToTheFullTree() {
        assertEquals(Optional.empty(), CommandTree.named());
        assertEquals(Optional.empty(), CommandTree.named("--help", "reassert"));
        assertEquals(Optional.empty(), CommandTree.named("-V"));
        assertEquals(Optional.empty(), CommandTree.named("help", "reassert"));
        assertEquals(Optional.empty(), CommandTree.named("lst"));
        assertEquals(Optional.empty(), CommandTree.named("--bogus", "list"));
        assertEquals(Optional.empty(), CommandTree.named("--config"));
    }

    @Test
    void everyBranchReadsExactlyAsInTheFullTree() {
        CommandLine.IFactory factory = new CommandFactory(new TestServices(tmp).services, new Main.GlobalHolder());
        CommandLine full = new CommandLine(new HomeportCommand(), factory);
        for (String name : full.getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            CommandLine lean = CommandTree.build(factory, name).getSubcommands().get(name);
            assertEquals(usages(full.getSubcommands().get(name)), usages(lean), name);
        }
    }

    @Test
    void aBranchRunStillHelpsAndReportsBadInputAsBefore() {
        TestServices t = new TestServices(tmp);
        assertEquals(0, t.run("-q", "reassert", "--help"));
        assertEquals(true, t.out().startsWith("Usage: homeport reassert "), t.out());
        t.reset();
        assertEquals(2, t.run("forward", "--prot", "7"));
        assertEquals("hint: did you mean '--port'? (see 'homeport forward --help')", t.err().lines().reduce((x, y) -> y).orElse(""),
                t.err());
    }

    /** The usage of a command and of its subcommands, recursively. */
    private static String usages(CommandLine c) {
        StringBuilder sb = new StringBuilder(c.getUsageMessage(CommandLine.Help.Ansi.OFF));
        c.getSubcommands().values().forEach(s -> sb.append(usages(s)));
        return sb.toString();
    }
}
