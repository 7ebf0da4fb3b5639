package io.finpipe.imagebuilder;

import static io.finpipe.imagebuilder.Fixtures.config;
import static io.finpipe.imagebuilder.Fixtures.layerNames;
import static io.finpipe.imagebuilder.Fixtures.pushArguments;
import static io.finpipe.imagebuilder.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finpipe.testsupport.TestBaseImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Builds and pushes to a real docker-registry, then reads the image back through the v2 API. */
class BuildAndPushTest {

    @RegisterExtension
    static final RegistryWithBase REGISTRY = new RegistryWithBase();

    @TempDir
    Path work;

    @Test
    void pushesTheImageTheRegistryReportsWithEntrypointUserLabelsAndPort() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        Path digestFile = work.resolve("out/digest.txt");

        Cli.Result result = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "bank/app", "1.0.0", "latest"),
                "--port", "8080", "--digest-file", digestFile.toString(),
                "--label", "org.opencontainers.image.revision=0123abc",
                "--label", "org.opencontainers.image.source=https://git.example/finpipe.git",
                "--label", "io.finpipe.build-url=https://jenkins.example/job/bank/42/"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).matches("sha256:[0-9a-f]{64}\n");
        assertThat(result.digest())
                .isEqualTo(REGISTRY.server().manifestDigest("bank/app", "1.0.0"))
                .isEqualTo(REGISTRY.server().manifestDigest("bank/app", "latest"));
        assertThat(Files.readString(digestFile)).isEqualTo(result.digest() + "\n");
        assertThat(result.stderrLines()).singleElement().asString()
                .startsWith("pushed " + REGISTRY.server().hostPort() + "/bank/app:1.0.0: ")
                .contains("layers uploaded").contains("bytes uploaded");

        JsonNode config = config(REGISTRY.server(), "bank/app", "1.0.0");
        JsonNode container = config.path("config");
        assertThat(strings(container.path("Entrypoint"))).containsExactly("java", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError", "-cp", "/app/resources:/app/classes:/app/libs/*", TestApp.MAIN_CLASS);
        assertThat(container.path("User").asText()).isEqualTo("65532:65532");
        assertThat(container.path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(container.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(container.path("Labels").path("org.opencontainers.image.revision").asText()).isEqualTo("0123abc");
        assertThat(container.path("Labels").path("org.opencontainers.image.source").asText())
                .isEqualTo("https://git.example/finpipe.git");
        assertThat(container.path("Labels").path("io.finpipe.build-url").asText())
                .isEqualTo("https://jenkins.example/job/bank/42/");
        assertThat(container.path("Labels").path("org.opencontainers.image.version").asText()).isEqualTo("1.0.0");
        assertThat(strings(container.path("Env"))).contains("JAVA_HOME=" + TestBaseImage.JAVA_HOME);
        assertThat(config.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(layerNames(config)).containsExactly("system", "jre",
                "dependencies", "snapshot dependencies", "resources", "classes demo", "classes demo.text");
    }

    @Test
    void baseFromADockerArchiveTarGivesTheSameImageAsTheSameBaseFromTheRegistry() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        Cli.Result fromRegistry = Cli.build(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "bank/from-registry", "1"));

        List<String> fromTarArguments = new ArrayList<>(List.of("--app-dir", app.dir().toString(),
                "--image", REGISTRY.server().hostPort() + "/bank/from-tar", "--tag", "1", "--insecure-registry",
                "--base-image-tar", Fixtures.baseTar().toString()));
        Cli.Result fromTar = Cli.build(fromTarArguments);

        assertThat(fromRegistry.exitCode()).as(fromRegistry.toString()).isZero();
        assertThat(fromTar.exitCode()).as(fromTar.toString()).isZero();
        assertThat(fromTar.digest()).isEqualTo(fromRegistry.digest())
                .isEqualTo(REGISTRY.server().manifestDigest("bank/from-tar", "1"));
    }

    @Test
    void writesADockerArchiveWithTheSameDigestInsteadOfPushing() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        Path tar = work.resolve("image.tar");
        Cli.Result pushed = Cli.build(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "bank/tar-twin", "7"));
        int mark = REGISTRY.server().requestCount();

        Cli.Result written = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "bank/tar-only", "7"),
                "--to-tar", tar.toString()));

        assertThat(written.exitCode()).as(written.toString()).isZero();
        assertThat(written.digest()).isEqualTo(pushed.digest());
        assertThat(written.stderrLines()).singleElement().asString().matches(Pattern.quote("wrote " + tar + " ("
                + Files.size(tar) + " bytes, " + REGISTRY.server().hostPort() + "/bank/tar-only:7); ") + "\\d+\\.\\d s");
        assertThat(REGISTRY.server().uploadedBlobsSince(mark)).as("nothing pushed").isEmpty();
        JsonNode config = Fixtures.json(skopeo("inspect", "--config", "docker-archive:" + tar));
        assertThat(strings(config.path("config").path("Entrypoint"))).endsWith(TestApp.MAIN_CLASS);
    }

    @Test
    void buildsTheJarPlusLibLayoutWithTheManifestMainClass() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        Path jarLayout = TestApp.jarLayoutOf(app, Files.createDirectories(work.resolve("dist")), true);

        Cli.Result result = Cli.build(pushArguments(REGISTRY.server(), REGISTRY.base(), jarLayout, "bank/jar-app", "1"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode config = config(REGISTRY.server(), "bank/jar-app", "1");
        assertThat(strings(config.path("config").path("Entrypoint")))
                .containsSubsequence("-cp", "/app/libs/*", TestApp.MAIN_CLASS);
        assertThat(layerNames(config)).containsExactly("system", "jre",
                "dependencies", "snapshot dependencies", "project dependencies");
    }

    @Test
    void warnsOnABaseImageNotPinnedByDigestAndStillBuilds() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        String byTag = REGISTRY.server().hostPort() + "/base/jre:base";

        Cli.Result result = Cli.build(pushArguments(REGISTRY.server(), byTag, app.dir(), "bank/unpinned", "1"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderrLines()).hasSize(2);
        assertThat(result.stderrLines().get(0)).isEqualTo("warning: --base-image " + byTag + " is not pinned by"
                + " digest, so the build is not reproducible: pin it as " + REGISTRY.server().hostPort()
                + "/base/jre@sha256:<digest>");
        assertThat(result.stderrLines().get(1)).startsWith("pushed ");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static byte[] skopeo(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).as("skopeo " + String.join(" ", arguments)).isZero();
        return output;
    }
}
