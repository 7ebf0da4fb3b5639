package io.finpipe.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MotoServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsOnAFreeLoopbackPortResetsAndStopsByPid() throws Exception {
        long pid;
        try (MotoServer moto = MotoServer.start()) {
            pid = moto.pid();
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(moto.endpoint().getPort()).isPositive();
            assertThat(moto.awsEnvironment()).containsEntry("AWS_ENDPOINT_URL", moto.endpoint().toString());

            // moto accepts unsigned path-style S3 calls: enough to create state and see reset wipe it
            send(HttpRequest.newBuilder(moto.endpoint().resolve("/fixture-bucket")).PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(dataJson(moto)).contains("fixture-bucket");

            moto.reset();

            assertThat(dataJson(moto)).doesNotContain("fixture-bucket");
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("moto_server stopped").isFalse();
    }

    @Test
    void twoServersGetDifferentPorts() {
        try (MotoServer first = MotoServer.start(); MotoServer second = MotoServer.start()) {
            assertThat(first.endpoint()).isNotEqualTo(second.endpoint());
        }
    }

    private String dataJson(MotoServer moto) throws Exception {
        return send(HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/data.json")).GET());
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
