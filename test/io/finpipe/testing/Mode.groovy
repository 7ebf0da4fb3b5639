package io.finpipe.testing

/** How the harness runs pipeline code: as plain Groovy, or CPS-transformed as Jenkins runs it. */
enum Mode {
    PLAIN, CPS
}
