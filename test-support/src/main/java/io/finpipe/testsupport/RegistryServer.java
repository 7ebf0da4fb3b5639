package io.finpipe.testsupport;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OCI registry (Debian's {@code docker-registry}, distribution 2.8) on a free loopback port, with
 * its storage in a fresh temporary directory, for tests that push and pull images.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.start()) {          // or startWithAuth("ci", secret)
 *     String ref = registry.hostPort() + "/bank/app:1";             // 127.0.0.1:PORT/bank/app:1
 *     ... push with jib-core or the image-builder CLI (plain HTTP: allow insecure registries) ...
 *     String digest = registry.manifestDigest("bank/app", "1");     // the registry's Docker-Content-Digest
 *     int mark = registry.requestCount();
 *     ... push again ...
 *     List<String> uploaded = registry.uploadedBlobsSince(mark);   // blob digests really uploaded
 * }
 * }</pre>
 *
 * Started as {@code docker-registry serve CONFIG} with {@code http.addr: 127.0.0.1:0}; the port comes from
 * its log line {@code listening on 127.0.0.1:PORT}. {@link #startWithAuth} writes a bcrypt htpasswd file,
 * so the registry answers 401 to anonymous and wrong-password requests. The registry speaks plain HTTP:
 * clients need their "insecure registry" switch, and jib needs {@code -DsendCredentialsOverHttp=true} to
 * send a password to it. {@link #close()} stops the process by its PID and deletes the storage.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)");
    /** Access-log line of a finished blob upload: {@code "PUT /v2/NAME/blobs/uploads/UUID?...digest=sha256%3A..."}. */
    private static final Pattern BLOB_UPLOAD_COMMITTED = Pattern.compile(
            "\"PUT /v2/\\S+/blobs/uploads/\\S*[?&]digest=sha256(?:%3A|:)([0-9a-f]{64})\\S* HTTP/[\\d.]+\" 201 ");
    private static final Pattern ACCESS_LOG = Pattern.compile("\"(GET|HEAD|POST|PUT|PATCH|DELETE) /v2/");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String MANIFEST_TYPES = String.join(",",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final Process process;
    private final Path directory;
    private final String hostPort;
    private final String username;
    private final String password;
    private final StringBuffer log;
    private final List<String> requests;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryServer(Process process, Path directory, String hostPort, String username, String password,
                           StringBuffer log, List<String> requests) {
        this.process = process;
        this.directory = directory;
        this.hostPort = hostPort;
        this.username = username;
        this.password = password;
        this.log = log;
        this.requests = requests;
    }

    /** Starts a registry that accepts anonymous pushes and pulls. */
    public static RegistryServer start() {
        return launch(null, null);
    }

    /**
     * Starts a registry that requires HTTP basic authentication with exactly this user and password
     * (htpasswd with a bcrypt hash, generated here).
     */
    public static RegistryServer startWithAuth(String username, String password) {
        if (username.isEmpty() || username.contains(":") || password.isEmpty()) {
            throw new IllegalArgumentException("username must be non-empty without ':', password non-empty");
        }
        return launch(username, password);
    }

    private static RegistryServer launch(String username, String password) {
        Path directory;
        try {
            directory = Files.createTempDirectory("registry-");
            StringBuilder config = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log: {level: info, accesslog: {disabled: false}}\n")
                    .append("storage: {filesystem: {rootdirectory: \"").append(directory.resolve("storage"))
                    .append("\"}, delete: {enabled: true}}\n")
                    .append("http: {addr: \"127.0.0.1:0\", secret: \"test-only-upload-state-secret\"}\n");
            if (username != null) {
                Path htpasswd = directory.resolve("htpasswd");
                String hash = BCrypt.withDefaults().hashToString(10, password.toCharArray());
                Files.writeString(htpasswd, username + ":" + hash + "\n");
                config.append("auth: {htpasswd: {realm: finpipe-test, path: \"").append(htpasswd).append("\"}}\n");
            }
            Files.writeString(directory.resolve("config.yml"), config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the registry configuration", e);
        }
        Process process;
        try {
            process = new ProcessBuilder("docker-registry", "serve", directory.resolve("config.yml").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Processes.deleteRecursively(directory);
            throw new IllegalStateException(
                    "cannot run docker-registry — install it with: apt-get install -y docker-registry", e);
        }
        StringBuffer log = new StringBuffer();
        List<String> requests = new CopyOnWriteArrayList<>();
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> readLog(process, log, requests, address),
                "docker-registry-log-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            String hostPort = address.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new RegistryServer(process, directory, hostPort, username, password, log, requests);
        } catch (Exception e) {
            Processes.stop(process);
            Processes.deleteRecursively(directory);
            throw new IllegalStateException("docker-registry did not start: " + e.getMessage()
                    + "\n--- docker-registry output ---\n" + log, e);
        }
    }

    private static void readLog(Process process, StringBuffer log, List<String> requests,
                                CompletableFuture<String> address) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.append(line).append('\n');
                if (ACCESS_LOG.matcher(line).find()) {
                    requests.add(line);
                }
                Matcher listening = LISTENING.matcher(line);
                if (!address.isDone() && listening.find()) {
                    address.complete(listening.group(1));
                }
            }
        } catch (IOException e) {
            address.completeExceptionally(e);
        }
        address.completeExceptionally(new IllegalStateException("docker-registry exited before listening"));
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String hostPort() {
        return hostPort;
    }

    /** Base URL of the v2 API, e.g. {@code http://127.0.0.1:41234/v2/}. */
    public URI apiUrl() {
        return URI.create("http://" + hostPort + "/v2/");
    }

    /** Operating-system PID of the registry process. */
    public long pid() {
        return process.pid();
    }

    /** Everything the registry printed so far (access log included), for failure messages. */
    public String log() {
        return log.toString();
    }

    /**
     * How many v2 API requests the registry has logged so far; a mark for {@link #uploadedBlobsSince}. Waits
     * for the log to go quiet first: the last build's lines can still be on their way (seen on a loaded
     * machine), and would otherwise count as the next build's uploads.
     */
    public int requestCount() {
        awaitLogQuiet();
        return requests.size();
    }

    /**
     * Digests ({@code sha256:...}) of the blobs whose upload the registry committed (HTTP 201 to the final
     * PUT) after the mark, in log order: what a client really uploaded, as opposed to what it skipped
     * because the registry already had it.
     */
    public List<String> uploadedBlobsSince(int mark) {
        awaitLogQuiet();
        return requests.subList(mark, requests.size()).stream()
                .map(BLOB_UPLOAD_COMMITTED::matcher)
                .filter(Matcher::find)
                .map(matcher -> "sha256:" + matcher.group(1))
                .toList();
    }

    /**
     * The digest the registry reports ({@code Docker-Content-Digest}) for {@code repository:reference},
     * where reference is a tag or a digest.
     *
     * @throws IllegalStateException if the registry does not answer 200 (unknown image, refused login)
     */
    public String manifestDigest(String repository, String reference) {
        HttpResponse<byte[]> response = get("%s/manifests/%s".formatted(repository, reference), MANIFEST_TYPES);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow(
                () -> new IllegalStateException("no Docker-Content-Digest header for " + repository + ":" + reference));
    }

    /** The manifest of {@code repository:reference} as the registry serves it (JSON bytes). */
    public byte[] manifest(String repository, String reference) {
        return get("%s/manifests/%s".formatted(repository, reference), MANIFEST_TYPES).body();
    }

    /** A blob (layer or config) of {@code repository} by digest. */
    public byte[] blob(String repository, String digest) {
        return get("%s/blobs/%s".formatted(repository, digest), "*/*").body();
    }

    /** The user this registry requires, or {@code null} for an anonymous one. */
    public String username() {
        return username;
    }

    /** The password this registry requires (a test secret), or {@code null} for an anonymous one. */
    public String password() {
        return password;
    }

    private HttpResponse<byte[]> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(apiUrl().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Accept", accept).GET();
        if (username != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered HTTP " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed at " + hostPort, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the registry", e);
        }
    }

    /** The access log is written after the response: let the last lines of a push arrive. */
    private void awaitLogQuiet() {
        try {
            int seen;
            do {
                seen = requests.size();
                Thread.sleep(200);
            } while (requests.size() != seen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the registry by its PID and deletes its storage. */
    @Override
    public void close() {
        Processes.stop(process);
        Processes.deleteRecursively(directory);
    }
}
