package io.finpipe.terraform

import com.cloudbees.groovy.cps.NonCPS
import io.finpipe.config.StepConfig

/** terraformApply: plan one environment, optionally wait for approval, apply exactly that plan. */
class ApplyEnvironment implements Serializable {
    private static final long serialVersionUID = 1L
    static final String STEP = 'terraformApply'

    private final Object steps
    private final Map config

    @NonCPS
    static StepConfig parameters() {
        Terraform.declareCommon(StepConfig.of(STEP))
                .optional('approval', Boolean, false)
                .optional('planOnly', Boolean, false)
    }

    ApplyEnvironment(Object steps, Map config) {
        this.steps = steps
        this.config = config
    }

    /** @return [changed: bool, summary: [add: n, change: n, destroy: n], outputs: [name: value]] */
    Map run() {
        Terraform terraform = new Terraform(steps, STEP, config)
        terraform.requireEnvironmentFiles()
        terraform.within {
            terraform.init()
            terraform.validate()
            boolean changed = terraform.plan(false)
            Map summary = changed ? terraform.inspectPlan().summary : [add: 0, change: 0, destroy: 0]
            steps.echo("${STEP}: ${changed ? terraform.describe(summary) : "${config.environment}: no changes"}")
            if (changed && !config.planOnly) {
                if (config.approval) {
                    def approver = terraform.approve("Apply the Terraform plan for ${terraform.describe(summary)}?", 'Apply')
                    steps.echo("${STEP}: ${config.environment}: plan approved by ${approver}")
                }
                int status = terraform.applyPlan()
                if (status != 0) {
                    steps.error("${STEP}: terraform apply failed (exit code ${status}) for environment " +
                            "'${config.environment}' — fix the error shown above and run again; the next plan " +
                            'starts from whatever was applied')
                }
            }
            Map outputs = terraform.outputs()
            steps.echo("${STEP}: ${config.environment}: outputs: ${Terraform.describeOutputs(outputs)}")
            [changed: changed, summary: summary, outputs: outputs.values]
        }
    }
}
