package io.finpipe.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The aws CLI with a fixed environment (e.g. {@link MotoServer#awsEnvironment()}), answering parsed JSON.
 *
 * <pre>{@code
 * AwsCli aws = new AwsCli(moto.awsEnvironment());
 * JsonNode vpcs = aws.call("ec2", "describe-vpcs");                              // throws on failure
 * AwsCli.Result read = aws.execute("secretsmanager", "get-secret-value", ...);   // for expected failures
 * }</pre>
 */
public final class AwsCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> environment;

    public AwsCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** One finished aws command: exit code, stdout and stderr. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    /**
     * Runs {@code aws args... --output json} and parses what it prints.
     *
     * @throws IllegalStateException on a non-zero exit, with the command and its error output
     */
    public JsonNode call(String... args) {
        Result result = execute(args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", result.command()) + " failed:\n" + result.stderr());
        }
        try {
            return result.stdout().isBlank() ? MissingNode.getInstance() : JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", result.command()) + " printed no JSON: " + result.stdout(), e);
        }
    }

    /** Runs {@code aws args... --output json} and returns whatever happened, for tests that expect a failure. */
    public Result execute(String... args) {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // read stderr alongside stdout so neither pipe can fill up and stall the CLI
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
            }
            return new Result(command, process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command)
                    + " (no aws on PATH) — run scripts/prerequisites: it names how to install the aws CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
