import io.finpipe.terraform.DestroyEnvironment

/** Destroys one Terraform environment after typed confirmation; see destroyEnv.txt. */
Map call(Map args) {
    new DestroyEnvironment(this, parameters().resolve(this, args)).run()
}

/** The parameters this step takes (io.finpipe.config.StepConfig). */
def parameters() {
    DestroyEnvironment.parameters()
}
