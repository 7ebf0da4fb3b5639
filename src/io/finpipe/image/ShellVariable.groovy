package io.finpipe.image

import com.cloudbees.groovy.cps.NonCPS

/** A word the shell must expand itself (`"$NAME"`): how a secret from the environment reaches a command. */
class ShellVariable implements Serializable {
    final String name

    ShellVariable(String name) {
        this.name = name
    }

    @NonCPS
    @Override
    String toString() {
        return "\"\$${name}\""
    }
}
