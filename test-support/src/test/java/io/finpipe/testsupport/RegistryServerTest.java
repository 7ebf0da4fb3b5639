package io.finpipe.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry fixture other suites rely on: ports, auth, what it reports about pushes, clean-up. */
class RegistryServerTest {

    @TempDir
    Path work;

    @Test
    void reportsTheDigestAndTheBlobsAPushUploaded() throws Exception {
        try (RegistryServer registry = RegistryServer.start()) {
            assertThat(registry.hostPort()).matches("127\\.0\\.0\\.1:\\d+");
            int mark = registry.requestCount();

            JibContainer pushed = pushSmallImage(registry, "fixture/small:1", "v1");

            assertThat(registry.manifestDigest("fixture/small", "1")).isEqualTo(pushed.getDigest().toString());
            JsonNode manifest = new ObjectMapper().readTree(registry.manifest("fixture/small", "1"));
            List<String> blobs = new ArrayList<>(List.of(manifest.path("config").path("digest").asText()));
            manifest.path("layers").forEach(layer -> blobs.add(layer.path("digest").asText()));
            assertThat(registry.uploadedBlobsSince(mark)).containsExactlyInAnyOrderElementsOf(blobs);

            int again = registry.requestCount();
            pushSmallImage(registry, "fixture/small:2", "v1");
            assertThat(registry.uploadedBlobsSince(again)).as("same blobs: nothing new uploaded").isEmpty();
        }
    }

    @Test
    void withAuthRefusesAnonymousAndWrongPasswordsAndAcceptsTheRightOne() throws Exception {
        try (RegistryServer registry = RegistryServer.startWithAuth("ci", "right-password")) {
            HttpClient http = HttpClient.newHttpClient();
            URI api = registry.apiUrl();

            assertThat(status(http, api, null)).isEqualTo(401);
            assertThat(status(http, api, "ci:wrong-password")).isEqualTo(401);
            assertThat(status(http, api, "ci:right-password")).isEqualTo(200);
            assertThat(registry.username()).isEqualTo("ci");
        }
    }

    @Test
    void rejectsCredentialsHtpasswdCannotHold() {
        assertThatThrownBy(() -> RegistryServer.startWithAuth("c:i", "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryServer.startWithAuth("ci", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeStopsTheProcessAndFreesThePort() throws Exception {
        RegistryServer registry = RegistryServer.start();
        long pid = registry.pid();
        URI api = registry.apiUrl();
        assertThat(status(HttpClient.newHttpClient(), api, null)).isEqualTo(200);

        registry.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThatThrownBy(() -> status(HttpClient.newHttpClient(), api, null)).isInstanceOf(IOException.class);
    }

    private JibContainer pushSmallImage(RegistryServer registry, String reference, String content) throws Exception {
        Path file = Files.writeString(work.resolve("content.txt"), content);
        return Jib.fromScratch()
                .addLayer(List.of(file), AbsoluteUnixPath.get("/"))
                .containerize(Containerizer.to(RegistryImage.named(registry.hostPort() + "/" + reference))
                        .setAllowInsecureRegistries(true));
    }

    private static int status(HttpClient http, URI url, String userAndPassword) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (userAndPassword != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
