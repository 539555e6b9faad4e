package io.fleetstorm.scenario;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Files a scenario names, relative to the scenario file's directory. */
final class ScenarioPaths {

    private final Path file;

    ScenarioPaths(Path file) {
        this.file = file;
    }

    /** The path, resolved; a path the OS cannot take (a NUL byte, ...) is reported and gives null. */
    Path resolve(YamlNode at, String relative) {
        try {
            if (relative.indexOf('\0') >= 0) {
                throw new InvalidPathException(relative, "NUL byte");
            }
            Path p = Path.of(relative);
            Path dir = file.toAbsolutePath().getParent();
            return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
        } catch (InvalidPathException e) {
            at.problem("must be a file path", relative);
            return null;
        }
    }
}
