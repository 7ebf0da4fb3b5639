package io.finpipe.pipeline

import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import io.finpipe.testing.declarative.DeclarativePipeline

/**
 * Runs the repository's Jenkinsfile (or an edited copy of its text) as one multibranch build, with the
 * shared PipelineHarness (PLAIN mode: the Jenkinsfile's own logic is declarative plus BranchPolicy calls;
 * the steps have CPS specs of their own) and the declarative support.
 *
 * The library steps buildImage, terraformApply, ecsDeploy and destroyEnv are replaced by fakes that
 * answer `results[step]` (a Closure gets the step's arguments; a Throwable is thrown), so a spec sees
 * exactly what the Jenkinsfile asks of them: `jenkins.calls('ecsDeploy')`. Pass `realSteps` to keep a
 * step's real implementation instead (it then runs against the harness' scripted `sh`).
 */
class JenkinsfileRunner {
    static final String COMMIT = '0123456789abcdef0123456789abcdef01234567'
    static final String ACCOUNT = '123456789012'
    static final String BASE_IMAGE = 'public.ecr.aws/docker/library/eclipse-temurin:17-jre@sha256:' + 'a' * 64
    static final List<String> LIBRARY_STEPS = ['buildImage', 'terraformApply', 'ecsDeploy', 'destroyEnv']

    final PipelineHarness jenkins = new PipelineHarness(Mode.PLAIN)
    final DeclarativePipeline declarative = DeclarativePipeline.register(jenkins.helper, jenkins.binding)
    final Map<String, Object> results = [
            buildImage    : [image: "${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/finpipe-prod@sha256:${'b' * 64}".toString(),
                             digest: "sha256:${'b' * 64}".toString(), tags: ['0123456789ab']],
            terraformApply: [changed: true, summary: [add: 1, change: 0, destroy: 0],
                             outputs: [service_url: 'https://bank.example.com',
                                       alb_dns_name: 'finpipe-prod-123456789.eu-west-1.elb.amazonaws.com',
                                       cluster_name: 'finpipe-prod', service_name: 'finpipe-prod-app',
                                       container_name: 'app', task_definition_family: 'finpipe-prod']],
            ecsDeploy     : [taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/finpipe-prod:8',
                             previousTaskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/finpipe-prod:7',
                             deploymentId: 'ecs-svc/1234567890123456789', rolloutState: 'COMPLETED'],
            destroyEnv    : [destroyed: 39],
    ]

    JenkinsfileRunner() {
        jenkins.env.putAll(GIT_COMMIT: COMMIT, BASE_IMAGE: BASE_IMAGE)
        jenkins.sh.answer('aws sts get-caller-identity', stdout: "${ACCOUNT}\n".toString())
        jenkins.step('junit', [Map]) { Map args -> null }
    }

    /** Sets what a multibranch job would: BRANCH_NAME, and CHANGE_ID for a pull request. */
    JenkinsfileRunner branch(String name, String changeId = null) {
        jenkins.env.BRANCH_NAME = name
        if (changeId) jenkins.env.CHANGE_ID = changeId
        this
    }

    static String jenkinsfileText() {
        new File(PipelineHarness.LIBRARY_ROOT, 'Jenkinsfile').text
    }

    /** Runs the Jenkinsfile text as a build; returns what the declarative support saw. */
    DeclarativePipeline.Run run(String text = jenkinsfileText(), List<String> realSteps = []) {
        File copy = File.createTempFile('Jenkinsfile', '.groovy')
        copy.deleteOnExit()
        copy.text = text
        // Loading registers the library's real steps: the fakes go in after it, before the run.
        Script script = jenkins.helper.loadScript(copy.absolutePath, jenkins.binding)
        (LIBRARY_STEPS - realSteps).each { String step ->
            jenkins.step(step, [Map]) { Map args -> answer(step, args) }
        }
        jenkins.helper.runScript(script)
        declarative.lastRun
    }

    private Object answer(String step, Map args) {
        Object result = results[step]
        if (result instanceof Throwable) throw result
        result instanceof Closure ? result.call(args) : result
    }

    /** The single Map each call of a step got, in order. */
    List<Map> calls(String step) {
        jenkins.calls(step).collect { it[0] as Map }
    }
}
