package dev.homeport.cli;

import dev.homeport.webadmin.Profile;
import dev.homeport.webadmin.ProfileException;
import dev.homeport.webadmin.Profiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code homeport profiles}: the router web-admin profiles: list, show, check. */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "Router web-admin profiles: the shipped ones and yours (~/.config/homeport/profiles/*.yaml).",
        subcommands = {ProfilesCommand.ListProfiles.class, ProfilesCommand.Show.class, ProfilesCommand.Check.class},
        footerHeading = "%nExamples:%n",
        footer = {"  homeport profiles list", "  homeport profiles show netgear.sercomm.services-inbound",
                  "  homeport profiles check ~/.config/homeport/profiles/my-router.yaml"})
final class ProfilesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageErrors.MissingSubcommand(spec.commandLine());
    }

    /** {@code profiles list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the profiles (and user files that do not load).",
            footerHeading = "%nExamples:%n", footer = {"  homeport profiles list", "  homeport profiles list --json"})
    @Exits({ExitCodes.OK, ExitCodes.USAGE})
    static final class ListProfiles implements Callable<Integer> {
        private final Services services;
        private final GlobalOptions global;

        ListProfiles(Services services, GlobalOptions global) {
            this.services = services;
            this.global = global;
        }

        @Override
        public Integer call() {
            WebAdminConnector web = new WebAdminConnector(services);
            Profiles profiles = web.profiles();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Profiles.Entry e : profiles.entries()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("source", e.source());
                e.profile().ifPresent(p -> {
                    row.put("id", p.id());
                    row.put("title", p.title());
                    row.put("family", p.family());
                    row.put("models", p.models());
                    row.put("operations", p.operationNames());
                });
                if (e.profile().isPresent()) row.put("used", e.shadowedBy().isEmpty());
                e.shadowedBy().ifPresent(by -> row.put("shadowedBy", by));
                List<String> shadows = shadowedBy(profiles, e);
                if (!shadows.isEmpty()) row.put("shadows", shadows);
                e.error().ifPresent(x -> row.put("error", x.getMessage()));
                rows.add(row);
            }
            Output out = services.output();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("profiles", rows);
            doc.put("userDir", web.userProfileDir().toString());
            out.document(doc);
            for (Profiles.Entry e : profiles.entries()) {
                if (e.profile().isPresent()) {
                    Profile p = e.profile().get();
                    out.answer(String.format("%-36s %s", p.id(), p.title()));
                    out.answer(String.format("%-36s models: %s; does: %s", "", String.join(", ", p.models()),
                            String.join(", ", p.operationNames())));
                    // Two files with one id: say plainly which one forward/list/--profile use, and from where.
                    if (e.shadowedBy().isPresent()) {
                        out.answer(String.format("%-36s NOT USED: %s is shadowed by %s", "", e.source(), e.shadowedBy().get()));
                    }
                    for (String lost : shadowedBy(profiles, e)) {
                        out.answer(String.format("%-36s used: %s (shadows %s)", "", e.source(), lost));
                    }
                } else {
                    out.warn(e.error().map(ProfileException::getMessage).orElse(e.source()));
                }
            }
            if (!out.json() && !out.quiet()) services.err().println("your own profiles go in " + web.userProfileDir());
            return ExitCodes.OK;
        }

        /** The sources of the profiles {@code winner} shadows (empty unless it replaces another file's id). */
        private static List<String> shadowedBy(Profiles profiles, Profiles.Entry winner) {
            return profiles.entries().stream().filter(x -> x.shadowedBy().filter(winner.source()::equals).isPresent())
                    .map(Profiles.Entry::source).toList();
        }
    }

    /** {@code profiles show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a profile: where it comes from and its YAML.",
            footerHeading = "%nExample:%n", footer = "  homeport profiles show netgear.acos.pforward")
    @Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG})
    static final class Show implements Callable<Integer> {
        private final Services services;

        @Parameters(index = "0", paramLabel = "ID", description = "Profile id (see 'homeport profiles list').")
        String id;

        Show(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            Profiles profiles = new WebAdminConnector(services).profiles();
            Profile p = profiles.get(id);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("id", p.id());
            doc.put("title", p.title());
            doc.put("source", p.source());
            doc.put("family", p.family());
            doc.put("yaml", profiles.text(p));
            Output out = services.output();
            out.document(doc);
            out.answer("# " + p.id() + ": " + p.title());
            out.answer("# source: " + p.source() + (p.family().isEmpty() ? "" : " (extends " + p.family() + ")"));
            out.answer(profiles.text(p).stripTrailing());
            return ExitCodes.OK;
        }
    }

    /** {@code profiles check FILE}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check a profile file you wrote: every problem with its line (exit code 3 when invalid).",
            footerHeading = "%nExample:%n", footer = "  homeport profiles check ~/.config/homeport/profiles/my-router.yaml")
    @Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG})
    static final class Check implements Callable<Integer> {
        private final Services services;
        private final GlobalOptions global;

        @Parameters(index = "0", paramLabel = "FILE", description = "The profile YAML file.")
        Path file;

        Check(Services services, GlobalOptions global) {
            this.services = services;
            this.global = global;
        }

        @Override
        public Integer call() {
            Profile p = new WebAdminConnector(services).profiles().check(file);
            int steps = p.stepCount();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", file.toString());
            doc.put("valid", true);
            doc.put("id", p.id());
            doc.put("operations", p.operationNames());
            doc.put("steps", steps);
            services.output().document(doc);
            {
                services.output().report(file + ": ok: profile " + p.id() + (p.family().isEmpty() ? "" : " (extends " + p.family() + ")")
                        + ", operations " + String.join(", ", p.operationNames()) + ", " + steps + " steps");
            }
            return ExitCodes.OK;
        }
    }
}
