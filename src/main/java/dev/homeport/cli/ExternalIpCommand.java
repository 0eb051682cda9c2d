package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport external-ip}: not built yet. */
@Command(name = "external-ip", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ExternalIpCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'external-ip' is not built yet");
    }
}
