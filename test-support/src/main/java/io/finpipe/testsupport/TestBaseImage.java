package io.finpipe.testsupport;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small Java base image made here, with no Docker Hub: a jlink'ed JRE of the JDK running the tests plus
 * the few shared libraries it links against, laid from scratch with jib-core into a docker-archive tar.
 *
 * <pre>{@code
 * Path tar = TestBaseImage.tarIn(Path.of("target/test-base"));        // built once, reused after
 * String base = TestBaseImage.pushTo(registry, "base/jre", tar);       // 127.0.0.1:PORT/base/jre@sha256:...
 * }</pre>
 * From a shell: {@code java -cp <test-support classpath> io.finpipe.testsupport.TestBaseImage DIR} prints
 * the tar's path.
 *
 * Contents: the JRE in {@value #JAVA_HOME} (modules {@link #MODULES}: the Java SE API plus what servers
 * commonly need, e.g. jdk.httpserver, jdk.unsupported, jdk.crypto.ec), glibc and the libraries
 * {@code ldd} names for its non-desktop native code, {@code /etc/passwd} and {@code /etc/group} with the
 * non-root user {@value #NONROOT_USER} (uid/gid {@value #NONROOT_UID}), {@code /etc/hosts}, a
 * world-writable {@code /tmp}. Env: {@code PATH} with {@code /opt/java/bin}, {@code JAVA_HOME}.
 * About 37 MB compressed (JRE 34 MB, system libraries 2 MB). jib layers cannot hold symlinks, so linked
 * files are copied in their place.
 * Like every jib image, it is reproducible: the same JDK gives the same digest.
 *
 * <p>The tar is cached in the directory given, named by the JDK version and this recipe's version, and
 * written atomically, so concurrent suites and later runs reuse it.
 */
public final class TestBaseImage {

    public static final String JAVA_HOME = "/opt/java";
    public static final String NONROOT_USER = "nonroot";
    public static final String NONROOT_UID = "65532";
    public static final List<String> MODULES = List.of(
            "java.se", "jdk.unsupported", "jdk.crypto.ec", "jdk.httpserver", "jdk.zipfs",
            "jdk.management", "jdk.naming.dns", "jdk.localedata");

    /** Bump when the image recipe changes, so cached tars of the old recipe are not reused. */
    private static final int RECIPE_VERSION = 1;
    /** Native libraries of the desktop modules: never loaded by a server, and they pull in X11. */
    private static final Pattern DESKTOP_LIBRARY = Pattern.compile(
            "lib(awt.*|fontmanager|jawt|splashscreen|jsound|lcms|javajpeg|mlib_image)\\.so");
    /** {@code ldd} lines: {@code libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)} or the loader's path. */
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s+)?(/\\S+)\\s+\\(0x");
    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    private TestBaseImage() {
    }

    /** For scripts (bench/image-builder): builds or reuses the tar in the directory given and prints its path. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: TestBaseImage CACHE_DIRECTORY");
            System.exit(2);
        }
        System.out.println(tarIn(Path.of(args[0]).toAbsolutePath()));
    }

    /**
     * The base image as a docker-archive tar in {@code cacheDirectory}, built on first use (about 15 s).
     *
     * @throws IllegalStateException if the running JDK has no jlink or the build fails
     */
    public static Path tarIn(Path cacheDirectory) {
        String javaVersion = Runtime.version().toString().replaceAll("[^A-Za-z0-9.]", "_");
        Path tar = cacheDirectory.resolve("test-base-java" + javaVersion + "-r" + RECIPE_VERSION + ".tar");
        if (Files.isRegularFile(tar)) {
            return tar;
        }
        Path work = null;
        try {
            Files.createDirectories(cacheDirectory);
            work = Files.createTempDirectory(cacheDirectory, "build-");
            Path partial = work.resolve("image.tar");
            build(work, partial);
            Files.move(partial, tar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return tar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the test base image in " + cacheDirectory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the test base image", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the test base image: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                Processes.deleteRecursively(work);
            }
        }
    }

    /**
     * Pushes the base image tar to {@code registry} as {@code repository:base} and returns its reference
     * pinned by digest, e.g. {@code 127.0.0.1:PORT/base/jre@sha256:...}.
     */
    public static String pushTo(RegistryServer registry, String repository, Path tar) {
        RegistryImage target;
        try {
            target = RegistryImage.named(registry.hostPort() + "/" + repository + ":base");
            if (registry.username() != null) {
                target.addCredential(registry.username(), registry.password());
                System.setProperty("sendCredentialsOverHttp", "true"); // loopback test registry is plain HTTP
            }
            JibContainer pushed = Jib.from(TarImage.at(tar))
                    .containerize(Containerizer.to(target).setAllowInsecureRegistries(true));
            return registry.hostPort() + "/" + repository + "@" + pushed.getDigest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing the test base image", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot push the test base image to " + registry.hostPort()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void build(Path work, Path output) throws Exception {
        Path jre = work.resolve("jre");
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IllegalStateException("no jlink in " + System.getProperty("java.home")
                    + " — run the tests with a full JDK (apt-get install -y openjdk-17-jdk-headless)");
        }
        run(List.of(jlink.toString(), "--add-modules", String.join(",", MODULES), "--include-locales", "en",
                "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=2",
                "--output", jre.toString()));

        FileEntriesLayer.Builder system = FileEntriesLayer.builder().setName("system");
        for (Path library : nativeDependencies(jre)) {
            addFile(system, library.toRealPath(), library.toString(), "755");
        }
        Path etc = Files.createDirectories(work.resolve("etc"));
        addFile(system, write(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + NONROOT_USER + ":x:" + NONROOT_UID + ":" + NONROOT_UID + ":" + NONROOT_USER
                + ":/home/" + NONROOT_USER + ":/sbin/nologin\n"), "/etc/passwd", "644");
        addFile(system, write(etc.resolve("group"),
                "root:x:0:\n" + NONROOT_USER + ":x:" + NONROOT_UID + ":\n"), "/etc/group", "644");
        addFile(system, write(etc.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n"), "/etc/hosts", "644");
        // no sticky bit in jib layers: a world-writable /tmp is the closest, enough for the JVM's perf data
        addFile(system, Files.createDirectories(work.resolve("tmp")), "/tmp", "777");
        system.addEntry(Files.createDirectories(work.resolve("home")), AbsoluteUnixPath.get("/home/" + NONROOT_USER),
                FilePermissions.fromOctalString("755"), FILE_TIME, NONROOT_UID + ":" + NONROOT_UID);

        FileEntriesLayer.Builder runtime = FileEntriesLayer.builder().setName("jre");
        try (Stream<Path> files = Files.walk(jre)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                boolean executable = Files.isExecutable(file);
                addFile(runtime, file.toRealPath(), JAVA_HOME + "/" + jre.relativize(file), executable ? "755" : "644");
            }
        }

        Jib.fromScratch()
                .addFileEntriesLayer(system.build())
                .addFileEntriesLayer(runtime.build())
                .setEnvironment(Map.of(
                        "PATH", JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin",
                        "JAVA_HOME", JAVA_HOME,
                        "LANG", "C.UTF-8"))
                .addLabel("org.opencontainers.image.description",
                        "finpipe test base: jlink'ed JRE " + Runtime.version() + " on glibc, from scratch")
                .containerize(Containerizer.to(TarImage.at(output).named("finpipe/test-base:java"
                        + Runtime.version().feature())));
    }

    /** Every shared library (and the loader) that the JRE's launcher and non-desktop native code need. */
    private static TreeSet<Path> nativeDependencies(Path jre) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ldd", jre.resolve("bin/java").toString()));
        try (Stream<Path> files = Files.walk(jre.resolve("lib"))) {
            files.filter(file -> file.getFileName().toString().endsWith(".so"))
                    .filter(file -> !DESKTOP_LIBRARY.matcher(file.getFileName().toString()).matches())
                    .map(Path::toString).sorted().forEach(command::add);
        }
        TreeSet<Path> libraries = new TreeSet<>();
        Matcher matcher = LDD_PATH.matcher(run(command));
        while (matcher.find()) {
            Path library = Path.of(matcher.group(1));
            if (!library.startsWith(jre)) {
                libraries.add(library);
            }
        }
        return libraries;
    }

    private static void addFile(FileEntriesLayer.Builder layer, Path source, String target, String mode) {
        layer.addEntry(source, AbsoluteUnixPath.get(target), FilePermissions.fromOctalString(mode), FILE_TIME);
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + output);
        }
        return output;
    }
}
