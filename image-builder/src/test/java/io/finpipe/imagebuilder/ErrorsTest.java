package io.finpipe.imagebuilder;

import static io.finpipe.imagebuilder.Fixtures.pushArguments;
import static io.finpipe.imagebuilder.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every mistake a user can make gives a non-zero exit, nothing on stdout, ONE line on stderr naming the option
 * and the fix (no stack trace), and changes nothing: no digest file, no image (and, but for a base image that
 * turns out missing mid-build, no blob) in the registry.
 */
class ErrorsTest {

    @RegisterExtension
    static final RegistryWithBase REGISTRY = new RegistryWithBase();

    @TempDir
    static Path shared;
    private static TestApp compiled;

    @TempDir
    Path work;
    private TestApp app;
    private Path digestFile;

    @BeforeAll
    static void compileApp() throws Exception {
        compiled = TestApp.createIn(shared.resolve("app"));
    }

    @BeforeEach
    void createApp() throws Exception {
        app = compiled.copyTo(work.resolve("app"));
        digestFile = work.resolve("digest.txt");
    }

    // --- the app directory ---

    @Test
    void missingAppDir() {
        Path missing = work.resolve("nope");
        assertFails(ImageBuilderCli.EXIT_FAILED, pushArguments(REGISTRY.server(), REGISTRY.base(), missing, "err/app", "1"),
                "image-builder: --app-dir " + missing + ": no such directory");
    }

    @Test
    void emptyAppDir() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        assertFails(ImageBuilderCli.EXIT_FAILED, pushArguments(REGISTRY.server(), REGISTRY.base(), empty, "err/app", "1"),
                "image-builder: --app-dir " + empty + ": empty — expected target/classes (+ target/dependency/) of a"
                        + " packaged Maven module, or an application jar (+ lib/)");
    }

    @Test
    void classesDirWithoutClasses() throws Exception {
        Path module = work.resolve("unbuilt");
        Files.createDirectories(module.resolve("target/classes/META-INF"));
        assertFails(ImageBuilderCli.EXIT_FAILED, pushArguments(REGISTRY.server(), REGISTRY.base(), module, "err/app", "1"),
                "image-builder: --app-dir " + module + ": target/classes holds no .class files — run 'mvn package'"
                        + " in the app module first");
    }

    @Test
    void noMainClass() throws Exception {
        Files.delete(app.classes().resolve("demo/HealthApp.class"));
        assertFails(ImageBuilderCli.EXIT_FAILED, pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"),
                "image-builder: --app-dir " + app.dir() + ": no class with 'public static void main(String[])' in"
                        + " target/classes — pass --main-class");
    }

    @Test
    void severalMainClassesUntilOneIsChosen() throws Exception {
        app.addSecondMainClass();
        assertFails(ImageBuilderCli.EXIT_FAILED, pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"),
                "image-builder: --app-dir " + app.dir() + ": several main classes (demo.HealthApp, demo.Tool)"
                        + " — choose one with --main-class");

        Cli.Result chosen = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/chosen", "1"),
                "--main-class", "demo.Tool"));
        assertThat(chosen.exitCode()).as(chosen.toString()).isZero();
        assertThat(Fixtures.config(REGISTRY.server(), "err/chosen", "1").path("config").path("Entrypoint").toString())
                .endsWith("\"demo.Tool\"]");
    }

    @Test
    void jarWithoutMainClassInItsManifest() throws Exception {
        Path dist = TestApp.jarLayoutOf(app, Files.createDirectories(work.resolve("dist")), false);
        assertFails(ImageBuilderCli.EXIT_FAILED, pushArguments(REGISTRY.server(), REGISTRY.base(), dist, "err/app", "1"),
                "image-builder: --app-dir " + dist + ": health-app.jar has no Main-Class in its manifest"
                        + " — pass --main-class");
    }

    @Test
    void mainClassThatIsNotAJavaNameIsRefusedBeforeTheAppDirIsRead() {
        Path missing = work.resolve("nope");
        assertFails(ImageBuilderCli.EXIT_USAGE,
                with(pushArguments(REGISTRY.server(), REGISTRY.base(), missing, "err/app", "1"), "--main-class", "demo/HealthApp"),
                "image-builder: --main-class 'demo/HealthApp' is not a Java class name (expected e.g."
                        + " io.finpipe.bank.BankApp) (see: image-builder build --help)");
    }

    @Test
    void mainClassNotInTheClassesOrDependencies() {
        assertFails(ImageBuilderCli.EXIT_FAILED,
                with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"), "--main-class", "demo.HelthApp"),
                "image-builder: --main-class demo.HelthApp: no such class in --app-dir " + app.dir()
                        + " (its classes or jars) — check the name, package included");
    }

    @Test
    void mainClassNotInTheJarsUntilTheRightOneIsGiven() throws Exception {
        Path dist = TestApp.jarLayoutOf(app, Files.createDirectories(work.resolve("dist")), false);
        assertFails(ImageBuilderCli.EXIT_FAILED,
                with(pushArguments(REGISTRY.server(), REGISTRY.base(), dist, "err/app", "1"), "--main-class", "HealthApp"),
                "image-builder: --main-class HealthApp: no such class in --app-dir " + dist
                        + " (its classes or jars) — check the name, package included");

        Cli.Result chosen = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), dist, "err/jar-chosen", "1"),
                "--main-class", TestApp.MAIN_CLASS));
        assertThat(chosen.exitCode()).as(chosen.toString()).isZero();
    }

    // --- references and options ---

    @Test
    void malformedImageReference() {
        List<String> arguments = pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1");
        arguments.set(arguments.indexOf("--image") + 1, "Bank App");
        assertFails(ImageBuilderCli.EXIT_USAGE, arguments,
                "image-builder: --image 'Bank App' is not a valid image reference (expected"
                        + " [REGISTRY/]NAME[:TAG|@sha256:DIGEST], lower-case name) (see: image-builder build --help)");
    }

    @Test
    void imageWithATag() {
        List<String> arguments = pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1");
        arguments.set(arguments.indexOf("--image") + 1, REGISTRY.server().hostPort() + "/err/app:1");
        assertFails(ImageBuilderCli.EXIT_USAGE, arguments,
                "image-builder: --image '" + REGISTRY.server().hostPort() + "/err/app:1' must be a repository without tag or"
                        + " digest; give tags with --tag (see: image-builder build --help)");
    }

    @Test
    void malformedTag() {
        assertFails(ImageBuilderCli.EXIT_USAGE, pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1", "-bad tag"),
                "image-builder: --tag '-bad tag' is not a valid tag (letters, digits, '_', '.', '-'; at most 128;"
                        + " not starting with '.' or '-') (see: image-builder build --help)");
    }

    @Test
    void malformedBaseImageReference() {
        assertFails(ImageBuilderCli.EXIT_USAGE, pushArguments(REGISTRY.server(), "base image", app.dir(), "err/app", "1"),
                "image-builder: --base-image 'base image' is not a valid image reference (expected"
                        + " [REGISTRY/]NAME[:TAG|@sha256:DIGEST], lower-case name) (see: image-builder build --help)");
    }

    @Test
    void noBaseImage() {
        List<String> arguments = new ArrayList<>(List.of("--app-dir", app.dir().toString(),
                "--image", REGISTRY.server().hostPort() + "/err/app", "--tag", "1"));
        assertFails(ImageBuilderCli.EXIT_USAGE, arguments, "image-builder: Error: Missing required argument (specify"
                + " one of these): (--base-image=REF | --base-image-tar=PATH) (see: image-builder build --help)");
    }

    @Test
    void portOutOfRange() {
        assertFails(ImageBuilderCli.EXIT_USAGE,
                with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"), "--port", "70000"),
                "image-builder: --port 70000 is out of range 1-65535 (see: image-builder build --help)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=bar", "", " =bar"})
    void labelWithoutKey(String label) {
        String shown = label.contains("=") ? label : label + "=";
        assertFails(ImageBuilderCli.EXIT_USAGE,
                with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"), "--label", label),
                "image-builder: --label '" + shown + "' has no key (expected KEY=VALUE, e.g."
                        + " org.opencontainers.image.revision=<sha>) (see: image-builder build --help)");
    }

    @Test
    void baseImageNotPinnedWhenPinningIsRequired() {
        String byTag = REGISTRY.server().hostPort() + "/base/jre:base";
        assertFails(ImageBuilderCli.EXIT_FAILED,
                with(pushArguments(REGISTRY.server(), byTag, app.dir(), "err/app", "1"), "--require-digest-base"),
                "image-builder: --base-image " + byTag + " is not pinned by digest and --require-digest-base is set:"
                        + " pin it as " + REGISTRY.server().hostPort() + "/base/jre@sha256:<digest>");
    }

    @Test
    void missingBaseImageTar() {
        Path missing = work.resolve("base.tar");
        assertFails(ImageBuilderCli.EXIT_FAILED, baseTarArguments(missing),
                "image-builder: --base-image-tar " + missing + ": no such file");
    }

    @Test
    void baseImageTarThatIsAnOciArchive() throws Exception {
        Path oci = work.resolve("base-oci.tar");
        Process skopeo = new ProcessBuilder("skopeo", "copy", "--quiet", "docker-archive:" + Fixtures.baseTar(),
                "oci-archive:" + oci).inheritIO().start();
        assertThat(skopeo.waitFor()).as("skopeo copy").isZero();
        assertFails(ImageBuilderCli.EXIT_FAILED, baseTarArguments(oci), "image-builder: --base-image-tar " + oci
                + ": not a docker-archive tar, no manifest.json (an OCI archive? convert with skopeo copy"
                + " oci-archive:" + oci + " docker-archive:<new.tar>)");
    }

    @Test
    void baseImageTarThatIsGzipped() throws Exception {
        Path gzipped = work.resolve("base.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(Fixtures.baseTar(), out);
        }
        assertFails(ImageBuilderCli.EXIT_FAILED, baseTarArguments(gzipped), "image-builder: --base-image-tar "
                + gzipped + ": gzip-compressed — give the uncompressed docker-archive tar (gunzip it first)");
    }

    @Test
    void baseImageTarThatIsTruncated() throws Exception {
        Path truncated = work.resolve("base-truncated.tar");
        try (InputStream in = Files.newInputStream(Fixtures.baseTar())) {
            Files.write(truncated, in.readNBytes((int) Files.size(Fixtures.baseTar()) / 2));
        }
        assertFails(ImageBuilderCli.EXIT_FAILED, baseTarArguments(truncated), "image-builder: --base-image-tar "
                + truncated + ": not a readable tar (Truncated TAR archive) — save or copy the base image again");
    }

    // --- output files: refused before anything is built or pushed ---

    @ParameterizedTest
    @ValueSource(strings = {"--digest-file", "--to-tar"})
    void outputFileThatIsADirectory(String option) throws Exception {
        Path directory = Files.createDirectories(work.resolve("out"));
        assertFails(ImageBuilderCli.EXIT_FAILED, with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"),
                        option, directory.toString()),
                "image-builder: " + option + " " + directory + ": is a directory — give a file path");
    }

    /** The file's parent, or one further up (where Java names neither NotDirectory nor FileAlreadyExists). */
    @ParameterizedTest
    @ValueSource(strings = {"--digest-file=out/digest.txt", "--digest-file=out/sub/digest.txt", "--to-tar=out/image.tar"})
    void outputFileUnderAFile(String optionAndPath) throws Exception {
        String option = optionAndPath.substring(0, optionAndPath.indexOf('='));
        Path file = Files.writeString(work.resolve("out"), "a file");
        Path output = work.resolve(optionAndPath.substring(option.length() + 1));
        assertFails(ImageBuilderCli.EXIT_FAILED, with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"),
                        option, output.toString()),
                "image-builder: " + option + " " + output + ": parent " + file + " is not a directory");
    }

    // --- registries ---

    @Test
    void targetRepositoryMissingIsNotBlamedOnARegistryBase() {
        assertTargetRepositoryMissing(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"));
    }

    @Test
    void targetRepositoryMissingWithABaseTar() {
        assertTargetRepositoryMissing(baseTarArguments(Fixtures.baseTar()));
    }

    /** The arguments with --image pointed at a registry that has no repositories, as ECR before create-repository. */
    private void assertTargetRepositoryMissing(List<String> arguments) {
        try (RegistryWithoutRepositories ecrLike = new RegistryWithoutRepositories()) {
            arguments.set(arguments.indexOf("--image") + 1, ecrLike.hostPort() + "/err/app");
            assertFails(ImageBuilderCli.EXIT_FAILED, arguments, "image-builder: repository " + ecrLike.hostPort()
                    + "/err/app does not exist in its registry — create it first (ECR: aws ecr create-repository"
                    + " --repository-name err/app)");
        }
    }

    @Test
    void baseImageNotFound() {
        assertBaseImageNotFound(REGISTRY.server().hostPort() + "/base/absent@sha256:" + "0".repeat(64));
    }

    /** ECR answers NAME_UNKNOWN for a base in a repository that does not exist. */
    @Test
    void baseRepositoryMissing() {
        try (RegistryWithoutRepositories ecrLike = new RegistryWithoutRepositories()) {
            assertBaseImageNotFound(ecrLike.hostPort() + "/base/jre@sha256:" + "0".repeat(64));
        }
    }

    private void assertBaseImageNotFound(String absent) {
        Cli.Result result = Cli.build(with(pushArguments(REGISTRY.server(), absent, app.dir(), "err/app", "1"),
                "--digest-file", digestFile.toString()));

        // jib builds and pushes app layers while it pulls the base, so blobs may arrive; no image is created
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ImageBuilderCli.EXIT_FAILED);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).singleElement().isEqualTo("image-builder: base image " + absent
                + " not found in its registry — check --base-image (repository and digest)");
        assertNoImage();
    }

    @Test
    void unreachableRegistry() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> arguments = baseTarArguments(Fixtures.baseTar());
        arguments.set(arguments.indexOf("--image") + 1, "127.0.0.1:" + closedPort + "/err/app");
        String line = assertFails(ImageBuilderCli.EXIT_FAILED, arguments, null);
        assertThat(line).startsWith("image-builder: registry unreachable: ")
                .contains("127.0.0.1:" + closedPort).contains("Connection refused")
                .endsWith("check the registry host and port in --image / --base-image, and the network");
    }

    /** Without --insecure-registry jib would retry HTTPS with back-off for 40 s or more. */
    @Test
    void unreachableRegistryWithoutInsecureSwitchFailsAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> arguments = baseTarArguments(Fixtures.baseTar());
        arguments.set(arguments.indexOf("--image") + 1, "127.0.0.1:" + closedPort + "/err/app");
        arguments.remove("--insecure-registry");
        long started = System.nanoTime();
        assertFails(ImageBuilderCli.EXIT_FAILED, arguments, "image-builder: registry unreachable: 127.0.0.1:"
                + closedPort + " (--image): Connection refused — check the registry host and port in --image");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    /** jib would retry the lookup with back-off for about 40 s. */
    @Test
    void unknownRegistryHostFailsAtOnce() {
        List<String> arguments = baseTarArguments(Fixtures.baseTar());
        arguments.set(arguments.indexOf("--image") + 1, "no-such-registry.invalid/err/app");
        arguments.remove("--insecure-registry");
        long started = System.nanoTime();
        assertFails(ImageBuilderCli.EXIT_FAILED, arguments, "image-builder: --image: unknown registry host"
                + " no-such-registry.invalid — check the registry in --image, and the agent's DNS");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void insecureRegistryIsOnlyForLoopback() {
        List<String> arguments = pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1");
        arguments.set(arguments.indexOf("--image") + 1, "registry.example.com/bank/app");
        assertFails(ImageBuilderCli.EXIT_FAILED, arguments,
                "image-builder: --insecure-registry is only allowed for loopback registries (localhost, 127.x.x.x),"
                        + " but --image is on registry.example.com — use HTTPS with a trusted certificate there");
    }

    @Test
    void plainHttpRegistryWithoutInsecureSwitch() {
        List<String> arguments = pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1");
        arguments.remove("--insecure-registry");
        String line = assertFails(ImageBuilderCli.EXIT_FAILED, arguments, null);
        assertThat(line).isEqualTo("image-builder: registry " + REGISTRY.server().hostPort() + " has no verified HTTPS"
                + " — for a loopback test registry add --insecure-registry");
    }

    // --- credentials ---

    @Test
    void passwordStdinWithoutUsername() {
        assertFails(ImageBuilderCli.EXIT_USAGE,
                with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"), "--password-stdin"),
                "image-builder: --password-stdin needs --username (see: image-builder build --help)");
    }

    @Test
    void usernameWithoutPasswordStdin() {
        assertFails(ImageBuilderCli.EXIT_USAGE,
                with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"), "--username", "ci"),
                "image-builder: --username needs --password-stdin (passwords are never accepted as arguments)"
                        + " (see: image-builder build --help)");
    }

    @Test
    void usernameAndCredentialHelperTogether() {
        assertFails(ImageBuilderCli.EXIT_USAGE, with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"),
                        "--username", "ci", "--password-stdin", "--credential-helper", "ecr-login"),
                "image-builder: give either --username/--password-stdin or --credential-helper, not both"
                        + " (see: image-builder build --help)");
    }

    @Test
    void emptyPasswordOnStdin() {
        assertFails(ImageBuilderCli.EXIT_FAILED, with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "err/app", "1"),
                        "--username", "ci", "--password-stdin"),
                "image-builder: --password-stdin: stdin was empty — pipe the password in, e.g. aws ecr"
                        + " get-login-password | java -jar image-builder.jar build ... --password-stdin");
    }

    /** Arguments that push the app to the test registry on the base image in {@code tar}. */
    private List<String> baseTarArguments(Path tar) {
        return new ArrayList<>(List.of("--app-dir", app.dir().toString(), "--image",
                REGISTRY.server().hostPort() + "/err/app", "--tag", "1", "--insecure-registry",
                "--base-image-tar", tar.toString()));
    }

    /**
     * Runs the CLI, which must fail with {@code exitCode} and exactly one stderr line (equal to
     * {@code expectedLine} when given), and must leave no digest file, no image and no uploaded blob. Adds
     * {@code --digest-file} unless the arguments have one.
     *
     * @return the stderr line
     */
    private String assertFails(int exitCode, List<String> arguments, String expectedLine) {
        int mark = REGISTRY.server().requestCount();
        Cli.Result result = Cli.build(arguments.contains("--digest-file") ? arguments
                : with(arguments, "--digest-file", digestFile.toString()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).as(result.toString()).hasSize(1);
        String line = result.stderrLines().get(0);
        if (expectedLine != null) {
            assertThat(line).isEqualTo(expectedLine);
        }
        assertThat(REGISTRY.server().uploadedBlobsSince(mark)).isEmpty();
        assertNoImage();
        return line;
    }

    private void assertNoImage() {
        assertThat(digestFile).doesNotExist();
        assertThatThrownBy(() -> REGISTRY.server().manifestDigest("err/app", "1")).hasMessageContaining("HTTP 404");
    }
}
