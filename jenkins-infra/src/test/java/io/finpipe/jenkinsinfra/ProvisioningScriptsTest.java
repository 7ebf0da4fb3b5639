package io.finpipe.jenkinsinfra;

import io.finpipe.testsupport.TerraformCli;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user-data and agent scripts as Terraform renders them: shellcheck-clean, pinned, checksum-verified,
 * logged. The checksum helper is run for real (bash, curl on a file:// URL), not just read.
 */
class ProvisioningScriptsTest {

    private static final RenderedJenkinsConfig RENDERED = RenderedJenkinsConfig.get();

    @TestFactory
    Stream<DynamicTest> everyRenderedScriptPassesShellcheck() {
        return RENDERED.scriptFiles().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(script -> DynamicTest.dynamicTest(script.getKey(), () -> {
                    Run shellcheck = run(List.of("shellcheck", "--shell=bash", "--severity=warning",
                            script.getValue().toString()));
                    assertThat(shellcheck.exitCode())
                            .as("shellcheck -S warning %s:%n%s", script.getValue(), shellcheck.output())
                            .isZero();
                }));
    }

    @Test
    void controllerInstallsPinnedJenkinsAndPluginCliAndLogsToCloudWatch() {
        assertThat(RENDERED.controllerUserData())
                .contains("install_packages openjdk-17-jre-headless fontconfig xfsprogs")
                .contains("install_packages 'jenkins=2.492.3'")
                .contains("[[ ${fingerprint} == '63667EE74BBA1F0A08A698725BA31D57EF5975CA' ]]")
                .contains("deb [signed-by=${jenkins_key}] https://pkg.jenkins.io/debian-stable binary/")
                .contains("printf '#!/bin/sh\\nexit 101\\n' >/usr/sbin/policy-rc.d")
                .contains("releases/download/2.13.2/jenkins-plugin-manager-2.13.2.jar' \\\n  "
                        + "'0000000000000000000000000000000000000000000000000000000000000000'")
                .contains("--plugin-file /etc/jenkins/plugins.txt")
                .contains("--plugin-download-directory /var/lib/jenkins/plugins --clean-download-directory\n")
                .contains("exec > >(tee -a /var/log/finpipe-provisioning.log) 2>&1")
                .contains("\"log_group_name\":\"/finpipe-jenkins/jenkins\"")
                .contains("/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0");
    }

    @Test
    void everyInstanceInstallsPinnedVerifiedSsmAgentCloudWatchAgentAndAwsCliV2() {
        for (String userData : List.of(RENDERED.controllerUserData(), RENDERED.agentUserData())) {
            assertThat(userData)
                    .contains("install_deb_verified 'https://s3.amazonaws.com/ec2-downloads-windows/SSMAgent/3.3.3270.0/"
                            + "debian_amd64/amazon-ssm-agent.deb' \\\n  '2222222222222222222222222222222222222222222222222222222222222222'")
                    .contains("systemctl enable --now amazon-ssm-agent")
                    .contains("install_deb_verified 'https://amazoncloudwatch-agent.s3.amazonaws.com/debian/amd64/1.300064.0/"
                            + "amazon-cloudwatch-agent.deb' \\\n  '3333333333333333333333333333333333333333333333333333333333333333'")
                    .contains("install_aws_cli_v2 '2.27.0' '1111111111111111111111111111111111111111111111111111111111111111'")
                    .doesNotContain("dnf ")
                    .doesNotContain("yum");
        }
        assertThat(RENDERED.agentUserData()).contains("\"log_stream_name\":\"agent/{instance_id}/provisioning\"");
    }

    @Test
    void theCloudWatchAgentShipsTheLogBeforeTheSsmAgentsChecksumCanStopProvisioning() {
        for (String userData : List.of(RENDERED.controllerUserData(), RENDERED.agentUserData())) {
            assertThat(userData.indexOf("configure_cloudwatch_agent '")).as("CloudWatch configured")
                    .isPositive().isLessThan(userData.indexOf("/SSMAgent/"));
        }
    }

    @Test
    void controllerGeneratesEachSecretOnceWithoutPuttingItOnACommandLine() {
        assertThat(RENDERED.controllerUserData())
                .contains("ensure_secret_value 'finpipe-jenkins-admin-password'")
                .contains("ensure_secret_value 'finpipe-jenkins-agent-password'")
                .contains("ensure_secret_value 'finpipe-jenkins-github-webhook-secret'")
                .doesNotContain("ensure_secret_value 'finpipe-jenkins-github-token'")
                .contains("--secret-string \"file://${value_file}\"")
                .doesNotContain("--secret-string \"$(");
    }

    @Test
    void agentInstallsToolsAndTheChecksumVerifiedTerraform() {
        assertThat(RENDERED.agentUserData())
                .contains("install_packages openjdk-17-jdk-headless git python3-venv docker-registry ")
                .contains("'/opt/finpipe-python/bin/pip' install --quiet --disable-pip-version-check 'moto[server]==5.2.1'")
                .contains("'https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_linux_amd64.zip' \\\n"
                        + "    '1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc'")
                .contains("grep -x 'Terraform v1.11.4'")
                .contains("systemctl enable jenkins-agent");
        assertThat(RENDERED.agentConnectScript())
                .contains("-url \"${controller_url}\" -webSocket")
                .contains("-labels 'linux deploy'")
                .contains("-executors '2'")
                .contains("-passwordFile \"${password_file}\"")
                .contains("readonly controller_url='http://10.40.128.10:8080/'")
                .contains("exec java -jar \"${client_jar}\"");
    }

    @Test
    void installDebVerifiedRefusesAPackageWhoseChecksumDiffersBeforeApt() throws Exception {
        Path dir = JenkinsInfra.scratchDirectory("deb-");
        Path source = Files.writeString(dir.resolve("agent.deb"), "tampered package");

        Run run = runFunction("install_deb_verified", "file://" + source, sha256("pinned package"));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("ERROR: checksum of file://" + source + " is not the pinned " + sha256("pinned package"))
                .doesNotContain("apt");
    }

    @Test
    void downloadVerifiedInstallsAFileWhoseChecksumMatches() throws Exception {
        Path dir = JenkinsInfra.scratchDirectory("download-");
        Path source = Files.writeString(dir.resolve("tool.zip"), "pinned release");
        Path dest = dir.resolve("installed/tool.zip");

        Run run = downloadVerified(source, sha256("pinned release"), dest);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(dest).hasContent("pinned release");
    }

    @Test
    void downloadVerifiedRefusesAFileWhoseChecksumDiffersAndInstallsNothing() throws Exception {
        Path dir = JenkinsInfra.scratchDirectory("download-");
        Path source = Files.writeString(dir.resolve("tool.zip"), "tampered release");
        Path dest = dir.resolve("installed/tool.zip");

        Run run = downloadVerified(source, sha256("pinned release"), dest);

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("ERROR: checksum of file://" + source + " is not the pinned " + sha256("pinned release"));
        assertThat(dest).doesNotExist();
    }

    @Test
    void renderingRefusesAJenkinsUrlWithoutSchemeNamingTheVariable() {
        String badInputs = RenderedJenkinsConfig.SAMPLE_INPUTS
                .replace("jenkins_url                  = \"https://jenkins.example.com/\"",
                        "jenkins_url                  = \"jenkins.example.com\"");
        TerraformCli terraform = RenderedJenkinsConfig.renderRoot(badInputs);

        TerraformCli.Result plan = terraform.execute("plan", "-input=false", "-no-color");

        assertThat(plan.exitCode()).isNotZero();
        assertThat(plan.output()).contains("var.jenkins_url")
                .contains("jenkins_url must be scheme://host[:port]/ with a trailing slash.");
    }

    private static Run downloadVerified(Path source, String sha256, Path dest) throws Exception {
        return runFunction("download_verified", "file://" + source, sha256, dest.toString());
    }

    /** Runs one function of functions.sh for real, in bash with the provisioning scripts' shell options. */
    private static Run runFunction(String function, String... arguments) throws Exception {
        Path functions = JenkinsInfra.CONFIG_MODULE_DIR.resolve("templates/functions.sh");
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; source \"$1\"; shift; \"$@\"", "bash", functions.toString(), function));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static String sha256(String content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), output);
    }
}
