package io.finpipe.imagebuilder;

import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.MainClassFinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files of a Java app, read from {@code --app-dir}, and how they become image layers.
 *
 * <p>Two layouts: a Maven module after {@code mvn package} ({@code target/classes} plus
 * {@code target/dependency/*.jar} from dependency:copy-dependencies), or a directory with one application
 * jar and its libraries in {@code lib/} or {@code libs/}. Layers follow jib-maven-plugin, least to most
 * often changed: dependencies, snapshot dependencies, resources, classes (or the application jar), so a
 * code change rebuilds and pushes one small layer; {@link ClassLayers} then splits the classes into up to
 * 16 layers. Jars are sorted by name: the same files give the same layers.
 */
final class AppLayout {

    private static final Predicate<Path> IS_CLASS_FILE = path -> path.toString().endsWith(".class");

    private final Path appDir;
    private final Path classes;
    private final Path applicationJar;
    private final List<Path> dependencies;

    private AppLayout(Path appDir, Path classes, Path applicationJar, List<Path> dependencies) {
        this.appDir = appDir;
        this.classes = classes;
        this.applicationJar = applicationJar;
        this.dependencies = dependencies;
    }

    /** Reads {@code appDir}; fails with a line naming {@code --app-dir} when it holds no app. */
    static AppLayout read(Path appDir) {
        if (!Files.isDirectory(appDir)) {
            throw new BuildFailure("--app-dir " + appDir + ": no such directory");
        }
        Path classes = appDir.resolve("target/classes");
        if (Files.isDirectory(classes)) {
            if (list(classes, true).stream().noneMatch(IS_CLASS_FILE)) {
                throw new BuildFailure("--app-dir " + appDir + ": target/classes holds no .class files"
                        + " — run 'mvn package' in the app module first");
            }
            return new AppLayout(appDir, classes, null, jarsIn(appDir.resolve("target/dependency")));
        }
        List<Path> jars = jarsIn(appDir);
        if (jars.size() == 1) {
            List<Path> libraries = Stream.of("lib", "libs").map(appDir::resolve)
                    .flatMap(dir -> jarsIn(dir).stream()).sorted().toList();
            return new AppLayout(appDir, null, jars.get(0), libraries);
        }
        if (jars.size() > 1) {
            throw new BuildFailure("--app-dir " + appDir + ": several jars at the top (" + names(jars)
                    + ") — keep the application jar there and move libraries to lib/");
        }
        throw new BuildFailure("--app-dir " + appDir + ": empty — expected target/classes (+ target/dependency/)"
                + " of a packaged Maven module, or an application jar (+ lib/)");
    }

    /** The main class: the given one if the app has it (its classes or jars), else the one found in the app. */
    String mainClass(String requested) {
        if (requested != null) {
            if (!hasClass(requested)) {
                throw new BuildFailure("--main-class " + requested + ": no such class in --app-dir " + appDir
                        + " (its classes or jars) — check the name, package included");
            }
            return requested;
        }
        return applicationJar != null ? manifestMainClass() : scannedMainClass();
    }

    private boolean hasClass(String className) {
        String entry = className.replace('.', '/') + ".class";
        if (classes != null && Files.isRegularFile(classes.resolve(entry))) {
            return true;
        }
        return Stream.concat(Stream.ofNullable(applicationJar), dependencies.stream()).anyMatch(jar -> {
            try (JarFile file = new JarFile(jar.toFile())) {
                return file.getEntry(entry) != null;
            } catch (IOException e) {
                throw new BuildFailure("--app-dir " + appDir + ": cannot read " + appDir.relativize(jar)
                        + " as a jar: " + e.getMessage(), e);
            }
        });
    }

    private String scannedMainClass() {
        MainClassFinder.Result result = MainClassFinder.find(list(classes, true), event -> { });
        return switch (result.getType()) {
            case MAIN_CLASS_FOUND -> result.getFoundMainClass();
            case MAIN_CLASS_NOT_FOUND -> throw new BuildFailure("--app-dir " + appDir
                    + ": no class with 'public static void main(String[])' in target/classes — pass --main-class");
            case MULTIPLE_MAIN_CLASSES -> throw new BuildFailure("--app-dir " + appDir + ": several main classes ("
                    + String.join(", ", result.getFoundMainClasses()) + ") — choose one with --main-class");
        };
    }

    private String manifestMainClass() {
        try (JarFile jar = new JarFile(applicationJar.toFile())) {
            String mainClass = jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (mainClass == null || mainClass.isBlank()) {
                throw new BuildFailure("--app-dir " + appDir + ": " + applicationJar.getFileName()
                        + " has no Main-Class in its manifest — pass --main-class");
            }
            return mainClass.strip();
        } catch (IOException e) {
            throw new BuildFailure("--app-dir " + appDir + ": cannot read " + applicationJar.getFileName()
                    + " as a jar: " + e.getMessage(), e);
        }
    }

    /**
     * Adds the app's files. jib orders the layers itself (dependencies, snapshot dependencies, project
     * dependencies, resources, classes); the order of the calls sets the classpath, here jib-maven-plugin's:
     * resources, classes, then the jars in /app/libs.
     */
    JavaContainerBuilder addTo(JavaContainerBuilder builder) throws IOException {
        if (classes != null) {
            builder.addResources(classes, IS_CLASS_FILE.negate());
            builder.addClasses(classes, IS_CLASS_FILE);
        } else {
            builder.addProjectDependencies(applicationJar); // its own layer, on the classpath via /app/libs/*
        }
        builder.addDependencies(dependencies.stream().filter(jar -> !isSnapshot(jar)).toList());
        builder.addSnapshotDependencies(dependencies.stream().filter(AppLayout::isSnapshot).toList());
        return builder;
    }

    private static boolean isSnapshot(Path jar) {
        return jar.getFileName().toString().contains("-SNAPSHOT");
    }

    private static List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        return list(directory, false).stream()
                .filter(path -> path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path))
                .toList();
    }

    private static List<Path> list(Path directory, boolean recursive) {
        try (Stream<Path> paths = recursive ? Files.walk(directory) : Files.list(directory)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String names(List<Path> files) {
        return String.join(", ", files.stream().map(file -> file.getFileName().toString()).toList());
    }
}
