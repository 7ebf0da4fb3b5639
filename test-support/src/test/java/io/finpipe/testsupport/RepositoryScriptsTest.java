package io.finpipe.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/prerequisites (which test-support/prerequisites.list drives) and scripts/run-app, run for real on this
 * machine with a PATH that lacks one tool: each stops with one line naming how to get it on a fresh Debian 12.
 */
class RepositoryScriptsTest {

    /** Surefire runs in the module directory (test-support/). */
    private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String VIRTUALENV_RECIPE = "install the Python tools into a virtualenv first on PATH: "
            + "apt-get install -y python3-venv && python3 -m venv ~/.venvs/finpipe && ~/.venvs/finpipe/bin/pip install "
            + "'moto[server]==5.2.1' 'awscli==1.45.11' && export PATH=~/.venvs/finpipe/bin:$PATH "
            + "(add that export to ~/.profile too)\n";

    @TempDir
    Path temp;

    @Test
    void runAppWithoutJavaNamesTheJdkPackageBeforeMavensWrapperRuns() throws Exception {
        Run run = run("scripts/run-app", pathWithout("java"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).as("not the wrapper's \"JAVA_HOME is not defined correctly\"")
                .isEqualTo("run-app: no java — install JDK 17: apt-get install -y openjdk-17-jdk-headless\n");
    }

    @Test
    void prerequisitesWithoutJavaNamesTheSameJdkPackage() throws Exception {
        Run run = run("scripts/prerequisites", pathWithout("java"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("prerequisites: no java — install JDK 17: apt-get install -y openjdk-17-jdk-headless\n");
    }

    @Test
    void prerequisitesWithoutMotoNamesAVirtualenvRecipeNotASystemWidePipInstall() throws Exception {
        Run run = run("scripts/prerequisites", pathWithout("moto_server"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("prerequisites: no moto_server — " + VIRTUALENV_RECIPE);
    }

    @Test
    void prerequisitesRefusesAnAwsCliThatIgnoresAwsEndpointUrlLikeDebian12s() throws Exception {
        // Debian 12's awscli package as it reports itself; not installed here, where it would shadow the suite's aws.
        Path debianAws = Files.createDirectories(temp.resolve("debian-aws"));
        Files.writeString(debianAws.resolve("aws"),
                "#!/bin/sh\necho 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0-18-cloud-amd64 source/x86_64.debian.12 prompt/off'\n");
        debianAws.resolve("aws").toFile().setExecutable(true);

        Run run = run("scripts/prerequisites", debianAws + File.pathSeparator + System.getenv("PATH"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("prerequisites: aws CLI 2.9.19 found, 2.13.0+ needed (older ones ignore "
                + "AWS_ENDPOINT_URL, so the tests' calls would not reach moto) — " + VIRTUALENV_RECIPE);
    }

    /**
     * This JVM's PATH with every directory that holds {@code command} replaced by a copy (symbolic links) of the
     * rest of it, so everything else the scripts use is still found.
     */
    private String pathWithout(String command) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getenv("PATH").split(File.pathSeparator)) {
            Path dir = Path.of(entry);
            if (!Files.exists(dir.resolve(command))) {
                entries.add(entry);
                continue;
            }
            Path copy = Files.createDirectories(temp.resolve("path-" + entries.size()));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(file -> !file.getFileName().toString().equals(command)).toList()) {
                    Files.createSymbolicLink(copy.resolve(file.getFileName()), file);
                }
            }
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(String script, String path) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(REPO_ROOT.resolve(script).toString()).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            Processes.stop(process);
            throw new IllegalStateException(script + " did not finish within 60 s:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }
}
