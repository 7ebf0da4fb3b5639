package io.finpipe.jenkinsinfra;

import io.finpipe.testsupport.TerraformCli;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agents run the Jenkinsfile's Test stage, i.e. scripts/test: they must be provisioned with everything
 * scripts/prerequisites requires. The real list and script against the agent user data Terraform renders
 * from them, and each kind of drift reported by name.
 */
class AgentPrerequisitesTest {

    private static final RenderedJenkinsConfig RENDERED = RenderedJenkinsConfig.get();

    @Test
    void agentsAreProvisionedWithEverythingScriptsTestNeeds() throws IOException {
        TestPrerequisites needs = realPrerequisites();

        assertThat(needs.aptPackages()).as("apt lines of test-support/prerequisites.list")
                .contains("docker-registry", "skopeo", "shellcheck", "chromium", "chromium-driver");
        assertThat(needs.pipRequirements()).containsExactly("moto[server]==5.2.1");
        assertThat(needs.missingFrom(RENDERED.agentUserData(), renderedTerraformVersion())).isEmpty();
    }

    @Test
    void agentsPutTheVirtualenvFirstOnTheBuildsPathSoMotoAndBotocoreAreFound() {
        assertThat(RENDERED.agentUserData())
                .contains("Environment=\"PATH=/opt/finpipe-python/bin:/usr/local/sbin:/usr/local/bin:")
                .contains("'/opt/finpipe-python/bin/python3' -c 'import botocore' || die");
    }

    @Test
    void anAptPackageAddedToTheListButNotProvisionedIsReported() throws IOException {
        String list = Files.readString(JenkinsInfra.PREREQUISITES_LIST) + "apt jq jq\n";
        TestPrerequisites needs = parse(list, Files.readString(JenkinsInfra.PREREQUISITES_SCRIPT));

        assertThat(needs.missingFrom(RENDERED.agentUserData(), "1.11.4"))
                .containsExactly("apt package jq (test-support/prerequisites.list) is not installed on agents");
    }

    @Test
    void aPipRequirementTheAgentsDoNotInstallIsReported() throws IOException {
        String list = Files.readString(JenkinsInfra.PREREQUISITES_LIST).replace("moto[server]==5.2.1", "moto[server]==5.3.0");
        TestPrerequisites needs = parse(list, Files.readString(JenkinsInfra.PREREQUISITES_SCRIPT));

        assertThat(needs.missingFrom(RENDERED.agentUserData(), "1.11.4"))
                .containsExactly("pip requirement moto[server]==5.3.0 (test-support/prerequisites.list) is not installed on agents");
    }

    @Test
    void aJdkOrAwsCliTheAgentsLackIsReported() throws IOException {
        String userData = RENDERED.agentUserData().replace(" openjdk-17-jdk-headless ", " ").replace("install_aws_cli_v2 '", "true '");

        assertThat(realPrerequisites().missingFrom(userData, "1.11.4")).containsExactly(
                "JDK package openjdk-17-jdk-headless (scripts/lib/require-java17.sh) is not installed on agents",
                "the aws CLI (scripts/prerequisites) is not installed on agents");
    }

    @Test
    void anAgentAwsCliThatIgnoresAwsEndpointUrlIsReported() throws IOException {
        String userData = RENDERED.agentUserData().replace("install_aws_cli_v2 '2.27.0'", "install_aws_cli_v2 '2.9.19'");

        assertThat(realPrerequisites().missingFrom(userData, "1.11.4")).containsExactly(
                "agents' AWS CLI 2.9.19 is older than scripts/prerequisites' minimum 2.13.0 (it would ignore AWS_ENDPOINT_URL)");
    }

    @Test
    void anAgentTerraformOlderThanTheMinimumIsReported() throws IOException {
        assertThat(realPrerequisites().missingFrom(RENDERED.agentUserData(), "1.8.5"))
                .containsExactly("agents' Terraform 1.8.5 is older than scripts/prerequisites' minimum 1.9.0");
        assertThat(TestPrerequisites.compareVersions("1.10.0", "1.9.0")).as("numeric, not lexical").isPositive();
    }

    @Test
    void aListLineOfAnUnknownKindIsRefusedByName() throws IOException {
        String script = Files.readString(JenkinsInfra.PREREQUISITES_SCRIPT);

        assertThatThrownBy(() -> parse("brew jq jq # from Homebrew\n", script))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test-support/prerequisites.list: 'brew jq jq # from Homebrew' is not "
                        + "`apt <command> <Debian package>` or `pip <command> <requirement>`");
    }

    @Test
    void aPrerequisitesScriptWithoutTheTerraformMinimumIsRefusedByName() throws IOException {
        String script = Files.readString(JenkinsInfra.PREREQUISITES_SCRIPT).replace("readonly terraform_minimum=", "minimum=");

        assertThatThrownBy(() -> parse(Files.readString(JenkinsInfra.PREREQUISITES_LIST), script))
                .hasMessageStartingWith("scripts/prerequisites no longer has readonly terraform_minimum=<version>");
    }

    @Test
    void renderingRefusesAListLineThatIsNeitherAptNorPipNamingIt() {
        assertRenderingRefuses("apt skopeo skopeo\\nbrew jq jq\\n", "brew jq jq");
    }

    @Test
    void renderingRefusesAPipRequirementThatIsNotPinned() {
        assertRenderingRefuses("pip moto_server moto[server]>=5\\n", "pip moto_server moto[server]>=5");
    }

    private static void assertRenderingRefuses(String listContent, String badLine) {
        String inputs = RenderedJenkinsConfig.SAMPLE_INPUTS.replaceFirst(
                "test_prerequisites( +)= file\\(\"[^\"]+\"\\)", Matcher.quoteReplacement("test_prerequisites = \"" + listContent + "\""));
        TerraformCli terraform = RenderedJenkinsConfig.renderRoot(inputs);

        TerraformCli.Result plan = terraform.execute("plan", "-input=false", "-no-color");

        assertThat(plan.exitCode()).isNotZero();
        assertThat(plan.output().replaceAll("[│\\s]+", " ")).contains("var.test_prerequisites")
                .contains("test_prerequisites (test-support/prerequisites.list) may hold only `apt <command> <Debian package>`")
                .contains("fix: " + badLine);
    }

    private static TestPrerequisites realPrerequisites() throws IOException {
        return parse(Files.readString(JenkinsInfra.PREREQUISITES_LIST), Files.readString(JenkinsInfra.PREREQUISITES_SCRIPT));
    }

    /** This list and prerequisites script with the repository's real JDK check. */
    private static TestPrerequisites parse(String list, String script) throws IOException {
        return TestPrerequisites.parse(list, script, Files.readString(JenkinsInfra.JAVA_CHECK_SCRIPT));
    }

    private static String renderedTerraformVersion() {
        Matcher version = Pattern.compile("grep -x 'Terraform v([0-9.]+)'").matcher(RENDERED.agentUserData());
        assertThat(version.find()).as("the agent user data checks its Terraform version").isTrue();
        return version.group(1);
    }
}
