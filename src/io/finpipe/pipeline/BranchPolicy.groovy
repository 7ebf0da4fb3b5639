package io.finpipe.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * What one build of the multibranch job runs and where it delivers: the ONE place the
 * branch → environment mapping lives (the Jenkinsfile only asks this class).
 *
 * | build                         | Test | Image | Infra (app-infra)          | Deploy + Smoke | approval         |
 * |-------------------------------|------|-------|----------------------------|----------------|------------------|
 * | `main`                        | yes  | yes   | apply `prod`               | `prod`         | DEPLOY_APPROVERS |
 * | `develop`                     | yes  | yes   | apply `staging`            | `staging`      | none             |
 * | pull request (`CHANGE_ID` set)| yes  | yes   | plan only against `staging`| no             | none             |
 * | any other branch              | yes  | no    | no                         | no             | none             |
 *
 * A destroy request (the Jenkinsfile's commented-out Destroy stage, see there) turns a `main` or
 * `develop` build into: Test, then destroyEnv of its environment, confirmed by DEPLOY_APPROVERS;
 * nothing is built or deployed.
 *
 * DEPLOY_APPROVERS is the Jenkins global variable jenkins-infra's JCasC sets: comma-separated user IDs
 * (its `ops_users`, or `admin` while that list is empty), because Jenkins' own user database has no
 * groups. When it is not set, the group `ops` approves: for security realms that have such a group.
 *
 * Every method is @NonCPS: none runs a step, and Groovy calls toString() (for the Jenkinsfile's
 * `echo "finpipe: ${delivery}"`) from outside CPS, where a CPS-transformed method yields nothing.
 */
class BranchPolicy implements Serializable {

    private static final long serialVersionUID = 1L

    /** Branches that deliver, by name: their environment and whether DEPLOY_APPROVERS must approve. */
    static final Map<String, Map> DELIVERING_BRANCHES = [
            main   : [environment: 'prod', approvalRequired: true],
            develop: [environment: 'staging', approvalRequired: false],
    ].asImmutable()

    /** Pull requests build the image and show Terraform's plan against this environment. */
    static final String PULL_REQUEST_ENVIRONMENT = 'staging'

    /** How long an approval waits before the build is aborted. */
    static final int APPROVAL_TIMEOUT_MINUTES = 60

    /** Who approves deploys and confirms destroys when DEPLOY_APPROVERS is not set: a group of that name. */
    static final List<String> DEFAULT_APPROVERS = ['ops'].asImmutable()

    /** DEPLOY_APPROVERS: IDs without spaces, separated by single commas (terraformApply's approvers check). */
    private static final String APPROVERS_FORMAT = /[^,\s]+(,[^,\s]+)*/

    /** app-infra names its resources, the ECR repository included, `<project>-<environment>`. */
    static final String PROJECT = 'finpipe'

    /** `main`, `develop`, `pull request` or `other branch`: for messages. */
    final String kind
    /** The app-infra environment this build plans or applies, null when it touches no infrastructure. */
    final String environment
    final boolean buildsImage
    /** Infra runs `terraformApply(planOnly: true)`: the plan is shown, nothing is applied. */
    final boolean planOnly
    final boolean deploys
    final boolean destroys
    /** Jenkins user or group IDs that must approve infra changes, deploys and destroys; empty: no approval. */
    final List<String> approvers

    private BranchPolicy(Map fields) {
        kind = fields.kind
        environment = fields.environment
        buildsImage = fields.buildsImage ?: false
        planOnly = fields.planOnly ?: false
        deploys = fields.deploys ?: false
        destroys = fields.destroys ?: false
        approvers = fields.approvers ?: []
    }

    /**
     * @param branchName env.BRANCH_NAME of the multibranch build (`PR-12` for pull requests)
     * @param changeId env.CHANGE_ID: set for pull requests only
     * @param destroyRequested the build asks to destroy its environment (the DESTROY_ENVIRONMENT parameter)
     * @param deployApprovers env.DEPLOY_APPROVERS: comma-separated Jenkins user or group IDs; null: `ops`
     * @throws IllegalArgumentException when no branch name is given, DEPLOY_APPROVERS is malformed (checked
     *         on every build, so a bad value shows before the first prod release), or a destroy is asked of
     *         a build that owns no environment
     */
    @NonCPS
    static BranchPolicy forBuild(String branchName, String changeId, boolean destroyRequested = false,
                                 String deployApprovers = null) {
        if (!branchName) {
            throw new IllegalArgumentException('BranchPolicy: BRANCH_NAME is not set — run this Jenkinsfile ' +
                    'from a multibranch job, which sets it for every branch and pull request')
        }
        List<String> approvers = approversFrom(deployApprovers)
        Map delivering = changeId ? null : DELIVERING_BRANCHES[branchName]
        if (destroyRequested && !delivering) {
            throw new IllegalArgumentException("BranchPolicy: DESTROY_ENVIRONMENT was requested on " +
                    "${changeId ? 'pull request' : 'branch'} '${branchName}', which owns no environment — " +
                    "run the destroy on ${DELIVERING_BRANCHES.keySet().join(' or ')}")
        }
        if (delivering && destroyRequested) {
            return new BranchPolicy(kind: branchName, environment: delivering.environment, destroys: true,
                    approvers: approvers)
        }
        if (delivering) {
            return new BranchPolicy(kind: branchName, environment: delivering.environment, buildsImage: true,
                    deploys: true, approvers: delivering.approvalRequired ? approvers : [])
        }
        if (changeId) {
            return new BranchPolicy(kind: 'pull request', environment: PULL_REQUEST_ENVIRONMENT,
                    buildsImage: true, planOnly: true)
        }
        return new BranchPolicy(kind: 'other branch')
    }

    @NonCPS
    private static List<String> approversFrom(String deployApprovers) {
        if (deployApprovers == null) {
            return DEFAULT_APPROVERS
        }
        if (!(deployApprovers ==~ APPROVERS_FORMAT)) {
            throw new IllegalArgumentException("BranchPolicy: DEPLOY_APPROVERS '${deployApprovers}' is not a list " +
                    'of Jenkins user or group IDs separated by commas — set it (Manage Jenkins → System → Global ' +
                    'properties; jenkins-infra sets it from ops_users) without spaces or empty entries, e.g. ' +
                    "'alice,bob', or remove it to have the group 'ops' approve")
        }
        deployApprovers.split(',') as List<String>
    }

    /** The build plans or applies app-infra. */
    @NonCPS
    boolean isTouchingInfra() {
        environment && !destroys
    }

    @NonCPS
    boolean isApprovalRequired() {
        !approvers.isEmpty()
    }

    /** The approvers as the `input` step's `submitter` takes them: IDs separated by commas. */
    @NonCPS
    String getSubmitter() {
        approvers.join(',')
    }

    /** The approval keys terraformApply and destroyEnv take; empty when nobody has to approve. */
    @NonCPS
    Map approvalArgs() {
        approvalRequired ? [approval: true, approvers: approvers, approvalTimeoutMinutes: APPROVAL_TIMEOUT_MINUTES] : [:]
    }

    /** The environment's ECR repository (app-infra output ecr_repository_url) in a registry. */
    @NonCPS
    String imageRepository(String registry) {
        if (!environment) {
            throw new IllegalStateException("BranchPolicy: a ${kind} build has no environment, so no image repository")
        }
        "${registry}/${PROJECT}-${environment}"
    }

    /**
     * Image tags for a commit: its first 12 hex digits; pull requests prefix `pr-<id>-` so their images
     * never take a tag the branch build of the same commit will want (app-infra's ECR tags are immutable).
     */
    @NonCPS
    String imageTag(String commit, String changeId) {
        if (!(commit ==~ /[0-9a-f]{12,40}/)) {
            throw new IllegalArgumentException("BranchPolicy: GIT_COMMIT '${commit}' is not a commit hash — " +
                    'the image is tagged with the commit the build checked out; check the job\'s SCM checkout')
        }
        String shortCommit = commit.substring(0, 12)
        kind == 'pull request' ? "pr-${changeId}-${shortCommit}" : shortCommit
    }

    @NonCPS
    @Override
    String toString() {
        "${kind}: " + (environment ? "${destroys ? 'destroy' : planOnly ? 'plan' : 'deliver to'} ${environment}" +
                (approvalRequired ? " (approval: ${submitter})" : '') : 'test only')
    }
}
