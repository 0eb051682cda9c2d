package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport config}: not built yet. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ConfigCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'config' is not built yet");
    }
}
