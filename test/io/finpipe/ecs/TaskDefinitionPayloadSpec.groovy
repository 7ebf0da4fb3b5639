package io.finpipe.ecs

import groovy.json.JsonSlurperClassic
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import io.finpipe.testsupport.AwsCli
import io.finpipe.testsupport.MotoServer
import java.nio.file.Files
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

/**
 * The task definition ecsDeploy registers, given to the real aws CLI (which validates it against AWS's own
 * API model before sending) and registered on moto_server: proof that the read-only fields are stripped
 * and the rest is accepted as register-task-definition input.
 */
@Unroll
class TaskDefinitionPayloadSpec extends Specification {
    static final String IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking@sha256:' + '9e1c7b3a' * 8

    @Shared @AutoCleanup MotoServer moto = MotoServer.start()
    @Shared PipelineHarness jenkins = new PipelineHarness(Mode.PLAIN)
    @Shared Class taskDefinitions = jenkins.libraryClass('io.finpipe.ecs.TaskDefinitions')
    @Shared Class awsJson = jenkins.libraryClass('io.finpipe.ecs.AwsJson')
    File payload = Files.createTempFile('task-definition', '.json').toFile()

    def cleanup() {
        payload.delete()
    }

    static Map described(String fixture) {
        new JsonSlurperClassic().parseText(new File(PipelineHarness.LIBRARY_ROOT, "test/fixtures/ecs/${fixture}.json").text)
    }

    private AwsCli.Result register(String json) {
        payload.text = json
        new AwsCli(moto.awsEnvironment()).execute('ecs', 'register-task-definition', '--cli-input-json',
            "file://${payload}".toString(), '--region', MotoServer.REGION)
    }

    def "the registration built from #fixture is accepted and registered with the new image"() {
        when:
        Map registration = taskDefinitions.registration(described(fixture), 'app', IMAGE)
        def result = register(awsJson.render(registration))

        then:
        result.exitCode() == 0
        Map registered = new JsonSlurperClassic().parseText(result.stdout()).taskDefinition
        registered.family == 'banking'
        registered.containerDefinitions.find { it.name == 'app' }.image == IMAGE
        registered.containerDefinitions*.name == described(fixture).taskDefinition.containerDefinitions*.name

        where:
        fixture << ['describe-task-definition', 'describe-task-definition-two-containers']
    }

    def "the described task definition as it is, read-only fields included, is refused by the CLI"() {
        when:
        def result = register(awsJson.render(described('describe-task-definition').taskDefinition))

        then: 'so the fields ecsDeploy strips are the ones that must go'
        result.exitCode() != 0
        result.stderr().contains('Parameter validation failed')
        taskDefinitions.READ_ONLY_FIELDS.findAll { !it.startsWith('deregistered') }.every {
            result.stderr().contains("Unknown parameter in input: \"${it}\"")
        }
    }
}
