package io.finpipe.pipeline

import com.cloudbees.groovy.cps.NonCPS
import java.util.regex.Matcher

/**
 * The Smoke stage's check: `GET <service URL>/health/ready` must answer 2xx before a deadline.
 * curl does the retrying (every error retried, connection refused and 5xx included, until the
 * deadline), so the stage is one `sh` whose exit status is the verdict and whose log shows each try.
 *
 * The URL names the host the certificate covers (app-infra's service_url), but curl connects to the
 * load balancer just deployed (alb_dns_name) with --connect-to: the check tests that ALB, verifies the
 * certificate for the real name, and works before (or without) DNS pointing the name at the ALB.
 */
class SmokeCheck implements Serializable {

    private static final long serialVersionUID = 1L

    static final String READINESS_PATH = '/health/ready'

    /** Scheme, loopback or DNS host, optional port, optional path: nothing a shell would interpret. */
    private static final String SERVICE_URL = /(https?):\/\/([A-Za-z0-9.-]+)(?::(\d{1,5}))?(\/[A-Za-z0-9._~\/-]*)?/
    private static final String DNS_NAME = /[A-Za-z0-9.-]+/

    /**
     * @param serviceUrl the service's URL (app-infra output service_url), e.g. `https://bank.example.com`
     * @param albDnsName where to connect (app-infra output alb_dns_name), e.g. `app-123.eu-west-1.elb.amazonaws.com`
     * @param deadlineSeconds give up after this long
     * @param retryDelaySeconds wait between tries
     * @return the shell command; it exits non-zero when the deadline passes without a 2xx answer
     */
    @NonCPS
    static String readinessCommand(String serviceUrl, String albDnsName, int deadlineSeconds = 300, int retryDelaySeconds = 5) {
        Matcher url = (serviceUrl ?: '') =~ SERVICE_URL
        if (!url.matches()) {
            throw new IllegalArgumentException("SmokeCheck: service URL '${serviceUrl}' is not an http(s) URL " +
                    'without query or quotes — pass Terraform\'s service_url output, e.g. https://bank.example.com')
        }
        if (!(albDnsName ==~ DNS_NAME)) {
            throw new IllegalArgumentException("SmokeCheck: load balancer DNS name '${albDnsName}' is not a DNS name — " +
                    'pass Terraform\'s alb_dns_name output, e.g. finpipe-prod-123456789.eu-west-1.elb.amazonaws.com')
        }
        if (deadlineSeconds < 1 || retryDelaySeconds < 1 || retryDelaySeconds > deadlineSeconds) {
            throw new IllegalArgumentException("SmokeCheck: deadline ${deadlineSeconds}s and retry delay " +
                    "${retryDelaySeconds}s are invalid — both must be positive and the delay at most the deadline")
        }
        String host = url.group(2)
        String port = url.group(3) ?: (url.group(1) == 'https' ? '443' : '80')
        String connectTo = host.equalsIgnoreCase(albDnsName) ? '' : "--connect-to '${host}:${port}:${albDnsName}:${port}' "
        String readyUrl = serviceUrl.replaceAll(/\/+$/, '') + READINESS_PATH
        int tries = deadlineSeconds.intdiv(retryDelaySeconds) + 1
        int perTrySeconds = Math.min(10, deadlineSeconds)
        "curl --fail --silent --show-error --output /dev/null --write-out 'smoke: HTTP %{http_code} from ${readyUrl}\\n' " +
                "--max-time ${perTrySeconds} --retry ${tries} --retry-delay ${retryDelaySeconds} --retry-all-errors " +
                "--retry-max-time ${deadlineSeconds} ${connectTo}'${readyUrl}'"
    }
}
