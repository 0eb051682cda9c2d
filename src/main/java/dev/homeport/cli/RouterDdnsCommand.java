package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport router-ddns}: not built yet. */
@Command(name = "router-ddns", mixinStandardHelpOptions = true, description = "Not built yet.")
final class RouterDdnsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'router-ddns' is not built yet");
    }
}
