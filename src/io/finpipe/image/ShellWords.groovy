package io.finpipe.image

import com.cloudbees.groovy.cps.NonCPS

/**
 * POSIX shell quoting, as Python's shlex.quote: plain words stay readable, anything else is single-quoted.
 * A {@link ShellVariable} stays an expansion, double-quoted.
 */
class ShellWords implements Serializable {

    @NonCPS
    static String quote(Object word) {
        if (word instanceof ShellVariable) {
            return word.toString()
        }
        String text = String.valueOf(word)
        if (text ==~ /[A-Za-z0-9@%+=:,.\/_-]+/) {
            return text
        }
        return "'" + text.replace("'", "'\"'\"'") + "'"
    }
}
