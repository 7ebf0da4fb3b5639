package io.finpipe.jenkinsinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.testsupport.AwsCli;
import io.finpipe.testsupport.MotoServer;
import io.finpipe.testsupport.TerraformCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole stack applied and destroyed for real, with the real AWS provider and the S3 backend (state in a
 * bucket, lock in a DynamoDB table), against moto_server. moto answers the API calls and keeps the resources;
 * it does not boot instances, so user data never runs here (ProvisioningScriptsTest covers the scripts).
 *
 * Not checked here, because moto does not implement it: DLM snapshots (applied with snapshot_retain_count = 0;
 * the policy is checked by the terraform tests). Known moto plan artifacts, hence no "plan is empty" assertion: it forgets an instance's
 * security groups when a subnet is given and adds a launch-template tag specification.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoEndToEndTest {

    private static final String NAME = "finpipe-e2e";
    private static final String STATE_BUCKET = "finpipe-e2e-state";
    private static final String STATE_KEY = "jenkins-infra/e2e/terraform.tfstate";
    private static final String LOCK_TABLE = "finpipe-e2e-locks";
    /**
     * Debian's amd64 image in src/test/resources/moto-amis.json, beside its arm64 one and one published under the
     * same name by another account. (Without creation dates: moto 5.2.1 fails on a second parse of them.)
     */
    private static final String DEBIAN_AMD64_AMI = "ami-0de12b0000000000b";

    private static final String VARIABLES = """
            name                  = "%s"
            region                = "%s"
            admin_cidrs           = ["203.0.113.0/24"]
            plugin_manager_sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
            awscli_sha256           = "1111111111111111111111111111111111111111111111111111111111111111"
            ssm_agent_sha256        = "2222222222222222222222222222222222222222222222222222222222222222"
            cloudwatch_agent_sha256 = "3333333333333333333333333333333333333333333333333333333333333333"
            github_owner          = "finpipe-org"
            github_username       = "finpipe-bot"
            base_image            = "public.ecr.aws/docker/library/eclipse-temurin:17-jre@sha256:4444444444444444444444444444444444444444444444444444444444444444"
            agent_count           = 1
            snapshot_retain_count = 0
            """.formatted(NAME, MotoServer.REGION);

    private static MotoServer moto;
    private static AwsCli aws;
    private static TerraformCli terraform;
    private static JsonNode outputs;

    @BeforeAll
    static void applyOnMoto() throws IOException {
        moto = MotoServer.start();
        aws = new AwsCli(moto.awsEnvironment());
        aws.call("s3api", "create-bucket", "--bucket", STATE_BUCKET,
                "--create-bucket-configuration", "LocationConstraint=" + MotoServer.REGION);
        aws.call("dynamodb", "create-table", "--table-name", LOCK_TABLE,
                "--attribute-definitions", "AttributeName=LockID,AttributeType=S",
                "--key-schema", "AttributeName=LockID,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST");

        // The repository's layout, reduced to what the stack reads: its tree and test-support/prerequisites.list.
        Path scratch = JenkinsInfra.scratchDirectory("moto-");
        Path workDir = scratch.resolve(JenkinsInfra.REPO_ROOT.relativize(JenkinsInfra.TERRAFORM_DIR).toString());
        copyTerraformTree(workDir);
        Path list = scratch.resolve(JenkinsInfra.REPO_ROOT.relativize(JenkinsInfra.PREREQUISITES_LIST).toString());
        Files.createDirectories(list.getParent());
        Files.copy(JenkinsInfra.PREREQUISITES_LIST, list);
        Files.writeString(workDir.resolve("moto_override.tf"), MotoServer.TERRAFORM_PROVIDER_OVERRIDE);
        Files.writeString(workDir.resolve("e2e.tfvars"), VARIABLES);

        terraform = TerraformCli.in(workDir).withEnvironment(moto.awsEnvironment());
        terraform.run("init", "-input=false", "-lockfile=readonly",
                "-backend-config=bucket=" + STATE_BUCKET, "-backend-config=key=" + STATE_KEY,
                "-backend-config=region=" + MotoServer.REGION, "-backend-config=dynamodb_table=" + LOCK_TABLE,
                "-backend-config=use_path_style=true", "-backend-config=skip_credentials_validation=true",
                "-backend-config=skip_requesting_account_id=true");
        terraform.run("apply", "-auto-approve", "-input=false", "-no-color", "-var-file=e2e.tfvars");
        outputs = json(terraform.run("output", "-json").stdout());
    }

    /** Stops moto by its PID. The scratch tree (state copy, plans) stays under target/ for inspection. */
    @AfterAll
    static void stopMoto() {
        if (moto == null) {
            return;
        }
        try {
            moto.close();
        } catch (LinkageError testSupportRebuiltMeanwhile) {
            // A parallel build in a shared checkout can rebuild test-support's classes during this long test;
            // moto must still stop.
            ProcessHandle.of(moto.pid()).ifPresent(ProcessHandle::destroyForcibly);
            throw testSupportRebuiltMeanwhile;
        }
    }

    @Test
    @Order(1)
    void outputsNameTheJenkinsUrlWebhookAndAgentGroup() {
        String jenkinsUrl = outputs.at("/jenkins_url/value").asText();

        assertThat(jenkinsUrl).matches("http://[^/]+\\.elb\\.amazonaws\\.com/");
        assertThat(outputs.at("/webhook_url/value").asText()).isEqualTo(jenkinsUrl + "github-webhook/");
        assertThat(outputs.at("/agent_asg_name/value").asText()).isEqualTo(NAME + "-agents");
    }

    @Test
    @Order(2)
    void stateIsInTheS3BackendUnderItsOwnKey() {
        JsonNode objects = aws.call("s3api", "list-objects-v2", "--bucket", STATE_BUCKET);

        assertThat(objects.findValuesAsText("Key")).contains(STATE_KEY);
    }

    @Test
    @Order(3)
    void controllerRequiresImdsV2UsesItsInstanceProfileAndHasEncryptedVolumes() {
        String controllerId = outputs.at("/controller_instance_id/value").asText();
        JsonNode controller = aws.call("ec2", "describe-instances", "--instance-ids", controllerId)
                .at("/Reservations/0/Instances/0");

        assertThat(controller.at("/ImageId").asText()).as("the debian-12-amd64 image owned by Debian (moto-amis.json)")
                .isEqualTo(DEBIAN_AMD64_AMI);
        assertThat(controller.at("/MetadataOptions/HttpTokens").asText()).isEqualTo("required");
        assertThat(controller.at("/IamInstanceProfile/Arn").asText()).endsWith(":instance-profile/" + NAME + "-controller");
        assertThat(controller.path("KeyName").isMissingNode()).as("no SSH key pair").isTrue();

        JsonNode volumes = aws.call("ec2", "describe-volumes", "--filters", "Name=tag:Project,Values=" + NAME).path("Volumes");
        assertThat(volumes.size()).as("root and JENKINS_HOME volumes").isEqualTo(2);
        volumes.forEach(volume -> assertThat(volume.path("Encrypted").asBoolean()).isTrue());
    }

    @Test
    @Order(4)
    void agentsRunFromTheLaunchTemplate() {
        JsonNode group = aws.call("autoscaling", "describe-auto-scaling-groups",
                "--auto-scaling-group-names", NAME + "-agents").at("/AutoScalingGroups/0");

        assertThat(group.path("DesiredCapacity").asInt()).isEqualTo(1);
        assertThat(group.path("Instances").size()).isEqualTo(1);
        JsonNode template = aws.call("ec2", "describe-launch-template-versions",
                "--launch-template-id", group.at("/LaunchTemplate/LaunchTemplateId").asText())
                .at("/LaunchTemplateVersions/0/LaunchTemplateData");
        assertThat(template.at("/ImageId").asText()).isEqualTo(DEBIAN_AMD64_AMI);
        assertThat(template.at("/MetadataOptions/HttpTokens").asText()).isEqualTo("required");
        assertThat(template.at("/BlockDeviceMappings/0/Ebs/Encrypted").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void nothingIsOpenToTheWorldOn22Or8080() {
        JsonNode groups = aws.call("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=" + NAME + "-*")
                .path("SecurityGroups");
        assertThat(groups.size()).as("alb, controller and agents security groups").isEqualTo(3);

        groups.forEach(group -> group.path("IpPermissions").forEach(permission -> {
            boolean covers22or8080 = permission.path("FromPort").asInt() <= 8080 && permission.path("ToPort").asInt() >= 22;
            List<String> cidrs = permission.path("IpRanges").findValuesAsText("CidrIp");
            assertThat(covers22or8080 && cidrs.contains("0.0.0.0/0"))
                    .as("%s ingress %s", group.path("GroupName").asText(), permission).isFalse();
        }));
    }

    @Test
    @Order(6)
    void secretsExistWithoutValuesAndTheGitHubTokenIsAJenkinsCredential() {
        JsonNode token = aws.call("secretsmanager", "describe-secret", "--secret-id", NAME + "-github-token");
        List<String> tags = new ArrayList<>();
        token.path("Tags").forEach(tag -> tags.add(tag.path("Key").asText() + "=" + tag.path("Value").asText()));

        assertThat(tags).contains("jenkins:credentials:type=usernamePassword", "jenkins:credentials:username=finpipe-bot");
        for (String secret : List.of("admin-password", "agent-password", "github-token", "github-webhook-secret")) {
            AwsCli.Result read = aws.execute("secretsmanager", "get-secret-value", "--secret-id", NAME + "-" + secret);
            assertThat(read.exitCode()).as("%s has no value from Terraform", secret).isNotZero();
            assertThat(read.output()).contains("ResourceNotFoundException");
        }
    }

    @Test
    @Order(99)
    void destroyLeavesNothingBehind() {
        terraform.run("destroy", "-auto-approve", "-input=false", "-no-color", "-var-file=e2e.tfvars");

        assertThat(terraform.run("state", "list").stdout()).isBlank();
        assertThat(aws.call("ec2", "describe-instances", "--filters", "Name=tag:Project,Values=" + NAME,
                "Name=instance-state-name,Values=pending,running,stopping,stopped").path("Reservations")).isEmpty();
        assertThat(aws.call("ec2", "describe-vpcs", "--filters", "Name=tag:Project,Values=" + NAME).path("Vpcs")).isEmpty();
        assertThat(aws.call("ec2", "describe-volumes", "--filters", "Name=tag:Project,Values=" + NAME).path("Volumes")).isEmpty();
        assertThat(aws.call("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=" + NAME + "-*")
                .path("SecurityGroups")).isEmpty();
        assertThat(aws.call("ec2", "describe-launch-templates").path("LaunchTemplates")).isEmpty();
        assertThat(aws.call("ec2", "describe-addresses").path("Addresses")).isEmpty();
        assertThat(aws.call("elbv2", "describe-load-balancers").path("LoadBalancers")).isEmpty();
        assertThat(aws.call("autoscaling", "describe-auto-scaling-groups").path("AutoScalingGroups")).isEmpty();
        assertThat(aws.call("iam", "list-roles").path("Roles").findValuesAsText("RoleName"))
                .noneMatch(role -> role.startsWith(NAME));
        assertThat(aws.call("iam", "list-policies", "--scope", "Local").path("Policies")).isEmpty();
        assertThat(aws.call("iam", "list-instance-profiles").path("InstanceProfiles")).isEmpty();
        assertThat(aws.call("logs", "describe-log-groups").path("logGroups")).isEmpty();
        // Deleted secrets wait out their 7-day recovery window, as on AWS; list-secrets no longer shows them.
        assertThat(aws.call("secretsmanager", "list-secrets").path("SecretList")).isEmpty();
    }

    private static void copyTerraformTree(Path target) throws IOException {
        Path source = JenkinsInfra.TERRAFORM_DIR;
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.filter(path -> !path.startsWith(source.resolve(".terraform"))
                    && !path.startsWith(source.resolve("tests"))).toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
