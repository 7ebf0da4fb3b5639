package io.finpipe.jenkinsinfra;

import io.finpipe.testsupport.TerraformCli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the jenkins-infra Terraform lives, and terraform set up to run on it without touching the sources. */
final class JenkinsInfra {

    /** Surefire runs in the module directory (jenkins-infra/). */
    static final Path MODULE_DIR = Path.of("").toAbsolutePath();
    static final Path TERRAFORM_DIR = MODULE_DIR.resolve("terraform");
    static final Path CONFIG_MODULE_DIR = TERRAFORM_DIR.resolve("modules/jenkins-config");
    static final Path REPO_ROOT = MODULE_DIR.getParent();
    static final Path TARGET_DIR = MODULE_DIR.resolve("target");
    /** What scripts/test needs; scripts/prerequisites and the agents' provisioning both read it. */
    static final Path PREREQUISITES_LIST = REPO_ROOT.resolve("test-support/prerequisites.list");
    static final Path PREREQUISITES_SCRIPT = REPO_ROOT.resolve("scripts/prerequisites");
    /** The JDK check scripts/prerequisites and scripts/run-app share; it names the JDK package. */
    static final Path JAVA_CHECK_SCRIPT = REPO_ROOT.resolve("scripts/lib/require-java17.sh");

    private JenkinsInfra() {
    }

    /**
     * terraform in the root module, with .terraform kept under target/ (TF_DATA_DIR) so the source tree
     * stays clean, initialised without a backend.
     */
    static TerraformCli initialisedRootModule() {
        TerraformCli terraform = TerraformCli.in(TERRAFORM_DIR)
                .withEnvironment(Map.of("TF_DATA_DIR", TARGET_DIR.resolve("tf-data/root").toString()));
        terraform.run("init", "-backend=false", "-input=false", "-lockfile=readonly");
        return terraform;
    }

    /** A fresh scratch directory under target/. */
    static Path scratchDirectory(String prefix) {
        try {
            Files.createDirectories(TARGET_DIR);
            return Files.createTempDirectory(TARGET_DIR, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory under " + TARGET_DIR, e);
        }
    }
}
