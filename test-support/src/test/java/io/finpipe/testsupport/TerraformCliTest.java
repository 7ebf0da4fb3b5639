package io.finpipe.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformCliTest {

    @TempDir
    Path dir;

    @Test
    void writesItsOwnCliConfigUsingTheLocalMirrorWhenPresent() throws Exception {
        TerraformCli terraform = TerraformCli.in(dir);

        Path config = Path.of(terraform.environment().get("TF_CLI_CONFIG_FILE"));
        String expected = Files.isDirectory(Path.of(TerraformCli.PROVIDER_MIRROR))
                ? "filesystem_mirror {\n    path = \"" + TerraformCli.PROVIDER_MIRROR + "\"" : "direct {}";
        assertThat(Files.readString(config)).contains(expected);
        assertThat(terraform.environment()).containsEntry("CHECKPOINT_DISABLE", "1").containsEntry("TF_IN_AUTOMATION", "1");
    }

    @Test
    void runsCommandsAndCapturesStdoutApartFromStderr() throws Exception {
        Files.writeString(dir.resolve("main.tf"), "variable \"greeting\" {}\noutput \"echo\" { value = var.greeting }\n");
        TerraformCli terraform = TerraformCli.in(dir).withEnvironment(Map.of("TF_VAR_greeting", "hello"));

        terraform.run("init", "-input=false");
        terraform.run("apply", "-auto-approve", "-input=false");

        assertThat(terraform.run("output", "-json").stdout()).contains("\"value\": \"hello\"");
        assertThat(terraform.run("output", "-raw", "echo").stdout()).isEqualTo("hello");
    }

    @Test
    void failureNamesTheCommandExitCodeAndOutput() throws Exception {
        Files.writeString(dir.resolve("main.tf"), "resource {\n");
        TerraformCli terraform = TerraformCli.in(dir);

        assertThatThrownBy(() -> terraform.run("validate", "-no-color"))
                .isInstanceOf(TerraformCli.TerraformFailure.class)
                .hasMessageContaining("terraform validate -no-color failed with exit code 1 in " + dir)
                .hasMessageContaining("Error");
        assertThat(terraform.execute("validate", "-no-color").exitCode()).isEqualTo(1);
    }

    @Test
    void interactiveCommandWaitsAtItsPromptUntilAnswered() throws Exception {
        Files.writeString(dir.resolve("main.tf"), "output \"answer\" { value = 42 }\n");
        TerraformCli terraform = TerraformCli.in(dir);
        terraform.run("init", "-input=false");

        try (TerraformCli.Interactive apply = terraform.startInteractive("apply")) {
            apply.awaitOutput("Enter a value:", Duration.ofMinutes(1));
            apply.answer("no");

            assertThat(apply.waitFor(Duration.ofMinutes(1))).isEqualTo(1);
            assertThat(apply.output()).contains("Apply cancelled");
        }
        assertThat(dir.resolve("terraform.tfstate")).as("nothing applied").doesNotExist();
    }
}
