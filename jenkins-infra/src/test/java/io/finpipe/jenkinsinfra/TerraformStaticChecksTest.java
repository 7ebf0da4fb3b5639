package io.finpipe.jenkinsinfra;

import io.finpipe.testsupport.TerraformCli;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** terraform fmt and validate, and what no file of the stack may contain. */
class TerraformStaticChecksTest {

    /** IAM users, access keys, static credentials and SSH key pairs: none of them, anywhere. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "aws_iam_user|aws_iam_access_key|access_key\\s*=|secret_key\\s*=|AKIA[0-9A-Z]{16}|aws_key_pair|key_name\\s*=");

    @Test
    void everyTerraformFileIsFormatted() {
        TerraformCli.Result result = TerraformCli.in(JenkinsInfra.TERRAFORM_DIR)
                .execute("fmt", "-check", "-recursive", "-diff");

        assertThat(result.exitCode())
                .as("terraform fmt -check -recursive in %s — run `terraform fmt -recursive` there:%n%s",
                        JenkinsInfra.TERRAFORM_DIR, result.output())
                .isZero();
    }

    @Test
    void configurationIsValidAgainstTheRealAwsProviderSchema() {
        TerraformCli.Result result = JenkinsInfra.initialisedRootModule().run("validate", "-no-color");

        assertThat(result.stdout()).contains("The configuration is valid");
    }

    @Test
    void noIamUserAccessKeyStaticCredentialOrSshKeyPairAnywhere() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(JenkinsInfra.TERRAFORM_DIR)) {
            sources = files.filter(Files::isRegularFile)
                    .filter(file -> !file.startsWith(JenkinsInfra.TERRAFORM_DIR.resolve("tests")))
                    .filter(file -> !file.toString().contains("/.terraform"))
                    .toList();
        }
        assertThat(sources).as("Terraform sources, templates and files").hasSizeGreaterThan(10);

        for (Path source : sources) {
            assertThat(FORBIDDEN.matcher(Files.readString(source)).find())
                    .as("%s must not declare IAM users, access keys, static credentials or SSH key pairs "
                            + "(instance profiles and SSM Session Manager instead)", source)
                    .isFalse();
        }
    }

    @Test
    void backendIsPartialWithLockingEnvironmentFile() throws IOException {
        String versions = Files.readString(JenkinsInfra.TERRAFORM_DIR.resolve("versions.tf"));
        String backendFile = Files.readString(JenkinsInfra.TERRAFORM_DIR.resolve("environments/prod.backend.hcl"));

        assertThat(versions).contains("backend \"s3\" {}");
        assertThat(backendFile)
                .containsPattern("(?m)^bucket\\s*=")
                .containsPattern("(?m)^key\\s*=\\s*\"jenkins-infra/")
                .containsPattern("(?m)^dynamodb_table\\s*=")
                .containsPattern("(?m)^encrypt\\s*=\\s*true");
    }
}
