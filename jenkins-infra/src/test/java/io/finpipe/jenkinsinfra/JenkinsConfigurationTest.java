package io.finpipe.jenkinsinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The rendered JCasC jenkins.yaml, its Job DSL seed and plugins.txt. */
class JenkinsConfigurationTest {

    private static final RenderedJenkinsConfig RENDERED = RenderedJenkinsConfig.get();
    private static JsonNode casc;

    @BeforeAll
    static void parseJenkinsYaml() throws IOException {
        casc = new ObjectMapper(new YAMLFactory()).readTree(RENDERED.jenkinsYaml());
    }

    @Test
    void definesTheFinpipeGlobalLibraryExplicitlyFromThisRepository() {
        JsonNode libraries = casc.at("/unclassified/globalLibraries/libraries");
        assertThat(libraries.size()).isEqualTo(1);
        JsonNode library = libraries.get(0);

        assertThat(library.path("name").asText()).isEqualTo("finpipe");
        assertThat(library.path("implicit").asBoolean(true)).as("the library is loaded with @Library, not implicitly").isFalse();
        assertThat(library.path("defaultVersion").asText()).isEqualTo("main");
        // The library runs unsandboxed on the controller: a branch must not load its own version of it.
        assertThat(library.path("allowVersionOverride").isBoolean()).as("allowVersionOverride is set").isTrue();
        assertThat(library.path("allowVersionOverride").asBoolean()).as("allowVersionOverride").isFalse();
        JsonNode github = library.at("/retriever/modernSCM/scm/github");
        assertThat(github.path("repoOwner").asText()).isEqualTo("finpipe-org");
        assertThat(github.path("repository").asText()).isEqualTo("finpipe");
        assertThat(github.path("credentialsId").asText()).isEqualTo("finpipe-jenkins-github-token");
    }

    @Test
    void seedsTheMultibranchJobWithTheGitHubBranchSource() {
        assertThat(casc.at("/jobs/0/file").asText()).isEqualTo("/etc/jenkins/jobs/seed.groovy");
        assertThat(RENDERED.controllerUserData()).contains("cat >/etc/jenkins/jobs/seed.groovy <<'SEED'\n" + RENDERED.seedJob().strip());

        assertThat(RENDERED.seedJob())
                .contains("multibranchPipelineJob('finpipe')")
                .contains("repoOwner('finpipe-org')")
                .contains("repository('finpipe')")
                .contains("credentialsId('finpipe-jenkins-github-token')")
                .contains("gitHubBranchDiscovery")
                .contains("gitHubPullRequestDiscovery")
                .doesNotContain("gitHubForkDiscovery")
                .contains("scriptPath('Jenkinsfile')");
    }

    @Test
    void webhooksAreSignedAndPointAtJenkins() {
        assertThat(casc.at("/unclassified/gitHubPluginConfig/hookUrl").asText())
                .isEqualTo("https://jenkins.example.com/github-webhook/");
        assertThat(casc.at("/unclassified/gitHubPluginConfig/hookSecretConfigs/0/credentialsId").asText())
                .isEqualTo("finpipe-jenkins-github-webhook-secret");
        assertThat(casc.at("/unclassified/location/url").asText()).isEqualTo("https://jenkins.example.com/");
    }

    @Test
    void protectsAgainstCsrfRunsNoBuildsOnTheControllerAndOpensNoAgentPort() {
        assertThat(casc.at("/jenkins/crumbIssuer/standard").isObject()).as("CSRF protection (crumb issuer)").isTrue();
        assertThat(casc.at("/jenkins/numExecutors").asInt(-1)).isZero();
        assertThat(casc.at("/jenkins/slaveAgentPort").asInt(0)).as("no TCP agent port: WebSocket only").isEqualTo(-1);
        assertThat(casc.at("/jenkins/securityRealm/local/allowsSignup").asBoolean(true)).isFalse();
    }

    @Test
    void passwordsComeFromSecretsManagerNotFromTheFile() {
        JsonNode users = casc.at("/jenkins/securityRealm/local/users");
        Map<String, String> passwords = new LinkedHashMap<>();
        users.forEach(user -> passwords.put(user.path("id").asText(), user.path("password").asText()));

        assertThat(passwords).containsExactly(
                Map.entry("admin", "${finpipe-jenkins-admin-password}"),
                Map.entry("swarm-agent", "${finpipe-jenkins-agent-password}"));
    }

    @Test
    void matrixAuthorizationGivesAdminsDevelopersAndOpsTheirRights() {
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        casc.at("/jenkins/authorizationStrategy/globalMatrix/entries").forEach(entry -> {
            JsonNode user = entry.path("user");
            List<String> granted = new ArrayList<>();
            user.path("permissions").forEach(permission -> granted.add(permission.asText()));
            permissions.put(user.path("name").asText(), granted);
        });

        assertThat(permissions).containsOnlyKeys("admin", "swarm-agent", "dora", "otto");
        assertThat(permissions.get("admin")).containsExactly("Overall/Administer");
        assertThat(permissions.get("dora")).contains("Overall/Read", "Job/Read", "Job/Build")
                .doesNotContain("Overall/Administer", "Run/Update");
        assertThat(permissions.get("otto")).contains("Overall/Read", "Job/Read", "Job/Build", "Run/Update")
                .doesNotContain("Overall/Administer");
        assertThat(permissions.get("swarm-agent")).contains("Agent/Connect", "Agent/Create")
                .doesNotContain("Overall/Administer", "Job/Build");
        assertThat(globalEnvironment()).containsEntry("DEPLOY_APPROVERS", "otto");
    }

    @Test
    void setsThePinnedBaseImageTheJenkinsfileNeeds() {
        assertThat(globalEnvironment().get("BASE_IMAGE")).matches(".+@sha256:[0-9a-f]{64}");
    }

    @Test
    void everyPluginsTxtLineIsAnIdWithAPinnedVersion() {
        List<String> lines = RENDERED.pluginsTxt().strip().lines().toList();

        assertThat(lines).isNotEmpty().allSatisfy(line ->
                assertThat(line).as("plugins.txt line").matches("[a-z0-9][a-z0-9-]*:[0-9][A-Za-z0-9._-]*"));
        assertThat(lines.stream().map(line -> line.split(":")[0]).toList()).doesNotHaveDuplicates();
    }

    @Test
    void everyPluginTheConfigurationNeedsIsInPluginsTxt() {
        // What each part of the configuration needs, and whether the configuration uses that part.
        Map<String, Predicate<RenderedJenkinsConfig>> needs = new LinkedHashMap<>();
        needs.put("configuration-as-code", config -> casc.has("jenkins"));
        needs.put("aws-secrets-manager-secret-source", config -> config.jenkinsYaml().contains("\"${finpipe-jenkins-"));
        needs.put("aws-secrets-manager-credentials-provider", config -> casc.at("/unclassified/awsCredentialsProvider").isObject());
        needs.put("matrix-auth", config -> casc.at("/jenkins/authorizationStrategy/globalMatrix").isObject());
        needs.put("pipeline-groovy-lib", config -> casc.at("/unclassified/globalLibraries").isObject());
        needs.put("github-branch-source", config -> casc.at("/unclassified/globalLibraries/libraries/0/retriever/modernSCM/scm/github").isObject()
                && config.seedJob().contains("github {"));
        needs.put("github", config -> casc.at("/unclassified/gitHubPluginConfig").isObject());
        needs.put("job-dsl", config -> casc.at("/jobs").isArray() && casc.at("/security/globalJobDslSecurityConfiguration").isObject());
        needs.put("workflow-multibranch", config -> config.seedJob().contains("multibranchPipelineJob("));
        needs.put("timestamper", config -> casc.at("/unclassified/timestamper").isObject());
        needs.put("swarm", config -> config.agentConnectScript().contains("swarm/swarm-client.jar"));
        // the pipeline itself: declarative syntax, junit, lock, readJSON & co., withCredentials, git checkout
        needs.put("pipeline-model-definition", config -> true);
        needs.put("workflow-aggregator", config -> true);
        needs.put("junit", config -> true);
        needs.put("lockable-resources", config -> true);
        needs.put("pipeline-utility-steps", config -> true);
        needs.put("credentials-binding", config -> true);
        needs.put("git", config -> true);

        List<String> pluginIds = RENDERED.pluginsTxt().strip().lines().map(line -> line.split(":")[0]).toList();
        needs.forEach((plugin, used) -> {
            assertThat(used.test(RENDERED)).as("the configuration uses what %s provides", plugin).isTrue();
            assertThat(pluginIds).as("plugins.txt").contains(plugin);
        });
    }

    private static Map<String, String> globalEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        StreamSupport.stream(casc.at("/jenkins/globalNodeProperties").spliterator(), false)
                .flatMap(property -> StreamSupport.stream(property.at("/envVars/env").spliterator(), false))
                .forEach(variable -> env.put(variable.path("key").asText(), variable.path("value").asText()));
        return env;
    }
}
