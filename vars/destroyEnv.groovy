import io.finpipe.terraform.DestroyEnvironment

/** Destroys one Terraform environment after typed confirmation; see destroyEnv.txt. */
Map call(Map args = [:]) {
    new DestroyEnvironment(this, DestroyEnvironment.parameters().resolve(this, args)).run()
}
