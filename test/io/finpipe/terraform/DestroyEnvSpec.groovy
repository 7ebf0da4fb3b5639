package io.finpipe.terraform

import static io.finpipe.terraform.TerraformFixtures.planChanges
import static io.finpipe.terraform.TerraformFixtures.workspace

import io.finpipe.testing.AbortException
import io.finpipe.testing.InputRejected
import io.finpipe.testing.Mode
import spock.lang.Specification
import spock.lang.Unroll

@Unroll
class DestroyEnvSpec extends Specification {
    static final Map DEV = [dir: 'app-infra', environment: 'dev']
    static final String DISCARD = 'rm -f tfplan'

    static List<String> commands(String env) {
        ["terraform init -no-color -input=false -reconfigure -lock-timeout=5m -backend-config=environments/${env}/backend.hcl",
         'terraform validate -no-color',
         "terraform plan -no-color -input=false -lock-timeout=5m -destroy -detailed-exitcode -var-file=environments/${env}/terraform.tfvars -out=tfplan",
         'terraform show -no-color -json tfplan',
         'terraform apply -no-color -input=false -lock-timeout=5m tfplan',
         'terraform state list',
         DISCARD]*.toString()
    }

    def "destroys through the saved destroy plan after the approver typed the name, then checks the state is empty [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 0, destroy: 7)
        jenkins.answerInput([CONFIRM_ENVIRONMENT: 'dev', approver: 'alice'])

        when:
        def result = jenkins.run('destroyEnv', DEV + [approvers: ['ops']])

        then:
        result == [destroyed: 7]
        jenkins.commands == commands('dev')
        jenkins.calls('input')*.getAt(0) == [[
                message: "Destroy environment 'dev'? dev: 0 to add, 0 to change, 7 to destroy. Type the environment's name to confirm.",
                ok: 'Destroy', submitterParameter: 'approver', submitter: 'ops',
                parameters: [[kind: 'string', name: 'CONFIRM_ENVIRONMENT', defaultValue: '', description: "the environment's name, dev"]]]]
        jenkins.echoes == ['destroyEnv: dev: 0 to add, 0 to change, 7 to destroy', 'destroyEnv: dev: destruction confirmed by alice']
        jenkins.shCalls.every { it.dir == 'app-infra' && it.env.TF_IN_AUTOMATION == '1' }

        where:
        mode << Mode.values()
    }

    def "destroys a protected environment with allowProtected, still after typed confirmation [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 0, destroy: 3)
        jenkins.answerInput([CONFIRM_ENVIRONMENT: 'prod', approver: 'carol'])

        when:
        def result = jenkins.run('destroyEnv', [dir: 'app-infra', environment: 'prod', allowProtected: true, approval: false])

        then: 'approval cannot be waived for a protected environment: the confirmation is still asked'
        result == [destroyed: 3]
        jenkins.commands == commands('prod')
        jenkins.calls('input').size() == 1

        where:
        mode << Mode.values()
    }

    def "a wrongly typed name aborts with nothing destroyed [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 0, destroy: 7)
        jenkins.answerInput([CONFIRM_ENVIRONMENT: typed, approver: 'alice'])

        when:
        jenkins.run('destroyEnv', DEV)

        then:
        def e = thrown(AbortException)
        e.message == "destroyEnv: the confirmation '${typed}' does not match environment 'dev' — nothing was destroyed; run destroyEnv again and type dev exactly"
        jenkins.commands == commands('dev').take(4) + DISCARD

        where:
        mode       | typed
        Mode.PLAIN | 'prod'
        Mode.CPS   | 'Dev'
        Mode.PLAIN | ''
        Mode.CPS   | 'dev-x'
    }

    def "a rejected or timed-out confirmation destroys nothing [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 0, destroy: 1)
        jenkins.rejectInput('bob')

        when:
        jenkins.run('destroyEnv', DEV)

        then:
        thrown(InputRejected)
        jenkins.commands == commands('dev').take(4) + DISCARD

        where:
        mode << Mode.values()
    }

    def "resources left in the state after destroy fail the step, listed [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 0, destroy: 5)
        jenkins.sh.answer('terraform state list', stdout: 'aws_s3_bucket.logs\naws_db_instance.main\n')
        jenkins.answerInput([CONFIRM_ENVIRONMENT: 'dev', approver: 'alice'])

        when:
        jenkins.run('destroyEnv', DEV)

        then:
        def e = thrown(AbortException)
        e.message == "destroyEnv: 2 resource(s) still in the state of environment 'dev' after destroy: aws_s3_bucket.logs, aws_db_instance.main — inspect them with terraform state list, then run destroyEnv again"
        jenkins.commands == commands('dev')

        where:
        mode << Mode.values()
    }

    def "a destroy apply that fails part-way lists what is still in the state [#mode]"() {
        given: 'e.g. AWS refused one deletion after Terraform had destroyed the rest'
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 0, destroy: 5)
        jenkins.sh.answer('terraform apply', status: 1)
        jenkins.sh.answer('terraform state list', stdout: 'module.database.aws_db_instance.this\nmodule.registry.aws_ecr_repository.this\n')
        jenkins.answerInput([CONFIRM_ENVIRONMENT: 'dev', approver: 'alice'])

        when:
        jenkins.run('destroyEnv', DEV)

        then:
        def e = thrown(AbortException)
        e.message == "destroyEnv: terraform apply failed (exit code 1) after destroying part of 'dev'; still in the " +
                'state: module.database.aws_db_instance.this, module.registry.aws_ecr_repository.this — fix the error ' +
                'above and run destroyEnv again'
        jenkins.commands == commands('dev')

        where:
        mode << Mode.values()
    }

    def "resources AWS would refuse to delete stop the step before the confirmation, with nothing destroyed [#mode]"() {
        given: "app-infra's prod: RDS and the ALB with deletion protection, the ECR repository without force_delete"
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 0, destroy: 2, deleted: [
                ['aws_db_instance', 'main', [identifier: 'finpipe-prod', deletion_protection: true]],
                ['aws_lb', 'main', [name: 'finpipe-prod', enable_deletion_protection: true]],
                ['aws_ecr_repository', 'app', [name: 'finpipe-prod', force_delete: false]],
                ['aws_ecr_repository', 'cache', [name: 'finpipe-prod-cache', force_delete: true]],
                ['aws_db_instance', 'replica', [identifier: 'finpipe-prod-replica', deletion_protection: false]],
                ['aws_dynamodb_table', 'locks', [name: 'locks', deletion_protection_enabled: true]],
        ])

        when:
        jenkins.run('destroyEnv', [dir: 'app-infra', environment: 'prod', allowProtected: true])

        then:
        def e = thrown(AbortException)
        e.message == 'destroyEnv: aws_db_instance.main, aws_lb.main, aws_ecr_repository.app, aws_dynamodb_table.locks ' +
                'have deletion protection — nothing was destroyed; turn it off with an apply first (deletion_protection ' +
                'or enable_deletion_protection = false; force_delete = true on an ECR repository, which cannot be ' +
                'deleted while it holds images), then run destroyEnv again'
        jenkins.calls('input') == []
        jenkins.commands == commands('prod').take(4) + DISCARD

        where:
        mode << Mode.values()
    }

    def "nothing to destroy: no confirmation, no apply, the state is still checked [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.sh.answer('terraform plan', status: 0)

        when:
        def result = jenkins.run('destroyEnv', DEV)

        then:
        result == [destroyed: 0]
        jenkins.commands == commands('dev')[0..2] + ['terraform state list', DISCARD]
        jenkins.calls('input') == []
        jenkins.echoes == ['destroyEnv: dev: nothing to destroy']

        where:
        mode << Mode.values()
    }

    def "approval: false destroys an unprotected environment without asking, e.g. a throwaway test environment's [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.files['app-infra/environments/pr-42/backend.hcl'] = 'key = "pr-42"'
        jenkins.files['app-infra/environments/pr-42/terraform.tfvars'] = ''
        planChanges(jenkins, add: 0, change: 0, destroy: 2)

        when:
        def result = jenkins.run('destroyEnv', [dir: 'app-infra', environment: 'pr-42', approval: false, lockTimeout: '2m'])

        then:
        result == [destroyed: 2]
        jenkins.calls('input') == []
        jenkins.commands == commands('pr-42').collect { it.replace('-lock-timeout=5m', '-lock-timeout=2m') }

        where:
        mode << Mode.values()
    }

    def "a failing destroy plan stops the step with nothing destroyed [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.sh.answer('terraform plan', status: 1)

        when:
        jenkins.run('destroyEnv', DEV)

        then:
        def e = thrown(AbortException)
        e.message == "destroyEnv: terraform plan failed (exit code 1) for environment 'dev' — fix the error shown in the plan output above and run again; nothing was applied"
        jenkins.commands == commands('dev').take(3) + DISCARD

        where:
        mode << Mode.values()
    }
}
