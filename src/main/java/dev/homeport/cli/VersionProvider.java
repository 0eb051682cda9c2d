package dev.homeport.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (written by the build). */
final class VersionProvider implements CommandLine.IVersionProvider {
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"homeport " + version(), "Java " + System.getProperty("java.version")};
    }
}
