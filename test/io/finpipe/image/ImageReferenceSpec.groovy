package io.finpipe.image

import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

/** The Docker reference grammar both steps check input against (src/ class, PLAIN mode). */
@Unroll
class ImageReferenceSpec extends Specification {
    static final String DIGEST = 'sha256:' + '4c1f5e0b' * 8

    @Shared PipelineHarness jenkins = new PipelineHarness(Mode.PLAIN)
    @Shared Class grammar = jenkins.libraryClass('io.finpipe.image.ImageReference')

    def "repository #repository is accepted"() {
        expect:
        grammar.repositoryProblem(repository) == null

        where:
        repository << ['banking', 'team/banking', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking',
                       'localhost:5000/banking', '127.0.0.1:5000/team/sub/banking', 'Registry.Example.com/a_b/c__d/e-f--g.h']
    }

    def "repository #repository is refused: #why"() {
        expect:
        grammar.repositoryProblem(repository).contains(why)

        where:
        repository                            | why
        'Banking'                             | 'is not a valid repository name'
        'team//banking'                       | 'is not a valid repository name'
        'banking-'                            | 'is not a valid repository name'
        'team/banking app'                    | 'is not a valid repository name'
        'a/' + 'b' * 254                      | 'is longer than 255 characters'
        'banking:v1'                          | 'carries a tag or digest'
        "localhost:5000/banking@${DIGEST}"    | 'carries a tag or digest'
    }

    def "tag #tag: #verdict"() {
        expect:
        grammar.tagProblem(tag, false)?.replaceFirst(/ — .*/, '') == problem

        where:
        tag           | problem
        '0f3c2a9b1d4e'| null
        'v1.4.2_rc-1' | null
        'x' * 128     | null
        'x' * 129     | "tag '${'x' * 129}' is not a valid Docker tag"
        '.hidden'     | "tag '.hidden' is not a valid Docker tag"
        'a/b'         | "tag 'a/b' is not a valid Docker tag"
        'latest'      | "tag 'latest' is mutable, so a deployment of it cannot be repeated"
        'Latest'      | "tag 'Latest' is mutable, so a deployment of it cannot be repeated"
        'master'      | "tag 'master' is mutable, so a deployment of it cannot be repeated"
        verdict = problem ?: 'valid'
    }

    def "allowMutable lets #tag through"() {
        expect:
        grammar.tagProblem(tag, true) == null

        where:
        tag << grammar.MUTABLE_TAGS
    }

    def "image #image is pinned: #pinned"() {
        expect:
        (grammar.pinnedImageProblem(image) == null) == pinned
        grammar.isDigestPinned(image) == byDigest

        where:
        image                                       | pinned | byDigest
        'banking:0f3c2a9b1d4e'                      | true   | false
        "banking@${DIGEST}"                         | true   | true
        "localhost:5000/banking:v1@${DIGEST}"       | true   | true
        'localhost:5000/banking'                    | false  | false
        'banking'                                   | false  | false
        'banking@sha256:1234'                       | false  | false
        'banking:v1 --force'                        | false  | false
    }
}
