package io.finpipe.terraform

import com.cloudbees.groovy.cps.NonCPS
import io.finpipe.config.StepConfig

/**
 * destroyEnv: destroy one environment through a saved destroy plan, after the approver typed the
 * environment's name; then prove the state is empty. Protected environments are refused unless
 * allowProtected, and are always confirmed, whatever `approval` says.
 */
class DestroyEnvironment implements Serializable {
    private static final long serialVersionUID = 1L
    static final String STEP = 'destroyEnv'
    static final String CONFIRMATION = 'CONFIRM_ENVIRONMENT'

    private final Object steps
    private final Map config

    @NonCPS
    static StepConfig parameters() {
        Terraform.declareCommon(StepConfig.of(STEP))
                .optional('approval', Boolean, true)
                .optional('protectedEnvironments', List, ['prod'], matches: Terraform.ENVIRONMENT, hint: "environment names (${Terraform.ENVIRONMENT_HINT})")
                .optional('allowProtected', Boolean, false)
    }

    DestroyEnvironment(Object steps, Map config) {
        this.steps = steps
        this.config = config
    }

    /** @return [destroyed: number of resources the destroy plan removed] */
    Map run() {
        if (config.environment in config.protectedEnvironments && !config.allowProtected) {
            steps.error("${STEP}: environment '${config.environment}' is protected (protectedEnvironments: " +
                    "${config.protectedEnvironments.join(', ')}) — nothing was destroyed; to destroy it deliberately, pass allowProtected: true")
        }
        Terraform terraform = new Terraform(steps, STEP, config)
        terraform.requireEnvironmentFiles()
        terraform.within {
            terraform.init()
            terraform.validate()
            int destroyed = 0
            if (terraform.plan(true)) {
                Map plan = terraform.inspectPlan()
                Map summary = plan.summary
                destroyed = summary.destroy
                steps.echo("${STEP}: ${terraform.describe(summary)}")
                if (plan.undeletable) {
                    // AWS would refuse these only after everything else was destroyed: refuse now, whole.
                    steps.error("${STEP}: ${plan.undeletable.join(', ')} have deletion protection — nothing was " +
                            'destroyed; turn it off with an apply first (deletion_protection or ' +
                            'enable_deletion_protection = false; force_delete = true on an ECR repository, which ' +
                            'cannot be deleted while it holds images), then run destroyEnv again')
                }
                if (config.approval || config.environment in config.protectedEnvironments) {
                    confirm(terraform, summary)
                }
                int status = terraform.applyPlan()
                if (status != 0) {
                    List<String> left = terraform.stateList()
                    steps.error("${STEP}: terraform apply failed (exit code ${status}) after destroying part of " +
                            "'${config.environment}'; still in the state: ${left ? left.join(', ') : 'nothing'} — fix " +
                            'the error above and run destroyEnv again')
                }
            } else {
                steps.echo("${STEP}: ${config.environment}: nothing to destroy")
            }
            List<String> left = terraform.stateList()
            if (left) {
                steps.error("${STEP}: ${left.size()} resource(s) still in the state of environment '${config.environment}' " +
                        "after destroy: ${left.join(', ')} — inspect them with terraform state list, then run destroyEnv again")
            }
            [destroyed: destroyed]
        }
    }

    private void confirm(Terraform terraform, Map summary) {
        Map answer = terraform.approve(
                "Destroy environment '${config.environment}'? ${terraform.describe(summary)}. Type the environment's name to confirm.",
                'Destroy',
                [steps.string(name: CONFIRMATION, defaultValue: '', description: "the environment's name, ${config.environment}")])
        String typed = answer[CONFIRMATION]?.trim()
        if (typed != config.environment) {
            steps.error("${STEP}: the confirmation '${typed}' does not match environment '${config.environment}' — " +
                    "nothing was destroyed; run destroyEnv again and type ${config.environment} exactly")
        }
        steps.echo("${STEP}: ${config.environment}: destruction confirmed by ${answer.approver}")
    }
}
