package io.finpipe.image

import com.cloudbees.groovy.cps.NonCPS

/**
 * buildImage: runs the image-builder CLI on the agent, which builds and pushes without a Docker daemon,
 * and returns the pushed image pinned by digest. The config has already been merged and type-checked
 * by StepConfig; {@link #problems} adds the checks that relate keys to each other.
 */
class ImageBuild implements Serializable {

    static final String STEP = 'buildImage'
    static final int SHORT_SHA_LENGTH = 12
    private static final int MAX_PORT = 65535
    private static final String GIT_SHA = /[0-9a-f]{40}|[0-9a-f]{64}/
    private static final String REGISTRY_USERNAME = 'REGISTRY_USERNAME'
    private static final String REGISTRY_PASSWORD = 'REGISTRY_PASSWORD'
    /** An ECR repository: the registry host starts with the account id that owns it. */
    private static final String ECR_REPOSITORY = /([0-9]{12})\.dkr\.ecr[.-][^\/]+\/.+/

    private final def steps
    private final Map config

    ImageBuild(steps, Map config) {
        this.steps = steps
        this.config = config
    }

    Map run() {
        List<String> inputProblems = problems(config)
        if (inputProblems) {
            steps.error(inputProblems.collect { "${STEP}: ${it}" }.join('\n'))
        }
        String revision = gitRevision()
        List<String> tags = config.tags ?: [revision.take(SHORT_SHA_LENGTH)]
        String files = ".${STEP}-${config.repository.replaceAll(/[^A-Za-z0-9_.-]/, '_')}"
        if (config.ecrRegion && !config.allowMutableTags) {
            // A retried build of the same commit: without mutable tags the first tag names this build's image
            // (app-infra's repositories refuse a second push of it); a mutable tag may name an older image.
            String pushed = pushedDigest(tags[0], files)
            if (pushed) {
                String image = "${config.repository}@${pushed}"
                steps.echo("${STEP}: ${config.repository}:${tags[0]} is already in ECR, pushed by an earlier build — " +
                    "reusing ${image} without rebuilding${tags.size() > 1 ? '; the other tags were not checked' : ''}")
                return [image: image, digest: pushed, tags: tags]
            }
        }
        String digestFile = "${files}.digest"
        String command = builderCommand(config, tags, labels(revision, tags), digestFile)
        int status
        if (config.credentialsId) {
            steps.withCredentials([steps.usernamePassword(credentialsId: config.credentialsId,
                usernameVariable: REGISTRY_USERNAME, passwordVariable: REGISTRY_PASSWORD)]) {
                status = runBuilder(command)
            }
        } else {
            status = runBuilder(command)
        }
        if (status != 0) {
            steps.error("${STEP}: '${config.builder} build' failed with exit code ${status} — its reason is the line " +
                'just above in the log')
        }
        String digest = steps.readFile(digestFile).trim()
        if (!(digest ==~ ImageReference.DIGEST)) {
            steps.error("${STEP}: the builder wrote '${digest}' to ${digestFile}, not a sha256 digest — " +
                'check that the builder command is the finpipe image-builder')
        }
        return [image: "${config.repository}@${digest}".toString(), digest: digest, tags: tags]
    }

    /** The digest ECR holds under this tag, or null when the repository has no such tag. */
    private String pushedDigest(String tag, String files) {
        String answer = "${files}.pushed"
        String problem = "${answer}.err"
        int status = steps.sh(script: lookupCommand(config, tag, answer, problem), returnStatus: true,
            label: "${STEP} looks up ${config.repository}:${tag}")
        if (status != 0) {
            String reason = steps.readFile(problem).trim()
            if (reason.contains('ImageNotFoundException')) {
                return null
            }
            steps.error("${STEP}: could not check whether ${config.repository}:${tag} is already in ECR — " +
                "aws ecr describe-images failed with exit code ${status}: ${reason} — fix that (the agent's role needs " +
                "ecr:DescribeImages on the repository, and the repository must exist), then run the build again")
        }
        String digest = steps.readFile(answer).trim()
        if (!(digest ==~ ImageReference.DIGEST)) {
            steps.error("${STEP}: aws ecr describe-images answered '${digest}' for ${config.repository}:${tag}, not a " +
                'sha256 digest — check the aws CLI on the agent (version 2 expected)')
        }
        return digest
    }

    private int runBuilder(String command) {
        return steps.sh(script: command, label: "${STEP} ${config.repository}", returnStatus: true)
    }

    /** Checks across keys and against the Docker reference grammar; empty when the config is usable. */
    @NonCPS
    static List<String> problems(Map config) {
        List<String> found = [ImageReference.repositoryProblem(config.repository)]
        if (config.tags != null && config.tags.isEmpty()) {
            found << "'tags' is empty — list at least one tag, or omit 'tags' to tag with the short git SHA"
        }
        config.tags.each { found << ImageReference.tagProblem(it, config.allowMutableTags) }
        if (config.baseImage && config.baseImageTar) {
            found << "both 'baseImage' and 'baseImageTar' are set — give exactly one"
        } else if (!config.baseImage && !config.baseImageTar) {
            found << "no base image — set 'baseImage' (a registry reference) or 'baseImageTar' (a docker-archive tar)"
        } else if (config.baseImage) {
            found << baseImageProblem(config.baseImage, config.requireDigestBase)
        }
        List<String> logins = ['credentialsId', 'ecrRegion', 'credentialHelper'].findAll { config[it] }
        if (logins.size() > 1) {
            found << "${logins.collect { "'${it}'" }.join(' and ')} each log in to the registry — use only one"
        }
        if (config.ecrRegion && !(config.repository ==~ ECR_REPOSITORY)) {
            found << "'ecrRegion' logs in to ECR, but '${config.repository}' is not an ECR repository " +
                "(<account>.dkr.ecr.<region>.amazonaws.com/<name>) — for another registry use 'credentialsId' or " +
                "'credentialHelper'"
        }
        if (config.port && config.port > MAX_PORT) {
            found << "port ${config.port} is not a TCP port — use 1 to ${MAX_PORT}"
        }
        config.labels.each { key, value ->
            if (!(key ==~ /[A-Za-z0-9][A-Za-z0-9._\/-]*/)) {
                found << "label key '${key}' is not valid — use letters, digits, '.', '_', '-' and '/', " +
                    "e.g. 'com.example.team'"
            }
        }
        return found.findAll { it != null }*.toString()
    }

    @NonCPS
    private static String baseImageProblem(String baseImage, boolean requireDigest) {
        if (requireDigest && !ImageReference.isDigestPinned(baseImage)) {
            return "baseImage '${baseImage}' is not pinned by digest, so builds are not repeatable — use " +
                "'repository@sha256:<64 hex>', or set requireDigestBase: false"
        }
        String problem = ImageReference.pinnedImageProblem(baseImage)
        return problem ? "baseImage ${problem}" : null
    }

    /** The full commit SHA: env.GIT_COMMIT, else `git rev-parse HEAD` when it is needed for the default tag. */
    private String gitRevision() {
        String revision = steps.env.GIT_COMMIT
        if (!revision && !config.tags) {
            revision = steps.sh(script: 'git rev-parse HEAD', returnStdout: true).trim()
        }
        if (revision && !(revision ==~ GIT_SHA)) {
            steps.error("${STEP}: '${revision}' is not a git commit SHA — run in a git checkout " +
                "(env.GIT_COMMIT or 'git rev-parse HEAD'), or pass 'tags'")
        }
        return revision
    }

    /** OCI annotations from the build's environment; labels given by the user win. */
    private Map<String, String> labels(String revision, List<String> tags) {
        Map<String, String> oci = [
            'org.opencontainers.image.revision': revision,
            'org.opencontainers.image.source'  : withoutUserInfo(steps.env.GIT_URL),
            'org.opencontainers.image.version' : tags[0],
            'io.finpipe.build-url'             : steps.env.BUILD_URL,
        ]
        return withoutNulls(oci) + (config.labels ?: [:])
    }

    @NonCPS
    private static Map<String, String> withoutNulls(Map<String, String> map) {
        return map.findAll { key, value -> value }
    }

    /** A clone URL may carry a token (https://user:token@host/...): never put that into an image. */
    @NonCPS
    static String withoutUserInfo(String url) {
        return url?.replaceFirst(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\/@]*@/, '$1')
    }

    /**
     * `aws ecr describe-images` for one tag: the digest into `answer`, an error into `problem`. The registry id
     * is the account in the repository's host, which may be another account's (a shared ECR account).
     */
    @NonCPS
    static String lookupCommand(Map config, String tag, String answer, String problem) {
        List<String> words = ['aws', 'ecr', 'describe-images', '--region', config.ecrRegion,
                              '--registry-id', (config.repository =~ ECR_REPOSITORY)[0][1],
                              '--repository-name', config.repository.substring(config.repository.indexOf('/') + 1),
                              '--image-ids', "imageTag=${tag}", '--query', 'imageDetails[0].imageDigest', '--output', 'text']
        return "${words.collect { ShellWords.quote(it) }.join(' ')} >${ShellWords.quote(answer)} 2>${ShellWords.quote(problem)}"
    }

    /**
     * The shell script that runs the builder. The registry password only ever travels through a pipe into
     * --password-stdin, from a shell variable the shell expands (never Groovy): bound by withCredentials, or
     * assigned from `aws ecr get-login-password` (a failed login stops the script). POSIX sh; tracing is
     * switched off, as Jenkins' `sh -x` would print that assignment.
     */
    @NonCPS
    static String builderCommand(Map config, List<String> tags, Map<String, String> labels, String digestFile) {
        List<Object> words = ['build', '--app-dir', config.appDir, '--image', config.repository]
        tags.each { words += ['--tag', it] }
        words += config.baseImage ? ['--base-image', config.baseImage] : ['--base-image-tar', config.baseImageTar]
        if (config.mainClass) {
            words += ['--main-class', config.mainClass]
        }
        if (config.port) {
            words += ['--port', config.port]
        }
        labels.each { key, value -> words += ['--label', "${key}=${value}"] }
        if (config.insecureRegistry) {
            words << '--insecure-registry'
        }
        String ecrLogin = ''
        String passwordPipe = "printf '%s' ${new ShellVariable(REGISTRY_PASSWORD)} | "
        if (config.credentialsId) {
            words += ['--username', new ShellVariable(REGISTRY_USERNAME), '--password-stdin']
        } else if (config.ecrRegion) {
            ecrLogin = "${REGISTRY_PASSWORD}=\"\$(aws ecr get-login-password --region ${ShellWords.quote(config.ecrRegion)})\"\n"
            words += ['--username', 'AWS', '--password-stdin']
        } else {
            passwordPipe = ''
            if (config.credentialHelper) {
                words += ['--credential-helper', config.credentialHelper]
            }
        }
        words += ['--digest-file', digestFile]
        if (config.baseImage && config.requireDigestBase) {
            words << '--require-digest-base'
        }
        return "set -eu +x\nrm -f ${ShellWords.quote(digestFile)}\n${ecrLogin}" +
            "${passwordPipe}${config.builder} ${words.collect { ShellWords.quote(it) }.join(' ')}\n"
    }
}
