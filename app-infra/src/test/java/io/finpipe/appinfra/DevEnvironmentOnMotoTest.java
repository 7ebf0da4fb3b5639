package io.finpipe.appinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.testsupport.AwsCli;
import io.finpipe.testsupport.MotoServer;
import io.finpipe.testsupport.TerraformCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on moto_server: bootstrap the state bucket and lock table, then run the dev environment
 * exactly as the pipeline's terraformApply step does (init with the S3 backend and locking, validate,
 * plan -detailed-exitcode -out=tfplan, apply tfplan, output -json), check the resources with the aws
 * CLI, prove the state lock, destroy, and check nothing is left.
 *
 * <p>Only a test-only {@code moto_override.tf} (provider settings for an emulator) and
 * {@code use_path_style} for the backend are added to a temporary copy of the tree; the configuration
 * and environments/dev are used as they are. Real parts: Terraform, the AWS provider 5.100.0, the S3
 * backend, the aws CLI. Emulated: AWS itself (moto 5.2.1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevEnvironmentOnMotoTest {

    private static final String ENVIRONMENT = "dev";
    private static final String GIT_COMMIT = "0123abcd";
    private static final String STATE_BUCKET = "finpipe-terraform-state";
    private static final String LOCK_TABLE = "finpipe-terraform-locks";
    private static final String STATE_KEY = "app-infra/dev/terraform.tfstate";
    private static final String VAR_FILE = "-var-file=environments/dev/terraform.tfvars";
    private static final String NAME = "finpipe-dev";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private MotoServer moto;
    private TerraformCli terraform;
    private AwsCli aws;
    private JsonNode outputs;
    private final Map<String, Duration> timings = new LinkedHashMap<>();
    private long startedAt;

    @BeforeAll
    void startMoto() throws IOException {
        startedAt = System.nanoTime();
        moto = MotoServer.start();
        Path tree = TerraformSources.copyTo(work.resolve("app-infra"));
        Files.writeString(tree.resolve("moto_override.tf"), MotoServer.TERRAFORM_PROVIDER_OVERRIDE);
        Files.writeString(tree.resolve("bootstrap/moto_override.tf"), MotoServer.TERRAFORM_PROVIDER_OVERRIDE);
        terraform = TerraformCli.in(tree).withEnvironment(moto.awsEnvironment());
        aws = new AwsCli(moto.awsEnvironment());
    }

    @AfterAll
    void stopMoto() {
        timings.put("total", Duration.ofNanos(System.nanoTime() - startedAt));
        StringBuilder line = new StringBuilder("[app-infra e2e on moto] wall time:");
        timings.forEach((phase, time) -> line.append(String.format(" %s %.1f s;", phase, time.toMillis() / 1000.0)));
        System.out.println(line);
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    @Order(1)
    void bootstrapCreatesAHardenedStateBucketAndLockTable() {
        TerraformCli bootstrap = terraform.inDirectory(terraform.workingDirectory().resolve("bootstrap"));
        timed("bootstrap", () -> {
            bootstrap.run("init", "-input=false");
            return bootstrap.run("apply", "-auto-approve", "-input=false");
        });

        assertThat(aws.call("s3api", "get-bucket-versioning", "--bucket", STATE_BUCKET).path("Status").asText())
                .isEqualTo("Enabled");
        assertThat(aws.call("s3api", "get-bucket-encryption", "--bucket", STATE_BUCKET)
                .at("/ServerSideEncryptionConfiguration/Rules/0/ApplyServerSideEncryptionByDefault/SSEAlgorithm").asText())
                .isEqualTo("aws:kms");
        JsonNode publicAccess = aws.call("s3api", "get-public-access-block", "--bucket", STATE_BUCKET)
                .path("PublicAccessBlockConfiguration");
        assertThat(List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"))
                .allSatisfy(setting -> assertThat(publicAccess.path(setting).asBoolean()).as(setting).isTrue());
        JsonNode policy = parse(aws.call("s3api", "get-bucket-policy", "--bucket", STATE_BUCKET).path("Policy").asText());
        JsonNode denyPlainHttp = policy.at("/Statement/0");
        assertThat(denyPlainHttp.path("Effect").asText()).isEqualTo("Deny");
        assertThat(denyPlainHttp.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");

        JsonNode table = aws.call("dynamodb", "describe-table", "--table-name", LOCK_TABLE).path("Table");
        assertThat(table.at("/KeySchema/0/AttributeName").asText()).isEqualTo("LockID");
        assertThat(table.at("/BillingModeSummary/BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.at("/SSEDescription/Status").asText()).isEqualTo("ENABLED");

        // moto enforces bucket policies but ignores their conditions (see moto's put_bucket_policy docs):
        // the TLS-only Deny would deny every request, TLS or not. Its content is checked above; remove it
        // from the emulated bucket so the backend can use the bucket.
        aws.call("s3api", "delete-bucket-policy", "--bucket", STATE_BUCKET);
    }

    @Test
    @Order(2)
    void pipelineStepsInitPlanApplyAndOutput() {
        TerraformCli.Result plan = timed("init+validate+plan", () -> {
            terraform.run("init", "-input=false", "-backend-config=environments/dev/backend.hcl",
                    "-backend-config=use_path_style=true");
            terraform.run("validate");
            return terraform.execute("plan", "-input=false", "-detailed-exitcode", "-out=tfplan", VAR_FILE,
                    "-var", "git_commit=" + GIT_COMMIT);
        });
        assertThat(plan.exitCode()).as("plan -detailed-exitcode must report changes (2):%n%s", plan.output()).isEqualTo(2);

        timed("apply", () -> terraform.run("apply", "-input=false", "tfplan"));
        outputs = parse(terraform.run("output", "-json").stdout());

        assertThat(outputs.fieldNames()).toIterable().contains("service_url", "alb_dns_name", "cluster_name",
                "service_name", "container_name", "ecr_repository_url", "log_group_name", "db_endpoint");
        assertThat(output("alb_dns_name")).contains(".elb.amazonaws.com");
        assertThat(output("service_url")).isEqualTo("http://" + output("alb_dns_name"));
        assertThat(output("cluster_name")).isEqualTo(NAME);
        assertThat(output("service_name")).isEqualTo(NAME);
        assertThat(output("container_name")).isEqualTo("app");
        assertThat(output("log_group_name")).isEqualTo("/ecs/" + NAME);
        assertThat(outputs.toString()).doesNotContainIgnoringCase("password");
        assertThat(aws.call("s3api", "head-object", "--bucket", STATE_BUCKET, "--key", STATE_KEY).path("ContentLength").asLong())
                .as("state stored in S3 under the dev key").isPositive();
    }

    @Test
    @Order(3)
    void networkSpansTwoZonesWithPrivateSubnetsBehindOneNatGateway() {
        String vpcId = vpcId();
        JsonNode subnets = aws.call("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=" + vpcId).path("Subnets");
        assertThat(subnets).hasSize(4);
        assertThat(values(subnets, "AvailabilityZone")).hasSize(2);
        assertThat(subnets).allSatisfy(subnet -> assertThat(subnet.path("MapPublicIpOnLaunch").asBoolean()).isFalse());

        JsonNode nat = aws.call("ec2", "describe-nat-gateways", "--filter", "Name=vpc-id,Values=" + vpcId,
                "Name=state,Values=available").path("NatGateways");
        assertThat(nat).hasSize(1);
        assertThat(publicSubnetIds()).contains(nat.get(0).path("SubnetId").asText());

        JsonNode defaultGroup = aws.call("ec2", "describe-security-groups", "--filters", "Name=vpc-id,Values=" + vpcId,
                "Name=group-name,Values=default").at("/SecurityGroups/0");
        assertThat(defaultGroup.path("IpPermissions")).as("default security group ingress").isEmpty();
        assertThat(defaultGroup.path("IpPermissionsEgress")).as("default security group egress").isEmpty();
    }

    @Test
    @Order(4)
    void onlyTheLoadBalancerIsOpenToTheInternetAndOnlyTheServiceReachesTheDatabase() {
        JsonNode groups = aws.call("ec2", "describe-security-groups", "--filters", "Name=vpc-id,Values=" + vpcId())
                .path("SecurityGroups");
        Set<String> openToInternet = new TreeSet<>();
        for (JsonNode group : groups) {
            for (JsonNode permission : group.path("IpPermissions")) {
                if (permission.path("IpRanges").toString().contains("0.0.0.0/0")) {
                    openToInternet.add(group.path("GroupName").asText() + ":" + permission.path("FromPort").asInt());
                }
            }
        }
        assertThat(openToInternet).containsExactly(NAME + "-alb:80");

        JsonNode database = group(groups, NAME + "-database");
        assertThat(database.path("IpPermissions")).hasSize(1);
        JsonNode mysql = database.path("IpPermissions").get(0);
        assertThat(mysql.path("FromPort").asInt()).isEqualTo(3306);
        assertThat(mysql.path("IpRanges")).isEmpty();
        assertThat(values(mysql.path("UserIdGroupPairs"), "GroupId"))
                .containsExactly(group(groups, NAME + "-service").path("GroupId").asText());
    }

    @Test
    @Order(5)
    void loadBalancerIsHardenedAndForwardsToAnIpTargetGroup() {
        // moto drops the default scheme when the provider omits it, so internet-facing is checked by PolicyTest
        JsonNode loadBalancer = aws.call("elbv2", "describe-load-balancers", "--names", NAME).at("/LoadBalancers/0");
        assertThat(loadBalancer.path("Type").asText()).isEqualTo("application");
        assertThat(values(loadBalancer.path("AvailabilityZones"), "SubnetId")).isEqualTo(publicSubnetIds());
        Map<String, String> attributes = attributes(aws.call("elbv2", "describe-load-balancer-attributes",
                "--load-balancer-arn", loadBalancer.path("LoadBalancerArn").asText()));
        assertThat(attributes).containsEntry("routing.http.drop_invalid_header_fields.enabled", "true")
                .containsEntry("deletion_protection.enabled", "false");

        JsonNode targetGroup = targetGroup();
        assertThat(targetGroup.path("TargetType").asText()).isEqualTo("ip");
        assertThat(targetGroup.path("Port").asInt()).isEqualTo(8080);
        assertThat(targetGroup.path("HealthCheckPath").asText()).isEqualTo("/health/ready");
        assertThat(attributes(aws.call("elbv2", "describe-target-group-attributes", "--target-group-arn",
                targetGroup.path("TargetGroupArn").asText()))).containsEntry("deregistration_delay.timeout_seconds", "30");

        JsonNode listeners = aws.call("elbv2", "describe-listeners", "--load-balancer-arn",
                loadBalancer.path("LoadBalancerArn").asText()).path("Listeners");
        assertThat(listeners).hasSize(1);
        assertThat(listeners.get(0).path("Port").asInt()).isEqualTo(80);
        assertThat(listeners.get(0).at("/DefaultActions/0/TargetGroupArn").asText())
                .isEqualTo(targetGroup.path("TargetGroupArn").asText());
    }

    @Test
    @Order(6)
    void databaseIsPrivateEncryptedMySql8WithAnRdsManagedSecret() {
        JsonNode database = aws.call("rds", "describe-db-instances", "--db-instance-identifier", NAME).at("/DBInstances/0");
        assertThat(database.path("Engine").asText()).isEqualTo("mysql");
        assertThat(database.path("EngineVersion").asText()).startsWith("8.0");
        assertThat(database.path("StorageEncrypted").asBoolean()).isTrue();
        assertThat(database.path("PubliclyAccessible").asBoolean()).isFalse();
        assertThat(database.path("DeletionProtection").asBoolean()).isFalse();
        assertThat(database.path("MultiAZ").asBoolean()).isFalse();
        assertThat(database.path("BackupRetentionPeriod").asInt()).isEqualTo(1);
        assertThat(values(database.at("/DBSubnetGroup/Subnets"), "SubnetIdentifier")).isEqualTo(privateSubnetIds());
        assertThat(output("db_endpoint")).isEqualTo(database.at("/Endpoint/Address").asText() + ":3306");

        String secretArn = database.at("/MasterUserSecret/SecretArn").asText();
        assertThat(secretArn).isEqualTo(output("db_secret_arn"));
        JsonNode credentials = parse(aws.call("secretsmanager", "get-secret-value", "--secret-id", secretArn)
                .path("SecretString").asText());
        // the JSON shape the service reads from DB_SECRET (moto fills in its own fixed user name)
        assertThat(credentials.path("username").asText()).isNotBlank();
        assertThat(credentials.path("password").asText()).as("generated password").isNotBlank();
    }

    @Test
    @Order(7)
    void registryHasImmutableScannedTagsAndKeepsTheLastTenImages() {
        JsonNode repository = aws.call("ecr", "describe-repositories", "--repository-names", NAME).at("/repositories/0");
        assertThat(repository.path("repositoryUri").asText()).isEqualTo(output("ecr_repository_url"));
        assertThat(repository.path("imageTagMutability").asText()).isEqualTo("IMMUTABLE");
        assertThat(repository.at("/imageScanningConfiguration/scanOnPush").asBoolean()).isTrue();
        JsonNode rule = parse(aws.call("ecr", "get-lifecycle-policy", "--repository-name", NAME)
                .path("lifecyclePolicyText").asText()).at("/rules/0");
        assertThat(rule.at("/selection/countType").asText()).isEqualTo("imageCountMoreThan");
        assertThat(rule.at("/selection/countNumber").asInt()).isEqualTo(10);
        assertThat(rule.at("/action/type").asText()).isEqualTo("expire");
    }

    @Test
    @Order(8)
    void serviceRunsPrivatelyBehindTheTargetGroupWithTheSecretInjected() {
        assertThat(aws.call("ecs", "describe-clusters", "--clusters", NAME, "--include", "SETTINGS")
                .at("/clusters/0/settings").toString()).contains("\"containerInsights\"").contains("\"enabled\"");

        JsonNode service = aws.call("ecs", "describe-services", "--cluster", NAME, "--services", NAME).at("/services/0");
        assertThat(service.path("launchType").asText()).isEqualTo("FARGATE");
        JsonNode network = service.at("/networkConfiguration/awsvpcConfiguration");
        assertThat(network.path("assignPublicIp").asText()).isEqualTo("DISABLED");
        assertThat(new TreeSet<>(texts(network.path("subnets")))).isEqualTo(privateSubnetIds());
        // moto does not store deploymentConfiguration (circuit breaker, 100/200 %): PolicyTest checks those
        JsonNode target = service.at("/loadBalancers/0");
        assertThat(target.path("targetGroupArn").asText()).isEqualTo(targetGroup().path("TargetGroupArn").asText());
        assertThat(target.path("containerName").asText()).isEqualTo("app");
        assertThat(target.path("containerPort").asInt()).isEqualTo(8080);

        JsonNode taskDefinition = aws.call("ecs", "describe-task-definition", "--task-definition",
                service.path("taskDefinition").asText()).path("taskDefinition");
        assertThat(taskDefinition.path("cpu").asText()).isEqualTo("256");
        assertThat(taskDefinition.path("memory").asText()).isEqualTo("512");
        assertThat(texts(taskDefinition.path("requiresCompatibilities"))).containsExactly("FARGATE");
        JsonNode container = taskDefinition.at("/containerDefinitions/0");
        assertThat(container.path("name").asText()).isEqualTo("app");
        assertThat(container.path("secrets")).hasSize(1);
        assertThat(container.at("/secrets/0/name").asText()).isEqualTo("DB_SECRET");
        assertThat(container.at("/secrets/0/valueFrom").asText()).isEqualTo(output("db_secret_arn"));
        Map<String, String> environment = new LinkedHashMap<>();
        container.path("environment").forEach(variable -> environment.put(variable.path("name").asText(), variable.path("value").asText()));
        assertThat(environment).containsOnlyKeys("PORT", "DB_HOST", "DB_PORT", "DB_NAME")
                .containsEntry("PORT", "8080").containsEntry("DB_PORT", "3306").containsEntry("DB_NAME", "finpipe");
        assertThat(container.at("/logConfiguration/options/awslogs-group").asText()).isEqualTo(output("log_group_name"));

        JsonNode executionPolicy = aws.call("iam", "get-role-policy", "--role-name", NAME + "-task-execution",
                "--policy-name", "start-task").path("PolicyDocument");
        assertThat(executionPolicy.toString()).contains(output("db_secret_arn"));
        for (String role : List.of(NAME + "-task-execution", NAME + "-task")) {
            assertThat(aws.call("iam", "get-role", "--role-name", role).at("/Role/PermissionsBoundary/PermissionsBoundaryArn").asText())
                    .as("permissions boundary of %s", role).endsWith(":policy/finpipe-app-boundary");
        }
        assertThat(aws.call("logs", "describe-log-groups", "--log-group-name-prefix", output("log_group_name"))
                .at("/logGroups/0/retentionInDays").asInt()).isEqualTo(7);
    }

    @Test
    @Order(9)
    void everyResourceCarriesTheDefaultTags() {
        JsonNode tagged = aws.call("resourcegroupstaggingapi", "get-resources", "--tag-filters",
                "Key=project,Values=finpipe", "Key=environment,Values=dev", "Key=managed-by,Values=terraform",
                "Key=git-commit,Values=" + GIT_COMMIT).path("ResourceTagMappingList");
        Set<String> services = new TreeSet<>();
        tagged.forEach(resource -> services.add(resource.path("ResourceARN").asText().split(":")[2]));
        assertThat(services).contains("ec2", "ecs", "elasticloadbalancing", "logs", "rds");
        assertThat(aws.call("ecr", "list-tags-for-resource", "--resource-arn",
                aws.call("ecr", "describe-repositories", "--repository-names", NAME).at("/repositories/0/repositoryArn").asText())
                .path("tags").toString()).contains("\"git-commit\"").contains(GIT_COMMIT);
        assertThat(aws.call("iam", "list-role-tags", "--role-name", NAME + "-task").path("Tags").toString())
                .contains("\"managed-by\"").contains("terraform");
    }

    @Test
    @Order(10)
    void secondPlanChangesOnlyTheEcsServiceAttributesMotoDoesNotStore() {
        assumeTrue(outputs != null, "the apply did not complete");
        TerraformCli.Result plan = terraform.execute("plan", "-input=false", "-detailed-exitcode", VAR_FILE,
                "-var", "git_commit=" + GIT_COMMIT);

        // moto does not store health_check_grace_period_seconds and availability_zone_rebalancing of a
        // service, so the provider keeps proposing them; nothing else may drift.
        Matcher actions = Pattern.compile("(?m)^  # (\\S+) (will be|must be) (.+)$").matcher(plan.stdout());
        Set<String> changes = new TreeSet<>();
        while (actions.find()) {
            changes.add(actions.group(1) + " " + actions.group(2) + " " + actions.group(3));
        }
        assertThat(changes).as(plan.output()).containsExactly("module.service.aws_ecs_service.this will be updated in-place");
    }

    @Test
    @Order(11)
    void stateLockStopsASecondRunWhileOneHoldsIt() throws Exception {
        assumeTrue(outputs != null, "the apply did not complete");
        // destroy, paused at its confirmation prompt, holds the lock until answered
        try (TerraformCli.Interactive holder = terraform.startInteractive("destroy", VAR_FILE)) {
            holder.awaitOutput("Enter a value:", Duration.ofMinutes(3));
            assertThat(texts(aws.call("dynamodb", "scan", "--table-name", LOCK_TABLE).path("Items"), "/LockID/S"))
                    .contains(STATE_BUCKET + "/" + STATE_KEY);

            TerraformCli.Result blocked = terraform.execute("plan", "-input=false", "-lock-timeout=0s", VAR_FILE);
            assertThat(blocked.exitCode()).isEqualTo(1);
            assertThat(blocked.output()).contains("Error acquiring the state lock").contains("OperationTypeApply");

            holder.answer("no");
            assertThat(holder.waitFor(Duration.ofMinutes(1))).isNotZero();
            assertThat(holder.output()).contains("Destroy cancelled");
        }
        assertThat(texts(aws.call("dynamodb", "scan", "--table-name", LOCK_TABLE).path("Items"), "/LockID/S"))
                .as("lock released").doesNotContain(STATE_BUCKET + "/" + STATE_KEY);
        assertThat(aws.call("rds", "describe-db-instances").path("DBInstances")).as("cancelled destroy kept everything").hasSize(1);
    }

    @Test
    @Order(12)
    void destroyLeavesNothingBehind() {
        assumeTrue(outputs != null, "the apply did not complete");
        timed("destroy", () -> terraform.run("destroy", "-auto-approve", "-input=false", VAR_FILE,
                "-var", "git_commit=" + GIT_COMMIT));

        assertThat(aws.call("ec2", "describe-vpcs", "--filters", "Name=tag:project,Values=finpipe").path("Vpcs")).isEmpty();
        assertThat(aws.call("ec2", "describe-addresses").path("Addresses")).isEmpty();
        assertThat(texts(aws.call("ec2", "describe-nat-gateways").path("NatGateways"), "/State")).containsOnly("deleted");
        assertThat(aws.call("elbv2", "describe-load-balancers").path("LoadBalancers")).isEmpty();
        assertThat(aws.call("elbv2", "describe-target-groups").path("TargetGroups")).isEmpty();
        assertThat(aws.call("rds", "describe-db-instances").path("DBInstances")).isEmpty();
        assertThat(aws.call("rds", "describe-db-subnet-groups").path("DBSubnetGroups")).isEmpty();
        assertThat(aws.call("secretsmanager", "list-secrets").path("SecretList")).isEmpty();
        assertThat(aws.call("ecr", "describe-repositories").path("repositories")).isEmpty();
        assertThat(aws.call("logs", "describe-log-groups").path("logGroups")).isEmpty();
        assertThat(texts(aws.call("iam", "list-roles").path("Roles"), "/RoleName")).noneMatch(role -> role.startsWith(NAME));
        // ECS keeps deleted clusters visible as INACTIVE, like AWS does for a while
        assertThat(texts(aws.call("ecs", "describe-clusters", "--clusters", NAME).path("clusters"), "/status"))
                .containsOnly("INACTIVE");
        assertThat(aws.call("ecs", "list-task-definitions", "--status", "ACTIVE").path("taskDefinitionArns")).isEmpty();
        JsonNode state = parse(terraform.run("show", "-json").stdout());
        assertThat(state.at("/values/root_module/resources").size() + state.at("/values/root_module/child_modules").size())
                .as("resources left in the state").isZero();
    }

    private <T> T timed(String phase, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            timings.put(phase, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private String output(String name) {
        assumeTrue(outputs != null, "the apply did not complete");
        return outputs.path(name).path("value").asText();
    }

    private String vpcId() {
        JsonNode vpcs = aws.call("ec2", "describe-vpcs", "--filters", "Name=tag:project,Values=finpipe",
                "Name=tag:environment,Values=dev").path("Vpcs");
        assertThat(vpcs).as("the dev VPC").hasSize(1);
        JsonNode vpc = vpcs.get(0);
        assertThat(vpc.path("CidrBlock").asText()).isEqualTo("10.10.0.0/16");
        return vpc.path("VpcId").asText();
    }

    private Set<String> subnetIds(String tier) {
        return values(aws.call("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=" + vpcId(),
                "Name=tag:tier,Values=" + tier).path("Subnets"), "SubnetId");
    }

    private Set<String> publicSubnetIds() {
        return subnetIds("public");
    }

    private Set<String> privateSubnetIds() {
        return subnetIds("private");
    }

    private JsonNode targetGroup() {
        return aws.call("elbv2", "describe-target-groups", "--names", NAME + "-app").at("/TargetGroups/0");
    }

    private static JsonNode group(JsonNode groups, String name) {
        return StreamSupport.stream(groups.spliterator(), false)
                .filter(group -> group.path("GroupName").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no security group " + name + " in " + groups));
    }

    private static Map<String, String> attributes(JsonNode response) {
        Map<String, String> attributes = new LinkedHashMap<>();
        response.path("Attributes").forEach(attribute -> attributes.put(attribute.path("Key").asText(), attribute.path("Value").asText()));
        return attributes;
    }

    private static Set<String> values(JsonNode array, String field) {
        return new TreeSet<>(texts(array, "/" + field));
    }

    private static List<String> texts(JsonNode array) {
        return texts(array, "");
    }

    private static List<String> texts(JsonNode array, String pointer) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.at(pointer).asText()).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
