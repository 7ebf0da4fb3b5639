package io.finpipe.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.security.auth.module.UnixSystem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs an OCI/Docker image with no container engine: the image is copied with skopeo, its layers are
 * unpacked in order into a root filesystem, and its entrypoint runs there under
 * {@code unshare --mount --pid --fork --kill-child --mount-proc --root=ROOTFS}, as the image's user, with
 * the image's environment and working directory. The process shares the host's network, so a server in
 * it is reached on loopback.
 *
 * <pre>{@code
 * try (UnsharedContainer app = UnsharedContainer.start("docker://" + ref, Map.of("PORT", "18080"))) {
 *     app.awaitLog(Pattern.compile("Started"), Duration.ofSeconds(60));
 *     ... GET http://127.0.0.1:18080/health ...
 * }
 * }</pre>
 *
 * Sources are skopeo transports: {@code docker://HOST:PORT/REPO@DIGEST} (TLS verification off: for the
 * loopback {@link RegistryServer}) or {@code docker-archive:/path/image.tar}. Layers are plain tars (no
 * whiteouts are applied). Needs root (mount namespaces), skopeo, tar and util-linux's unshare: the tests
 * here run as root. This models what a container runtime does for a JVM image; it is not an isolation
 * boundary (no cgroups, no network namespace). {@link #close()} kills the process and deletes the files.
 */
public final class UnsharedContainer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path directory;
    private final StringBuffer log = new StringBuffer();

    private UnsharedContainer(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
        Thread reader = new Thread(this::readOutput, "container-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Unpacks the image and starts its entrypoint (plus {@code Cmd}) with extra environment variables.
     *
     * @throws IllegalStateException if not root, or the image cannot be copied, unpacked or started
     */
    public static UnsharedContainer start(String skopeoSource, Map<String, String> extraEnvironment) {
        if (new UnixSystem().getUid() != 0) {
            throw new IllegalStateException("UnsharedContainer needs root (mount namespaces): run the tests as root");
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("container-");
            Path image = directory.resolve("image");
            Path rootfs = Files.createDirectories(directory.resolve("rootfs"));
            List<String> copy = new ArrayList<>(List.of("skopeo", "copy", "--quiet"));
            if (skopeoSource.startsWith("docker://")) {
                copy.add("--src-tls-verify=false");
            }
            copy.addAll(List.of(skopeoSource, "dir:" + image));
            run(copy);

            JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile());
            for (JsonNode layer : manifest.path("layers")) {
                run(List.of("tar", "--warning=no-unknown-keyword", "-xf", blobFile(image, layer).toString(),
                        "-C", rootfs.toString()));
            }
            Files.createDirectories(rootfs.resolve("proc"));
            JsonNode config = JSON.readTree(blobFile(image, manifest.path("config")).toFile()).path("config");

            List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork",
                    "--kill-child", "--mount-proc=/proc", "--root=" + rootfs,
                    "--wd=" + config.path("WorkingDir").asText("/")));
            String user = config.path("User").asText("");
            if (!user.isEmpty()) {
                String[] uidGid = user.split(":");
                command.add("--setuid=" + uidGid[0]);
                command.add("--setgid=" + (uidGid.length > 1 ? uidGid[1] : uidGid[0]));
            }
            config.path("Entrypoint").forEach(part -> command.add(part.asText()));
            config.path("Cmd").forEach(part -> command.add(part.asText()));

            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.putAll(imageEnvironment(config));
            environment.putAll(extraEnvironment);
            return new UnsharedContainer(builder.start(), directory);
        } catch (IOException | RuntimeException e) {
            if (directory != null) {
                Processes.deleteRecursively(directory);
            }
            throw new IllegalStateException("cannot run image " + skopeoSource + ": " + e.getMessage(), e);
        }
    }

    private static Path blobFile(Path imageDirectory, JsonNode descriptor) {
        return imageDirectory.resolve(descriptor.path("digest").asText().replaceFirst("^sha256:", ""));
    }

    private static Map<String, String> imageEnvironment(JsonNode config) {
        Map<String, String> environment = new HashMap<>();
        for (JsonNode entry : config.path("Env")) {
            String[] nameValue = entry.asText().split("=", 2);
            environment.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
        }
        return environment;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command.get(0), e);
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.append(line).append('\n');
            }
        } catch (IOException e) {
            log.append("[output unreadable: ").append(e.getMessage()).append("]\n");
        }
    }

    /**
     * Waits until the output contains a match of {@code pattern}.
     *
     * @throws IllegalStateException with the output so far, if the process exits or time runs out first
     */
    public void awaitLog(Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!pattern.matcher(log).find()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("container " + (process.isAlive() ? "did not print " : "exited ("
                        + process.exitValue() + ") before printing ") + pattern + ":\n" + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the container", e);
            }
        }
    }

    /** unshare and every process under it (the entrypoint and its children), for checking clean-up. */
    public List<ProcessHandle> processTree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    /** Whether the entrypoint is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the entrypoint printed so far (stdout and stderr). */
    public String log() {
        return log.toString();
    }

    /** The unpacked root filesystem, for assertions on the image's files. */
    public Path rootfs() {
        return directory.resolve("rootfs");
    }

    /** Kills the process tree (unshare's --kill-child) and deletes the unpacked image. */
    @Override
    public void close() {
        Processes.stop(process);
        Processes.deleteRecursively(directory);
    }
}
