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

    static final String ALB = 'finpipe-prod-123456789.eu-west-1.elb.amazonaws.com'

    HttpServer server
    final AtomicInteger requests = new AtomicInteger()
    final List<String> hosts = [].asSynchronized()

    /** Serves /health/ready with the given statuses in turn; the last one repeats. */
    String serve(List<Integer> statuses) {
        server = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
        server.createContext('/health/ready') { exchange ->
            hosts << exchange.requestHeaders.getFirst('Host')
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
        def result = runBash(smokeCheck.readinessCommand(url + '/', '127.0.0.1', 20, 1))

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
        def result = runBash(smokeCheck.readinessCommand(url, '127.0.0.1', 3, 1))
        long seconds = (System.nanoTime() - started).intdiv(1_000_000_000L)

        then:
        result.status == 22   // curl: HTTP error with --fail
        result.output.contains('503')
        requests.get() >= 2
        seconds < 10
    }

    def "asks for the service's own host name, but connects to the load balancer given"() {
        given: 'a name no DNS resolves, served by the local server standing in for the freshly deployed ALB'
        String url = serve([200]).replace('127.0.0.1', 'bank.finpipe.invalid')

        when:
        def result = runBash(smokeCheck.readinessCommand(url, '127.0.0.1', 5, 1))

        then:
        result.status == 0
        result.output.trim().endsWith("smoke: HTTP 200 from ${url}/health/ready")
        hosts == [url - 'http://']
    }

    def "the command for #what"() {
        expect:
        smokeCheck.readinessCommand(url, ALB) ==
                "curl --fail --silent --show-error --output /dev/null --write-out 'smoke: HTTP %{http_code} from " +
                "${url}/health/ready\\n' --max-time 10 --retry 61 --retry-delay 5 --retry-all-errors " +
                "--retry-max-time 300 ${connectTo}'${url}/health/ready'"

        where:
        what                                        | url                         || connectTo
        'HTTPS on the certificate\'s host name'     | 'https://bank.example.com'  || "--connect-to 'bank.example.com:443:${ALB}:443' "
        'a host name on another port'               | 'http://bank.example.com:8080' || "--connect-to 'bank.example.com:8080:${ALB}:8080' "
        'plain HTTP on the ALB\'s own name'         | "http://${ALB}"             || ''
        'the ALB\'s name in other letter case'      | "http://${ALB.toUpperCase()}" || ''
    }

    def "refuses service URL #url"() {
        when:
        smokeCheck.readinessCommand(url, ALB)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "SmokeCheck: service URL '${url}' is not an http(s) URL without query or quotes — pass " +
                'Terraform\'s service_url output, e.g. https://bank.example.com'

        where:
        url << [null, '', 'ftp://host', 'my-alb.example.com', "http://host'; rm -rf /", 'http://host/?a=b', 'http://a b']
    }

    def "refuses load balancer DNS name #name"() {
        when:
        smokeCheck.readinessCommand('https://bank.example.com', name)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "SmokeCheck: load balancer DNS name '${name}' is not a DNS name — pass Terraform's " +
                'alb_dns_name output, e.g. finpipe-prod-123456789.eu-west-1.elb.amazonaws.com'

        where:
        name << [null, '', "alb'; rm -rf /", 'alb:443', 'https://alb']
    }

    def "refuses deadline #deadline s with retry delay #delay s"() {
        when:
        smokeCheck.readinessCommand('http://host', 'host', deadline, delay)

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
