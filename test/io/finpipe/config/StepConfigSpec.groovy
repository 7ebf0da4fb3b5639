package io.finpipe.config

import io.finpipe.testing.AbortException
import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Specification
import spock.lang.Unroll

/** StepConfig on its own, in PLAIN mode (CPS-transformed src/ code cannot be called from a test). */
@Unroll
class StepConfigSpec extends Specification {
    PipelineHarness jenkins = new PipelineHarness(Mode.PLAIN)
    Class StepConfig = jenkins.libraryClass('io.finpipe.config.StepConfig')
    Script steps = jenkins.pipelineScript()

    def schema() {
        StepConfig.of('demo')
                .required('dir', String, example: 'app-infra')
                .required('environment', String, example: 'dev', matches: ~/[a-z0-9-]{1,20}/,
                        hint: '1 to 20 lowercase letters, digits or dashes')
                .optional('lockTimeout', String, '5m', matches: ~/[1-9][0-9]*[smh]/, hint: 'a duration such as 30s, 5m or 1h')
                .optional('timeoutMinutes', Integer, 60, min: 1)
                .optional('planOnly', Boolean, false)
                .optional('approvers', List, [], matches: ~/[\w.@-]+/, hint: 'Jenkins user or group names')
                .optional('vars', Map, [:])
                .optional('password', String, null, secret: true)
                .optional('mode', String, 'rolling', oneOf: ['rolling', 'blue-green'])
    }

    def "merges documented defaults with the caller's map; GStrings become Strings"() {
        given:
        def env = 'dev'

        when:
        def config = schema().resolve(steps, [dir: 'infra', environment: "${env}", approvers: ["ops-${env}"]])

        then:
        config == [dir: 'infra', environment: 'dev', lockTimeout: '5m', timeoutMinutes: 60, planOnly: false,
                   approvers: ['ops-dev'], vars: [:], password: null, mode: 'rolling']
        config.environment instanceof String
        config.approvers[0] instanceof String
    }

    def "a default list or map is fresh for every call"() {
        given:
        def config = schema()

        when:
        def first = config.resolve(steps, [dir: 'a', environment: 'dev'])
        first.vars.changed = 'yes'
        first.approvers << 'someone'
        def second = config.resolve(steps, [dir: 'a', environment: 'dev'])

        then:
        second.vars == [:]
        second.approvers == []
    }

    def "rejects #problem"() {
        when:
        schema().resolve(steps, args)

        then:
        def e = thrown(AbortException)
        e.message == message

        where:
        problem                   | args                                                        || message
        'an unknown key'          | [dir: 'a', environment: 'dev', bogusKey: 1]                || "demo: unknown parameter 'bogusKey' — valid parameters are: dir, environment, lockTimeout, timeoutMinutes, planOnly, approvers, vars, password, mode"
        'a missing required key'  | [environment: 'dev']                                        || "demo: missing required parameter 'dir' — add dir: 'app-infra'"
        'a null required key'     | [dir: null, environment: 'dev']                             || "demo: missing required parameter 'dir' — add dir: 'app-infra'"
        'a malformed value'       | [dir: 'a', environment: 'Prod!']                            || "demo: parameter 'environment' is 'Prod!', which does not match /[a-z0-9-]{1,20}/ — use 1 to 20 lowercase letters, digits or dashes, e.g. environment: 'dev'"
        'a too long value'        | [dir: 'a', environment: 'x' * 21]                           || "demo: parameter 'environment' is '${'x' * 21}', which does not match /[a-z0-9-]{1,20}/ — use 1 to 20 lowercase letters, digits or dashes, e.g. environment: 'dev'"
        'a zero timeout'          | [dir: 'a', environment: 'dev', timeoutMinutes: 0]           || "demo: parameter 'timeoutMinutes' is 0, less than 1 — use a whole number of at least 1, e.g. timeoutMinutes: 60"
        'a number as a string'    | [dir: 'a', environment: 'dev', timeoutMinutes: '30']        || "demo: parameter 'timeoutMinutes' must be a whole number, not a string — pass it as timeoutMinutes: 60"
        'a string for a boolean'  | [dir: 'a', environment: 'dev', planOnly: 'yes']             || "demo: parameter 'planOnly' must be true or false, not a string — pass it as planOnly: false"
        'a string for a list'     | [dir: 'a', environment: 'dev', approvers: 'alice']          || "demo: parameter 'approvers' must be a list of strings, not a string — pass it as approvers: []"
        'a list of numbers'       | [dir: 'a', environment: 'dev', approvers: ['alice', 7]]     || "demo: parameter 'approvers' must be a list of strings, not a list holding Integer — pass it as approvers: []"
        'a malformed list item'   | [dir: 'a', environment: 'dev', approvers: ['ok', 'b a d']]  || "demo: parameter 'approvers' contains 'b a d', which does not match /[\\w.@-]+/ — use Jenkins user or group names, e.g. approvers: []"
        'a list for a map'        | [dir: 'a', environment: 'dev', vars: ['a=b']]               || "demo: parameter 'vars' must be a map with string keys, not a list — pass it as vars: [:]"
        'a null map value'        | [dir: 'a', environment: 'dev', vars: [a: 'b', c: null]]     || "demo: parameter 'vars' has no value for the key 'c' (it is null) — give it a value, or leave the key out, e.g. vars: [:]"
        'a number as a map key'   | [dir: 'a', environment: 'dev', vars: [a: 'b', (2): 'c']]    || "demo: parameter 'vars' must be a map with string keys, not a map holding the key 2 — pass it as vars: [:]"
        'an empty string'         | [dir: ' ', environment: 'dev']                              || "demo: parameter 'dir' is empty — pass a non-empty string, e.g. dir: 'app-infra'"
        'a value not allowed'     | [dir: 'a', environment: 'dev', mode: 'canary']              || "demo: parameter 'mode' is 'canary', not one of the allowed values — use one of: 'rolling', 'blue-green'"
        'a lock timeout of 0'     | [dir: 'a', environment: 'dev', lockTimeout: '0s']           || "demo: parameter 'lockTimeout' is '0s', which does not match /[1-9][0-9]*[smh]/ — use a duration such as 30s, 5m or 1h, e.g. lockTimeout: '5m'"
    }

    def "reports every problem at once, one line each"() {
        when:
        schema().resolve(steps, [bogus: 1, other: 2, timeoutMinutes: -1])

        then:
        def e = thrown(AbortException)
        e.message.readLines() == [
                "demo: unknown parameters 'bogus', 'other' — valid parameters are: dir, environment, lockTimeout, timeoutMinutes, planOnly, approvers, vars, password, mode",
                "demo: missing required parameter 'dir' — add dir: 'app-infra'",
                "demo: missing required parameter 'environment' — add environment: 'dev'",
                "demo: parameter 'timeoutMinutes' is -1, less than 1 — use a whole number of at least 1, e.g. timeoutMinutes: 60"]
    }

    def "never shows a secret value in an error"() {
        when:
        schema().resolve(steps, [dir: 'a', environment: 'dev', password: '  '])

        then:
        def e = thrown(AbortException)
        e.message == "demo: parameter 'password' is empty — pass a non-empty string"

        when:
        StepConfig.of('demo').optional('token', String, null, secret: true, matches: ~/tok-.*/)
                .resolve(steps, [token: 's3cr3t'])

        then:
        e = thrown(AbortException)
        e.message == "demo: parameter 'token' is (hidden), which does not match /tok-.*/ — use a value matching that pattern"
        !e.message.contains('s3cr3t')
    }

    def "exposes its parameter names and the smallest valid call, for the convention spec"() {
        expect:
        schema().parameterNames == ['dir', 'environment', 'lockTimeout', 'timeoutMinutes', 'planOnly', 'approvers',
                                    'vars', 'password', 'mode']
        schema().exampleArguments() == [dir: 'app-infra', environment: 'dev']
    }

    def "schema mistakes are programming errors, caught when declared: #mistake"() {
        when:
        declaration.call(StepConfig)

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        mistake                   | declaration                                                                || message
        'a required key, no example' | { it.of('demo').required('dir', String) }                        || "demo: required parameter 'dir' needs an example: value"
        'an unsupported type'     | { it.of('demo').optional('n', Double, 1.0d) }                      || "demo: parameter 'n' has type Double; use one of [String, Integer, Boolean, List, Map]"
        'an unknown constraint'   | { it.of('demo').optional('n', Integer, 1, max: 3) }                || "demo: parameter 'n' has unknown constraints [max]; use [example, matches, min, oneOf, hint, secret, elements]"
        'a duplicate'             | { it.of('demo').optional('n', Integer, 1).optional('n', Integer, 2) } || "demo: parameter 'n' is declared twice"
    }

    def "works in pipeline code, CPS-transformed or not, stopping the script through error [#mode]"() {
        given:
        def pipeline = new PipelineHarness(mode)
        def script = '''
            @Library('finpipe') _
            import io.finpipe.config.StepConfig
            def config = StepConfig.of('demo').required('dir', String, example: 'infra')
                    .optional('names', List, ['a']).resolve(this, stepArgs)
            config.names.each { sh "echo ${it}" }
            return config
        '''

        when:
        pipeline.binding.setVariable('stepArgs', [dir: 'infra', names: ['x', 'y']])
        def config = pipeline.runScript(script)

        then:
        config == [dir: 'infra', names: ['x', 'y']]
        pipeline.commands == ['echo x', 'echo y']

        when:
        pipeline.binding.setVariable('stepArgs', [names: ['z']])
        pipeline.runScript(script)

        then:
        def e = thrown(AbortException)
        e.message == "demo: missing required parameter 'dir' — add dir: 'infra'"
        pipeline.commands == ['echo x', 'echo y']

        where:
        mode << Mode.values()
    }
}
