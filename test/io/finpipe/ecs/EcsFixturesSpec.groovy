package io.finpipe.ecs

import io.finpipe.testing.PipelineHarness
import java.nio.file.Files
import spock.lang.Specification

/**
 * The recorded ECS answers EcsDeploySpec plays back keep the shape of real ones: each is checked against
 * the ECS output model of botocore, which the aws CLI is built on (test/fixtures/ecs/check_shapes.py).
 */
class EcsFixturesSpec extends Specification {
    static final File FIXTURES = new File(PipelineHarness.LIBRARY_ROOT, 'test/fixtures/ecs')

    static Map checkShapes(File directory) {
        Process process = new ProcessBuilder('python3', new File(FIXTURES, 'check_shapes.py').path, directory.path)
            .redirectErrorStream(true).start()
        String output = process.inputStream.text
        [status: process.waitFor(), output: output]
    }

    def "every recorded answer matches the output shape of its aws ecs command"() {
        when:
        def result = checkShapes(FIXTURES)

        then:
        result.status == 0
        result.output.readLines().size() == FIXTURES.listFiles().count { it.name.endsWith('.json') }
    }

    def "the check fails on a field ECS does not return"() {
        given:
        File directory = Files.createTempDirectory('ecs-fixtures').toFile()
        new File(directory, 'describe-services-typo.json').text =
            new File(FIXTURES, 'describe-services-steady.json').text.replace('"rolloutState"', '"rollout_state"')

        when:
        def result = checkShapes(directory)

        then:
        result.status == 1
        result.output.contains('describe-services-typo.json.services[0].deployments[0].rollout_state: no such field in Deployment')

        cleanup:
        directory.deleteDir()
    }
}
