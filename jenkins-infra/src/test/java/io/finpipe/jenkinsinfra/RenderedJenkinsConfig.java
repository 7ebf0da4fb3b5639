package io.finpipe.jenkinsinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.testsupport.TerraformCli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The provisioning scripts and Jenkins configuration exactly as Terraform renders them: the
 * modules/jenkins-config module (pure templatefile(), no provider) applied in a scratch root with sample
 * inputs, its outputs read back with {@code terraform output -json}. Rendered once per test JVM.
 */
record RenderedJenkinsConfig(String controllerUserData, String agentUserData, String agentConnectScript,
                             String jenkinsYaml, String seedJob, String pluginsTxt) {

    /** Sample inputs; test_prerequisites is the repository's real test-support/prerequisites.list. */
    static final String SAMPLE_INPUTS = """
              name                         = "finpipe-jenkins"
              region                       = "eu-west-1"
              log_group_name               = "/finpipe-jenkins/jenkins"
              jenkins_url                  = "https://jenkins.example.com/"
              controller_internal_url      = "http://10.40.128.10:8080/"
              jenkins_home_volume_id       = "vol-0123456789abcdef0"
              jenkins_version              = "2.492.3"
              jenkins_repo_key_fingerprint = "63667EE74BBA1F0A08A698725BA31D57EF5975CA"
              plugin_manager_version       = "2.13.2"
              plugin_manager_sha256        = "0000000000000000000000000000000000000000000000000000000000000000"
              terraform_version            = "1.11.4"
              terraform_sha256             = "1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc"
              awscli_version               = "2.27.0"
              awscli_sha256                = "1111111111111111111111111111111111111111111111111111111111111111"
              ssm_agent_version            = "3.3.3270.0"
              ssm_agent_sha256             = "2222222222222222222222222222222222222222222222222222222222222222"
              cloudwatch_agent_version     = "1.300064.0"
              cloudwatch_agent_sha256      = "3333333333333333333333333333333333333333333333333333333333333333"
              test_prerequisites           = file("%s")
              github_owner                 = "finpipe-org"
              github_repository            = "finpipe"
              library_name                 = "finpipe"
              library_default_version      = "main"
              base_image                   = "public.ecr.aws/docker/library/eclipse-temurin:17-jre@sha256:1111111111111111111111111111111111111111111111111111111111111111"
              developer_users              = ["dora"]
              ops_users                    = ["otto"]
              agent_labels                 = ["linux", "deploy"]
              agent_executors              = 2
              secret_names = {
                admin_password = "finpipe-jenkins-admin-password"
                agent_password = "finpipe-jenkins-agent-password"
                github_token   = "finpipe-jenkins-github-token"
                webhook_secret = "finpipe-jenkins-github-webhook-secret"
              }
            """.formatted(JenkinsInfra.PREREQUISITES_LIST);

    private static RenderedJenkinsConfig rendered;

    static synchronized RenderedJenkinsConfig get() {
        if (rendered == null) {
            JsonNode outputs = render(SAMPLE_INPUTS).run("output", "-json", "config").stdout().transform(RenderedJenkinsConfig::json);
            rendered = new RenderedJenkinsConfig(
                    outputs.path("controller_user_data").asText(), outputs.path("agent_user_data").asText(),
                    outputs.path("agent_connect_script").asText(), outputs.path("jenkins_yaml").asText(),
                    outputs.path("seed_job").asText(), outputs.path("plugins_txt").asText());
        }
        return rendered;
    }

    /**
     * Applies the module with these HCL inputs in a new scratch root and returns terraform there; the
     * caller reads outputs, or inspects the failed apply via {@link TerraformCli#execute}.
     */
    static TerraformCli renderRoot(String inputs) {
        Path root = JenkinsInfra.scratchDirectory("render-");
        String moduleSource = root.relativize(JenkinsInfra.CONFIG_MODULE_DIR).toString();
        write(root.resolve("main.tf"), "module \"config\" {\n  source = \"./" + moduleSource + "\"\n\n" + inputs
                + "}\n\noutput \"config\" {\n  value = module.config\n}\n");
        TerraformCli terraform = TerraformCli.in(root);
        terraform.run("init", "-input=false");
        return terraform;
    }

    private static TerraformCli render(String inputs) {
        TerraformCli terraform = renderRoot(inputs);
        terraform.run("apply", "-auto-approve", "-input=false");
        return terraform;
    }

    /** Writes each rendered script to a file under target/ (for shellcheck and for reading). */
    Map<String, Path> scriptFiles() {
        Path dir = JenkinsInfra.scratchDirectory("scripts-");
        return Map.of(
                "controller-user-data.sh", write(dir.resolve("controller-user-data.sh"), controllerUserData),
                "agent-user-data.sh", write(dir.resolve("agent-user-data.sh"), agentUserData),
                "agent-connect.sh", write(dir.resolve("agent-connect.sh"), agentConnectScript));
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("terraform output -json printed no JSON: " + text, e);
        }
    }
}
