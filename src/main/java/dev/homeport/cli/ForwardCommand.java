package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport forward}: not built yet. */
@Command(name = "forward", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ForwardCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'forward' is not built yet");
    }
}
