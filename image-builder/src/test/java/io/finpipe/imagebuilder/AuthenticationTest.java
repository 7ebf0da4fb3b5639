package io.finpipe.imagebuilder;

import static io.finpipe.imagebuilder.Fixtures.pushArguments;
import static io.finpipe.imagebuilder.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A registry with htpasswd (bcrypt) authentication: the password comes from stdin or a credential helper. */
class AuthenticationTest {

    private static final String USER = "jenkins";
    private static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());

    @RegisterExtension
    static final RegistryWithBase REGISTRY = new RegistryWithBase(USER, PASSWORD);

    @TempDir
    static Path work;
    private static TestApp app;

    @BeforeAll
    static void createApp() throws Exception {
        app = TestApp.createIn(work.resolve("app"));
    }

    @Test
    void acceptsTheRightPasswordFromStdin() {
        Cli.Result result = Cli.run(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "auth/app", "ok"),
                "--username", USER, "--password-stdin"), PASSWORD + "\n");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.digest()).isEqualTo(REGISTRY.server().manifestDigest("auth/app", "ok"));
        assertThat(result.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void refusesAWrongPasswordWithOneLineAndPushesNothing() {
        int mark = REGISTRY.server().requestCount();

        Cli.Result result = Cli.run(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "auth/app", "wrong"),
                "--username", USER, "--password-stdin"), "not-the-password\n");

        assertThat(result.exitCode()).isEqualTo(ImageBuilderCli.EXIT_FAILED);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).singleElement().asString()
                .startsWith("image-builder: registry refused access to ")
                .contains("check --username/--password-stdin or --credential-helper");
        assertThat(REGISTRY.server().uploadedBlobsSince(mark)).isEmpty();
        assertThatThrownBy(() -> REGISTRY.server().manifestDigest("auth/app", "wrong")).hasMessageContaining("HTTP 404");
    }

    @Test
    void refusesAnAnonymousPush() {
        Cli.Result result = Cli.build(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "auth/app", "anonymous"));

        assertThat(result.exitCode()).isEqualTo(ImageBuilderCli.EXIT_FAILED);
        assertThat(result.stderrLines()).singleElement().asString().startsWith("image-builder: registry refused access to ");
    }

    @Test
    void getsTheCredentialsFromADockerCredentialHelper() throws Exception {
        Path helper = writeCredentialHelper(work.resolve("bin"), "docker-credential-finpipe-test", USER, PASSWORD);

        Cli.Result result = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "auth/app", "helper"),
                "--credential-helper", helper.toString()));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.digest()).isEqualTo(REGISTRY.server().manifestDigest("auth/app", "helper"));
    }

    @Test
    void namesAMissingCredentialHelper() {
        Cli.Result result = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "auth/app", "nohelper"),
                "--credential-helper", "finpipe-absent"));

        assertThat(result.exitCode()).isEqualTo(ImageBuilderCli.EXIT_FAILED);
        assertThat(result.stderrLines()).singleElement().asString()
                .startsWith("image-builder: --credential-helper: ")
                .contains("docker-credential-finpipe-absent")
                .endsWith("install it or put it on PATH");
    }

    /**
     * A Docker credential helper (the protocol docker-credential-ecr-login speaks): {@code get} reads the
     * registry URL on stdin and prints {@code {"ServerURL","Username","Secret"}}.
     */
    static Path writeCredentialHelper(Path directory, String name, String user, String password) throws Exception {
        Path helper = Files.createDirectories(directory).resolve(name);
        Files.writeString(helper, """
                #!/bin/sh
                [ "$1" = get ] || exit 1
                read -r server
                printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$server"
                """.formatted(user, password));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        return helper;
    }
}
