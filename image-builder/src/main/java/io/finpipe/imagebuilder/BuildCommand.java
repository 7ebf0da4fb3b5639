package io.finpipe.imagebuilder;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code build}: layers a Java app onto a base image and pushes it to a registry (or writes a tar), with no
 * Docker daemon. Prints the image digest on stdout and one summary line on stderr.
 */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Builds an image of a Java app and pushes it (or writes a tar). Same input, same digest.",
            "stdout: the digest sha256:<hex>. stderr: one summary line, or one error line.",
            "Exit: 0 built, 1 build failed, 2 invalid command line."})
final class BuildCommand implements Callable<Integer> {

    /** Container-aware heap sizing; exit on OOM so the orchestrator restarts the task instead of a zombie. */
    static final List<String> JVM_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    static final String APP_ROOT = JavaContainerBuilder.DEFAULT_APP_ROOT;
    static final String NONROOT_USER = "65532:65532";
    static final String VERSION_LABEL = "org.opencontainers.image.version";
    private static final Pattern JAVA_CLASS_NAME =
            Pattern.compile("(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)*"
                    + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");

    @Spec
    private CommandSpec spec;

    @Option(names = "--app-dir", required = true, paramLabel = "DIR",
            description = "Maven app module (target/classes + target/dependency/) or a jar + lib/ directory.")
    private Path appDir;

    @Option(names = "--image", required = true, paramLabel = "REPOSITORY",
            description = "Target repository without tag, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/bank-app.")
    private String image;

    @Option(names = "--tag", required = true, paramLabel = "TAG", description = "Tag to push; repeat for more.")
    private List<String> tags;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private BaseImage base;

    static final class BaseImage {
        @Option(names = "--base-image", paramLabel = "REF",
                description = "Base image in a registry, pinned by digest: REPO@sha256:<hex>.")
        String reference;

        @Option(names = "--base-image-tar", paramLabel = "PATH",
                description = "Base image as an uncompressed docker-archive tar (not an OCI archive).")
        Path tar;
    }

    @Option(names = "--main-class", paramLabel = "CLASS",
            description = "Main class, one of the app's; default: the one class with public static void main"
                    + " (or the jar's Main-Class).")
    private String mainClass;

    @Option(names = "--port", paramLabel = "N", description = "TCP port the app listens on (EXPOSE).")
    private Integer port;

    @Option(names = "--label", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Image label, e.g. org.opencontainers.image.revision=<sha>; repeat for more.")
    private Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--insecure-registry",
            description = "Allow plain HTTP / unverified TLS; only for loopback registries (localhost, 127.x.x.x).")
    private boolean insecureRegistry;

    @Option(names = "--username", paramLabel = "USER", description = "Registry user; the password comes from stdin.")
    private String username;

    @Option(names = "--password-stdin", description = "Read the registry password from stdin (never an argument).")
    private boolean passwordStdin;

    @Option(names = "--credential-helper", paramLabel = "NAME",
            description = "Docker credential helper, e.g. ecr-login runs docker-credential-ecr-login.")
    private String credentialHelper;

    @Option(names = "--digest-file", paramLabel = "FILE", description = "Also write the digest to this file.")
    private Path digestFile;

    @Option(names = "--require-digest-base", description = "Refuse a --base-image not pinned by digest.")
    private boolean requireDigestBase;

    @Option(names = "--to-tar", paramLabel = "PATH",
            description = "Write a docker-archive tar instead of pushing (named --image:first --tag).")
    private Path toTar;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Layer cache (default: the user's cache dir for base layers, a temp dir for app layers).")
    private Path cacheDir;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    BuildCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        ImageReference target = targetReference();
        Registries registries = new Registries(insecureRegistry);
        registries.checkInsecureAllowed("--image", target);
        ImageReference baseReference = base.reference == null ? null : baseReference();
        if (baseReference != null) {
            registries.checkInsecureAllowed("--base-image", baseReference);
        }
        checkCredentialOptions();
        checkPort();
        checkMainClassName();
        checkLabels();
        String password = passwordStdin ? readPassword() : null;

        AppLayout app = AppLayout.read(appDir);
        String main = app.mainClass(mainClass);
        if (toTar == null) {
            registries.checkReachable("--image", target);
        }
        if (baseReference != null) {
            registries.checkReachable("--base-image", baseReference);
        } else {
            DockerArchive.check("--base-image-tar", base.tar);
        }
        // the last checks, as they create the output files' directories
        if (toTar != null) {
            prepareOutputFile("--to-tar", toTar);
        }
        if (digestFile != null) {
            prepareOutputFile("--digest-file", digestFile);
        }

        JavaContainerBuilder javaBuilder;
        if (baseReference != null) {
            RegistryImage baseImage = RegistryImage.named(baseReference);
            registries.addCredentials(baseImage, baseReference, credentialHelper,
                    baseReference.getRegistry().equals(target.getRegistry()) ? username : null, password);
            javaBuilder = JavaContainerBuilder.from(baseImage);
        } else {
            javaBuilder = JavaContainerBuilder.from(TarImage.at(base.tar));
        }
        JibContainerBuilder image = ClassLayers.split(app.addTo(javaBuilder)
                        .addJvmFlags(JVM_FLAGS)
                        .setMainClass(main)
                        .toContainerBuilder())
                .setWorkingDirectory(AbsoluteUnixPath.get(APP_ROOT))
                .setUser(NONROOT_USER)
                .setLabels(labels());
        if (port != null) {
            image.addExposedPort(Port.tcp(port));
        }

        PushReport report = new PushReport();
        Containerizer containerizer = containerizer(target, registries, password)
                .setAllowInsecureRegistries(insecureRegistry)
                .setToolName("finpipe-image-builder")
                .addEventHandler(report);
        for (String tag : tags.subList(1, tags.size())) {
            containerizer.withAdditionalTag(tag);
        }
        if (cacheDir != null) {
            containerizer.setBaseImageLayersCache(cacheDir.resolve("base")).setApplicationLayersCache(cacheDir.resolve("app"));
        }

        long started = System.nanoTime();
        JibContainer built = JibFailures.translate(() -> image.containerize(containerizer), target, baseReference);
        long millis = (System.nanoTime() - started) / 1_000_000;

        String digest = built.getDigest().toString();
        if (digestFile != null) {
            writeDigestFile(digest);
        }
        stdout.println(digest);
        stderr.println(toTar != null
                ? "wrote %s (%d bytes, %s); %.1f s".formatted(toTar, Files.size(toTar), target, millis / 1000.0)
                : report.summary(built.getImageId(), target.toString(), millis));
        return 0;
    }

    private ImageReference targetReference() {
        ImageReference reference = parse("--image", image);
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        if (lastSegment.contains(":") || lastSegment.contains("@")) {
            throw usage("--image '" + image + "' must be a repository without tag or digest; give tags with --tag");
        }
        for (String tag : tags) {
            if (!ImageReference.isValidTag(tag)) {
                throw usage("--tag '" + tag + "' is not a valid tag (letters, digits, '_', '.', '-'; at most 128;"
                        + " not starting with '.' or '-')");
            }
        }
        return reference.withQualifier(tags.get(0));
    }

    private ImageReference baseReference() {
        ImageReference reference = parse("--base-image", base.reference);
        if (reference.getDigest().isEmpty()) {
            String advice = "pin it as " + reference.getRegistry() + "/" + reference.getRepository() + "@sha256:<digest>";
            if (requireDigestBase) {
                throw new BuildFailure("--base-image " + base.reference + " is not pinned by digest and"
                        + " --require-digest-base is set: " + advice);
            }
            stderr.println("warning: --base-image " + base.reference + " is not pinned by digest, so the build is"
                    + " not reproducible: " + advice);
        }
        return reference;
    }

    private ImageReference parse(String option, String value) {
        try {
            return ImageReference.parse(value);
        } catch (InvalidImageReferenceException e) {
            throw usage(option + " '" + value + "' is not a valid image reference"
                    + " (expected [REGISTRY/]NAME[:TAG|@sha256:DIGEST], lower-case name)");
        }
    }

    private void checkCredentialOptions() {
        if (passwordStdin && username == null) {
            throw usage("--password-stdin needs --username");
        }
        if (username != null && !passwordStdin) {
            throw usage("--username needs --password-stdin (passwords are never accepted as arguments)");
        }
        if (username != null && credentialHelper != null) {
            throw usage("give either --username/--password-stdin or --credential-helper, not both");
        }
    }

    private void checkPort() {
        if (port != null && (port < 1 || port > 65535)) {
            throw usage("--port " + port + " is out of range 1-65535");
        }
    }

    private void checkMainClassName() {
        if (mainClass != null && !JAVA_CLASS_NAME.matcher(mainClass).matches()) {
            throw usage("--main-class '" + mainClass + "' is not a Java class name (expected e.g. io.finpipe.bank.BankApp)");
        }
    }

    private void checkLabels() {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey().isBlank()) {
                throw usage("--label '" + label.getKey() + "=" + label.getValue() + "' has no key"
                        + " (expected KEY=VALUE, e.g. org.opencontainers.image.revision=<sha>)");
            }
        }
    }

    private String readPassword() throws IOException {
        String password = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
        if (password.isEmpty()) {
            throw new BuildFailure("--password-stdin: stdin was empty — pipe the password in,"
                    + " e.g. aws ecr get-login-password | java -jar image-builder.jar build ... --password-stdin");
        }
        return password;
    }

    private Map<String, String> labels() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(VERSION_LABEL, tags.get(0));
        all.putAll(labels);
        return all;
    }

    private Containerizer containerizer(ImageReference target, Registries registries, String password) {
        if (toTar != null) {
            return Containerizer.to(TarImage.at(toTar.toAbsolutePath()).named(target));
        }
        RegistryImage registryImage = RegistryImage.named(target);
        registries.addCredentials(registryImage, target, credentialHelper, username, password);
        return Containerizer.to(registryImage);
    }

    /** Fails before anything is built or pushed when {@code file} could not be written afterwards. */
    private static void prepareOutputFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new BuildFailure(option + " " + file + ": is a directory — give a file path");
        }
        Path parent = file.toAbsolutePath().getParent();
        Path existing = parent;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new BuildFailure(option + " " + file + ": parent " + existing + " is not a directory");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new BuildFailure(option + " " + file + ": cannot create " + parent + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(parent)) {
            throw new BuildFailure(option + " " + file + ": directory " + parent + " is not writable");
        }
    }

    private void writeDigestFile(String digest) {
        try {
            Files.writeString(digestFile, digest + "\n");
        } catch (IOException e) {
            throw new BuildFailure("--digest-file " + digestFile + ": cannot write: " + e.getMessage(), e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Builds this command with the streams the CLI was given (tests pass their own). */
    record Factory(InputStream stdin, PrintStream stdout, PrintStream stderr) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            return type == BuildCommand.class
                    ? type.cast(new BuildCommand(stdin, stdout, stderr))
                    : CommandLine.defaultFactory().create(type);
        }
    }
}
