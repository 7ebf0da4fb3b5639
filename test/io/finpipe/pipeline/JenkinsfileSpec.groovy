package io.finpipe.pipeline

import io.finpipe.testing.AbortException
import io.finpipe.testing.InputRejected
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Specification
import spock.lang.Unroll

import static io.finpipe.pipeline.JenkinsfileRunner.ACCOUNT
import static io.finpipe.pipeline.JenkinsfileRunner.BASE_IMAGE
import static io.finpipe.pipeline.JenkinsfileRunner.COMMIT

/**
 * The repository's Jenkinsfile as a multibranch job runs it, per kind of build: which stages run or are
 * skipped, and exactly what each library step is asked to do. The library steps are fakes here
 * (JenkinsfileRunner); their own specs cover what they do with these arguments.
 */
@Unroll
class JenkinsfileSpec extends Specification {

    static final String REGISTRY = "${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com"
    static final String READY_URL = 'https://bank.example.com/health/ready'
    static final List<String> ALL_STAGES = ['Build', 'Test', 'Image', 'Deliver', 'Infra', 'Deploy', 'Smoke']

    JenkinsfileRunner runner = new JenkinsfileRunner()

    def "#build: runs #ran, skips #skipped"() {
        given:
        runner.branch(branch, changeId)
        if (branch == 'main') runner.jenkins.answerInput(null)   // ops approves the prod deploy

        when:
        def run = runner.run()

        then:
        run.result == 'SUCCESS'
        run.stagesWith('SUCCESS') == ran
        run.stagesWith('SKIPPED_BY_WHEN') == skipped
        run.stages.keySet() as List == ALL_STAGES

        where:
        build          | branch        | changeId || ran                                | skipped
        'main'         | 'main'        | null     || ALL_STAGES                         | []
        'develop'      | 'develop'     | null     || ALL_STAGES                         | []
        'pull request' | 'PR-42'       | '42'     || ['Build', 'Test', 'Image', 'Deliver', 'Infra'] | ['Deploy', 'Smoke']
        'feature'      | 'feature/x-1' | null     || ['Build', 'Test']                 | ['Image', 'Deliver', 'Infra', 'Deploy', 'Smoke']
    }

    def "#branch: the build's first line says what it will do, also CPS-transformed as Jenkins runs the script [#mode]"() {
        given: 'the declarative support runs PLAIN only, so pipeline { } is left out: this is the code before it'
        def jenkins = new PipelineHarness(mode)
        jenkins.env.putAll(BRANCH_NAME: branch, DEPLOY_APPROVERS: 'alice,bob')
        if (changeId) jenkins.env.CHANGE_ID = changeId
        jenkins.step('pipeline', [Closure]) { Closure body -> }

        when:
        jenkins.runScript(JenkinsfileRunner.jenkinsfileText())

        then: 'Groovy calls toString() outside CPS: a CPS-transformed toString() would leave no line at all'
        jenkins.echoes == [echo]

        where:
        [mode, branch, changeId, echo] << [Mode.values(), [
                ['main', null, 'finpipe: main: deliver to prod (approval: alice,bob)'],
                ['develop', null, 'finpipe: develop: deliver to staging'],
                ['PR-42', '42', 'finpipe: pull request: plan staging'],
        ]].combinations().collect { it.flatten() }
    }

    def "main delivers the digest-pinned image to prod, with the group ops approving infra and the deploy when Jenkins sets no DEPLOY_APPROVERS"() {
        given:
        runner.branch('main')
        runner.jenkins.answerInput(null)

        when:
        def run = runner.run()

        then: 'tests with the README command, reports published even when they fail'
        runner.jenkins.commands[0] == 'scripts/test'
        runner.jenkins.calls('junit') == [[[testResults: '**/target/surefire-reports/*.xml', allowEmptyResults: true]]]

        and: 'the image goes to the prod repository, tagged with the commit, ECR login through the agent role'
        runner.jenkins.commands[1] == 'aws sts get-caller-identity --query Account --output text'
        runner.calls('buildImage') == [[appDir: 'sample-app', repository: "${REGISTRY}/finpipe-prod",
                                        tags: [COMMIT.take(12)], baseImage: BASE_IMAGE, ecrRegion: 'eu-west-1',
                                        builder: 'java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar image-builder/target/image-builder.jar']]

        and: 'prod infra is applied after an ops approval'
        runner.calls('terraformApply') == [[dir: 'app-infra', environment: 'prod', planOnly: false,
                                            vars: [git_commit: COMMIT], approval: true, approvers: ['ops'],
                                            approvalTimeoutMinutes: 60]]

        and: 'ops approves the rollout of exactly that image, which goes to the service Terraform names, made from the task definition Terraform registered'
        runner.jenkins.calls('timeout')[0][0] == [time: 60, unit: 'MINUTES']
        runner.jenkins.calls('input') == [[[message: "Deploy ${runner.results.buildImage.image} to prod?",
                                            ok: 'Deploy', submitter: 'ops']]]
        runner.calls('ecsDeploy') == [[cluster: 'finpipe-prod', service: 'finpipe-prod-app', container: 'app',
                                       taskDefinition: 'finpipe-prod', image: runner.results.buildImage.image,
                                       region: 'eu-west-1']]

        and: 'smoke checks readiness at the name the certificate covers, connecting to the ALB just deployed; nothing else runs'
        runner.jenkins.commands.drop(2) == ["curl --fail --silent --show-error --output /dev/null " +
                "--write-out 'smoke: HTTP %{http_code} from ${READY_URL}\\n' --max-time 10 --retry 61 --retry-delay 5 " +
                "--retry-all-errors --retry-max-time 300 " +
                "--connect-to 'bank.example.com:443:finpipe-prod-123456789.eu-west-1.elb.amazonaws.com:443' '${READY_URL}'"]
        runner.calls('destroyEnv') == []
        run.result == 'SUCCESS'
    }

    def "main with DEPLOY_APPROVERS '#deployApprovers' (as jenkins-infra's JCasC sets it) has exactly those users approve infra and the deploy"() {
        given:
        runner.branch('main')
        runner.jenkins.env.DEPLOY_APPROVERS = deployApprovers
        runner.jenkins.answerInput(null)

        when:
        def run = runner.run()

        then:
        run.result == 'SUCCESS'
        runner.calls('terraformApply') == [[dir: 'app-infra', environment: 'prod', planOnly: false,
                                            vars: [git_commit: COMMIT], approval: true, approvers: approvers,
                                            approvalTimeoutMinutes: 60]]
        runner.jenkins.calls('input') == [[[message: "Deploy ${runner.results.buildImage.image} to prod?",
                                            ok: 'Deploy', submitter: deployApprovers]]]
        runner.calls('ecsDeploy').size() == 1

        where:
        deployApprovers   || approvers
        'admin'           || ['admin']
        'alice,bob.smith' || ['alice', 'bob.smith']
    }

    def "develop with DEPLOY_APPROVERS set still delivers to staging without any approval"() {
        given:
        runner.branch('develop')
        runner.jenkins.env.DEPLOY_APPROVERS = 'alice,bob'

        when:
        def run = runner.run()

        then:
        run.result == 'SUCCESS'
        runner.calls('terraformApply') == [[dir: 'app-infra', environment: 'staging', planOnly: false,
                                            vars: [git_commit: COMMIT]]]
        runner.jenkins.calls('input') == []
        runner.calls('ecsDeploy').size() == 1
    }

    def "a malformed DEPLOY_APPROVERS stops the build before any stage, naming it"() {
        given:
        runner.branch('main')
        runner.jenkins.env.DEPLOY_APPROVERS = 'alice, bob'

        when:
        runner.run()

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith("BranchPolicy: DEPLOY_APPROVERS 'alice, bob' is not a list of Jenkins user or group IDs")
        e.message.contains('without spaces or empty entries')
        runner.jenkins.commands == []
        JenkinsfileRunner.LIBRARY_STEPS.every { runner.calls(it) == [] }
    }

    def "develop delivers to staging without any approval"() {
        given:
        runner.branch('develop')

        when:
        def run = runner.run()

        then:
        run.result == 'SUCCESS'
        runner.calls('buildImage')*.repository == ["${REGISTRY}/finpipe-staging"]
        runner.calls('buildImage')*.tags == [[COMMIT.take(12)]]
        runner.calls('terraformApply') == [[dir: 'app-infra', environment: 'staging', planOnly: false,
                                            vars: [git_commit: COMMIT]]]
        runner.jenkins.calls('input') == []
        runner.calls('ecsDeploy').size() == 1
        runner.jenkins.commands.last().startsWith('curl ')
    }

    def "a pull request builds its image under a pr- tag and only plans staging"() {
        given:
        runner.branch('PR-42', '42')

        when:
        def run = runner.run()

        then:
        run.result == 'SUCCESS'
        runner.calls('buildImage')*.repository == ["${REGISTRY}/finpipe-staging"]
        runner.calls('buildImage')*.tags == [["pr-42-${COMMIT.take(12)}"]]
        runner.calls('terraformApply') == [[dir: 'app-infra', environment: 'staging', planOnly: true,
                                            vars: [git_commit: COMMIT]]]
        runner.calls('ecsDeploy') == []
        runner.jenkins.commands.every { !it.startsWith('curl ') }
    }

    def "another branch only runs the tests"() {
        given:
        runner.branch('feature/ledger-export')

        when:
        runner.run()

        then:
        runner.jenkins.commands == ['scripts/test']
        runner.jenkins.calls('junit').size() == 1
        JenkinsfileRunner.LIBRARY_STEPS.every { runner.calls(it) == [] }
    }

    def "options: one build per branch at a time, timestamps, bounded history and an overall timeout; agents by label"() {
        given:
        runner.branch('develop')

        when:
        def run = runner.run()

        then:
        run.options == [['disableConcurrentBuilds'], ['timestamps'],
                        ['buildDiscarder', ['logRotator', [numToKeepStr: '50', artifactNumToKeepStr: '10']]],
                        ['timeout', [time: 3, unit: 'HOURS']]]
        run.agent == 'none'
        run.agents.findAll { it.value } == [Build: [label: 'linux'], Deliver: [label: 'deploy']]
    }

    def "failing tests: no image, no infra, no deploy; the test reports are still published"() {
        given:
        runner.branch('main')
        runner.jenkins.sh.answer('scripts/test', status: 1)

        when:
        def run = runner.run()

        then:
        run.result == 'FAILURE'
        run.stages == [Build: 'FAILURE', Test: 'FAILURE', Image: 'SKIPPED_AFTER_FAILURE', Deliver: 'SKIPPED_AFTER_FAILURE',
                       Infra: 'SKIPPED_AFTER_FAILURE', Deploy: 'SKIPPED_AFTER_FAILURE', Smoke: 'SKIPPED_AFTER_FAILURE']
        runner.jenkins.calls('junit').size() == 1
        JenkinsfileRunner.LIBRARY_STEPS.every { runner.calls(it) == [] }
    }

    def "ops rejecting the prod infra plan aborts the build: nothing deployed, no smoke"() {
        given: 'terraformApply fails as it does when its approval input is rejected'
        runner.branch('main')
        runner.results.terraformApply = new InputRejected('ops-lead')

        when:
        def run = runner.run()

        then:
        run.result == 'ABORTED'
        run.stages.subMap(['Infra', 'Deploy', 'Smoke']) ==
                [Infra: 'ABORTED', Deploy: 'SKIPPED_AFTER_FAILURE', Smoke: 'SKIPPED_AFTER_FAILURE']
        runner.calls('ecsDeploy') == []
        runner.jenkins.commands.every { !it.startsWith('curl ') }
    }

    def "ops rejecting the prod deploy aborts the build before ecsDeploy"() {
        given:
        runner.branch('main')
        runner.jenkins.rejectInput('ops-lead')

        when:
        def run = runner.run()

        then:
        run.result == 'ABORTED'
        run.stages.subMap(['Infra', 'Deploy', 'Smoke']) == [Infra: 'SUCCESS', Deploy: 'ABORTED', Smoke: 'SKIPPED_AFTER_FAILURE']
        runner.calls('terraformApply').size() == 1
        runner.calls('ecsDeploy') == []
    }

    def "a failed rollout fails the build and the smoke check does not run"() {
        given:
        runner.branch('develop')
        runner.results.ecsDeploy = new AbortException('ecsDeploy: deployment ecs-svc/1 FAILED — rolled back to revision 7')

        when:
        def run = runner.run()

        then:
        run.result == 'FAILURE'
        run.failure.message.startsWith('ecsDeploy: deployment ecs-svc/1 FAILED')
        run.stages.subMap(['Deploy', 'Smoke']) == [Deploy: 'FAILURE', Smoke: 'SKIPPED_AFTER_FAILURE']
        runner.jenkins.commands.every { !it.startsWith('curl ') }
    }

    def "a service that never gets ready fails the Smoke stage"() {
        given:
        runner.branch('develop')
        runner.jenkins.sh.answer('curl ', status: 22)

        when:
        def run = runner.run()

        then:
        run.result == 'FAILURE'
        run.stages.Smoke == 'FAILURE'
        run.failure.message == 'script returned exit code 22'
    }

    def "without BASE_IMAGE configured the Image stage fails naming jenkins-infra's base_image, before building anything"() {
        given:
        runner.branch('develop')
        runner.jenkins.env.remove('BASE_IMAGE')

        when:
        def run = runner.run()

        then:
        run.result == 'FAILURE'
        run.stages.Image == 'FAILURE'
        run.failure.message.startsWith("Image: BASE_IMAGE is not set — set jenkins-infra's base_image (environments/prod.tfvars)")
        run.failure.message.contains('@sha256:<digest>, and apply: its JCasC sets this global property')
        runner.calls('buildImage') == []
        runner.calls('terraformApply') == []
    }

    def "#branch restarted from stage Deliver stops before Infra, saying to restart from Build: the image is not known"() {
        given: 'Restart from Stage is a new run of the Jenkinsfile that skips Build, so `image` is never set'
        runner.branch(branch)
        runner.declarative.restartFrom = 'Deliver'

        when:
        def run = runner.run()

        then:
        run.result == 'FAILURE'
        run.stages == [Build: 'SKIPPED_FOR_RESTART', Test: 'SKIPPED_FOR_RESTART', Image: 'SKIPPED_FOR_RESTART',
                       Deliver: 'FAILURE', Infra: 'FAILURE', Deploy: 'SKIPPED_AFTER_FAILURE', Smoke: 'SKIPPED_AFTER_FAILURE']
        run.failure.message == 'Deliver: this run has no image from the Build stage, which "Restart from Stage" skips — ' +
                'restart from Build instead (its Image stage reuses the image ECR already has for this commit), or ' +
                'start a new build'
        JenkinsfileRunner.LIBRARY_STEPS.every { runner.calls(it) == [] }
        runner.jenkins.commands == []

        where:
        branch << ['main', 'develop']
    }

    def "a pull request restarted from stage Deliver plans staging again: it deploys nothing, so needs no image"() {
        given:
        runner.branch('PR-42', '42')
        runner.declarative.restartFrom = 'Deliver'

        when:
        def run = runner.run()

        then:
        run.result == 'SUCCESS'
        run.stagesWith('SUCCESS') == ['Deliver', 'Infra']
        runner.calls('terraformApply') == [[dir: 'app-infra', environment: 'staging', planOnly: true,
                                            vars: [git_commit: COMMIT]]]
    }

    def "a build outside a multibranch job stops before any stage, naming BRANCH_NAME"() {
        when:
        runner.run()

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith('BranchPolicy: BRANCH_NAME is not set')
        runner.jenkins.commands == []
    }
}
