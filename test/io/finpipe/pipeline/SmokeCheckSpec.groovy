package io.finpipe.pipeline

import com.sun.net.httpserver.HttpServer
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import java.util.concurrent.atomic.AtomicInteger
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

/**
 * The Smoke stage's command, run for real with bash and curl against a local HTTP server on a free
 * loopback port that answers /health/ready as scripted.
 */
@Unroll
class SmokeCheckSpec extends Specification {

    @Shared
    Class smokeCheck = new PipelineHarness(Mode.PLAIN).libraryClass('io.finpipe.pipeline.SmokeCheck')

    HttpServer server
    final AtomicInteger requests = new AtomicInteger()

    /** Serves /health/ready with the given statuses in turn; the last one repeats. */
    String serve(List<Integer> statuses) {
        server = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
        server.createContext('/health/ready') { exchange ->
            int status = statuses[Math.min(requests.getAndIncrement(), statuses.size() - 1)]
            exchange.sendResponseHeaders(status, -1)
            exchange.close()
        }
        server.start()
        "http://127.0.0.1:${server.address.port}"
    }

    def cleanup() {
        server?.stop(0)
    }

    static Map runBash(String command) {
        Process process = new ProcessBuilder('bash', '-c', command).redirectErrorStream(true).start()
        String output = process.inputStream.text
        [status: process.waitFor(), output: output]
    }

    def "passes once /health/ready answers 200, retrying connection errors and 503s until then"() {
        given:
        String url = serve([503, 503, 200])

        when:
        def result = runBash(smokeCheck.readinessCommand(url + '/', 20, 1))

        then:
        result.status == 0
        result.output.trim().endsWith("smoke: HTTP 200 from ${url}/health/ready")
        requests.get() == 3
    }

    def "fails when the deadline passes without a 2xx answer"() {
        given:
        String url = serve([503])

        when:
        long started = System.nanoTime()
        def result = runBash(smokeCheck.readinessCommand(url, 3, 1))
        long seconds = (System.nanoTime() - started).intdiv(1_000_000_000L)

        then:
        result.status == 22   // curl: HTTP error with --fail
        result.output.contains('503')
        requests.get() >= 2
        seconds < 10
    }

    def "the command for an ALB URL"() {
        expect:
        smokeCheck.readinessCommand('https://app.example.com') ==
                "curl --fail --silent --show-error --output /dev/null --write-out 'smoke: HTTP %{http_code} from " +
                "https://app.example.com/health/ready\\n' --max-time 10 --retry 61 --retry-delay 5 --retry-all-errors " +
                "--retry-max-time 300 'https://app.example.com/health/ready'"
    }

    def "refuses base URL #url"() {
        when:
        smokeCheck.readinessCommand(url)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "SmokeCheck: base URL '${url}' is not an http(s) URL without query or quotes — pass " +
                'Terraform\'s alb_url output, e.g. http://my-alb.example.com'

        where:
        url << [null, '', 'ftp://host', 'my-alb.example.com', "http://host'; rm -rf /", 'http://host/?a=b', 'http://a b']
    }

    def "refuses deadline #deadline s with retry delay #delay s"() {
        when:
        smokeCheck.readinessCommand('http://host', deadline, delay)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "SmokeCheck: deadline ${deadline}s and retry delay ${delay}s are invalid — both must be " +
                'positive and the delay at most the deadline'

        where:
        deadline | delay
        0        | 1
        10       | 0
        5        | 6
        -1       | -1
    }
}
