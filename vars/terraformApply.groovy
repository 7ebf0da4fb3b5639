import io.finpipe.terraform.ApplyEnvironment

/** Plans one Terraform environment and applies exactly that plan; see terraformApply.txt. */
Map call(Map args) {
    new ApplyEnvironment(this, parameters().resolve(this, args)).run()
}

/** The parameters this step takes (io.finpipe.config.StepConfig). */
def parameters() {
    ApplyEnvironment.parameters()
}
