package io.finpipe.imagebuilder;

import static io.finpipe.imagebuilder.Fixtures.pushArguments;
import static io.finpipe.imagebuilder.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.finpipe.testsupport.RegistryServer;
import io.finpipe.testsupport.TestBaseImage;
import io.finpipe.testsupport.UnsharedContainer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run in its own JVM the way buildImage runs it on an agent. */
class ImageBuilderJarIT {

    @TempDir
    Path work;

    @Test
    void printsOnlyTheDigestAndTheImageRunsAsTheNonRootUser() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        try (RegistryServer registry = RegistryServer.start()) {
            String base = TestBaseImage.pushTo(registry, "base/jre", Fixtures.baseTar());

            Cli.Result result = JarCli.build(pushArguments(registry, base, app.dir(), "jar/app", "1"), Map.of(), "");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).isEqualTo(registry.manifestDigest("jar/app", "1") + "\n");
            assertThat(result.stderrLines()).singleElement().asString().startsWith("pushed ");
            List<ProcessHandle> processes;
            try (UnsharedContainer container = UnsharedContainer.start(
                    "docker://" + registry.hostPort() + "/jar/app@" + result.digest(), Map.of("PORT", "0"))) {
                int port = RunningImage.awaitPort(container, Duration.ofSeconds(60));
                assertThat(RunningImage.awaitOk(URI.create("http://127.0.0.1:" + port + "/health"), container,
                        Duration.ofSeconds(30)).body()).isEqualTo("UP as " + TestBaseImage.NONROOT_USER);
                processes = container.processTree();
                assertThat(processes).as("unshare and the app's JVM").hasSizeGreaterThanOrEqualTo(2);
            }
            assertThat(processes).as("no process outlives the container").noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void runsTheCredentialHelperNamedLikeEcrLoginFromThePath() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        String password = "helper-" + Long.toHexString(System.nanoTime());
        try (RegistryServer registry = RegistryServer.startWithAuth("ci", password)) {
            String base = TestBaseImage.pushTo(registry, "base/jre", Fixtures.baseTar());
            Path helper = AuthenticationTest.writeCredentialHelper(work.resolve("bin"),
                    "docker-credential-finpipe-test", "ci", password);
            Map<String, String> path = Map.of("PATH", helper.getParent() + ":" + System.getenv("PATH"));

            Cli.Result result = JarCli.build(with(pushArguments(registry, base, app.dir(), "jar/helper", "1"),
                    "--credential-helper", "finpipe-test"), path, "");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.digest()).isEqualTo(registry.manifestDigest("jar/helper", "1"));
        }
    }

    @Test
    void failsWithOneLineAndNoStackTrace() throws Exception {
        Cli.Result result = JarCli.build(List.of("--app-dir", work.resolve("missing").toString(),
                "--image", "127.0.0.1:5000/jar/app", "--tag", "1", "--base-image-tar", "/nonexistent.tar"), Map.of(), "");

        assertThat(result.exitCode()).isEqualTo(ImageBuilderCli.EXIT_FAILED);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("image-builder: --app-dir " + work.resolve("missing")
                + ": no such directory\n");
    }
}
