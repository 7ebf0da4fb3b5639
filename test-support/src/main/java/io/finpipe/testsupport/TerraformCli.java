package io.finpipe.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the {@code terraform} binary in one directory, the way automation should: with its own CLI
 * configuration, no checkpoint calls, automation-mode output, and output captured for assertions.
 *
 * <pre>{@code
 * TerraformCli tf = TerraformCli.in(dir).withEnvironment(moto.awsEnvironment());
 * tf.run("init", "-input=false", "-backend=false");            // throws TerraformFailure on non-zero exit
 * TerraformCli.Result plan = tf.execute("plan", "-detailed-exitcode"); // any exit code, for asserting on it
 * try (TerraformCli.Interactive destroy = tf.startInteractive("destroy")) {  // e.g. to hold the state lock
 *     destroy.awaitOutput("Enter a value:", Duration.ofMinutes(3));
 *     destroy.answer("no");
 * }
 * }</pre>
 *
 * The CLI config file it writes installs providers from the filesystem mirror {@value #PROVIDER_MIRROR}
 * when that directory exists (offline machines, CI), else directly from the registry. It replaces any
 * {@code TF_CLI_CONFIG_FILE} from the calling environment. Instances are immutable; {@code with...} returns
 * a copy. ANSI colour codes are stripped from captured output.
 */
public final class TerraformCli {

    /** Local provider mirror used when present (unpacked layout: host/namespace/type/version/os_arch). */
    public static final String PROVIDER_MIRROR = "/opt/tf-plugins";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final Duration timeout;

    private TerraformCli(Path workingDirectory, Map<String, String> environment, Duration timeout) {
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /** Terraform run in {@code workingDirectory}, with a fresh CLI config file written for it. */
    public static TerraformCli in(Path workingDirectory) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TF_CLI_CONFIG_FILE", writeCliConfig().toString());
        environment.put("CHECKPOINT_DISABLE", "1");
        environment.put("TF_IN_AUTOMATION", "1");
        environment.put("TF_INPUT", "0");
        return new TerraformCli(workingDirectory, environment, DEFAULT_TIMEOUT);
    }

    /** The same CLI settings in another directory. */
    public TerraformCli inDirectory(Path otherDirectory) {
        return new TerraformCli(otherDirectory, environment, timeout);
    }

    /** Adds (or overrides) environment variables, e.g. {@link MotoServer#awsEnvironment()}. */
    public TerraformCli withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(extra);
        return new TerraformCli(workingDirectory, merged, timeout);
    }

    /** Kills a command that runs longer than this (default 20 minutes). */
    public TerraformCli withTimeout(Duration limit) {
        return new TerraformCli(workingDirectory, environment, limit);
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    /** The environment terraform runs with on top of this JVM's, including the CLI config file. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * Runs {@code terraform args...} and requires exit code 0.
     *
     * @throws TerraformFailure naming the command, directory, exit code and the full output
     */
    public Result run(String... args) {
        Result result = execute(args);
        if (result.exitCode() != 0) {
            throw new TerraformFailure(result);
        }
        return result;
    }

    /** Runs {@code terraform args...} and returns whatever happened, for tests that expect a failure. */
    public Result execute(String... args) {
        List<String> command = new ArrayList<>();
        command.add("terraform");
        command.addAll(List.of(args));
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("terraform-", ".out");
            stderr = Files.createTempFile("terraform-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new TerraformFailure(new Result(command, workingDirectory, -1, read(stdout),
                        read(stderr) + "\n(killed after " + timeout + ")"));
            }
            return new Result(command, workingDirectory, process.exitValue(), read(stdout), read(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " in " + workingDirectory
                    + " — is terraform (1.9+) on the PATH? https://developer.hashicorp.com/terraform/install", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /**
     * Starts {@code terraform args...} in the background with input enabled, for tests that need a
     * command paused at a prompt, e.g. {@code destroy} waiting for "yes" while it holds the state lock.
     * Close the returned handle to stop it.
     */
    public Interactive startInteractive(String... args) {
        List<String> command = new ArrayList<>();
        command.add("terraform");
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("terraform-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("TF_INPUT", "1");
            return new Interactive(command, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + " in " + workingDirectory, e);
        }
    }

    private static Path writeCliConfig() {
        String installation = Files.isDirectory(Path.of(PROVIDER_MIRROR))
                ? "provider_installation {\n  filesystem_mirror {\n    path = \"" + PROVIDER_MIRROR + "\"\n  }\n}\n"
                : "provider_installation {\n  direct {}\n}\n";
        try {
            Path file = Files.createTempFile("terraformrc-", ".tfrc");
            file.toFile().deleteOnExit();
            return Files.writeString(file, installation);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a Terraform CLI config file", e);
        }
    }

    private static String read(Path file) throws IOException {
        return ANSI_ESCAPE.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll("");
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    /** A terraform command running in the background; its output is stdout and stderr interleaved. */
    public static final class Interactive implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final Path outputFile;

        private Interactive(List<String> command, Process process, Path outputFile) {
            this.command = command;
            this.process = process;
            this.outputFile = outputFile;
        }

        /** Output so far, colour codes stripped. */
        public String output() {
            try {
                return read(outputFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Waits until the output contains {@code text}.
         *
         * @throws IllegalStateException if the command exits first or the time runs out, with its output
         */
        public void awaitOutput(String text, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(String.join(" ", command) + " did not print \"" + text
                            + "\" (" + (process.isAlive() ? "timed out after " + limit : "exited " + process.exitValue())
                            + ")\n--- output ---\n" + output());
                }
                Thread.sleep(200);
            }
        }

        /** Types a line at the prompt. */
        public void answer(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        /** Waits for the command to end and returns its exit code. */
        public int waitFor(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " still running after " + limit
                        + "\n--- output ---\n" + output());
            }
            return process.exitValue();
        }

        /** Kills the command if it still runs and deletes its output file. */
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            deleteQuietly(outputFile);
        }
    }

    /** One finished terraform command. {@link #output()} is stdout followed by stderr. */
    public record Result(List<String> command, Path directory, int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    /** A terraform command that failed; the message is everything needed to see why. */
    public static final class TerraformFailure extends RuntimeException {
        private final transient Result result;

        public TerraformFailure(Result result) {
            super(String.join(" ", result.command()) + " failed with exit code " + result.exitCode()
                    + " in " + result.directory() + "\n--- output ---\n" + result.output());
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }
}
