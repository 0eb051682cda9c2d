package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport doctor}: not built yet. */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Not built yet.")
final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'doctor' is not built yet");
    }
}
