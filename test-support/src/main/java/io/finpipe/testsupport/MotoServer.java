package io.finpipe.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real moto_server (moto 5.x, the AWS API emulator) on a free loopback port, for tests that talk to
 * "AWS" through the real AWS provider, the aws CLI or an SDK.
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start()) {
 *     Map<String, String> env = moto.awsEnvironment();  // AWS_ENDPOINT_URL, dummy keys, region
 *     ...
 *     moto.reset();                                       // wipe all emulated resources
 * }
 * }</pre>
 *
 * Started as {@code moto_server -H 127.0.0.1 -p 0} with {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true}
 * (so AWS managed policies such as AmazonECSTaskExecutionRolePolicy exist). The port moto picked is read
 * from the URL it prints; the server counts as ready once {@code GET /moto-api/data.json} answers.
 * {@link #close()} stops the process by its PID. The server log is kept for error messages.
 */
public final class MotoServer implements AutoCloseable {

    /** Region the dummy environment uses; any region works on moto. */
    public static final String REGION = "eu-west-1";

    /**
     * A Terraform override file ({@code moto_override.tf}) for a root module whose provider "aws" is meant for
     * AWS: no credential or metadata look-ups, path-style S3, and few retries (moto answers unimplemented
     * calls with HTTP 500, which the SDK would retry for minutes). {@code AWS_ENDPOINT_URL} from
     * {@link #awsEnvironment()} points every service at moto.
     */
    public static final String TERRAFORM_PROVIDER_OVERRIDE = """
            provider "aws" {
              skip_credentials_validation = true
              skip_metadata_api_check     = true
              s3_use_path_style           = true
              max_retries                 = 2
            }
            """;

    private static final Pattern LISTENING_URL = Pattern.compile("Running on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final StringBuffer log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MotoServer(Process process, URI endpoint, StringBuffer log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts moto_server from the PATH and waits until it answers.
     *
     * @throws IllegalStateException if moto_server is missing, exits, or does not answer within 60 s;
     *                               the message carries its output and how to install it
     */
    public static MotoServer start() {
        ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", "0")
                .redirectErrorStream(true);
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot run moto_server (not on PATH) — run scripts/prerequisites: it names how to install it", e);
        }
        StringBuffer log = new StringBuffer();
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(process, log, url), "moto_server-log-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            URI endpoint = url.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            MotoServer server = new MotoServer(process, endpoint, log);
            server.awaitReady(Instant.now().plus(START_TIMEOUT));
            return server;
        } catch (Exception e) {
            Processes.stop(process);
            throw new IllegalStateException("moto_server did not start: " + e.getMessage()
                    + "\n--- moto_server output ---\n" + log, e);
        }
    }

    private static void pump(Process process, StringBuffer log, CompletableFuture<URI> url) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.append(line).append('\n');
                Matcher matcher = LISTENING_URL.matcher(line);
                if (!url.isDone() && matcher.find()) {
                    url.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
        url.completeExceptionally(new IllegalStateException("moto_server exited before printing its URL"));
    }

    private void awaitReady(Instant deadline) throws InterruptedException {
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the socket is not accepting yet: retry until the deadline
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("GET /moto-api/data.json did not answer 200 at " + endpoint);
            }
            Thread.sleep(100);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Operating-system PID of the server process. */
    public long pid() {
        return process.pid();
    }

    /** What moto_server printed so far (request log included), for failure messages. */
    public String log() {
        return log.toString();
    }

    /**
     * Environment that points the AWS provider, the S3 backend, the aws CLI and the SDKs at this server:
     * {@code AWS_ENDPOINT_URL}, region, and dummy credentials that only moto accepts.
     */
    public Map<String, String> awsEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION,
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    /** Wipes every emulated resource ({@code POST /moto-api/reset}); the server keeps running. */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("POST /moto-api/reset answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("POST /moto-api/reset failed at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto", e);
        }
    }

    /** Stops the server by its PID (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        Processes.stop(process);
    }
}
