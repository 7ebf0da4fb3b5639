package io.finpipe.pipeline

import spock.lang.Specification
import spock.lang.Unroll

/**
 * The Jenkinsfile's Destroy stage, which ships commented out: these specs enable it exactly as its
 * comment tells ops to, then run it.
 */
@Unroll
class JenkinsfileDestroySpec extends Specification {

    static final String INSTRUCTION = 'To enable it: delete the text `//destroy: ` at the start of every line that has it'
    static final String MARKER = '//destroy: '

    JenkinsfileRunner runner = new JenkinsfileRunner()

    /** What the comment tells ops to do, done literally. */
    static String enabledJenkinsfile() {
        String text = JenkinsfileRunner.jenkinsfileText()
        assert text.contains(INSTRUCTION): 'the Destroy stage comment no longer gives the instruction these specs follow'
        text.readLines().collect { it.startsWith(MARKER) ? it.substring(MARKER.length()) : it }.join('\n')
    }

    def "as committed, the Jenkinsfile has no Destroy stage and no destroy parameters"() {
        given:
        runner.branch('develop')

        when:
        def run = runner.run()

        then:
        !run.stages.containsKey('Destroy')
        run.parameters == []
        runner.calls('destroyEnv') == []
        JenkinsfileRunner.jenkinsfileText().readLines().count { it.startsWith(MARKER) } > 0
    }

    def "enabled but not asked for (#branch), the build delivers as usual and skips Destroy"() {
        given:
        runner.branch(branch)
        runner.jenkins.answerInput(null)

        when:
        def run = runner.run(enabledJenkinsfile())

        then:
        run.result == 'SUCCESS'
        run.parameters == [['booleanParam', [name: 'DESTROY_ENVIRONMENT', defaultValue: false,
                                             description: 'Destroy this branch\'s environment (main: prod, develop: staging) instead of delivering']],
                           ['booleanParam', [name: 'ALLOW_PROTECTED', defaultValue: false,
                                             description: 'Also required to destroy prod, which destroyEnv refuses otherwise']]]
        run.stages.Deploy == 'SUCCESS'
        run.stages.Destroy == 'SKIPPED_BY_WHEN'
        runner.calls('destroyEnv') == []

        where:
        branch << ['main', 'develop']
    }

    def "DESTROY_ENVIRONMENT on develop tests, then destroys staging with the group ops (no DEPLOY_APPROVERS) typing the name; nothing is built"() {
        given:
        runner.branch('develop')
        runner.jenkins.binding.params.DESTROY_ENVIRONMENT = true

        when:
        def run = runner.run(enabledJenkinsfile())

        then:
        run.result == 'SUCCESS'
        run.stages == [Build: 'SUCCESS', Test: 'SUCCESS', Image: 'SKIPPED_BY_WHEN', Deliver: 'SKIPPED_BY_WHEN',
                       Infra: 'SKIPPED_BY_WHEN', Deploy: 'SKIPPED_BY_WHEN', Smoke: 'SKIPPED_BY_WHEN', Destroy: 'SUCCESS']
        run.agents.Destroy == [label: 'deploy']
        runner.calls('destroyEnv') == [[dir: 'app-infra', environment: 'staging', allowProtected: false,
                                        approval: true, approvers: ['ops'], approvalTimeoutMinutes: 60]]
        ['buildImage', 'terraformApply', 'ecsDeploy'].every { runner.calls(it) == [] }
    }

    def "DESTROY_ENVIRONMENT with DEPLOY_APPROVERS '#deployApprovers' on #branch has exactly those users confirm"() {
        given:
        runner.branch(branch)
        runner.jenkins.env.DEPLOY_APPROVERS = deployApprovers
        runner.jenkins.binding.params.putAll(DESTROY_ENVIRONMENT: true, ALLOW_PROTECTED: branch == 'main')

        when:
        def run = runner.run(enabledJenkinsfile())

        then:
        run.result == 'SUCCESS'
        runner.calls('destroyEnv') == [[dir: 'app-infra', environment: environment, allowProtected: branch == 'main',
                                        approval: true, approvers: approvers, approvalTimeoutMinutes: 60]]

        where:
        branch    | deployApprovers || environment | approvers
        'develop' | 'admin'         || 'staging'   | ['admin']
        'main'    | 'alice,bob'     || 'prod'      | ['alice', 'bob']
    }

    def "DESTROY_ENVIRONMENT on main: the real destroyEnv refuses prod and runs no Terraform command"() {
        given:
        runner.branch('main')
        runner.jenkins.binding.params.DESTROY_ENVIRONMENT = true

        when:
        def run = runner.run(enabledJenkinsfile(), ['destroyEnv'])

        then:
        run.result == 'FAILURE'
        run.stages.Destroy == 'FAILURE'
        run.failure.message.startsWith("destroyEnv: environment 'prod' is protected")
        run.failure.message.endsWith('pass allowProtected: true')
        runner.jenkins.commands == ['scripts/test']
        runner.jenkins.calls('input') == []
    }

    def "DESTROY_ENVIRONMENT with ALLOW_PROTECTED on main passes the override to destroyEnv for prod"() {
        given:
        runner.branch('main')
        runner.jenkins.binding.params.putAll(DESTROY_ENVIRONMENT: true, ALLOW_PROTECTED: true)

        when:
        def run = runner.run(enabledJenkinsfile())

        then:
        run.result == 'SUCCESS'
        runner.calls('destroyEnv') == [[dir: 'app-infra', environment: 'prod', allowProtected: true,
                                        approval: true, approvers: ['ops'], approvalTimeoutMinutes: 60]]
    }

    def "DESTROY_ENVIRONMENT on #what fails before any stage, destroying nothing"() {
        given:
        runner.branch(branch, changeId)
        runner.jenkins.binding.params.DESTROY_ENVIRONMENT = true

        when:
        runner.run(enabledJenkinsfile())

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith("BranchPolicy: DESTROY_ENVIRONMENT was requested on ${what} '${branch}'")
        runner.jenkins.commands == []
        runner.calls('destroyEnv') == []

        where:
        what           | branch      | changeId
        'branch'       | 'feature/x' | null
        'pull request' | 'PR-9'      | '9'
    }
}
