package io.finpipe.terraform

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonOutput
import groovy.json.JsonSlurperClassic
import io.finpipe.config.StepConfig
import java.util.regex.Pattern

/**
 * Terraform as finpipe steps run it, shared by terraformApply and destroyEnv:
 * - every command runs inside dir(<dir>), with TF_IN_AUTOMATION=1 and -input=false;
 * - the environment's backend config and var file (workspace-relative, checked before any command);
 * - -lock-timeout on every command that takes the state lock (init, plan, apply);
 * - variables reach Terraform only through the environment (TF_VAR_*), never a command line;
 *   sensitive ones come from Jenkins credentials, so Jenkins masks them;
 * - the saved plan, which holds those values in clear text, is removed when the step ends, whether
 *   it applied, failed or was aborted;
 * - JSON from `show -json` and `output -json` is parsed here, not with readJSON, whose arguments
 *   Jenkins records and displays: output values, sensitive ones included, stay out of the build record.
 */
class Terraform implements Serializable {
    private static final long serialVersionUID = 1L
    static final String PLAN_FILE = 'tfplan'
    private static final Pattern PATH = ~/[\w-][\w.-]*(\/[\w-][\w.-]*)*/
    private static final String PATH_HINT = 'a workspace-relative path of letters, digits, _, - and ., no segment starting with .'
    private static final Pattern VARIABLE_NAME = ~/[A-Za-z_][A-Za-z0-9_-]*/
    static final Pattern ENVIRONMENT = ~/[a-z0-9-]{1,20}/
    static final String ENVIRONMENT_HINT = '1 to 20 lowercase letters, digits or dashes'
    /** The AWS provider's deletion protection arguments: aws_db_instance/aws_rds_cluster, aws_lb, aws_dynamodb_table. */
    private static final List<String> DELETION_PROTECTION = ['deletion_protection', 'enable_deletion_protection',
                                                             'deletion_protection_enabled']

    private final Object steps
    private final String step
    private final Map config
    private boolean planSaved

    /** The parameters both steps take; each adds its own (approval default, planOnly, ...). */
    @NonCPS
    static StepConfig declareCommon(StepConfig schema) {
        schema.required('dir', String, example: 'app-infra', matches: PATH, hint: PATH_HINT)
                .required('environment', String, example: 'dev', matches: ENVIRONMENT, hint: ENVIRONMENT_HINT)
                .optional('backendConfig', String, null, matches: PATH, hint: PATH_HINT)
                .optional('varFile', String, null, matches: PATH, hint: PATH_HINT)
                // Examples for errors' advice: the empty defaults would advise `approvers: []`, which drops the approval gate.
                .optional('vars', Map, [:], matches: VARIABLE_NAME, hint: 'Terraform variable names as keys',
                        example: [git_commit: '0f3c2a9b1d4e5f60718293a4b5c6d7e8f9a0b1c2'])
                .optional('sensitiveVars', Map, [:], elements: String, matches: VARIABLE_NAME,
                        hint: 'Terraform variable names as keys, Jenkins secret-text credential IDs as values',
                        example: [db_password: 'prod-db-password'])
                .optional('lockTimeout', String, '5m', matches: ~/[1-9][0-9]*[smh]/, hint: 'a duration such as 30s, 5m or 1h')
                .optional('approvers', List, [], matches: ~/[^,\s]+/, hint: 'Jenkins user or group IDs, without commas or spaces',
                        example: ['release-managers'])
                .optional('approvalTimeoutMinutes', Integer, 60, min: 1)
    }

    Terraform(Object steps, String step, Map config) {
        this.steps = steps
        this.step = step
        String directory = environmentDirectory(config)
        this.config = config + [backendConfig: config.backendConfig ?: "${directory}backend.hcl".toString(),
                                varFile      : config.varFile ?: "${directory}terraform.tfvars".toString()]
    }

    /** `<dir>/environments/<environment>/`: where an environment's backend config and var file live. */
    @NonCPS
    private static String environmentDirectory(Map config) {
        "${config.dir}/environments/${config.environment}/"
    }

    /**
     * Fails the step, before any command, when the environment's files are another environment's or missing:
     * protection, approval and destroyEnv's typed confirmation all go by `environment`, so the state and
     * variables must be that environment's.
     */
    void requireEnvironmentFiles() {
        String directory = environmentDirectory(config)
        ['backendConfig', 'varFile'].each { String key ->
            if (!config[key].startsWith(directory)) {
                steps.error("${step}: ${key} '${config[key]}' is outside ${directory} — protection, approval and " +
                        "confirmation go by environment '${config.environment}', so its files must be there; pass " +
                        "environment: with the environment the file belongs to, or leave ${key} out for the default")
            }
        }
        if (!steps.fileExists(config.backendConfig)) {
            steps.error("${step}: backend config ${config.backendConfig} does not exist — create it for environment " +
                    "'${config.environment}', or pass backendConfig: with its workspace-relative path")
        }
        if (!steps.fileExists(config.varFile)) {
            steps.error("${step}: var file ${config.varFile} does not exist — create it for environment " +
                    "'${config.environment}', or pass varFile: with its workspace-relative path")
        }
    }

    /** Runs body in the Terraform directory with the automation flag and the variables bound; returns its result. */
    Object within(Closure body) {
        List bindings = config.sensitiveVars.collect { name, credentialsId ->
            steps.string(credentialsId: credentialsId, variable: "TF_VAR_${name}")
        }
        steps.dir(config.dir) {
            steps.withEnv(environment()) {
                steps.withCredentials(bindings) {
                    try {
                        body()
                    } finally {
                        discardPlan()
                    }
                }
            }
        }
    }

    void init() {
        run("init -no-color -input=false -reconfigure ${lockTimeout()} -backend-config=${relative(config.backendConfig)}")
    }

    void validate() {
        run('validate -no-color')
    }

    /** Saves a plan to tfplan; returns whether it changes anything. Fails the step when planning fails. */
    boolean plan(boolean destroy) {
        String mode = destroy ? '-destroy ' : ''
        planSaved = true
        int status = steps.sh(returnStatus: true, script: command(
                "plan -no-color -input=false ${lockTimeout()} ${mode}-detailed-exitcode -var-file=${relative(config.varFile)} -out=${PLAN_FILE}"))
        if (status != 0 && status != 2) {
            steps.error("${step}: terraform plan failed (exit code ${status}) for environment '${config.environment}' — " +
                    'fix the error shown in the plan output above and run again; nothing was applied')
        }
        status == 2
    }

    /** The saved plan holds the sensitive variables in clear text: it must not outlive the step. */
    private void discardPlan() {
        if (planSaved) {
            steps.sh('rm -f ' + PLAN_FILE)
        }
    }

    /** What the saved plan does: see {@link #inspect}. */
    Map inspectPlan() {
        inspect(steps.sh(returnStdout: true, script: command("show -no-color -json ${PLAN_FILE}")))
    }

    /**
     * Applies exactly the saved plan: Terraform refuses it if the state changed since the plan.
     * @return terraform's exit code; its error is in the log
     */
    int applyPlan() {
        steps.sh(returnStatus: true, script: command("apply -no-color -input=false ${lockTimeout()} ${PLAN_FILE}"))
    }

    /** [values: [name: value] sorted by name, sensitive: [names]] of the root module's outputs. */
    Map outputs() {
        parseOutputs(steps.sh(returnStdout: true, script: command('output -no-color -json')))
    }

    /** Addresses of the resources left in the state. */
    List<String> stateList() {
        steps.sh(returnStdout: true, script: command('state list')).readLines().collect { it.trim() }.findAll { it }
    }

    /**
     * Waits for an approver, up to approvalTimeoutMinutes. Rejection or timeout aborts the build, as
     * Jenkins' input step does. Returns what input returns for these parameters.
     */
    Object approve(String message, String ok, List parameters = []) {
        Map options = [message: message, ok: ok, submitterParameter: 'approver', parameters: parameters]
        if (config.approvers) {
            options.submitter = config.approvers.join(',')
        }
        steps.timeout(time: config.approvalTimeoutMinutes, unit: 'MINUTES') {
            steps.input(options)
        }
    }

    /** "dev: 1 to add, 0 to change, 2 to destroy" */
    @NonCPS
    String describe(Map summary) {
        "${config.environment}: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy"
    }

    /** Outputs for the log: values of plain ones, only the names of sensitive ones. */
    @NonCPS
    static String describeOutputs(Map outputs) {
        outputs.values.collect { name, value ->
            name in outputs.sensitive ? "${name} = (sensitive)" : "${name} = ${value instanceof String ? value : JsonOutput.toJson(value)}"
        }.join(', ')
    }

    /**
     * A plan's JSON (`show -json`): [summary: [add: n, change: n, destroy: n] counted as Terraform's "Plan:"
     * line counts, undeletable: addresses of resources it deletes that AWS will refuse to delete]. Those are
     * the ones with deletion protection on (RDS, ALB, DynamoDB), and ECR repositories without force_delete,
     * which cannot be deleted while they hold images (the plan cannot tell whether they do).
     */
    @NonCPS
    static Map inspect(String planJson) {
        Map counts = [add: 0, change: 0, destroy: 0]
        List<String> undeletable = []
        (new JsonSlurperClassic().parseText(planJson).resource_changes ?: []).each { change ->
            List actions = change.change.actions
            if ('create' in actions) {
                counts.add++
            }
            if ('delete' in actions) {
                counts.destroy++
                if (refusesDeletion(change.type, change.change.before ?: [:])) {
                    undeletable << change.address
                }
            }
            if (actions == ['update']) {
                counts.change++
            }
        }
        [summary: counts, undeletable: undeletable]
    }

    @NonCPS
    private static boolean refusesDeletion(String type, Map before) {
        DELETION_PROTECTION.any { before[it] == true } || (type == 'aws_ecr_repository' && before.force_delete == false)
    }

    @NonCPS
    static Map parseOutputs(String outputJson) {
        Map outputs = new JsonSlurperClassic().parseText(outputJson ?: '{}')
        [values   : outputs.sort().collectEntries { name, output -> [(name): output.value] },
         sensitive: outputs.findAll { name, output -> output.sensitive }.collect { it.key }]
    }

    private void run(String arguments) {
        steps.sh(command(arguments))
    }

    @NonCPS
    private static String command(String arguments) {
        "terraform ${arguments}"
    }

    @NonCPS
    private String lockTimeout() {
        "-lock-timeout=${config.lockTimeout}"
    }

    /** A path under the environment's directory as seen from the Terraform directory. */
    @NonCPS
    private String relative(String path) {
        path.substring("${config.dir}/".length())
    }

    @NonCPS
    private List<String> environment() {
        ['TF_IN_AUTOMATION=1'] + config.vars.collect { name, value ->
            "TF_VAR_${name}=${value instanceof String ? value : JsonOutput.toJson(value)}".toString()
        }
    }
}
