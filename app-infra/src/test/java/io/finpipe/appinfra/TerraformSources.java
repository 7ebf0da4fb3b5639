package io.finpipe.appinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The app-infra Terraform tree, and throw-away copies of it so tests never write into the sources. */
final class TerraformSources {

    static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    /** Build and local-run leftovers that are not part of the configuration. */
    private static final Set<String> NOT_TERRAFORM = Set.of(
            "target", "src", "pom.xml", ".terraform", "terraform.tfstate", "terraform.tfstate.backup", "tfplan");

    private TerraformSources() {
    }

    /** The app-infra directory (Maven runs tests with the module directory as working directory). */
    static Path root() {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("versions.tf"))) {
            throw new IllegalStateException("not the app-infra directory: " + root + " (run the tests through Maven)");
        }
        return root;
    }

    /** Copies the configuration (root, modules, environments, bootstrap, tests) into {@code target}. */
    static Path copyTo(Path target) {
        Path source = root();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().isEmpty() || isExcluded(relative)) {
                    continue;
                }
                Path destination = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    private static boolean isExcluded(Path relative) {
        for (Path part : relative) {
            if (NOT_TERRAFORM.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
