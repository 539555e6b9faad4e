package io.fleetstorm.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code fleetstorm --version}: the version from the jar manifest, plus the Java runtime. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "fleetstorm " + (version == null ? "development build" : version),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
