package io.finpipe.pipeline

import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

/** The branch → environment mapping, in one class (src/ classes are unit-tested in PLAIN mode). */
@Unroll
class BranchPolicySpec extends Specification {

    static final String COMMIT = '0123456789abcdef0123456789abcdef01234567'

    @Shared
    Class branchPolicy = new PipelineHarness(Mode.PLAIN).libraryClass('io.finpipe.pipeline.BranchPolicy')

    def "#branchName (change #changeId) → #description"() {
        when:
        def policy = branchPolicy.forBuild(branchName, changeId)

        then:
        [policy.kind, policy.environment, policy.buildsImage, policy.touchingInfra, policy.planOnly, policy.deploys,
         policy.destroys, policy.approvers] == expected
        policy.toString() == description

        where:
        branchName    | changeId || expected                                                       | description
        'main'        | null     || ['main', 'prod', true, true, false, true, false, ['ops']]      | 'main: deliver to prod (approval: ops)'
        'develop'     | null     || ['develop', 'staging', true, true, false, true, false, []]     | 'develop: deliver to staging'
        'PR-42'       | '42'     || ['pull request', 'staging', true, true, true, false, false, []] | 'pull request: plan staging'
        'main'        | '7'      || ['pull request', 'staging', true, true, true, false, false, []] | 'pull request: plan staging'
        'feature/x-1' | null     || ['other branch', null, false, false, false, false, false, []] | 'other branch: test only'
        'release/1.0' | null     || ['other branch', null, false, false, false, false, false, []] | 'other branch: test only'
    }

    def "a destroy request on #branchName destroys #environment with ops confirming, and delivers nothing"() {
        when:
        def policy = branchPolicy.forBuild(branchName, null, true)

        then:
        [policy.environment, policy.destroys, policy.buildsImage, policy.touchingInfra, policy.deploys] ==
                [environment, true, false, false, false]
        policy.approvalArgs() == [approval: true, approvers: ['ops'], approvalTimeoutMinutes: 60]
        policy.toString() == "${branchName}: destroy ${environment} (approval: ops)"

        where:
        branchName | environment
        'main'     | 'prod'
        'develop'  | 'staging'
    }

    def "DEPLOY_APPROVERS #deployApprovers: main's deploy approvals and every destroy go to #approvers; develop needs none"() {
        when:
        def main = branchPolicy.forBuild('main', null, false, deployApprovers)
        def destroy = branchPolicy.forBuild('develop', null, true, deployApprovers)

        then:
        main.approvalArgs() == [approval: true, approvers: approvers, approvalTimeoutMinutes: 60]
        destroy.approvalArgs() == [approval: true, approvers: approvers, approvalTimeoutMinutes: 60]
        main.submitter == submitter
        destroy.submitter == submitter
        main.toString() == "main: deliver to prod (approval: ${submitter})"
        destroy.toString() == "develop: destroy staging (approval: ${submitter})"
        branchPolicy.forBuild('develop', null, false, deployApprovers).approvalArgs() == [:]
        branchPolicy.forBuild('PR-1', '1', false, deployApprovers).approvalArgs() == [:]

        where:
        deployApprovers            || approvers                          | submitter
        'admin'                    || ['admin']                          | 'admin'
        'alice,bob.smith,c@corp-1' || ['alice', 'bob.smith', 'c@corp-1'] | 'alice,bob.smith,c@corp-1'
        null                       || ['ops']                            | 'ops'
    }

    def "DEPLOY_APPROVERS '#deployApprovers' (#problem) is refused on any build, saying how to fix it"() {
        when:
        branchPolicy.forBuild(branchName, null, false, deployApprovers)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "BranchPolicy: DEPLOY_APPROVERS '${deployApprovers}' is not a list of Jenkins user or group " +
                'IDs separated by commas — set it (Manage Jenkins → System → Global properties; jenkins-infra sets ' +
                "it from ops_users) without spaces or empty entries, e.g. 'alice,bob', or remove it to have the " +
                "group 'ops' approve"

        where:
        deployApprovers | problem                  | branchName
        ''              | 'empty'                  | 'main'
        ' '             | 'blank'                  | 'main'
        'alice, bob'    | 'space after a comma'    | 'main'
        'alice bob'     | 'space inside'           | 'main'
        ' alice'        | 'leading space'          | 'develop'
        'alice,,bob'    | 'empty entry'            | 'main'
        'alice,'        | 'trailing comma'         | 'main'
        ',alice'        | 'leading comma'          | 'feature/x'
        'alice\t'      | 'tab'                    | 'main'
    }

    def "a destroy request on #what is refused, naming the branches that own an environment"() {
        when:
        branchPolicy.forBuild(branchName, changeId, true)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "BranchPolicy: DESTROY_ENVIRONMENT was requested on ${what} '${branchName}', which owns no " +
                'environment — run the destroy on main or develop'

        where:
        what           | branchName  | changeId
        'branch'       | 'feature/x' | null
        'pull request' | 'PR-3'      | '3'
    }

    def "no branch name (#branchName) is refused with what to do"() {
        when:
        branchPolicy.forBuild(branchName, null)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == 'BranchPolicy: BRANCH_NAME is not set — run this Jenkinsfile from a multibranch job, ' +
                'which sets it for every branch and pull request'

        where:
        branchName << [null, '']
    }

    def "approval keys only where someone must approve"() {
        expect:
        branchPolicy.forBuild('main', null).approvalArgs() == [approval: true, approvers: ['ops'], approvalTimeoutMinutes: 60]
        branchPolicy.forBuild('develop', null).approvalArgs() == [:]
        branchPolicy.forBuild('PR-1', '1').approvalArgs() == [:]
    }

    def "image repository is the environment's ECR repository, named as app-infra names it"() {
        expect:
        branchPolicy.forBuild('main', null).imageRepository('1.dkr.ecr.eu-west-1.amazonaws.com') ==
                '1.dkr.ecr.eu-west-1.amazonaws.com/finpipe-prod'
        branchPolicy.forBuild('PR-1', '1').imageRepository('r') == 'r/finpipe-staging'

        when:
        branchPolicy.forBuild('feature/x', null).imageRepository('r')

        then:
        def e = thrown(IllegalStateException)
        e.message == 'BranchPolicy: a other branch build has no environment, so no image repository'
    }

    def "image tag: the commit's first 12 hex digits, pr-<id>- prefixed for pull requests"() {
        expect:
        branchPolicy.forBuild('develop', null).imageTag(COMMIT, null) == '0123456789ab'
        branchPolicy.forBuild('PR-42', '42').imageTag(COMMIT, '42') == 'pr-42-0123456789ab'
    }

    def "image tag refuses #commit, which is not a commit hash"() {
        when:
        branchPolicy.forBuild('develop', null).imageTag(commit, null)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "BranchPolicy: GIT_COMMIT '${commit}' is not a commit hash — the image is tagged with the " +
                'commit the build checked out; check the job\'s SCM checkout'

        where:
        commit << [null, '', 'abc123', 'ZZZZZZZZZZZZZZ', 'latest']
    }
}
