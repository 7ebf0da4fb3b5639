package io.finpipe.testing

/** Stands in for the FlowInterruptedException Jenkins throws when an `input` is aborted or times out. */
class InputRejected extends RuntimeException {
    final String by

    InputRejected(String by) {
        super("Rejected by ${by}")
        this.by = by
    }
}
