package io.finpipe.image

import com.cloudbees.groovy.cps.NonCPS

/**
 * The Docker image reference grammar (github.com/distribution/reference), as plain regular
 * expressions, so that both steps reject a malformed repository, tag or image before any command runs.
 * Methods return an error text (null when valid) instead of throwing, so that the calling step can
 * put it into its own `error()` message.
 */
class ImageReference implements Serializable {

    private static final String DOMAIN_COMPONENT = /(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    private static final String DOMAIN = /${DOMAIN_COMPONENT}(?:\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/
    private static final String PATH_COMPONENT = /[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*/
    private static final String NAME = /(?:${DOMAIN}\/)?${PATH_COMPONENT}(?:\/${PATH_COMPONENT})*/
    static final String TAG = /[\w][\w.-]{0,127}/
    static final String DIGEST = /sha256:[a-f0-9]{64}/
    private static final int MAX_NAME_LENGTH = 255

    /** Tags that by convention move from image to image: a deployment pinned to one is not repeatable. */
    static final List<String> MUTABLE_TAGS = ['latest', 'stable', 'edge', 'nightly', 'main', 'master', 'develop', 'dev']

    /** A repository without tag or digest, e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking}. */
    @NonCPS
    static String repositoryProblem(String repository) {
        if (repository.length() > MAX_NAME_LENGTH) {
            return "'${repository}' is longer than ${MAX_NAME_LENGTH} characters — use a shorter repository name"
        }
        if (repository ==~ /${NAME}/) {
            return null
        }
        if (repository ==~ /${NAME}(?::${TAG})?(?:@${DIGEST})?/) {
            return "'${repository}' carries a tag or digest — give the repository alone and put tags in 'tags'"
        }
        return "'${repository}' is not a valid repository name — use lowercase path components, " +
            "optionally after a registry host, e.g. 'registry.example.com:5000/team/banking'"
    }

    @NonCPS
    static String tagProblem(String tag, boolean allowMutable) {
        if (!(tag ==~ /${TAG}/)) {
            return "tag '${tag}' is not a valid Docker tag — use letters, digits, '_', '.' and '-', " +
                'at most 128 characters, not starting with \'.\' or \'-\''
        }
        if (!allowMutable && MUTABLE_TAGS.contains(tag.toLowerCase())) {
            return "tag '${tag}' is mutable, so a deployment of it cannot be repeated — tag with an " +
                "immutable name such as the git SHA, or set allowMutableTags: true"
        }
        return null
    }

    /** An image pinned to a tag or a digest (or both): {@code repo:tag}, {@code repo@sha256:…}. */
    @NonCPS
    static String pinnedImageProblem(String image) {
        if (image ==~ /${NAME}(?::${TAG})?@${DIGEST}/ || image ==~ /${NAME}:${TAG}/) {
            return null
        }
        if (image ==~ /${NAME}/) {
            return "'${image}' has neither tag nor digest — give 'repository:tag' or 'repository@sha256:<64 hex>'"
        }
        return "'${image}' is not a valid image reference — give 'repository:tag' or 'repository@sha256:<64 hex>'"
    }

    @NonCPS
    static boolean isDigestPinned(String image) {
        return image ==~ /${NAME}(?::${TAG})?@${DIGEST}/
    }
}
