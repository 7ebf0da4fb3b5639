package io.finpipe.appinfra;

import static org.assertj.core.api.Assertions.assertThat;

import io.finpipe.testsupport.TerraformCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** terraform fmt -check over the whole tree; init -backend=false + validate of the root, bootstrap and every module. */
class FormatAndValidateTest {

    @TempDir
    static Path work;

    static Path tree;

    @BeforeAll
    static void copyTree() {
        tree = TerraformSources.copyTo(work);
    }

    @Test
    void everyFileIsFormatted() {
        TerraformCli.Result fmt = TerraformCli.in(TerraformSources.root()).execute("fmt", "-check", "-recursive", "-diff");

        assertThat(fmt.exitCode())
                .as("terraform fmt -check -recursive found unformatted files (run `terraform fmt -recursive` in app-infra):%n%s",
                        fmt.output())
                .isZero();
    }

    static Stream<String> configurations() throws IOException {
        try (Stream<Path> modules = Files.list(TerraformSources.root().resolve("modules"))) {
            return Stream.concat(Stream.of(".", "bootstrap"),
                    modules.map(module -> "modules/" + module.getFileName()).sorted().toList().stream());
        }
    }

    @ParameterizedTest(name = "validate {0}")
    @MethodSource("configurations")
    void configurationIsValid(String configuration) {
        TerraformCli terraform = TerraformCli.in(tree.resolve(configuration));
        terraform.run("init", "-input=false", "-backend=false");

        TerraformCli.Result validate = terraform.run("validate", "-no-color");

        assertThat(validate.stdout()).contains("The configuration is valid.");
    }
}
