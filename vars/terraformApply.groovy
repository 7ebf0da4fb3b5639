import io.finpipe.terraform.ApplyEnvironment

/** Plans one Terraform environment and applies exactly that plan; see terraformApply.txt. */
Map call(Map args = [:]) {
    new ApplyEnvironment(this, ApplyEnvironment.parameters().resolve(this, args)).run()
}
