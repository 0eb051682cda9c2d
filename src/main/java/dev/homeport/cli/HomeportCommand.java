package dev.homeport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: {@code homeport <subcommand>}. */
@Command(name = "homeport",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Makes a home server reachable from the internet and keeps it so: opens the port on the router"
                + " (UPnP-IGD, or the router's web admin), keeps dynamic DNS pointing at it, and says what is wrong when"
                + " it still cannot be reached.",
        subcommands = {
            ForwardCommand.class,
            UnforwardCommand.class,
            ListCommand.class,
            ExternalIpCommand.class,
            DiscoverCommand.class,
            DdnsCommand.class,
            ConfigCommand.class,
            ReassertCommand.class,
            WatchCommand.class,
            ProfilesCommand.class,
            RouterDdnsCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {"  homeport forward --port 888     open port 888 on the router to this host",
                  "  homeport reassert -q            from cron: keep router and DNS as configured"})
final class HomeportCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
