package io.finpipe.imagebuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the packaged CLI as buildImage does: {@code java -jar target/image-builder.jar build ...} in a new JVM. */
final class JarCli {

    private JarCli() {
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("imageBuilderJar", "target/image-builder.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn package' (the integration tests run after it)");
        }
        return jar;
    }

    /** Runs {@code build} with these arguments, extra environment and stdin; waits at most 5 minutes. */
    static Cli.Result build(List<String> arguments, Map<String, String> environment, String stdin)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString(), "build"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process, true));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process, false));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("image-builder.jar did not finish in 5 minutes");
        }
        return new Cli.Result(process.exitValue(), new String(stdout.join(), StandardCharsets.UTF_8),
                new String(stderr.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process process, boolean stdout) {
        try {
            return (stdout ? process.getInputStream() : process.getErrorStream()).readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
