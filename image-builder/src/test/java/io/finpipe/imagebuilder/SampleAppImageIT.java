package io.finpipe.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import io.finpipe.testsupport.RegistryServer;
import io.finpipe.testsupport.TestBaseImage;
import io.finpipe.testsupport.UnsharedContainer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end: the real sample-app module's package output, built by the packaged CLI onto the test base and
 * pushed to a real registry, starts from that image (unpacked and run with unshare, no container engine)
 * and answers GET /health and GET /health/ready on its embedded H2 database.
 */
class SampleAppImageIT {

    private static final Path SAMPLE_APP = Path.of("..", "sample-app").toAbsolutePath().normalize();

    @Test
    void theSampleAppImageStartsAndAnswersHealthOnH2() throws Exception {
        assertThat(SAMPLE_APP.resolve("target/classes/io/finpipe/bank/BankApp.class"))
                .as("sample-app is packaged before image-builder (test dependency)").isRegularFile();
        assertThat(SAMPLE_APP.resolve("target/dependency")).isDirectory();

        try (RegistryServer registry = RegistryServer.start()) {
            String base = TestBaseImage.pushTo(registry, "base/jre", Fixtures.baseTar());
            Cli.Result built = JarCli.build(List.of("--app-dir", SAMPLE_APP.toString(),
                    "--image", registry.hostPort() + "/bank/sample-app", "--tag", "e2e",
                    "--base-image", base, "--insecure-registry", "--port", "8080",
                    "--label", "org.opencontainers.image.revision=e2e-test"), Map.of(), "");
            assertThat(built.exitCode()).as(built.toString()).isZero();
            assertThat(Fixtures.config(registry, "bank/sample-app", "e2e").path("config").path("Entrypoint").toString())
                    .endsWith("\"io.finpipe.bank.BankApp\"]");

            // no DB settings, as `docker run` would: /app/data is read-only for the image's user 65532,
            // so the app's default falls back to /tmp/finpipe-data
            Map<String, String> environment = Map.of("PORT", "0");
            List<ProcessHandle> processes;
            try (UnsharedContainer app = UnsharedContainer.start(
                    "docker://" + registry.hostPort() + "/bank/sample-app@" + built.digest(), environment)) {
                int port = RunningImage.awaitPort(app, Duration.ofSeconds(120));
                HttpResponse<String> health = RunningImage.awaitOk(
                        URI.create("http://127.0.0.1:" + port + "/health"), app, Duration.ofSeconds(30));
                assertThat(health.body()).contains("UP");
                RunningImage.awaitOk(URI.create("http://127.0.0.1:" + port + "/health/ready"), app, Duration.ofSeconds(120));
                assertThat(Files.list(app.rootfs().resolve("tmp/finpipe-data")).map(Path::getFileName).map(Path::toString))
                        .as("H2 wrote its database as the non-root user").anyMatch(name -> name.startsWith("bank"));
                processes = app.processTree();
            }
            assertThat(processes).as("no process outlives the container").noneMatch(ProcessHandle::isAlive);
        }
    }
}
