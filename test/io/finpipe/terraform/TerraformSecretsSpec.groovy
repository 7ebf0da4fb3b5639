package io.finpipe.terraform

import static io.finpipe.terraform.TerraformFixtures.outputsJson
import static io.finpipe.terraform.TerraformFixtures.workspace

import groovy.json.JsonOutput
import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import spock.lang.Specification
import spock.lang.Unroll

/**
 * Terraform's sensitive values — sensitive variables from credentials, the plan JSON that carries
 * their values, sensitive outputs — never reach a step's arguments (sh command lines, echo, error,
 * input, withEnv, ...) or a workspace file. TerraformCliSpec checks the same against the real CLI.
 */
@Unroll
class TerraformSecretsSpec extends Specification {
    static final String DB_PASSWORD = 'db-pa55-from-credentials'
    static final String OUTPUT_TOKEN = 'sensitive-output-token'

    /** `terraform show -json`: like the real one, it carries every variable's value in clear. */
    static String planWithVariables() {
        JsonOutput.toJson([variables       : [db_password: [value: DB_PASSWORD], environment: [value: 'dev']],
                           resource_changes: [[address: 'aws_db_instance.main', change: [actions: ['delete']]]]])
    }

    def secretWorld(Mode mode) {
        def jenkins = workspace(mode)
        jenkins.credential('dev-db-password', DB_PASSWORD)
        jenkins.sh.answer('terraform plan', status: 2)
        jenkins.sh.answer('terraform show', stdout: planWithVariables())
        jenkins.sh.answer('terraform output', stdout: outputsJson(api_token: [OUTPUT_TOKEN, true], url: ['https://dev', false]))
        jenkins
    }

    def "terraformApply passes sensitive variables only through credentials and never shows sensitive values [#mode]"() {
        given:
        def jenkins = secretWorld(mode)
        jenkins.answerInput('alice')

        when:
        def result = jenkins.run('terraformApply', [dir: 'app-infra', environment: 'dev', approval: true,
                                                    sensitiveVars: [db_password: 'dev-db-password']])

        then: 'Terraform got the password from the environment bound by withCredentials'
        jenkins.shCalls.every { it.env.TF_VAR_db_password == DB_PASSWORD }
        jenkins.calls('withCredentials')*.getAt(0) == [[[kind: 'string', credentialsId: 'dev-db-password', variable: 'TF_VAR_db_password']]]

        and: 'the caller gets the sensitive output'
        result.outputs.api_token == OUTPUT_TOKEN

        and: 'neither value is in any step argument or file'
        jenkins.exposures(DB_PASSWORD) == []
        jenkins.exposures(OUTPUT_TOKEN) == []
        jenkins.echoes.any { it.contains('api_token = (sensitive)') }

        where:
        mode << Mode.values()
    }

    def "destroyEnv keeps the same secrets out of its confirmation, log and errors [#mode]"() {
        given:
        def jenkins = secretWorld(mode)
        jenkins.sh.answer('terraform state list', stdout: 'aws_db_instance.main\n')
        jenkins.answerInput([CONFIRM_ENVIRONMENT: 'dev', approver: 'alice'])

        when:
        jenkins.run('destroyEnv', [dir: 'app-infra', environment: 'dev', sensitiveVars: [db_password: 'dev-db-password']])

        then:
        thrown(AbortException)
        jenkins.shCalls.every { it.env.TF_VAR_db_password == DB_PASSWORD }
        jenkins.exposures(DB_PASSWORD) == []

        where:
        mode << Mode.values()
    }

    def "a missing credential fails the step before Terraform runs [#mode]"() {
        given:
        def jenkins = workspace(mode)

        when:
        jenkins.run('terraformApply', [dir: 'app-infra', environment: 'dev', sensitiveVars: [db_password: 'no-such-credential']])

        then:
        def e = thrown(AbortException)
        e.message == "Could not find credentials entry with ID 'no-such-credential'"
        jenkins.commands == []

        where:
        mode << Mode.values()
    }
}
