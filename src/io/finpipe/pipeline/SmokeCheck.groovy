package io.finpipe.pipeline

/**
 * The Smoke stage's check: `GET <base URL>/health/ready` must answer 2xx before a deadline.
 * curl does the retrying (every error retried, connection refused and 5xx included, until the
 * deadline), so the stage is one `sh` whose exit status is the verdict and whose log shows each try.
 */
class SmokeCheck implements Serializable {

    private static final long serialVersionUID = 1L

    static final String READINESS_PATH = '/health/ready'

    /** Loopback or DNS host, optional port, optional path: nothing a shell would interpret. */
    private static final String BASE_URL = /https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?/

    /**
     * @param baseUrl the ALB's URL (app-infra output alb_url), e.g. `http://app-123.eu-west-1.elb.amazonaws.com`
     * @param deadlineSeconds give up after this long
     * @param retryDelaySeconds wait between tries
     * @return the shell command; it exits non-zero when the deadline passes without a 2xx answer
     */
    static String readinessCommand(String baseUrl, int deadlineSeconds = 300, int retryDelaySeconds = 5) {
        if (!(baseUrl ==~ BASE_URL)) {
            throw new IllegalArgumentException("SmokeCheck: base URL '${baseUrl}' is not an http(s) URL " +
                    'without query or quotes — pass Terraform\'s alb_url output, e.g. http://my-alb.example.com')
        }
        if (deadlineSeconds < 1 || retryDelaySeconds < 1 || retryDelaySeconds > deadlineSeconds) {
            throw new IllegalArgumentException("SmokeCheck: deadline ${deadlineSeconds}s and retry delay " +
                    "${retryDelaySeconds}s are invalid — both must be positive and the delay at most the deadline")
        }
        String url = baseUrl.replaceAll(/\/+$/, '') + READINESS_PATH
        int tries = deadlineSeconds.intdiv(retryDelaySeconds) + 1
        int perTrySeconds = Math.min(10, deadlineSeconds)
        "curl --fail --silent --show-error --output /dev/null --write-out 'smoke: HTTP %{http_code} from ${url}\\n' " +
                "--max-time ${perTrySeconds} --retry ${tries} --retry-delay ${retryDelaySeconds} --retry-all-errors " +
                "--retry-max-time ${deadlineSeconds} '${url}'"
    }
}
