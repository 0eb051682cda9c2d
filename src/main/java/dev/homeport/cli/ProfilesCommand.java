package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport profiles}: not built yet. */
@Command(name = "profiles", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ProfilesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'profiles' is not built yet");
    }
}
