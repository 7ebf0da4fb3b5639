package io.finpipe.imagebuilder;

/** A build that cannot go on; its message is the one line the user sees (what failed and how to fix it). */
final class BuildFailure extends RuntimeException {

    BuildFailure(String message) {
        super(message);
    }

    BuildFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
