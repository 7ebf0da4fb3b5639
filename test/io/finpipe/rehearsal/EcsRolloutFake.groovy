package io.finpipe.rehearsal

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import groovy.json.JsonOutput
import groovy.json.JsonSlurperClassic
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.atomic.AtomicLong

/**
 * A test fake for what moto does not model: ECS rolling deployments (TOOLCHAIN.md §5). It is an HTTP
 * proxy in front of moto for the ECS API only (the rehearsal sets AWS_ENDPOINT_URL_ECS to it around
 * ecsDeploy); moto still stores and validates everything. It rewrites two answers:
 * - UpdateService starts a new PRIMARY deployment of the service's task definition (IN_PROGRESS);
 *   the previous PRIMARY becomes ACTIVE, as in ECS;
 * - DescribeServices shows the fake's deployments and events. After `describesToSettle` describes, the
 *   new deployment settles: COMPLETED (its tasks run, older deployments drained, "steady state" event)
 *   when its containers' images can be pulled, else FAILED with the circuit breaker's reason and a
 *   "deployment failed" event. An image can be pulled when the local registry has its manifest; any
 *   other registry is unreachable offline.
 * Not modelled: tasks (list-tasks/describe-tasks answer as moto does: none), the circuit breaker's own
 * automatic rollback (ecsDeploy's rollback is what runs), deployment timing and health checks.
 */
class EcsRolloutFake implements Closeable {
    private static final String TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.'
    private static final Set<String> UNFORWARDED_HEADERS = ['host', 'content-length', 'connection', 'expect', 'upgrade',
                                                            'transfer-encoding'] as Set

    final URI moto
    /** host:port of the local registry whose manifests decide whether an image can be pulled */
    final String registryHostPort
    final int describesToSettle
    private final HttpServer server
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
    private final AtomicLong ids = new AtomicLong(4_310_000_000_000_000_000L)
    /** service ARN → its deployments, newest first */
    private final Map<String, List<Map>> deployments = [:]
    private final Map<String, List<Map>> events = [:]
    private final Map<String, Integer> describes = [:]
    /** task definition ARN → its containers' images, from the answers that passed through */
    private final Map<String, List<String>> images = [:]
    /** ECS actions seen, in order */
    final List<String> actions = [].asSynchronized()

    EcsRolloutFake(URI moto, String registryHostPort, int describesToSettle = 2) {
        this.moto = moto
        this.registryHostPort = registryHostPort
        this.describesToSettle = describesToSettle
        server = HttpServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 0)
        server.createContext('/') { HttpExchange exchange -> handle(exchange) }
        server.start()
    }

    String getUrl() {
        "http://127.0.0.1:${server.address.port}"
    }

    @Override
    void close() {
        server.stop(0)
    }

    private synchronized void handle(HttpExchange exchange) {
        try {
            byte[] body = exchange.requestBody.bytes
            String action = exchange.requestHeaders.getFirst('X-Amz-Target')?.replace(TARGET_PREFIX, '')
            actions << action
            HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.requestURI.toString()))
                    .method(exchange.requestMethod, HttpRequest.BodyPublishers.ofByteArray(body))
            exchange.requestHeaders.each { String name, List<String> values ->
                if (!(name.toLowerCase() in UNFORWARDED_HEADERS)) values.each { request.header(name, it) }
            }
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray())
            byte[] reply = answer.statusCode() == 200 ? rewrite(action, answer.body()) : answer.body()
            answer.headers().firstValue('Content-Type').ifPresent { exchange.responseHeaders.add('Content-Type', it) }
            exchange.sendResponseHeaders(answer.statusCode(), reply.length ?: -1)
            exchange.responseBody.write(reply)
        } catch (Exception e) {
            byte[] reply = JsonOutput.toJson([__type: 'ServerException', message: "EcsRolloutFake: ${e}"]).bytes
            exchange.sendResponseHeaders(500, reply.length)
            exchange.responseBody.write(reply)
        } finally {
            exchange.close()
        }
    }

    private byte[] rewrite(String action, byte[] body) {
        Map json = new JsonSlurperClassic().parseText(new String(body, 'UTF-8')) as Map
        switch (action) {
            case 'RegisterTaskDefinition':
            case 'DescribeTaskDefinition':
                images[json.taskDefinition.taskDefinitionArn] = json.taskDefinition.containerDefinitions*.image
                return body
            case 'UpdateService':
                startDeployment(json.service as Map)
                show(json.service as Map)
                break
            case 'DescribeServices':
                json.services.each { Map service ->
                    if (deployments.containsKey(service.serviceArn)) {
                        settle(service)
                        show(service)
                    }
                }
                break
            default:
                return body
        }
        JsonOutput.toJson(json).getBytes('UTF-8')
    }

    private void show(Map service) {
        service.deployments = deployments[service.serviceArn].collect { new LinkedHashMap(it) }
        service.events = events[service.serviceArn].collect { new LinkedHashMap(it) }
    }

    private static double now() {
        System.currentTimeMillis() / 1000d
    }

    private void startDeployment(Map service) {
        String arn = service.serviceArn
        if (!deployments.containsKey(arn)) {
            // moto's own deployment record stands for what ran before this fake saw the service
            deployments[arn] = (service.deployments ?: []).collect { it + [status: 'ACTIVE', rolloutState: 'COMPLETED'] }
            events[arn] = []
        }
        deployments[arn].findAll { it.status == 'PRIMARY' }.each { it.status = 'ACTIVE' }
        String id = "ecs-svc/${ids.incrementAndGet()}"
        deployments[arn].add(0, [id: id, status: 'PRIMARY', taskDefinition: service.taskDefinition,
                                 desiredCount: service.desiredCount, pendingCount: service.desiredCount, runningCount: 0,
                                 failedTasks: 0, createdAt: now(), updatedAt: now(), launchType: 'FARGATE',
                                 rolloutState: 'IN_PROGRESS', rolloutStateReason: "ECS deployment ${id} in progress."])
        describes[id] = 0
        event(arn, "(service ${service.serviceName}) has started ${service.desiredCount} tasks: (deployment ${id}).")
    }

    private void settle(Map service) {
        String arn = service.serviceArn
        Map primary = deployments[arn].find { it.status == 'PRIMARY' && it.rolloutState == 'IN_PROGRESS' }
        if (primary == null || ++describes[primary.id] < describesToSettle) return
        List<String> unpullable = (images[primary.taskDefinition] ?: ['(task definition not seen)']).findAll { !pullable(it) }
        primary.updatedAt = now()
        if (unpullable) {
            primary.putAll(rolloutState: 'FAILED', failedTasks: primary.desiredCount, pendingCount: 0,
                    rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.')
            event(arn, "(service ${service.serviceName}) (deployment ${primary.id}) deployment failed: tasks failed to start. " +
                    "CannotPullContainerError: ${unpullable.join(', ')}: not found")
        } else {
            primary.putAll(rolloutState: 'COMPLETED', runningCount: primary.desiredCount, pendingCount: 0,
                    rolloutStateReason: "ECS deployment ${primary.id} completed.")
            deployments[arn].retainAll { it.is(primary) }
            event(arn, "(service ${service.serviceName}) (deployment ${primary.id}) deployment completed.")
            event(arn, "(service ${service.serviceName}) has reached a steady state.")
        }
    }

    private void event(String serviceArn, String message) {
        events[serviceArn].add(0, [id: UUID.randomUUID().toString(), createdAt: now(), message: message])
    }

    /** An image ref `HOST:PORT/REPO@sha256:…` or `HOST:PORT/REPO:TAG` whose manifest the local registry has. */
    private boolean pullable(String image) {
        def matcher = image =~ /^([^\/]+)\/(.+?)(?:@(sha256:[0-9a-f]{64})|:([\w][\w.-]*))$/
        if (!matcher.matches() || matcher.group(1) != registryHostPort) return false
        String reference = matcher.group(3) ?: matcher.group(4)
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://${registryHostPort}/v2/${matcher.group(2)}/manifests/${reference}"))
                .method('HEAD', HttpRequest.BodyPublishers.noBody())
                .header('Accept', 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json')
                .timeout(Duration.ofSeconds(10)).build()
        http.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
    }
}
