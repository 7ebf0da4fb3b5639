package io.finpipe.terraform

import groovy.io.FileType
import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import java.nio.file.Files
import spock.lang.Specification
import spock.lang.Unroll

/**
 * terraformApply and destroyEnv driving the real Terraform CLI: their `sh` commands run for real (the
 * harness' real workspace) against test/fixtures/terraform/local-env, a local-backend configuration of
 * built-in terraform_data resources. Proves the exact flags, exit codes, JSON and saved-plan behaviour
 * on the installed Terraform, which a scripted `sh` cannot.
 */
@Unroll
class TerraformCliSpec extends Specification {
    static final File FIXTURE = new File(PipelineHarness.LIBRARY_ROOT, 'test/fixtures/terraform/local-env')
    static final String SECRET = 'pw-s3cr3t-value'

    /** The state holds the sensitive output in clear; like a real environment's (in S3), it is not in a workspace. */
    File state = Files.createTempDirectory('terraform-cli-spec-state').toFile()
    File workspace = checkout()
    /** Another build's workspace (the same job on another agent), sharing the state. */
    File otherWorkspace = checkout()

    File checkout() {
        File checkout = Files.createTempDirectory('terraform-cli-spec').toFile()
        FIXTURE.eachFileRecurse(FileType.FILES) { File file ->
            File copy = new File(checkout, "infra/${FIXTURE.toPath().relativize(file.toPath())}")
            copy.parentFile.mkdirs()
            copy.bytes = file.bytes
        }
        new File(checkout, 'infra/environments/dev/backend.hcl').text = "path = \"${state}/dev.tfstate\"\n"
        checkout
    }

    def cleanup() {
        [workspace, otherWorkspace, state]*.deleteDir()
    }

    PipelineHarness pipeline(Mode mode, File workspace = this.workspace) {
        def jenkins = new PipelineHarness(mode)
        File cliConfig = new File(workspace, 'terraformrc')
        cliConfig.text = ''
        jenkins.useRealWorkspace(workspace, [CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig.path])
        jenkins.credential('dev-db-password', SECRET)
        jenkins
    }

    static Map dev(Map more) {
        [dir: 'infra', environment: 'dev', sensitiveVars: [db_password: 'dev-db-password']] + more
    }

    def "apply, re-apply, plan only, destroy: a whole lifecycle on the real CLI [#mode]"() {
        given:
        def jenkins = pipeline(mode)

        when: 'the first apply creates both resources'
        def first = jenkins.run('terraformApply', dev(vars: [image: 'registry/app:1', replicas: 2]))

        then:
        first == [changed: true, summary: [add: 2, change: 0, destroy: 0],
                  outputs: [db_password: SECRET, url: 'https://dev.example/registry/app:1']]

        when: 'the same inputs again: the plan exits 0 and nothing is applied'
        def second = jenkins.run('terraformApply', dev(vars: [image: 'registry/app:1', replicas: 2]))

        then:
        second.changed == false
        second.summary == [add: 0, change: 0, destroy: 0]

        when: 'planOnly with a new image reports the change and leaves the state alone'
        def planned = jenkins.run('terraformApply', dev(vars: [image: 'registry/app:2', replicas: 2], planOnly: true))

        then:
        planned.changed
        planned.summary == [add: 0, change: 1, destroy: 0]
        planned.outputs.url == 'https://dev.example/registry/app:1'

        when: 'destroyEnv, confirmed by typing the name'
        jenkins.answerInput([CONFIRM_ENVIRONMENT: 'dev', approver: 'alice'])
        def destroyed = jenkins.run('destroyEnv', dev(vars: [image: 'registry/app:1']))

        then:
        destroyed == [destroyed: 2]
        jenkins.commands.takeRight(2) == ['terraform state list', 'rm -f tfplan']

        and: 'the secret reached Terraform (it came back as an output) but no step argument or workspace file'
        // each step removed its saved plan, which holds the sensitive variables in clear
        jenkins.exposures(SECRET) == []
        !new File(workspace, 'infra/tfplan').exists()

        where:
        mode << Mode.values()
    }

    def "the approved apply is exactly the saved plan: if the state moved meanwhile, Terraform refuses it [#mode]"() {
        given:
        def jenkins = pipeline(mode)
        jenkins.run('terraformApply', dev(vars: [image: 'registry/app:1']))

        and: 'while the approver looks at the plan for app:2, another build applies app:3'
        jenkins.step('input', [Map]) { Map args ->
            pipeline(Mode.PLAIN, otherWorkspace).run('terraformApply', dev(vars: [image: 'registry/app:3']))
            'alice'
        }

        when:
        jenkins.run('terraformApply', dev(vars: [image: 'registry/app:2'], approval: true))

        then: 'the stale plan is not applied: the state holds what the other build applied'
        def e = thrown(AbortException)
        e.message == "terraformApply: terraform apply failed (exit code 1) for environment 'dev' — fix the error shown " +
                'above and run again; the next plan starts from whatever was applied'
        jenkins.commands.takeRight(2) == ['terraform apply -no-color -input=false -lock-timeout=5m tfplan', 'rm -f tfplan']
        pipeline(Mode.PLAIN).run('terraformApply', dev(vars: [image: 'registry/app:3'])).changed == false

        and: 'the failed step removed its saved plan all the same'
        jenkins.exposures(SECRET) == []
        !new File(workspace, 'infra/tfplan').exists()

        where:
        mode << Mode.values()
    }
}
