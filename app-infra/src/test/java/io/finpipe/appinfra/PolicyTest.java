package io.finpipe.appinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.finpipe.testsupport.TerraformCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the `terraform test` files under app-infra/tests against a mocked AWS provider (real provider
 * schema and validation, no AWS): the shared security policy and each environment's own expectations
 * with that environment's tfvars, and the variable validation. Every run block is reported as its own
 * JUnit test, named "<file> › <run>" under a container per environment.
 */
class PolicyTest {

    @TempDir
    static Path work;

    static TerraformCli terraform;

    @BeforeAll
    static void init() {
        terraform = TerraformCli.in(TerraformSources.copyTo(work));
        terraform.run("init", "-input=false", "-backend=false");
    }

    @TestFactory
    Stream<DynamicNode> securityPolicyAndEnvironmentSettings() {
        List<DynamicNode> environments = new ArrayList<>();
        for (String environment : TerraformSources.ENVIRONMENTS) {
            environments.add(dynamicContainer(environment, runBlocks(
                    "-filter=tests/policy.tftest.hcl",
                    "-filter=tests/" + environment + ".tftest.hcl",
                    "-var-file=environments/" + environment + "/terraform.tfvars")));
        }
        return environments.stream();
    }

    @TestFactory
    Stream<DynamicNode> variableValidationRejectsBadInput() {
        return runBlocks("-filter=tests/validation.tftest.hcl");
    }

    private static Stream<DynamicNode> runBlocks(String... options) {
        List<String> command = new ArrayList<>(List.of("test", "-json", "-no-color"));
        command.addAll(List.of(options));
        TerraformCli.Result result = terraform.execute(command.toArray(String[]::new));
        TerraformTestReport report = TerraformTestReport.parse(result.stdout());
        if (report.runs().isEmpty()) {
            return Stream.of(dynamicTest("terraform " + String.join(" ", command), () ->
                    assertThat(report.runs()).as("terraform test ran no run block:%n%s", result.output()).isNotEmpty()));
        }
        return report.runs().stream().map(run -> dynamicTest(
                run.file().replace("tests/", "") + " › " + run.name(),
                () -> assertThat(run.status())
                        .as("%s%n%s", run.describe(), String.join("\n", report.fileDiagnostics()))
                        .isEqualTo("pass")));
    }
}
