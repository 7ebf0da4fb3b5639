package io.finpipe.terraform

import static io.finpipe.terraform.TerraformFixtures.workspace

import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import spock.lang.Specification
import spock.lang.Unroll

/**
 * Input terraformApply and destroyEnv refuse: each gives `<step>: <what is wrong> — <how to fix>`
 * and runs no command. Checks that need the workspace (files, protection) run before any command too.
 */
@Unroll
class TerraformBadInputSpec extends Specification {
    static final Map DEV = [dir: 'app-infra', environment: 'dev']
    static final String APPLY_PARAMETERS = 'dir, environment, backendConfig, varFile, vars, sensitiveVars, lockTimeout, ' +
            'approvers, approvalTimeoutMinutes, approval, planOnly'
    static final String DESTROY_PARAMETERS = 'dir, environment, backendConfig, varFile, vars, sensitiveVars, lockTimeout, ' +
            'approvers, approvalTimeoutMinutes, approval, protectedEnvironments, allowProtected'

    static final List<List> REFUSED = [
            ['terraformApply', 'a missing required key', [dir: 'app-infra'],
             "terraformApply: missing required parameter 'environment' — add environment: 'dev'"],
            ['destroyEnv', 'a missing required key', [environment: 'dev'],
             "destroyEnv: missing required parameter 'dir' — add dir: 'app-infra'"],
            ['terraformApply', 'an unknown key', DEV + [autoApprove: true],
             "terraformApply: unknown parameter 'autoApprove' — valid parameters are: ${APPLY_PARAMETERS}"],
            ['destroyEnv', 'an unknown key', DEV + [force: true],
             "destroyEnv: unknown parameter 'force' — valid parameters are: ${DESTROY_PARAMETERS}"],
            ['terraformApply', 'a wrong type', DEV + [approval: 'yes'],
             "terraformApply: parameter 'approval' must be true or false, not a string — pass it as approval: false"],
            ['destroyEnv', 'a wrong type', DEV + [allowProtected: 'true'],
             "destroyEnv: parameter 'allowProtected' must be true or false, not a string — pass it as allowProtected: false"],
            ['terraformApply', 'a malformed environment', [dir: 'app-infra', environment: 'Prod!'],
             "terraformApply: parameter 'environment' is 'Prod!', which does not match /[a-z0-9-]{1,20}/ — use 1 to 20 lowercase letters, digits or dashes, e.g. environment: 'dev'"],
            ['destroyEnv', 'a malformed environment', [dir: 'app-infra', environment: 'Prod!'],
             "destroyEnv: parameter 'environment' is 'Prod!', which does not match /[a-z0-9-]{1,20}/ — use 1 to 20 lowercase letters, digits or dashes, e.g. environment: 'dev'"],
            ['terraformApply', 'a zero timeout', DEV + [approvalTimeoutMinutes: 0],
             "terraformApply: parameter 'approvalTimeoutMinutes' is 0, less than 1 — use a whole number of at least 1, e.g. approvalTimeoutMinutes: 60"],
            ['destroyEnv', 'a zero timeout', DEV + [approvalTimeoutMinutes: 0],
             "destroyEnv: parameter 'approvalTimeoutMinutes' is 0, less than 1 — use a whole number of at least 1, e.g. approvalTimeoutMinutes: 60"],
            ['terraformApply', 'a zero lock timeout', DEV + [lockTimeout: '0s'],
             "terraformApply: parameter 'lockTimeout' is '0s', which does not match /[1-9][0-9]*[smh]/ — use a duration such as 30s, 5m or 1h, e.g. lockTimeout: '5m'"],
            ['terraformApply', 'a path escaping the workspace', [dir: '../elsewhere', environment: 'dev'],
             "terraformApply: parameter 'dir' is '../elsewhere', which does not match /[\\w-][\\w.-]*(/[\\w-][\\w.-]*)*/ — use a workspace-relative path of letters, digits, _, - and ., no segment starting with ., e.g. dir: 'app-infra'"],
            ['terraformApply', 'a bad variable name', DEV + [vars: ['image tag': 'x']],
             "terraformApply: parameter 'vars' has the key 'image tag', which does not match /[A-Za-z_][A-Za-z0-9_-]*/ — use Terraform variable names as keys, e.g. vars: [git_commit: '0f3c2a9b1d4e5f60718293a4b5c6d7e8f9a0b1c2']"],
            ['terraformApply', 'a credential ID that is not a string', DEV + [sensitiveVars: [db_password: 5]],
             "terraformApply: parameter 'sensitiveVars' must be a map of strings to strings, not a map holding Integer — pass it as sensitiveVars: [db_password: 'prod-db-password']"],
            ['destroyEnv', 'a credential ID that is not a string', DEV + [sensitiveVars: [db_password: 5]],
             "destroyEnv: parameter 'sensitiveVars' must be a map of strings to strings, not a map holding Integer — pass it as sensitiveVars: [db_password: 'prod-db-password']"],
            ['terraformApply', 'approvers as one string', DEV + [approvers: 'release-managers'],
             "terraformApply: parameter 'approvers' must be a list of strings, not a string — pass it as approvers: ['release-managers']"],
            ['destroyEnv', 'approvers as one string', DEV + [approvers: 'ops'],
             "destroyEnv: parameter 'approvers' must be a list of strings, not a string — pass it as approvers: ['release-managers']"],
            ['terraformApply', 'vars as a list', DEV + [vars: ['git_commit=abc']],
             "terraformApply: parameter 'vars' must be a map with string keys, not a list — pass it as vars: [git_commit: '0f3c2a9b1d4e5f60718293a4b5c6d7e8f9a0b1c2']"],
            ['terraformApply', 'a null variable (e.g. an unset env variable)', DEV + [vars: [git_commit: null]],
             "terraformApply: parameter 'vars' has no value for the key 'git_commit' (it is null) — give it a value, or leave the key out, e.g. vars: [git_commit: '0f3c2a9b1d4e5f60718293a4b5c6d7e8f9a0b1c2']"],
            ['destroyEnv', 'a null credential ID', DEV + [sensitiveVars: [db_password: null]],
             "destroyEnv: parameter 'sensitiveVars' has no value for the key 'db_password' (it is null) — give it a value, or leave the key out, e.g. sensitiveVars: [db_password: 'prod-db-password']"],
            ['destroyEnv', 'protected environments not as a list', DEV + [protectedEnvironments: 'prod'],
             "destroyEnv: parameter 'protectedEnvironments' must be a list of strings, not a string — pass it as protectedEnvironments: ['prod']"],
            ['destroyEnv', 'the protected prod', [dir: 'app-infra', environment: 'prod'],
             "destroyEnv: environment 'prod' is protected (protectedEnvironments: prod) — nothing was destroyed; to destroy it deliberately, pass allowProtected: true"],
            ['destroyEnv', 'an environment protected by the caller', DEV + [protectedEnvironments: ['dev', 'staging']],
             "destroyEnv: environment 'dev' is protected (protectedEnvironments: dev, staging) — nothing was destroyed; to destroy it deliberately, pass allowProtected: true"],
    ]

    def "#step refuses #problem, running nothing [#mode]"() {
        given:
        def jenkins = workspace(mode)

        when:
        jenkins.run(step, args)

        then:
        def e = thrown(AbortException)
        e.message == message.toString()
        jenkins.commands == []
        jenkins.calls('fileExists') == []

        where:
        [step, problem, args, message, mode] << REFUSED.collectMany { row -> Mode.values().collect { row + it } }
    }

    def "#step refuses #key of another environment, before any command: it would bypass #what [#mode]"() {
        given: 'e.g. environment dev (unprotected, confirmed by typing dev) pointed at prod\'s state'
        def jenkins = workspace(mode)

        when:
        jenkins.run(step, args)

        then:
        def e = thrown(AbortException)
        e.message == "${step}: ${key} '${args[key]}' is outside app-infra/environments/dev/ — protection, approval and " +
                "confirmation go by environment 'dev', so its files must be there; pass environment: with the environment " +
                "the file belongs to, or leave ${key} out for the default"
        jenkins.commands == []
        jenkins.calls('fileExists') == []

        where:
        [step, what, key, args, mode] << [[
                ['destroyEnv', 'prod\'s protection and typed name', 'backendConfig',
                 DEV + [backendConfig: 'app-infra/environments/prod/backend.hcl']],
                ['destroyEnv', 'prod\'s protection and typed name', 'varFile',
                 DEV + [varFile: 'app-infra/environments/prod/terraform.tfvars']],
                ['terraformApply', 'the approval asked for the environment named', 'backendConfig',
                 DEV + [backendConfig: 'app-infra/environments/prod/backend.hcl']],
                ['terraformApply', 'the approval asked for the environment named', 'varFile',
                 DEV + [varFile: 'shared/prod.tfvars']],
        ], Mode.values()].combinations().collect { it.flatten() }
    }

    def "#step stops before any command when the #file is missing [#mode]"() {
        given:
        def jenkins = workspace(mode)
        jenkins.files.remove(path)

        when:
        jenkins.run(step, DEV)

        then:
        def e = thrown(AbortException)
        e.message == "${step}: ${file} ${path} does not exist — create it for environment 'dev', or pass ${parameter}: with its workspace-relative path"
        jenkins.commands == []

        where:
        [step, file, parameter, path, mode] << [['terraformApply', 'destroyEnv'],
                                               [['backend config', 'backendConfig', 'app-infra/environments/dev/backend.hcl'],
                                                ['var file', 'varFile', 'app-infra/environments/dev/terraform.tfvars']],
                                               Mode.values()].combinations().collect { s, f, m -> [s] + f + [m] }
    }
}
