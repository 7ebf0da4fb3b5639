package io.finpipe.testing

/** Stands in for hudson.AbortException, which `error` and a failing `sh` throw in Jenkins. */
class AbortException extends IOException {
    AbortException(String message) {
        super(message)
    }
}
