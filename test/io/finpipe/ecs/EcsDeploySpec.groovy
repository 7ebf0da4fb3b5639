package io.finpipe.ecs

import groovy.json.JsonOutput
import groovy.json.JsonSlurperClassic
import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Specification
import spock.lang.Unroll

/**
 * The ecsDeploy step against recorded AWS CLI answers (test/fixtures/ecs, see its README): ECS itself
 * cannot run here, and moto does not model rollouts. Each `aws` call is answered in order, so a
 * describe-services sequence plays a rollout as ECS reports it.
 */
@Unroll
class EcsDeploySpec extends Specification {
    static final String IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking@sha256:' +
        '9e1c7b3a5d2f4e6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a'
    static final String TASK_DEFINITION = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/banking'
    static final String NEW_DEPLOYMENT = 'ecs-svc/7340293841107366452'
    static final String ROLLBACK_DEPLOYMENT = 'ecs-svc/9015527360441982015'
    static final String PAYLOAD_FILE = '.ecsDeploy-banking-task-definition.json'
    static final String TAIL = '--region eu-west-1 --output json'
    static final String DESCRIBE_SERVICE = "aws ecs describe-services --cluster finpipe-prod --services banking ${TAIL}"
    static final String DESCRIBE_TASK_DEFINITION =
        "aws ecs describe-task-definition --task-definition ${TASK_DEFINITION}:7 --include TAGS ${TAIL}"
    static final String REGISTER = "aws ecs register-task-definition --cli-input-json file://${PAYLOAD_FILE} ${TAIL}"
    static final String UPDATE_TO_NEW =
        "aws ecs update-service --cluster finpipe-prod --service banking --task-definition ${TASK_DEFINITION}:8 ${TAIL}"
    static final String UPDATE_TO_PREVIOUS =
        "aws ecs update-service --cluster finpipe-prod --service banking --task-definition ${TASK_DEFINITION}:7 ${TAIL}"
    static final String LIST_STOPPED =
        "aws ecs list-tasks --cluster finpipe-prod --service-name banking --desired-status STOPPED ${TAIL}"
    static final String DESCRIBE_STOPPED = 'aws ecs describe-tasks --cluster finpipe-prod --tasks ' +
        'arn:aws:ecs:eu-west-1:123456789012:task/finpipe-prod/3f6c1a9e5b2d4c7e8a0b1c2d3e4f5a6b ' +
        "arn:aws:ecs:eu-west-1:123456789012:task/finpipe-prod/9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a ${TAIL}"
    static final List<String> UP_TO_UPDATE = [DESCRIBE_SERVICE, DESCRIBE_TASK_DEFINITION, REGISTER, UPDATE_TO_NEW]
    static final Map ARGS = [cluster: 'finpipe-prod', service: 'banking', image: IMAGE, region: 'eu-west-1']
    static final String STOPPED_TASKS = 'Stopped tasks:\n' +
        '  task 3f6c1a9e5b2d4c7e8a0b1c2d3e4f5a6b (banking:8): Task failed container health checks [app: exit code 137]\n' +
        '  task 9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a (banking:8): Essential container in task exited ' +
        '[app: OutOfMemoryError: Container killed due to memory usage]'

    static String fixture(String name) {
        new File(PipelineHarness.LIBRARY_ROOT, "test/fixtures/ecs/${name}.json").text
    }

    /** The service's answers to describe-services, one per call, starting before the update. */
    PipelineHarness jenkins(Mode mode, List<String> describeServices, Map answers = [:]) {
        def jenkins = new PipelineHarness(mode)
        jenkins.step('sleep', [Map]) { Map args -> }
        jenkins.sh.answer('aws ecs describe-services', stdout: describeServices.collect { fixture(it) })
        jenkins.sh.answer('aws ecs describe-task-definition', stdout: fixture(answers.taskDefinition ?: 'describe-task-definition'))
        jenkins.sh.answer('aws ecs register-task-definition', stdout: fixture('register-task-definition'))
        jenkins.sh.answer('aws ecs update-service', stdout: ['update-service', 'update-service-rollback'].collect { fixture(it) })
        jenkins.sh.answer('aws ecs list-tasks', stdout: fixture('list-tasks-stopped'))
        jenkins.sh.answer('aws ecs describe-tasks', stdout: fixture('describe-tasks-stopped'))
        jenkins
    }

    static Map json(String text) {
        new JsonSlurperClassic().parseText(text) as Map
    }

    /** A recorded describe-services answer with its service changed. */
    static String withService(String name, Closure change) {
        Map answer = json(fixture(name))
        change(answer.services[0])
        JsonOutput.toJson(answer)
    }

    def "registers the new image, updates the service and waits for this deployment to complete [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-in-progress',
                                     'describe-services-in-progress-registered', 'describe-services-completed'])

        when:
        def result = jenkins.run(ARGS, 'ecsDeploy')

        then:
        jenkins.commands == UP_TO_UPDATE + [DESCRIBE_SERVICE] * 3
        jenkins.calls('sleep') == [[[time: 10, unit: 'SECONDS']]] * 3
        result == [taskDefinitionArn: "${TASK_DEFINITION}:8", previousTaskDefinitionArn: "${TASK_DEFINITION}:7",
                   deploymentId: NEW_DEPLOYMENT, rolloutState: 'COMPLETED']

        and: 'each new service event is printed once, oldest first'
        jenkins.echoes == [
            "ecsDeploy: banking: banking:7 -> banking:8 (app: ${IMAGE})",
            "ecsDeploy: waiting for deployment ${NEW_DEPLOYMENT} of banking:8",
            'ecsDeploy: [event] (service banking) has started 2 tasks: (task 3f6c1a9e5b2d4c7e8a0b1c2d3e4f5a6b) ' +
                '(task 9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a).',
            'ecsDeploy: [event] (service banking) registered 2 targets in (target-group ' +
                'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/banking/7d3a1c2b9e8f4a60)',
            "ecsDeploy: [event] (service banking) (deployment ${NEW_DEPLOYMENT}) deployment completed.\n" +
                'ecsDeploy: [event] (service banking) has reached a steady state.',
        ]

        where:
        mode << Mode.values()
    }

    def "the registered task definition is the current one with the image swapped and read-only fields dropped [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-completed'])

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        Map payload = json(jenkins.files[PAYLOAD_FILE])
        payload.keySet() == ['containerDefinitions', 'family', 'taskRoleArn', 'executionRoleArn', 'networkMode', 'volumes',
                             'placementConstraints', 'requiresCompatibilities', 'cpu', 'memory', 'runtimePlatform',
                             'tags'] as Set
        Map described = json(fixture('describe-task-definition'))
        payload.findAll { it.key != 'containerDefinitions' } ==
            described.taskDefinition.subMap(payload.keySet() - ['tags', 'containerDefinitions']) + [tags: described.tags]
        payload.containerDefinitions == described.taskDefinition.containerDefinitions.collect { it + [image: IMAGE] }

        where:
        mode << Mode.values()
    }

    def "taskDefinition: the new revision is made from Terraform's latest revision of the family, not the running one; a rollback returns to the running one [#mode]"() {
        given: 'Terraform registered banking:9 (more memory, another secret) while the service ran banking:7, ecsDeploy\'s'
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-failed',
                                     'describe-services-rollback-in-progress', 'describe-services-rollback-completed'])
        Map terraforms = json(fixture('describe-task-definition'))
        terraforms.taskDefinition.with {
            taskDefinitionArn = "${TASK_DEFINITION}:9".toString()
            revision = 9
            memory = '2048'
            containerDefinitions[0].secrets[0].valueFrom = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-new'
        }
        jenkins.sh.answer('aws ecs describe-task-definition', stdout: JsonOutput.toJson(terraforms))

        when:
        jenkins.run(ARGS + [taskDefinition: 'banking'], 'ecsDeploy')

        then: 'registered: Terraform\'s revision with the image swapped'
        thrown(AbortException)
        Map payload = json(jenkins.files[PAYLOAD_FILE])
        payload.memory == '2048'
        payload.containerDefinitions[0].secrets[0].valueFrom == 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-new'
        payload.containerDefinitions[0].image == IMAGE

        and: 'the rollback goes to what ran before, banking:7'
        jenkins.commands == [DESCRIBE_SERVICE, "aws ecs describe-task-definition --task-definition banking --include TAGS ${TAIL}",
                             REGISTER, UPDATE_TO_NEW, DESCRIBE_SERVICE, UPDATE_TO_PREVIOUS] + [DESCRIBE_SERVICE] * 2 +
                [LIST_STOPPED, DESCRIBE_STOPPED]
        jenkins.echoes[0] == "ecsDeploy: banking: banking:7 -> banking:8 (app: ${IMAGE}, from banking:9)"

        where:
        mode << Mode.values()
    }

    def "in a task with several containers, only the named container's image changes [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-completed'],
            [taskDefinition: 'describe-task-definition-two-containers'])

        when:
        def result = jenkins.run(ARGS + [container: 'app'], 'ecsDeploy')

        then:
        def containers = json(jenkins.files[PAYLOAD_FILE]).containerDefinitions
        containers*.name == ['app', 'log-router']
        containers*.image == [IMAGE, 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4']
        result.rolloutState == 'COMPLETED'

        where:
        mode << Mode.values()
    }

    def "a circuit-breaker FAILED deployment is rolled back, the rollback waited for, and the build fails [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-in-progress', 'describe-services-failed',
                                     'describe-services-rollback-in-progress', 'describe-services-rollback-completed'])

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message == "ecsDeploy: deployment ${NEW_DEPLOYMENT} FAILED: ECS deployment circuit breaker: tasks failed to " +
            "start. — rolled back to banking:7 (deployment ${ROLLBACK_DEPLOYMENT} COMPLETED); fix the cause below and " +
            'deploy again\n' +
            'Recent service events:\n' +
            '  2026-11-22T03:01:12.049000+00:00 (service banking) has started 2 tasks: (task 3f6c1a9e5b2d4c7e8a0b1c2d3e4f5a6b) (task 9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a).\n' +
            '  2026-11-22T03:02:30.104000+00:00 (service banking) (task 3f6c1a9e5b2d4c7e8a0b1c2d3e4f5a6b) failed container health checks.\n' +
            '  2026-11-22T03:02:31.105000+00:00 (service banking) has stopped 2 running tasks: (task 3f6c1a9e5b2d4c7e8a0b1c2d3e4f5a6b) (task 9d8c7b6a5f4e4d3c2b1a0f9e8d7c6b5a).\n' +
            "  2026-11-22T03:04:02.150000+00:00 (service banking) (deployment ${NEW_DEPLOYMENT}) deployment failed: tasks failed to start.\n" +
            '  2026-11-22T03:04:40.188000+00:00 (service banking) has started 2 tasks: (task 4e3d2c1b0a9f4e8d7c6b5a4f3e2d1c0b) (task 2c1b0a9f8e7d4c6b5a4f3e2d1c0b9a8f).\n' +
            "  2026-11-22T03:06:15.237000+00:00 (service banking) (deployment ${ROLLBACK_DEPLOYMENT}) deployment completed.\n" +
            STOPPED_TASKS
        jenkins.commands == UP_TO_UPDATE + [DESCRIBE_SERVICE] * 2 + [UPDATE_TO_PREVIOUS] + [DESCRIBE_SERVICE] * 2 +
            [LIST_STOPPED, DESCRIBE_STOPPED]
        jenkins.echoes.contains(("ecsDeploy: deployment ${NEW_DEPLOYMENT} FAILED: ECS deployment circuit breaker: tasks " +
            'failed to start.; rolling back to banking:7').toString())
        jenkins.echoes.contains("ecsDeploy: waiting for deployment ${ROLLBACK_DEPLOYMENT} of banking:7".toString())

        where:
        mode << Mode.values()
    }

    def "a rollback that fails too says so, and that the service needs attention [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-failed',
                                     'describe-services-rollback-in-progress', 'describe-services-rollback-failed'])

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message.startsWith("ecsDeploy: deployment ${NEW_DEPLOYMENT} FAILED: ECS deployment circuit breaker: tasks " +
            "failed to start., and the ROLLBACK to banking:7 FAILED too: deployment ${ROLLBACK_DEPLOYMENT} FAILED: ECS " +
            'deployment circuit breaker: tasks failed to start. — the service needs attention now: aws ecs ' +
            'describe-services --cluster finpipe-prod --services banking\nRecent service events:\n')
        e.message.contains('was unable to place a task. Reason: CannotPullContainerError')
        e.message.endsWith(STOPPED_TASKS)
        jenkins.commands == UP_TO_UPDATE + [DESCRIBE_SERVICE, UPDATE_TO_PREVIOUS] + [DESCRIBE_SERVICE] * 2 +
            [LIST_STOPPED, DESCRIBE_STOPPED]

        where:
        mode << Mode.values()
    }

    def "with rollbackOnFailure: false a FAILED deployment is left in place [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-failed'])

        when:
        jenkins.run(ARGS + [rollbackOnFailure: false], 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message.startsWith("ecsDeploy: deployment ${NEW_DEPLOYMENT} FAILED: ECS deployment circuit breaker: tasks " +
            'failed to start. — left in place (rollbackOnFailure: false); fix the cause below and deploy again, or roll ' +
            'back to banking:7\nRecent service events:\n')
        e.message.endsWith(STOPPED_TASKS)
        jenkins.commands == UP_TO_UPDATE + [DESCRIBE_SERVICE, LIST_STOPPED, DESCRIBE_STOPPED]

        where:
        mode << Mode.values()
    }

    def "a deployment replaced by another one fails the build without rolling back over it [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-in-progress', 'describe-services-replaced'])

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message.startsWith("ecsDeploy: deployment ${NEW_DEPLOYMENT} was replaced by deployment " +
            'ecs-svc/2209183764500918237 (banking:9) before it completed — not rolled back, so as not to undo that ' +
            'deployment; see who started it in the events below\nRecent service events:\n')
        jenkins.commands == UP_TO_UPDATE + [DESCRIBE_SERVICE] * 2 + [LIST_STOPPED, DESCRIBE_STOPPED]

        where:
        mode << Mode.values()
    }

    def "a deployment that vanished from the service counts as replaced [#mode]"() {
        given: 'the service lists only a newer deployment'
        def jenkins = jenkins(mode, ['describe-services-steady', 'describe-services-rollback-completed'])

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message.startsWith("ecsDeploy: deployment ${NEW_DEPLOYMENT} was replaced by deployment " +
            "${ROLLBACK_DEPLOYMENT} (banking:7) before it completed — not rolled back")
        !jenkins.commands.contains(UPDATE_TO_PREVIOUS)

        where:
        mode << Mode.values()
    }

    def "a deployment that completed before another one took over counts as completed [#mode]"() {
        given: 'between two polls ours completed and banking:9 became PRIMARY'
        def jenkins = jenkins(mode, [])
        jenkins.sh.answer('aws ecs describe-services', stdout: [fixture('describe-services-steady'),
            withService('describe-services-replaced') { service ->
                service.deployments.find { it.id == NEW_DEPLOYMENT }.rolloutState = 'COMPLETED'
            }])

        when:
        def result = jenkins.run(ARGS, 'ecsDeploy')

        then:
        result == [taskDefinitionArn: "${TASK_DEFINITION}:8", previousTaskDefinitionArn: "${TASK_DEFINITION}:7",
                   deploymentId: NEW_DEPLOYMENT, rolloutState: 'COMPLETED']

        where:
        mode << Mode.values()
    }

    def "a deployment still in progress after timeoutMinutes is rolled back [#mode]"() {
        given: 'timeoutMinutes: 1 at pollSeconds: 30 allows two polls'
        def jenkins = jenkins(mode, ['describe-services-steady'] + ['describe-services-in-progress'] * 2 +
            ['describe-services-rollback-completed'])

        when:
        jenkins.run(ARGS + [timeoutMinutes: 1, pollSeconds: 30], 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message.startsWith("ecsDeploy: deployment ${NEW_DEPLOYMENT} did not complete within 1 minutes (rollout " +
            "IN_PROGRESS: ECS deployment ${NEW_DEPLOYMENT} in progress.) — rolled back to banking:7 (deployment " +
            "${ROLLBACK_DEPLOYMENT} COMPLETED)")
        jenkins.calls('sleep') == [[[time: 30, unit: 'SECONDS']]] * 3
        jenkins.commands == UP_TO_UPDATE + [DESCRIBE_SERVICE] * 2 + [UPDATE_TO_PREVIOUS, DESCRIBE_SERVICE] +
            [LIST_STOPPED, DESCRIBE_STOPPED]

        where:
        mode << Mode.values()
    }

    def "a service behind a Classic Load Balancer (no rolloutState) completes once its only deployment runs all tasks [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady'])
        def withoutRolloutState = { String name ->
            withService(name) { service -> service.deployments.each { it.remove('rolloutState'); it.remove('rolloutStateReason') } }
        }
        jenkins.sh.answer('aws ecs describe-services', stdout: [fixture('describe-services-steady')] +
            ['describe-services-in-progress-registered', 'describe-services-completed'].collect(withoutRolloutState))

        when:
        def result = jenkins.run(ARGS, 'ecsDeploy')

        then:
        result.rolloutState == 'COMPLETED'
        jenkins.commands == UP_TO_UPDATE + [DESCRIBE_SERVICE] * 2

        where:
        mode << Mode.values()
    }

    def "a task definition with several containers needs 'container': #problem [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady'], [taskDefinition: 'describe-task-definition-two-containers'])

        when:
        jenkins.run(ARGS + extra, 'ecsDeploy')

        then: 'nothing was registered or updated'
        def e = thrown(AbortException)
        e.message == message
        jenkins.commands == [DESCRIBE_SERVICE, DESCRIBE_TASK_DEFINITION]

        where:
        [mode, problem, extra, message] << [Mode.values(), [
            ['none named', [:], "ecsDeploy: task definition banking:7 has 2 containers [app, log-router] — set " +
                "'container' to the one whose image to replace"],
            ['unknown name', [container: 'web'], "ecsDeploy: task definition banking:7 has no container 'web' — set " +
                "'container' to one of [app, log-router]"],
        ]].combinations().collect { it.flatten() }
    }

    def "a service that cannot take this deployment is refused before anything changes: #problem [#mode]"() {
        given:
        def jenkins = jenkins(mode, [])
        jenkins.sh.answer('aws ecs describe-services', stdout: describeServices)

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message == message
        jenkins.commands == [DESCRIBE_SERVICE]

        where:
        [mode, problem, describeServices, message] << [Mode.values(), [
            ['missing', fixture('describe-services-missing'),
             "ecsDeploy: service 'banking' in cluster 'finpipe-prod' (eu-west-1) is MISSING — check 'cluster', " +
                 "'service' and 'region'"],
            ['draining', withService('describe-services-steady') { it.status = 'DRAINING' },
             "ecsDeploy: service 'banking' in cluster 'finpipe-prod' (eu-west-1) is DRAINING — check 'cluster', " +
                 "'service' and 'region'"],
            ['CODE_DEPLOY controller', withService('describe-services-steady') { it.deploymentController.type = 'CODE_DEPLOY' },
             "ecsDeploy: service 'banking' uses the CODE_DEPLOY deployment controller — ecsDeploy drives rolling " +
                 'updates (ECS) only; deploy it with its own tooling'],
        ]].combinations().collect { it.flatten() }
    }

    def "update-service that starts no deployment of the new revision fails the step [#mode]"() {
        given: 'the answer moto gives: the PRIMARY deployment keeps the old task definition'
        def jenkins = jenkins(mode, ['describe-services-steady'])
        Map answer = json(fixture('update-service'))
        answer.service.deployments = [json(fixture('describe-services-steady')).services[0].deployments[0]]
        jenkins.sh.answer('aws ecs update-service', stdout: JsonOutput.toJson(answer))

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message == 'ecsDeploy: update-service started no deployment of banking:8 — check the service\'s deployments: ' +
            'aws ecs describe-services --cluster finpipe-prod --services banking'
        jenkins.calls('sleep').empty

        where:
        mode << Mode.values()
    }

    def "a failing aws call stops the step where it failed [#mode]"() {
        given: 'e.g. AccessDeniedException: the aws CLI prints it and exits 254'
        def jenkins = jenkins(mode, ['describe-services-steady'])
        jenkins.sh.answer('aws ecs update-service', status: 254)

        when:
        jenkins.run(ARGS, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message == 'script returned exit code 254'
        jenkins.commands == UP_TO_UPDATE
        jenkins.calls('sleep').empty

        where:
        mode << Mode.values()
    }

    def "bad input: #problem [#mode]"() {
        given:
        def jenkins = jenkins(mode, ['describe-services-steady'])

        when:
        jenkins.run(args, 'ecsDeploy')

        then:
        def e = thrown(AbortException)
        e.message == message
        jenkins.commands.empty

        where:
        [mode, problem, args, message] << [Mode.values(), [
            ['missing required key', ARGS.findAll { it.key != 'image' },
             "ecsDeploy: missing required parameter 'image' — add image: " +
                 "'123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking:0f3c2a9b1d4e'"],
            ['unknown key', ARGS + [timeout: 5],
             "ecsDeploy: unknown parameter 'timeout' — valid parameters are: cluster, service, image, region, container, " +
                 'taskDefinition, timeoutMinutes, pollSeconds, rollbackOnFailure'],
            ['wrong type', ARGS + [timeoutMinutes: '15'],
             "ecsDeploy: parameter 'timeoutMinutes' must be a whole number, not a string — pass it as timeoutMinutes: 15"],
            ['image without tag or digest', ARGS + [image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking'],
             "ecsDeploy: image '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking' has neither tag nor digest — " +
                 "give 'repository:tag' or 'repository@sha256:<64 hex>'"],
            ['malformed image', ARGS + [image: 'Banking:v1 --force'],
             "ecsDeploy: image 'Banking:v1 --force' is not a valid image reference — give 'repository:tag' or " +
                 "'repository@sha256:<64 hex>'"],
            ['timeout 0', ARGS + [timeoutMinutes: 0],
             "ecsDeploy: parameter 'timeoutMinutes' is 0, less than 1 — use a whole number of at least 1, " +
                 'e.g. timeoutMinutes: 15'],
            ['negative poll interval', ARGS + [pollSeconds: -5],
             "ecsDeploy: parameter 'pollSeconds' is -5, less than 1 — use a whole number of at least 1, e.g. pollSeconds: 10"],
            ['malformed cluster', ARGS + [cluster: 'prod cluster'],
             "ecsDeploy: parameter 'cluster' is 'prod cluster', which does not match " +
                 '/[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:(cluster|service)/[A-Za-z0-9_/-]{1,512}/ ' +
                 "— use a name of up to 255 letters, digits, hyphens and " +
                 "underscores, or an ECS ARN, e.g. cluster: 'finpipe-prod'"],
            ['malformed task definition', ARGS + [taskDefinition: 'banking:latest'],
             "ecsDeploy: parameter 'taskDefinition' is 'banking:latest', which does not match " +
                 '/([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[A-Za-z0-9_-]{1,255})(:[1-9][0-9]*)?/ ' +
                 '— use a task definition family (its latest ACTIVE revision), family:revision, or its ARN, ' +
                 "e.g. taskDefinition: 'finpipe-prod'"],
            ['bad region', ARGS + [region: 'ireland'],
             "ecsDeploy: parameter 'region' is 'ireland', which does not match /[a-z]{2}(-[a-z]+)+-[0-9]+/ — use an " +
                 "AWS region code such as 'eu-west-1', e.g. region: 'eu-west-1'"],
            ['several problems at once', [service: 'banking', image: IMAGE, region: 'eu-west-1', rollback: true],
             "ecsDeploy: unknown parameter 'rollback' — valid parameters are: cluster, service, image, region, container, " +
                 "taskDefinition, timeoutMinutes, pollSeconds, rollbackOnFailure\n" +
                 "ecsDeploy: missing required parameter 'cluster' — add cluster: 'finpipe-prod'"],
        ]].combinations().collect { it.flatten() }
    }
}
