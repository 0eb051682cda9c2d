package dev.homeport.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Builds commands with their dependencies: a command class may declare a constructor taking
 * {@code (Services, GlobalOptions)} or {@code (Services)}; the global options object is shared by every command of
 * one run.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Services services;
    private final Main.GlobalHolder global;

    CommandFactory(Services services, Main.GlobalHolder global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls == GlobalOptions.class) return cls.cast(global.get());
        for (Constructor<?> c : cls.getDeclaredConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length == 2 && p[0] == Services.class && p[1] == GlobalOptions.class) {
                c.setAccessible(true);
                return cls.cast(c.newInstance(services, global.get()));
            }
            if (p.length == 1 && p[0] == Services.class) {
                c.setAccessible(true);
                return cls.cast(c.newInstance(services));
            }
        }
        return CommandLine.defaultFactory().create(cls);
    }
}
