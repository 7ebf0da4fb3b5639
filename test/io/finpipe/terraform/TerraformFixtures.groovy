package io.finpipe.terraform

import groovy.json.JsonOutput
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness

/** A workspace with app-infra's environment files, and Terraform's JSON as the steps read it. */
class TerraformFixtures {
    static final List<String> ENVIRONMENTS = ['dev', 'prod']

    static PipelineHarness workspace(Mode mode) {
        def jenkins = new PipelineHarness(mode)
        ENVIRONMENTS.each { env ->
            jenkins.files["app-infra/environments/${env}/backend.hcl".toString()] = "key = \"app-infra/${env}.tfstate\""
            jenkins.files["app-infra/environments/${env}/terraform.tfvars".toString()] = "environment = \"${env}\""
        }
        jenkins
    }

    /** The plan changes something (exit code 2), and `terraform show -json tfplan` says what: see planJson. */
    static void planChanges(Map counts, PipelineHarness jenkins) {
        jenkins.sh.answer('terraform plan', status: 2)
        jenkins.sh.answer('terraform show', stdout: planJson(counts))
    }

    /**
     * `terraform show -json tfplan` for a plan with these counts; a replacement counts as add + destroy.
     * `deleted`: more resources the plan deletes, as [type, name, attributes before the change].
     */
    static String planJson(Map counts) {
        def changes = []
        counts.add.times { changes << change("aws_instance.new${it}", ['create']) }
        counts.change.times { changes << change("aws_instance.changed${it}", ['update']) }
        counts.destroy.times { changes << change("aws_instance.gone${it}", ['delete']) }
        (counts.replace ?: 0).times { changes << change("aws_instance.replaced${it}", ['delete', 'create']) }
        (counts.deleted ?: []).each { String type, String name, Map before ->
            changes << [address: "${type}.${name}", type: type, change: [actions: ['delete'], before: before]]
        }
        changes << change('aws_vpc.unchanged', ['no-op'])
        JsonOutput.toJson([format_version: '1.2', resource_changes: changes])
    }

    /** `terraform output -json`: name -> [value, sensitive] */
    static String outputsJson(Map<String, List> outputs) {
        JsonOutput.toJson(outputs.collectEntries { name, valueAndSensitive ->
            [(name): [sensitive: valueAndSensitive[1], type: 'string', value: valueAndSensitive[0]]]
        })
    }

    private static Map change(String address, List actions) {
        [address: address, type: address.takeWhile { it != '.' }, change: [actions: actions, before: [id: address]]]
    }
}
