package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport ddns}: not built yet. */
@Command(name = "ddns", mixinStandardHelpOptions = true, description = "Not built yet.")
final class DdnsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'ddns' is not built yet");
    }
}
