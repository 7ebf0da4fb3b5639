package io.finpipe.rehearsal

import groovy.json.JsonSlurperClassic
import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import io.finpipe.testsupport.AwsCli
import io.finpipe.testsupport.MotoServer
import io.finpipe.testsupport.Processes
import io.finpipe.testsupport.RegistryServer
import io.finpipe.testsupport.TerraformCli
import io.finpipe.testsupport.TestBaseImage
import io.finpipe.testsupport.UnsharedContainer
import java.nio.file.Files
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * The whole delivery, offline: the library's REAL steps, `sh` running real commands on this machine
 * (LocalAgent), against local stand-ins for AWS — moto_server for the AWS APIs, Debian's docker-registry
 * for ECR, EcsRolloutFake for the ECS rollouts moto does not model — in the Jenkinsfile's order:
 * buildImage → terraformApply (dev, S3 backend with locking on moto) → ecsDeploy → smoke → a broken
 * rollout rolled back → destroyEnv. app-infra runs from a temporary copy with one test-only override
 * file that points the provider and backend at moto; the real configuration is not changed.
 * Prints a timeline. Run alone with scripts/rehearse.
 */
@Stepwise
class RehearsalSpec extends Specification {

    static final String REGION = MotoServer.REGION
    static final File ROOT = PipelineHarness.LIBRARY_ROOT
    static final File WORK = new File(ROOT, 'library/target/rehearsal')

    /** Test-only, next to test-support's provider override: the S3 backend and its lock table on moto. */
    static final String MOTO_BACKEND_OVERRIDE = '''\
        # Written by the rehearsal into its temporary copy only: the S3 backend and its lock table on moto.
        terraform {
          backend "s3" {
            use_path_style              = true
            skip_credentials_validation = true
            skip_requesting_account_id  = true
            skip_metadata_api_check     = true
          }
        }
        '''.stripIndent()

    @Shared Timeline timeline = new Timeline()
    @Shared RegistryServer registry
    @Shared MotoServer moto
    @Shared EcsRolloutFake ecs
    @Shared File workspace
    @Shared PipelineHarness jenkins
    @Shared LocalAgent agent
    @Shared String commit
    @Shared Map built
    @Shared Map infra
    @Shared Map deployed

    def setupSpec() {
        ['sample-app/target/classes', 'sample-app/target/dependency', 'image-builder/target/image-builder.jar'].each {
            assert new File(ROOT, it).exists(): "${it} is missing — build it first: ./mvnw -B -ntp -pl library -am verify " +
                    '(scripts/rehearse does), which packages sample-app and image-builder before the library'
        }
        WORK.mkdirs()
        workspace = Files.createTempDirectory(WORK.toPath(), 'workspace-').toFile()
        timeline.mark("workspace ${workspace}")

        registry = timeline.time('docker-registry started') { RegistryServer.start() }
        moto = timeline.time('moto_server started') { MotoServer.start() }
        ecs = new EcsRolloutFake(moto.endpoint(), registry.hostPort())
        timeline.mark("registry ${registry.hostPort()}, moto ${moto.endpoint()}, ECS rollout fake ${ecs.url}")

        // The agent's checkout: the app and the builder as built by the reactor, app-infra copied (Terraform writes in it).
        ['sample-app', 'image-builder'].each {
            Files.createSymbolicLink(new File(workspace, it).toPath(), new File(ROOT, it).toPath())
        }
        copyTree(new File(ROOT, 'app-infra'), new File(workspace, 'app-infra'))
        String providerOverride = MotoServer.TERRAFORM_PROVIDER_OVERRIDE
        new File(workspace, 'app-infra/moto_override.tf').text = providerOverride + MOTO_BACKEND_OVERRIDE
        new File(workspace, 'app-infra/bootstrap/moto_override.tf').text = providerOverride

        Map<String, String> awsAndTerraform = new LinkedHashMap(moto.awsEnvironment())
        awsAndTerraform.putAll(TerraformCli.in(workspace.toPath()).environment())
        timeline.time('state bucket and lock table bootstrapped on moto (app-infra/bootstrap)') {
            File bootstrapDir = new File(workspace, 'app-infra/bootstrap')
            TerraformCli bootstrap = TerraformCli.in(bootstrapDir.toPath()).withEnvironment(moto.awsEnvironment())
            bootstrap.run('init', '-input=false', '-no-color')
            bootstrap.run((['apply', '-input=false', '-no-color', '-auto-approve'] + bootstrapTargets(bootstrapDir)) as String[])
        }

        jenkins = new PipelineHarness(Mode.PLAIN)
        commit = System.getenv('GIT_COMMIT') ?: ['git', '-C', ROOT.path, 'rev-parse', 'HEAD'].execute().text.trim()
        assert commit ==~ /[0-9a-f]{40}/: "no commit to tag the image with: run in a git checkout or set GIT_COMMIT (got '${commit}')"
        jenkins.env.putAll(WORKSPACE: workspace.path, GIT_COMMIT: commit, BRANCH_NAME: 'develop')
        File log = new File(WORK, 'rehearsal.log')
        log.text = ''
        agent = new LocalAgent(jenkins, workspace, awsAndTerraform, timeline, log)
    }

    def cleanupSpec() {
        [ecs, moto, registry].each { it?.close() }
        timeline.mark('moto, registry and ECS fake stopped')
        if (workspace) Processes.deleteRecursively(workspace.toPath())
        println "\nRehearsal timeline (full log: ${agent?.log}):\n${timeline.render()}"
        [moto, registry].findAll().each { server ->
            assert !ProcessHandle.of(server.pid()).map { it.alive }.orElse(false): "${server} (pid ${server.pid()}) still runs"
        }
    }

    /** Runs one library step the way the Jenkinsfile calls it. */
    Object step(String name, Map args) {
        timeline.time("${name} done") { jenkins.run(args, name) }
    }

    /** The AWS CLI against moto directly (not through the ECS fake), for checks: `aws('ecs', 'list-clusters')`. */
    Map aws(String... arguments) {
        new JsonSlurperClassic().parseText(new AwsCli(moto.awsEnvironment()).call(arguments).toString()) as Map
    }

    def "buildImage builds sample-app with image-builder and pushes it to the registry, pinned by digest"() {
        given:
        String base = timeline.time('test base image (jlink JRE) pushed as the base') {
            TestBaseImage.pushTo(registry, 'base/jre', TestBaseImage.tarIn(new File(WORK, 'base-image-cache').toPath()))
        }

        when:
        built = step('buildImage', [appDir: 'sample-app', repository: "${registry.hostPort()}/finpipe-dev".toString(),
                                    tags: [commit.take(12)], baseImage: base, insecureRegistry: true,
                                    builder: 'java -jar image-builder/target/image-builder.jar'])

        then:
        built.digest ==~ /sha256:[0-9a-f]{64}/
        built.image == "${registry.hostPort()}/finpipe-dev@${built.digest}"
        registry.manifestDigest('finpipe-dev', commit.take(12)) == built.digest
    }

    def "terraformApply applies app-infra's dev environment on moto through the S3 backend with locking"() {
        when:
        infra = step('terraformApply', [dir: 'app-infra', environment: 'dev', vars: [git_commit: commit]])

        then:
        infra.changed
        infra.summary.add > 30
        infra.outputs.cluster_name == 'finpipe-dev'
        infra.outputs.service_url == "http://${infra.outputs.alb_dns_name}"
        aws('ecs', 'describe-services', '--cluster', 'finpipe-dev', '--services', infra.outputs.service_name).services[0].status == 'ACTIVE'
        aws('s3api', 'list-objects-v2', '--bucket', 'finpipe-terraform-state').Contents*.Key == ['app-infra/dev/terraform.tfstate']
    }

    def "ecsDeploy registers a revision with the new image and waits until its deployment COMPLETED"() {
        given:
        agent.environment.AWS_ENDPOINT_URL_ECS = ecs.url

        when:
        deployed = step('ecsDeploy', [cluster: infra.outputs.cluster_name, service: infra.outputs.service_name,
                                      container: infra.outputs.container_name,
                                      taskDefinition: infra.outputs.task_definition_family, image: built.image, region: REGION,
                                      pollSeconds: 1, timeoutMinutes: 2])

        then:
        deployed.rolloutState == 'COMPLETED'
        deployed.taskDefinitionArn.endsWith(':2')
        deployed.previousTaskDefinitionArn.endsWith(':1')
        Map service = aws('ecs', 'describe-services', '--cluster', 'finpipe-dev', '--services', infra.outputs.service_name).services[0]
        service.taskDefinition == deployed.taskDefinitionArn
        aws('ecs', 'describe-task-definition', '--task-definition', deployed.taskDefinitionArn).taskDefinition
                .containerDefinitions.find { it.name == infra.outputs.container_name }.image == built.image
        ecs.actions.containsAll(['DescribeServices', 'RegisterTaskDefinition', 'UpdateService'])
    }

    def "smoke: the pushed image, started as ECS would start it, answers the Smoke stage's readiness check"() {
        given: 'the image as the task runs it: its entrypoint, its user, the port and a database from the environment'
        int port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
        UnsharedContainer app = timeline.time('sample-app image started from the registry') {
            UnsharedContainer.start("docker://${built.image}".toString(),
                    [PORT: port.toString(), DB_URL: 'jdbc:h2:mem:bank;DB_CLOSE_DELAY=-1', DB_USER: 'sa'])
        }

        when: 'the service URL names a host no DNS knows; the check connects to the app as it does to the ALB'
        int status = timeline.time('smoke check ended') {
            jenkins.runScript("@Library('finpipe') _\nimport io.finpipe.pipeline.SmokeCheck\n" +
                    "sh(script: SmokeCheck.readinessCommand('http://bank.finpipe.invalid:${port}', '127.0.0.1', 60, 1), returnStatus: true)")
        }

        then:
        assert status == 0: "the smoke check failed; the app's log:\n${app.log()}"
        agent.logTail(5).contains("smoke: HTTP 200 from http://bank.finpipe.invalid:${port}/health/ready")

        cleanup:
        app?.close()
    }

    def "a rollout whose image cannot be pulled FAILS, and ecsDeploy rolls the service back"() {
        given:
        String missing = "${registry.hostPort()}/finpipe-dev@sha256:${'0' * 64}"

        when:
        step('ecsDeploy', [cluster: infra.outputs.cluster_name, service: infra.outputs.service_name,
                           container: infra.outputs.container_name,
                           taskDefinition: infra.outputs.task_definition_family, image: missing, region: REGION,
                           pollSeconds: 1, timeoutMinutes: 2])

        then:
        def failure = thrown(AbortException)
        failure.message.startsWith('ecsDeploy: ')
        failure.message.contains('FAILED')
        failure.message.contains("rolled back to ${deployed.taskDefinitionArn.tokenize('/').last()}")
        failure.message.contains('CannotPullContainerError')
        aws('ecs', 'describe-services', '--cluster', 'finpipe-dev', '--services', infra.outputs.service_name).services[0]
                .taskDefinition == deployed.taskDefinitionArn

        cleanup:
        agent.environment.remove('AWS_ENDPOINT_URL_ECS')
    }

    def "destroyEnv destroys dev after the approver types its name, and nothing of it is left in moto"() {
        given:
        jenkins.answerInput([CONFIRM_ENVIRONMENT: 'dev', approver: 'ops-rehearsal'])

        when:
        Map destroyed = step('destroyEnv', [dir: 'app-infra', environment: 'dev', vars: [git_commit: commit],
                                            approvers: ['ops']])

        then:
        destroyed.destroyed == infra.summary.add
        aws('ec2', 'describe-vpcs', '--filters', 'Name=tag:project,Values=finpipe').Vpcs == []
        aws('ec2', 'describe-addresses').Addresses == []
        aws('elbv2', 'describe-load-balancers').LoadBalancers == []
        aws('elbv2', 'describe-target-groups').TargetGroups == []
        aws('rds', 'describe-db-instances').DBInstances == []
        aws('secretsmanager', 'list-secrets').SecretList == []
        aws('ecr', 'describe-repositories').repositories == []
        aws('logs', 'describe-log-groups').logGroups == []
        aws('iam', 'list-roles').Roles*.RoleName.every { !it.startsWith('finpipe-dev') }
        aws('ecs', 'describe-clusters', '--clusters', 'finpipe-dev').clusters*.status == ['INACTIVE']

        and: "only ecsDeploy's own revisions stay registered, as in AWS: Terraform deregisters just the one it made"
        aws('ecs', 'list-task-definitions', '--status', 'ACTIVE').taskDefinitionArns.collect { it.tokenize(':').last() } == ['2', '3']
    }

    /**
     * Every bootstrap resource but the TLS-only bucket policy: moto enforces its Deny but not its
     * aws:SecureTransport condition, so with it the backend could not read its own state here.
     */
    private static List<String> bootstrapTargets(File bootstrapDir) {
        List<String> addresses = bootstrapDir.listFiles().findAll { it.name.endsWith('.tf') }.collectMany { File tf ->
            (tf.text =~ /(?m)^resource "(\S+)" "(\S+)"/).collect { match, type, name -> "${type}.${name}".toString() }
        }
        assert addresses.contains('aws_s3_bucket_policy.state'): 'bootstrap has no TLS-only bucket policy: update the rehearsal'
        (addresses - 'aws_s3_bucket_policy.state').collect { "-target=${it}".toString() }
    }

    private static void copyTree(File from, File to) {
        from.eachFileRecurse { File source ->
            String relative = from.toPath().relativize(source.toPath()).toString()
            if (relative.split('/').any { it in ['.terraform', 'target'] } || relative.endsWith('.tfstate')) return
            File target = new File(to, relative)
            if (source.directory) {
                target.mkdirs()
            } else {
                target.parentFile.mkdirs()
                Files.copy(source.toPath(), target.toPath())
            }
        }
    }
}
