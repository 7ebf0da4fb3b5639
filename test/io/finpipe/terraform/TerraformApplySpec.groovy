package io.finpipe.terraform

import static io.finpipe.terraform.TerraformFixtures.outputsJson
import static io.finpipe.terraform.TerraformFixtures.planChanges
import static io.finpipe.terraform.TerraformFixtures.workspace

import io.finpipe.testing.AbortException
import io.finpipe.testing.InputRejected
import io.finpipe.testing.Mode
import spock.lang.Specification
import spock.lang.Unroll

@Unroll
class TerraformApplySpec extends Specification {
    static final String INIT = 'terraform init -no-color -input=false -reconfigure -lock-timeout=5m -backend-config=environments/dev/backend.hcl'
    static final String VALIDATE = 'terraform validate -no-color'
    static final String PLAN = 'terraform plan -no-color -input=false -lock-timeout=5m -detailed-exitcode -var-file=environments/dev/terraform.tfvars -out=tfplan'
    static final String SHOW = 'terraform show -no-color -json tfplan'
    static final String APPLY = 'terraform apply -no-color -input=false -lock-timeout=5m tfplan'
    static final String OUTPUT = 'terraform output -no-color -json'
    static final String DISCARD = 'rm -f tfplan'
    static final Map DEV = [dir: 'app-infra', environment: 'dev']

    def "no changes: plans, applies nothing, returns the current outputs [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.sh.answer('terraform plan', status: 0)
        jenkins.sh.answer('terraform output', stdout: outputsJson(url: ['http://dev.example', false]))

        when:
        def result = jenkins.run('terraformApply', DEV)

        then:
        jenkins.commands == [INIT, VALIDATE, PLAN, OUTPUT, DISCARD]
        result == [changed: false, summary: [add: 0, change: 0, destroy: 0], outputs: [url: 'http://dev.example']]
        jenkins.calls('input') == []
        jenkins.echoes == ['terraformApply: dev: no changes', 'terraformApply: dev: outputs: url = http://dev.example']

        where:
        mode << Mode.values()
    }

    def "changes without approval: applies exactly the saved plan file [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 2, change: 1, destroy: 0, replace: 1)

        when:
        def result = jenkins.run('terraformApply', DEV)

        then:
        jenkins.commands == [INIT, VALIDATE, PLAN, SHOW, APPLY, OUTPUT, DISCARD]
        PLAN.endsWith('-out=tfplan') && APPLY.endsWith(' tfplan')
        result == [changed: true, summary: [add: 3, change: 1, destroy: 1], outputs: [:]]
        jenkins.echoes[0] == 'terraformApply: dev: 3 to add, 1 to change, 1 to destroy'

        where:
        mode << Mode.values()
    }

    def "changes approved: the approver sees the summary, then the plan is applied [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 1, change: 0, destroy: 2)
        jenkins.answerInput('alice')

        when:
        jenkins.run('terraformApply', DEV + [approval: true, approvers: ['alice', 'release-managers'], approvalTimeoutMinutes: 30])

        then:
        jenkins.commands == [INIT, VALIDATE, PLAN, SHOW, APPLY, OUTPUT, DISCARD]
        jenkins.calls('timeout')*.getAt(0) == [[time: 30, unit: 'MINUTES']]
        jenkins.calls('input')*.getAt(0) == [[message: 'Apply the Terraform plan for dev: 1 to add, 0 to change, 2 to destroy?',
                                             ok: 'Apply', submitterParameter: 'approver', parameters: [],
                                             submitter: 'alice,release-managers']]
        jenkins.echoes.contains('terraformApply: dev: plan approved by alice')

        where:
        mode << Mode.values()
    }

    def "approval rejected or timed out: nothing is applied [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 1, change: 0, destroy: 0)
        jenkins.rejectInput('bob')

        when:
        jenkins.run('terraformApply', DEV + [approval: true])

        then:
        def rejected = thrown(InputRejected)
        rejected.by == 'bob'
        jenkins.commands == [INIT, VALIDATE, PLAN, SHOW, DISCARD]

        where:
        mode << Mode.values()
    }

    def "a failing plan stops the step, naming it, with nothing applied [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.sh.answer('terraform plan', status: 1)

        when:
        jenkins.run('terraformApply', DEV + [approval: true])

        then:
        def e = thrown(AbortException)
        e.message == "terraformApply: terraform plan failed (exit code 1) for environment 'dev' — fix the error shown in the plan output above and run again; nothing was applied"
        jenkins.commands == [INIT, VALIDATE, PLAN, DISCARD]

        where:
        mode << Mode.values()
    }

    def "a failing init or validate stops the step before planning [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.sh.answer(failing, status: 1)

        when:
        jenkins.run('terraformApply', DEV)

        then:
        def e = thrown(AbortException)
        e.message == 'script returned exit code 1'
        jenkins.commands == ran

        where:
        mode       | failing              || ran
        Mode.PLAIN | 'terraform init'     || [INIT]
        Mode.CPS   | 'terraform init'     || [INIT]
        Mode.PLAIN | 'terraform validate' || [INIT, VALIDATE]
        Mode.CPS   | 'terraform validate' || [INIT, VALIDATE]
    }

    def "a failing apply stops the step, naming it; the outputs are not read [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 1, change: 0, destroy: 0)
        jenkins.sh.answer('terraform apply', status: 1)

        when:
        jenkins.run('terraformApply', DEV)

        then:
        def e = thrown(AbortException)
        e.message == "terraformApply: terraform apply failed (exit code 1) for environment 'dev' — fix the error shown " +
                'above and run again; the next plan starts from whatever was applied'
        jenkins.commands == [INIT, VALIDATE, PLAN, SHOW, APPLY, DISCARD]

        where:
        mode << Mode.values()
    }

    def "planOnly: plans and reports, never asks or applies [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 0, change: 4, destroy: 0)

        when:
        def result = jenkins.run('terraformApply', DEV + [planOnly: true, approval: true])

        then:
        jenkins.commands == [INIT, VALIDATE, PLAN, SHOW, OUTPUT, DISCARD]
        result.changed
        result.summary == [add: 0, change: 4, destroy: 0]
        jenkins.calls('input') == []

        where:
        mode << Mode.values()
    }

    def "outputs are parsed and returned, sensitive ones included but never logged [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.sh.answer('terraform output', stdout: outputsJson(
                url: ['http://dev.example', false], db_password: ['hunter2-sensitive', true], subnets: [['a', 'b'], false]))

        when:
        def result = jenkins.run('terraformApply', DEV)

        then:
        result.outputs == [db_password: 'hunter2-sensitive', subnets: ['a', 'b'], url: 'http://dev.example']
        jenkins.echoes[1] == 'terraformApply: dev: outputs: db_password = (sensitive), subnets = ["a","b"], url = http://dev.example'
        jenkins.exposures('hunter2-sensitive') == []

        where:
        mode << Mode.values()
    }

    def "the lock timeout is on every command that takes the state lock [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 1, change: 0, destroy: 0)

        when:
        jenkins.run('terraformApply', DEV + [lockTimeout: '90s'])

        then:
        def locking = jenkins.commands.findAll { it =~ /^terraform (init|plan|apply) / }
        locking.size() == 3
        locking.every { it.contains(' -lock-timeout=90s ') }

        where:
        mode << Mode.values()
    }

    def "Terraform runs in dir with TF_IN_AUTOMATION; vars go through TF_VAR_ variables, never the command line [#mode]"() {
        given:
        def jenkins = workspace(mode)
        planChanges(jenkins, add: 1, change: 0, destroy: 0)

        when:
        jenkins.run('terraformApply', DEV + [vars: [image_tag: 'abc123', desired_count: 3, subnets: ['a', 'b']]])

        then:
        jenkins.shCalls.every {
            it.dir == 'app-infra' && it.env == [TF_IN_AUTOMATION: '1', TF_VAR_image_tag: 'abc123',
                                                TF_VAR_desired_count: '3', TF_VAR_subnets: '["a","b"]']
        }
        jenkins.commands.every { !it.contains('abc123') }

        where:
        mode << Mode.values()
    }

    def "backend config and var file may have other names in the environment's directory; paths are given relative to dir [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.files['infra/app/environments/dev/eu.hcl'] = 'key = "x"'
        jenkins.files['infra/app/environments/dev/eu.tfvars'] = 'a = 1'

        when:
        jenkins.run('terraformApply', [dir: 'infra/app', environment: 'dev', backendConfig: 'infra/app/environments/dev/eu.hcl',
                                       varFile: 'infra/app/environments/dev/eu.tfvars'])

        then:
        jenkins.commands[0].endsWith(' -backend-config=environments/dev/eu.hcl')
        jenkins.commands[2].contains(' -var-file=environments/dev/eu.tfvars ')
        jenkins.shCalls.every { it.dir == 'infra/app' }

        where:
        mode << Mode.values()
    }
}
