package io.finpipe.image

import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import java.nio.file.Files
import spock.lang.Specification
import spock.lang.Unroll

/**
 * The script buildImage hands to `sh`, run by the real /bin/sh the way Jenkins runs it (`sh -xe`), with
 * recording stand-ins for image-builder and the aws CLI on the PATH: what arrives as arguments and on
 * stdin, and what the shell trace shows. (The real builder against a real registry runs in RehearsalSpec.)
 */
@Unroll
class BuilderScriptSpec extends Specification {
    static final String DIGEST = 'sha256:' + '9e1c7b3a' * 8
    static final String PASSWORD = 'eyJwYXlsb2FkIjoi-$ecret "pass" `x`'

    PipelineHarness jenkins = new PipelineHarness(Mode.PLAIN)
    Class ImageBuild = jenkins.libraryClass('io.finpipe.image.ImageBuild')
    File dir = Files.createTempDirectory('builder-script').toFile()
    File bin = new File(dir, 'bin')

    def setup() {
        bin.mkdirs()
        stub('image-builder', '''\
            : > "$RECORD/args"
            previous=''
            for word in "$@"; do
              printf '%s\\0' "$word" >> "$RECORD/args"
              if [ "$previous" = --digest-file ]; then printf '%s\\n' "$DIGEST" > "$word"; fi
              previous=$word
            done
            cat > "$RECORD/stdin"
            ''')
    }

    def cleanup() {
        dir.deleteDir()
    }

    private void stub(String name, String body) {
        File file = new File(bin, name)
        file.text = '#!/bin/sh\n' + body.stripIndent()
        file.setExecutable(true)
    }

    private Map run(Map config, Map<String, String> environment = [:]) {
        String script = ImageBuild.builderCommand([builder: 'image-builder', appDir: 'my app', repository: 'registry.test/banking',
                                                   baseImageTar: 'base.tar'] + config,
            ['1.4.2'], ['com.example.note': 'it\'s "quoted" & $HOME'], '.buildImage-test.digest')
        ProcessBuilder builder = new ProcessBuilder('/bin/sh', '-xe', '-c', script).directory(dir)
        builder.environment().putAll([PATH: "${bin}:${System.getenv('PATH')}".toString(), RECORD: dir.path,
                                      DIGEST: DIGEST] + environment)
        Process process = builder.start()
        process.outputStream.close()
        String trace = process.errorStream.text
        int status = process.waitFor()
        File args = new File(dir, 'args')
        [status: status, trace: trace, args: args.exists() ? args.text.split('\u0000') as List : null,
         stdin: new File(dir, 'stdin').with { it.exists() ? it.text : null },
         digest: new File(dir, '.buildImage-test.digest').with { it.exists() ? it.text.trim() : null }]
    }

    def "arguments reach the builder exactly, whatever characters they hold"() {
        when:
        def result = run([:])

        then:
        result.status == 0
        result.args == ['build', '--app-dir', 'my app', '--image', 'registry.test/banking', '--tag', '1.4.2',
                        '--base-image-tar', 'base.tar', '--label', 'com.example.note=it\'s "quoted" & $HOME',
                        '--digest-file', '.buildImage-test.digest']
        result.stdin == ''
        result.digest == DIGEST
    }

    def "a registry password (#login) arrives on stdin only: not in the arguments, not in the shell trace"() {
        given:
        stub('aws', '''\
            [ "$*" = 'ecr get-login-password --region eu-west-1' ] || { echo "unexpected: aws $*" >&2; exit 2; }
            printf '%s' "$ECR_PASSWORD"
            ''')

        when:
        def result = run(config, environment)

        then:
        result.status == 0
        result.stdin == PASSWORD
        result.args.containsAll(['--username', username, '--password-stdin'])
        !result.args.any { it.contains(PASSWORD) }
        !result.trace.contains(PASSWORD)

        where:
        login           | config                          | environment                                                   | username
        'credentialsId' | [credentialsId: 'registry-push'] | [REGISTRY_USERNAME: 'ci-pusher', REGISTRY_PASSWORD: PASSWORD] | 'ci-pusher'
        'ECR'           | [ecrRegion: 'eu-west-1']         | [ECR_PASSWORD: PASSWORD]                                      | 'AWS'
    }

    def "a failed ECR login stops the script before the builder runs"() {
        given:
        stub('aws', '''\
            echo 'An error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation' >&2
            exit 255
            ''')

        when:
        def result = run([ecrRegion: 'eu-west-1'])

        then:
        result.status != 0
        result.args == null
        result.trace.contains('AccessDeniedException')
    }

    def "a stale digest file from an earlier build is removed before the builder runs"() {
        given:
        new File(dir, '.buildImage-test.digest').text = 'sha256:' + '0' * 64
        stub('image-builder', 'echo "image-builder: registry refused the push" >&2; exit 1\n')

        when:
        def result = run([:])

        then:
        result.status == 1
        result.digest == null
    }

    def "the ECR lookup asks for exactly the tag and puts the digest (#outcome) in one file, the error in the other"() {
        given: 'an aws CLI that checks its arguments and answers as ECR does'
        stub('aws', """\
            [ "\$*" = "ecr describe-images --region eu-west-1 --registry-id 123456789012 --repository-name team/banking --image-ids imageTag=1.4.2 --query imageDetails[0].imageDigest --output text" ] || { echo "unexpected: aws \$*" >&2; exit 2; }
            ${script}
            """)
        String command = ImageBuild.lookupCommand([ecrRegion: 'eu-west-1', repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/banking'],
            '1.4.2', '.pushed', '.pushed.err')

        when:
        ProcessBuilder builder = new ProcessBuilder('/bin/sh', '-xe', '-c', command).directory(dir)
        builder.environment().PATH = "${bin}:${System.getenv('PATH')}".toString()
        Process process = builder.start()
        process.outputStream.close()
        process.errorStream.text
        int status = process.waitFor()

        then:
        status == expectedStatus
        new File(dir, '.pushed').text.trim() == answer
        new File(dir, '.pushed.err').text.contains(error)

        where:
        outcome     | script                                                                          || expectedStatus | answer | error
        'pushed'    | "echo ${DIGEST}"                                                                || 0              | DIGEST | ''
        'not found' | "echo 'An error occurred (ImageNotFoundException) when calling' >&2; exit 254"   || 254            | ''     | 'ImageNotFoundException'
    }
}
