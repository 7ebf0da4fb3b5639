package io.finpipe.conventions

import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

/**
 * Conventions every step in vars/ keeps, including steps added later: it is documented (vars/<step>.txt
 * naming each parameter, and the README's step reference), it takes its map through StepConfig, and it
 * refuses unknown keys before running anything.
 *
 * The valid minimal call is learnt from the step itself: called with no arguments, StepConfig lists each
 * missing required parameter with an example (`add dir: 'app-infra'`); those examples must be valid.
 */
@Unroll
class StepConventionsSpec extends Specification {
    @Shared
    List<String> steps = PipelineHarness.stepNames()
    @Shared
    String readme = new File(PipelineHarness.LIBRARY_ROOT, 'README.md').text

    def "the library has steps to check"() {
        expect:
        steps.containsAll(['terraformApply', 'destroyEnv'])
    }

    def "#step has a help text in vars/, naming every parameter"() {
        given:
        def help = new File(PipelineHarness.LIBRARY_ROOT, "vars/${step}.txt")

        expect: "vars/${step}.txt exists, like jenkins-infra/pipeline-library's steps: parameters, defaults, return value, example"
        help.isFile()
        ['Parameters', 'Returns', 'Example'].every { help.text.contains(it) }

        and: 'every parameter the step accepts is named there'
        parameters(step).findAll { !help.text.contains("<code>${it}</code>") } == []

        where:
        step << steps
    }

    def "#step is in the README's step reference"() {
        given:
        def section = readme.split(/(?m)^## /).find { it.startsWith('Step reference') }

        expect: 'README.md has a "## Step reference" section'
        section != null

        and: "with a heading for the step: ### `${step}`"
        section.readLines().any { it ==~ /###\s+`${step}`.*/ }

        where:
        step << steps
    }

    def "#step rejects an unknown key, naming the step, before running anything [#mode]"() {
        given:
        def jenkins = new PipelineHarness(mode)

        when:
        jenkins.run(step, minimalCall(step) + [bogusKey: 1])

        then:
        def e = thrown(AbortException)
        e.message ==~ /${step}: unknown parameter 'bogusKey' — valid parameters are: .+/
        jenkins.commands == []

        where:
        [step, mode] << [steps, Mode.values()].combinations()
    }

    /** The smallest valid call, from the examples in the step's own "missing required parameter" errors. */
    private static Map minimalCall(String step) {
        String message = errorOf(step, [:])
        message == null ? [:] : message.readLines().collectEntries { line ->
            def missing = line =~ /^${step}: missing required parameter '(\w+)' — add \1: (.+)$/
            assert missing.matches(): "${step}() without arguments should only report missing required parameters with examples, got: ${line}"
            [(missing.group(1)): Eval.me(missing.group(2))]
        }
    }

    private static List<String> parameters(String step) {
        def valid = errorOf(step, [bogusKey: 1]).readLines()[0] =~ /valid parameters are: (.+)$/
        assert valid.find(): "${step} should refuse bogusKey listing its valid parameters"
        valid.group(1).split(', ') as List
    }

    private static String errorOf(String step, Map args) {
        try {
            new PipelineHarness(Mode.PLAIN).run(step, args)
            null
        } catch (AbortException e) {
            e.message
        }
    }
}
