package io.finpipe.image

import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Specification
import spock.lang.Unroll

/** The buildImage step end to end through the harness: the builder's command line, result, errors. */
@Unroll
class BuildImageSpec extends Specification {
    static final String REPOSITORY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking'
    static final String BASE = 'registry.example.com/temurin-jre@sha256:' + '4c1f5e0b' * 8
    static final String DIGEST = 'sha256:' + '9e1c7b3a' * 8
    static final String COMMIT = '0f3c2a9b1d4e5f60718293a4b5c6d7e8f9a0b1c2'
    static final String DIGEST_FILE = '.buildImage-123456789012.dkr.ecr.eu-west-1.amazonaws.com_banking.digest'
    static final String SCRIPT_HEAD = "set -eu +x\nrm -f ${DIGEST_FILE}\n"
    static final String OCI_LABELS = "--label org.opencontainers.image.revision=${COMMIT} " +
        '--label org.opencontainers.image.source=https://git.example.com/finpipe/finpipe.git ' +
        '--label org.opencontainers.image.version=0f3c2a9b1d4e ' +
        '--label io.finpipe.build-url=https://jenkins.example.com/job/finpipe/7/'
    static final Map MINIMAL = [appDir: 'sample-app', repository: REPOSITORY, baseImage: BASE]
    static final String PUSHED_FILE = '.buildImage-123456789012.dkr.ecr.eu-west-1.amazonaws.com_banking.pushed'
    static final String LOOKUP = 'aws ecr describe-images --region eu-west-1 --registry-id 123456789012 --repository-name banking ' +
        "--image-ids imageTag=0f3c2a9b1d4e --query 'imageDetails[0].imageDigest' --output text " +
        ">${PUSHED_FILE} 2>${PUSHED_FILE}.err"

    /** ECR answers the lookup of the tag as the aws CLI v2 does: exit 254 and the service's error on stderr. */
    static void ecrLacksTag(PipelineHarness jenkins) {
        jenkins.sh.answer('aws ecr describe-images', status: 254)
        jenkins.files["${PUSHED_FILE}.err".toString()] = '\nAn error occurred (ImageNotFoundException) when calling the ' +
            "DescribeImages operation: The image with imageId {imageDigest:'null', imageTag:'0f3c2a9b1d4e'} does not exist " +
            "within the repository with name 'banking' in the registry with id '123456789012'\n"
    }

    /** A Jenkins build of a git checkout; the fake builder has written the digest it pushed. */
    PipelineHarness jenkins(Mode mode) {
        def jenkins = new PipelineHarness(mode)
        jenkins.env.putAll(GIT_COMMIT: COMMIT, GIT_URL: 'https://git.example.com/finpipe/finpipe.git',
            BUILD_URL: 'https://jenkins.example.com/job/finpipe/7/')
        jenkins.files[DIGEST_FILE] = "${DIGEST}\n"
        jenkins
    }

    def "builds with the short git SHA as tag and returns the image pinned by digest [#mode]"() {
        given:
        def jenkins = jenkins(mode)

        when:
        def result = jenkins.run(MINIMAL, 'buildImage')

        then:
        jenkins.commands == [SCRIPT_HEAD + "image-builder build --app-dir sample-app --image ${REPOSITORY} " +
            "--tag 0f3c2a9b1d4e --base-image ${BASE} ${OCI_LABELS} --digest-file ${DIGEST_FILE} --require-digest-base\n"]
        jenkins.calls('sh')[0][0].label == "buildImage ${REPOSITORY}"
        result == [image: "${REPOSITORY}@${DIGEST}", digest: DIGEST, tags: ['0f3c2a9b1d4e']]

        where:
        mode << Mode.values()
    }

    def "passes every option on the builder's command line, quoted for the shell [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        def digestFile = '.buildImage-127.0.0.1_5000_team_banking.digest'
        jenkins.files[digestFile] = DIGEST

        when:
        def result = jenkins.run(appDir: 'my app', repository: '127.0.0.1:5000/team/banking', tags: ['1.4.2', 'build-7'],
            baseImageTar: 'build/base image.tar', mainClass: 'io.finpipe.bank.BankApplication', port: 8080,
            labels: ['com.example.team': "payments & cards", 'org.opencontainers.image.version': '1.4.2'],
            insecureRegistry: true, credentialHelper: 'ecr-login',
            builder: 'java -jar image-builder/target/image-builder.jar', 'buildImage')

        then:
        jenkins.commands == ["set -eu +x\nrm -f ${digestFile}\n" +
            "java -jar image-builder/target/image-builder.jar build --app-dir 'my app' --image 127.0.0.1:5000/team/banking " +
            "--tag 1.4.2 --tag build-7 --base-image-tar 'build/base image.tar' --main-class io.finpipe.bank.BankApplication " +
            "--port 8080 --label org.opencontainers.image.revision=${COMMIT} " +
            '--label org.opencontainers.image.source=https://git.example.com/finpipe/finpipe.git ' +
            '--label org.opencontainers.image.version=1.4.2 ' +
            '--label io.finpipe.build-url=https://jenkins.example.com/job/finpipe/7/ ' +
            "--label 'com.example.team=payments & cards' --insecure-registry --credential-helper ecr-login " +
            "--digest-file ${digestFile}\n"]
        result.tags == ['1.4.2', 'build-7']
        result.image == "127.0.0.1:5000/team/banking@${DIGEST}"

        where:
        mode << Mode.values()
    }

    def "without GIT_COMMIT the tag comes from git rev-parse, and the revision label with it [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        jenkins.env.remove('GIT_COMMIT')
        jenkins.sh.answer('git rev-parse HEAD', stdout: "${COMMIT}\n")

        when:
        def result = jenkins.run(MINIMAL, 'buildImage')

        then:
        jenkins.commands[0] == 'git rev-parse HEAD'
        jenkins.commands[1].contains("--tag 0f3c2a9b1d4e --base-image ${BASE} --label org.opencontainers.image.revision=${COMMIT} ")
        result.tags == ['0f3c2a9b1d4e']

        where:
        mode << Mode.values()
    }

    def "explicit tags need no git: no revision label when GIT_COMMIT is absent; clone URL credentials are dropped [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        jenkins.env.remove('GIT_COMMIT')
        jenkins.env.GIT_URL = 'https://ci-bot:ghp_t0ken@git.example.com/finpipe/finpipe.git'

        when:
        jenkins.run(MINIMAL + [tags: ['1.4.2']], 'buildImage')

        then:
        jenkins.commands.size() == 1
        !jenkins.commands[0].contains('org.opencontainers.image.revision')
        jenkins.commands[0].contains(' --label org.opencontainers.image.source=https://git.example.com/finpipe/finpipe.git ')
        jenkins.exposures('ghp_t0ken') == []

        where:
        mode << Mode.values()
    }

    def "the registry password from credentialsId reaches the builder only through a pipe from the environment [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        def password = 'pU5h-s3cr3t-9f2c'
        jenkins.credential([username: 'ci-pusher', password: password], 'registry-push')

        when:
        jenkins.run(MINIMAL + [credentialsId: 'registry-push'], 'buildImage')

        then: 'the shell expands the variable, Groovy never sees the value'
        jenkins.commands.size() == 1
        jenkins.commands[0].startsWith(SCRIPT_HEAD + "printf '%s' \"\$REGISTRY_PASSWORD\" | image-builder build ")
        jenkins.commands[0].endsWith(" --username \"\$REGISTRY_USERNAME\" --password-stdin --digest-file ${DIGEST_FILE} " +
            "--require-digest-base\n")
        jenkins.shCalls[0].env == [REGISTRY_USERNAME: 'ci-pusher', REGISTRY_PASSWORD: password]

        and: 'no step was called with it: not sh, echo, error, writeFile, nor any other'
        jenkins.exposures(password) == []
        jenkins.helper.callStack.findAll { it.argsToString().contains(password) }.empty

        where:
        mode << Mode.values()
    }

    def "ecrRegion: a tag ECR does not have yet is built, logging in with aws ecr get-login-password piped into the builder [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        ecrLacksTag(jenkins)

        when:
        def result = jenkins.run(MINIMAL + [ecrRegion: 'eu-west-1'], 'buildImage')

        then:
        jenkins.calls('sh')[0][0].label == "buildImage looks up ${REPOSITORY}:0f3c2a9b1d4e"
        result == [image: "${REPOSITORY}@${DIGEST}", digest: DIGEST, tags: ['0f3c2a9b1d4e']]
        jenkins.commands == [LOOKUP, SCRIPT_HEAD + 'REGISTRY_PASSWORD="$(aws ecr get-login-password --region eu-west-1)"\n' +
            "printf '%s' \"\$REGISTRY_PASSWORD\" | " +
            "image-builder build --app-dir sample-app --image ${REPOSITORY} --tag 0f3c2a9b1d4e --base-image ${BASE} " +
            "${OCI_LABELS} --username AWS --password-stdin --digest-file ${DIGEST_FILE} --require-digest-base\n"]

        where:
        mode << Mode.values()
    }

    def "ecrRegion: a tag ECR already has (a retried build of the commit) is not rebuilt; its image is returned by digest [#mode]"() {
        given: 'the first build pushed the image, then failed later; ECR refuses to push an existing tag again'
        def jenkins = jenkins(mode)
        String pushed = 'sha256:' + '7d2e4f6a' * 8
        jenkins.files[PUSHED_FILE] = "${pushed}\n"

        when:
        def result = jenkins.run(MINIMAL + [ecrRegion: 'eu-west-1'], 'buildImage')

        then:
        jenkins.commands == [LOOKUP]
        result == [image: "${REPOSITORY}@${pushed}", digest: pushed, tags: ['0f3c2a9b1d4e']]
        jenkins.echoes == ["buildImage: ${REPOSITORY}:0f3c2a9b1d4e is already in ECR, pushed by an earlier build — " +
                               "reusing ${REPOSITORY}@${pushed} without rebuilding"]
        jenkins.calls('withCredentials').empty

        where:
        mode << Mode.values()
    }

    def "ecrRegion: only the first tag is looked up, and the log says the others were not checked [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        String pushed = 'sha256:' + '7d2e4f6a' * 8
        jenkins.files[PUSHED_FILE] = "${pushed}\n"

        when:
        def result = jenkins.run(MINIMAL + [ecrRegion: 'eu-west-1', tags: ['0f3c2a9b1d4e', 'release-7']], 'buildImage')

        then:
        jenkins.commands == [LOOKUP]
        result.image == "${REPOSITORY}@${pushed}"
        jenkins.echoes == ["buildImage: ${REPOSITORY}:0f3c2a9b1d4e is already in ECR, pushed by an earlier build — " +
                               "reusing ${REPOSITORY}@${pushed} without rebuilding; the other tags were not checked"]

        where:
        mode << Mode.values()
    }

    def "ecrRegion: a repository in another account (a shared ECR account) is looked up in that account's registry [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        String shared = '210987654321.dkr.ecr.eu-west-1.amazonaws.com/platform/banking'
        String pushedFile = '.buildImage-210987654321.dkr.ecr.eu-west-1.amazonaws.com_platform_banking.pushed'
        jenkins.files[pushedFile] = "${DIGEST}\n"

        when:
        def result = jenkins.run(MINIMAL + [repository: shared, ecrRegion: 'eu-west-1'], 'buildImage')

        then:
        jenkins.commands == ['aws ecr describe-images --region eu-west-1 --registry-id 210987654321 ' +
            "--repository-name platform/banking --image-ids imageTag=0f3c2a9b1d4e --query 'imageDetails[0].imageDigest' " +
            "--output text >${pushedFile} 2>${pushedFile}.err"]
        result.image == "${shared}@${DIGEST}"

        where:
        mode << Mode.values()
    }

    def "ecrRegion with allowMutableTags: nothing is looked up, as a mutable tag may name an older image; always built [#mode]"() {
        given: 'ECR has latest from an earlier build of another commit'
        def jenkins = jenkins(mode)
        jenkins.files[PUSHED_FILE] = 'sha256:' + '7d2e4f6a' * 8 + '\n'

        when:
        def result = jenkins.run(MINIMAL + [ecrRegion: 'eu-west-1', tags: ['latest'], allowMutableTags: true], 'buildImage')

        then:
        jenkins.commands.size() == 1
        jenkins.commands[0].startsWith(SCRIPT_HEAD + 'REGISTRY_PASSWORD="$(aws ecr get-login-password --region eu-west-1)"\n')
        jenkins.commands[0].contains(" --tag latest ")
        result == [image: "${REPOSITORY}@${DIGEST}", digest: DIGEST, tags: ['latest']]
        jenkins.echoes == []

        where:
        mode << Mode.values()
    }

    def "ecrRegion: a failing lookup other than a missing tag stops the step, saying why, before building [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        jenkins.sh.answer('aws ecr describe-images', status: 254)
        jenkins.files["${PUSHED_FILE}.err".toString()] = '\nAn error occurred (RepositoryNotFoundException) when calling ' +
            "the DescribeImages operation: The repository with name 'banking' does not exist in the registry with id " +
            "'123456789012'\n"

        when:
        jenkins.run(MINIMAL + [ecrRegion: 'eu-west-1'], 'buildImage')

        then:
        def e = thrown(AbortException)
        e.message == "buildImage: could not check whether ${REPOSITORY}:0f3c2a9b1d4e is already in ECR — aws ecr " +
            'describe-images failed with exit code 254: An error occurred (RepositoryNotFoundException) when calling the ' +
            "DescribeImages operation: The repository with name 'banking' does not exist in the registry with id " +
            "'123456789012' — fix that (the agent's role needs ecr:DescribeImages on the repository, and the repository " +
            'must exist), then run the build again'
        jenkins.commands == [LOOKUP]

        where:
        mode << Mode.values()
    }

    def "ecrRegion: a lookup that answers no digest stops the step [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        jenkins.files[PUSHED_FILE] = 'None\n'

        when:
        jenkins.run(MINIMAL + [ecrRegion: 'eu-west-1'], 'buildImage')

        then:
        def e = thrown(AbortException)
        e.message == "buildImage: aws ecr describe-images answered 'None' for ${REPOSITORY}:0f3c2a9b1d4e, not a sha256 " +
            'digest — check the aws CLI on the agent (version 2 expected)'
        jenkins.commands == [LOOKUP]

        where:
        mode << Mode.values()
    }

    def "#tag is refused as mutable unless allowMutableTags [#mode]"() {
        given:
        def jenkins = jenkins(mode)

        when:
        jenkins.run(MINIMAL + [tags: ['0f3c2a9b1d4e', tag]], 'buildImage')

        then:
        def e = thrown(AbortException)
        e.message == "buildImage: tag '${tag}' is mutable, so a deployment of it cannot be repeated — tag with an " +
            'immutable name such as the git SHA, or set allowMutableTags: true'
        jenkins.commands.empty

        when:
        def result = jenkins.run(MINIMAL + [tags: ['0f3c2a9b1d4e', tag], allowMutableTags: true], 'buildImage')

        then:
        result.tags == ['0f3c2a9b1d4e', tag]
        jenkins.commands.size() == 1
        jenkins.commands[0].contains("--tag 0f3c2a9b1d4e --tag ${tag} ")

        where:
        [mode, tag] << [Mode.values(), ['latest', 'main']].combinations()
    }

    def "a failing builder fails the step with its exit code and reads no digest [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        jenkins.sh.answer('image-builder build', status: 3)

        when:
        jenkins.run(MINIMAL, 'buildImage')

        then:
        def e = thrown(AbortException)
        e.message == "buildImage: 'image-builder build' failed with exit code 3 — its reason is the line just above in the log"
        jenkins.calls('readFile').empty

        where:
        mode << Mode.values()
    }

    def "a digest file without a sha256 digest fails the step [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        jenkins.files[DIGEST_FILE] = 'pushed\n'

        when:
        jenkins.run(MINIMAL, 'buildImage')

        then:
        def e = thrown(AbortException)
        e.message == "buildImage: the builder wrote 'pushed' to ${DIGEST_FILE}, not a sha256 digest — " +
            'check that the builder command is the finpipe image-builder'

        where:
        mode << Mode.values()
    }

    def "a malformed GIT_COMMIT fails before the build [#mode]"() {
        given:
        def jenkins = jenkins(mode)
        jenkins.env.GIT_COMMIT = 'HEAD'

        when:
        jenkins.run(MINIMAL, 'buildImage')

        then:
        def e = thrown(AbortException)
        e.message == "buildImage: 'HEAD' is not a git commit SHA — run in a git checkout (env.GIT_COMMIT or " +
            "'git rev-parse HEAD'), or pass 'tags'"
        jenkins.commands.empty

        where:
        mode << Mode.values()
    }

    def "bad input: #problem [#mode]"() {
        given:
        def jenkins = jenkins(mode)

        when:
        jenkins.run(args, 'buildImage')

        then:
        def e = thrown(AbortException)
        e.message == message
        jenkins.commands.empty
        jenkins.calls('withCredentials').empty

        where:
        [mode, problem, args, message] << [Mode.values(), [
            ['missing required key', [appDir: 'sample-app', baseImage: BASE],
             "buildImage: missing required parameter 'repository' — add repository: '${REPOSITORY}'"],
            ['unknown key', MINIMAL + [tag: 'v1'],
             "buildImage: unknown parameter 'tag' — valid parameters are: appDir, repository, tags, allowMutableTags, " +
                 'baseImage, baseImageTar, requireDigestBase, mainClass, port, labels, insecureRegistry, credentialsId, ' +
                 'ecrRegion, credentialHelper, builder'],
            ['wrong type', MINIMAL + [tags: 'v1'],
             "buildImage: parameter 'tags' must be a list of strings, not a string — pass it as tags: ['0f3c2a9b1d4e']"],
            ['repository with a tag', MINIMAL + [repository: "${REPOSITORY}:v1"],
             "buildImage: '${REPOSITORY}:v1' carries a tag or digest — give the repository alone and put tags in 'tags'"],
            ['bad repository', MINIMAL + [repository: 'Registry/Banking App'],
             "buildImage: 'Registry/Banking App' is not a valid repository name — use lowercase path components, " +
                 "optionally after a registry host, e.g. 'registry.example.com:5000/team/banking'"],
            ['bad tag', MINIMAL + [tags: ['-v1']],
             "buildImage: tag '-v1' is not a valid Docker tag — use letters, digits, '_', '.' and '-', at most 128 " +
                 "characters, not starting with '.' or '-'"],
            ['empty tags', MINIMAL + [tags: []],
             "buildImage: 'tags' is empty — list at least one tag, or omit 'tags' to tag with the short git SHA"],
            ['no base image', [appDir: 'sample-app', repository: REPOSITORY],
             "buildImage: no base image — set 'baseImage' (a registry reference) or 'baseImageTar' (a docker-archive tar)"],
            ['two base images', MINIMAL + [baseImageTar: 'base.tar'],
             "buildImage: both 'baseImage' and 'baseImageTar' are set — give exactly one"],
            ['base image by tag', MINIMAL + [baseImage: 'eclipse-temurin:21-jre'],
             "buildImage: baseImage 'eclipse-temurin:21-jre' is not pinned by digest, so builds are not repeatable — " +
                 "use 'repository@sha256:<64 hex>', or set requireDigestBase: false"],
            ['base image without tag', MINIMAL + [baseImage: 'eclipse-temurin', requireDigestBase: false],
             "buildImage: baseImage 'eclipse-temurin' has neither tag nor digest — give 'repository:tag' or " +
                 "'repository@sha256:<64 hex>'"],
            ['two registry logins', MINIMAL + [credentialsId: 'registry-push', ecrRegion: 'eu-west-1'],
             "buildImage: 'credentialsId' and 'ecrRegion' each log in to the registry — use only one"],
            ['ecrRegion for a registry that is not ECR', MINIMAL + [repository: 'registry.example.com/banking', ecrRegion: 'eu-west-1'],
             "buildImage: 'ecrRegion' logs in to ECR, but 'registry.example.com/banking' is not an ECR repository " +
                 "(<account>.dkr.ecr.<region>.amazonaws.com/<name>) — for another registry use 'credentialsId' or " +
                 "'credentialHelper'"],
            ['bad region', MINIMAL + [ecrRegion: 'Frankfurt'],
             "buildImage: parameter 'ecrRegion' is 'Frankfurt', which does not match /[a-z]{2}(-[a-z]+)+-[0-9]+/ — " +
                 "use an AWS region code such as 'eu-west-1', e.g. ecrRegion: 'eu-west-1'"],
            ['port out of range', MINIMAL + [port: 70000], 'buildImage: port 70000 is not a TCP port — use 1 to 65535'],
            ['port zero', MINIMAL + [port: 0],
             "buildImage: parameter 'port' is 0, less than 1 — use a whole number of at least 1, e.g. port: 8080"],
            ['shell syntax in builder', MINIMAL + [builder: 'image-builder; rm -rf /'],
             "buildImage: parameter 'builder' is 'image-builder; rm -rf /', which does not match " +
                 "/[A-Za-z0-9_./:=@+ -]+/ — use a command and its arguments, without shell syntax, " +
                 "e.g. builder: 'java -jar image-builder/target/image-builder.jar'"],
            ['bad label key', MINIMAL + [labels: ['team name': 'payments']],
             "buildImage: label key 'team name' is not valid — use letters, digits, '.', '_', '-' and '/', " +
                 "e.g. 'com.example.team'"],
        ]].combinations().collect { it.flatten() }
    }
}
