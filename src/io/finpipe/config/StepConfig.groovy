package io.finpipe.config

import com.cloudbees.groovy.cps.NonCPS
import java.util.regex.Pattern

/**
 * The one way a finpipe step takes its configuration: a declared schema that merges documented
 * defaults with the caller's map and validates it before the step does anything.
 *
 *   Map config = StepConfig.of('terraformApply')
 *       .required('dir', String, example: 'app-infra')
 *       .required('environment', String, example: 'dev', matches: ~/[a-z0-9-]{1,20}/,
 *                 hint: '1 to 20 lowercase letters, digits or dashes')
 *       .optional('lockTimeout', String, '5m', matches: ~/[1-9][0-9]*[smh]/, hint: 'a duration such as 30s, 5m or 1h')
 *       .optional('approvalTimeoutMinutes', Integer, 60, min: 1)
 *       .optional('approvers', List, [], example: ['release-managers'])
 *       .resolve(this, args)
 *
 * Types: String (non-empty; GStrings become Strings), Integer, Boolean, List (of Strings unless
 * `elements:` says otherwise), Map (String keys; values of any type but null unless `elements:` says).
 * Constraints: matches (a Pattern the whole String, every element of a list, or every key of a map must
 * match), min (Integer), oneOf (allowed values), hint (what a valid value looks like), example (shown in
 * errors; required parameters need one), secret (never show the value).
 *
 * resolve() returns every declared parameter (defaults copied fresh, absent optional ones null) or, through
 * the step's own `error`, stops the step with one line per problem, each
 * `<step>: <what is wrong> — <how to fix>`. Unknown keys, missing required keys, wrong types and
 * malformed values are all reported at once.
 */
class StepConfig implements Serializable {
    private static final long serialVersionUID = 1L
    private static final List<Class> TYPES = [String, Integer, Boolean, List, Map]
    private static final List<String> CONSTRAINTS = ['example', 'matches', 'min', 'oneOf', 'hint', 'secret', 'elements']

    final String step
    private final Map<String, Map> parameters = [:]

    private StepConfig(String step) {
        this.step = step
    }

    @NonCPS
    static StepConfig of(String step) {
        new StepConfig(step)
    }

    @NonCPS
    StepConfig required(Map constraints = [:], String name, Class type) {
        if (!constraints.containsKey('example')) {
            throw new IllegalArgumentException("${step}: required parameter '${name}' needs an example: value")
        }
        declare(name, type, true, null, constraints)
    }

    @NonCPS
    StepConfig optional(Map constraints = [:], String name, Class type, Object defaultValue) {
        declare(name, type, false, defaultValue, constraints)
    }

    /** Validates `args` against the schema; returns the merged configuration or calls steps.error(). */
    Map resolve(Object steps, Map args) {
        List<String> problems = problemsWith(args ?: [:])
        if (problems) {
            steps.error(problems.join('\n'))
        }
        return merge(args ?: [:])
    }

    @NonCPS
    List<String> getParameterNames() {
        new ArrayList<String>(parameters.keySet())
    }

    /** The smallest valid call: each required parameter with its example value. */
    @NonCPS
    Map<String, Object> exampleArguments() {
        parameters.findAll { name, p -> p.required }.collectEntries { name, p -> [(name): normalize(p.example)] }
    }

    @NonCPS
    private StepConfig declare(String name, Class type, boolean required, Object defaultValue, Map constraints) {
        if (!(type in TYPES)) {
            throw new IllegalArgumentException("${step}: parameter '${name}' has type ${type.simpleName}; use one of ${TYPES*.simpleName}")
        }
        def unknown = constraints.keySet() - CONSTRAINTS
        if (unknown) {
            throw new IllegalArgumentException("${step}: parameter '${name}' has unknown constraints ${unknown}; use ${CONSTRAINTS}")
        }
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("${step}: parameter '${name}' is declared twice")
        }
        parameters[name] = [type: type, required: required, defaultValue: defaultValue,
                            elements: type == List ? (constraints.elements ?: String) : constraints.elements] + constraints
        this
    }

    @NonCPS
    private List<String> problemsWith(Map args) {
        List<String> problems = []
        List unknown = args.keySet().findAll { !parameters.containsKey(it) } as List
        if (unknown) {
            problems << line("unknown parameter${unknown.size() > 1 ? 's' : ''} ${unknown.collect { "'${it}'" }.join(', ')}",
                    "valid parameters are: ${parameters.keySet().join(', ')}")
        }
        parameters.each { String name, Map p ->
            Object value = args[name]
            if (value == null) {
                if (p.required) {
                    problems << line("missing required parameter '${name}'", "add ${name}: ${literal(p.example)}")
                }
            } else {
                String problem = problemWith(name, p, value)
                if (problem) {
                    problems << problem
                }
            }
        }
        problems
    }

    @NonCPS
    private String problemWith(String name, Map p, Object value) {
        if (value instanceof Map && value.containsValue(null)) {
            // a null would reach the command as the text "null"
            def key = value.find { k, v -> v == null }.key
            return line("parameter '${name}' has no value for the key ${literal(key)} (it is null)",
                    "give it a value, or leave the key out${exampleSuffix(name, p)}")
        }
        String typeProblem = typeProblem(p, value)
        if (typeProblem) {
            return line("parameter '${name}' must be ${typeProblem}", "pass it as ${name}: ${literal(sample(p))}")
        }
        Object normal = normalize(value)
        String shown = p.secret ? '(hidden)' : literal(normal)
        if (normal instanceof String && normal.trim().isEmpty()) {
            return line("parameter '${name}' is empty", "pass ${describe(p)}${exampleSuffix(name, p)}")
        }
        if (p.matches) {
            List texts = normal instanceof List ? normal : normal instanceof Map ? normal.keySet() as List : [normal]
            def bad = texts.find { !(it ==~ (Pattern) p.matches) }
            if (bad != null) {
                String what = normal instanceof List ? "contains ${p.secret ? '(hidden)' : literal(bad)}" :
                        normal instanceof Map ? "has the key ${literal(bad)}" : "is ${shown}"
                return line("parameter '${name}' ${what}, which does not match /${p.matches}/",
                        "use ${p.hint ?: 'a value matching that pattern'}${exampleSuffix(name, p)}")
            }
        }
        if (p.min != null && normal < p.min) {
            return line("parameter '${name}' is ${shown}, less than ${p.min}",
                    "use a whole number of at least ${p.min}${exampleSuffix(name, p)}")
        }
        if (p.oneOf != null && !(normal in p.oneOf)) {
            return line("parameter '${name}' is ${shown}, not one of the allowed values",
                    "use one of: ${p.oneOf.collect { literal(it) }.join(', ')}")
        }
        null
    }

    /** @return what the value should have been, or null when its type is right */
    @NonCPS
    private static String typeProblem(Map p, Object value) {
        Class type = p.type
        boolean ok
        switch (type) {
            case String: ok = value instanceof CharSequence; break
            case Integer: ok = value instanceof Integer || value instanceof Long && value == (int) value; break
            case Boolean: ok = value instanceof Boolean; break
            case List:
                ok = value instanceof List && value.every { it != null && conforms(p.elements, it) }
                break
            default:
                ok = value instanceof Map && value.every { k, v ->
                    k instanceof CharSequence && (p.elements == null || conforms(p.elements, v))
                }
        }
        ok ? null : "${describe(p)}, not ${describeValue(p, value)}"
    }

    @NonCPS
    private static boolean conforms(Class type, Object element) {
        type == String ? element instanceof CharSequence : type.isInstance(element)
    }

    @NonCPS
    private static String describe(Map p) {
        switch (p.type) {
            case String: return 'a non-empty string'
            case Integer: return 'a whole number'
            case Boolean: return 'true or false'
            case List: return p.elements == String ? 'a list of strings' : "a list of ${p.elements.simpleName}"
            default: return p.elements == null ? 'a map with string keys' :
                    "a map of strings to ${p.elements == String ? 'strings' : p.elements.simpleName}"
        }
    }

    @NonCPS
    private static String describeValue(Map p, Object value) {
        if (value instanceof List && p.type == List) {
            def odd = value.find { it == null || !conforms(p.elements, it) }
            return "a list holding ${odd == null ? 'null' : odd.getClass().simpleName}"
        }
        if (value instanceof Map && p.type == Map) {
            def odd = value.find { k, v -> !(k instanceof CharSequence) || p.elements != null && !conforms(p.elements, v) }
            return "a map holding ${odd.key instanceof CharSequence ? odd.value.getClass().simpleName : "the key ${odd.key}"}"
        }
        if (value instanceof List) {
            return 'a list'
        }
        value instanceof CharSequence ? 'a string' : value.getClass().simpleName
    }

    @NonCPS
    private static Object sample(Map p) {
        if (p.example != null) {
            return p.example
        }
        if (p.defaultValue != null && !p.secret) {
            return p.defaultValue
        }
        [(String): '...', (Integer): 1, (Boolean): true, (List): ['...'], (Map): [key: '...']][p.type]
    }

    @NonCPS
    private String exampleSuffix(String name, Map p) {
        Object example = p.example != null ? p.example : p.defaultValue
        example == null || p.secret ? '' : ", e.g. ${name}: ${literal(example)}"
    }

    @NonCPS
    private String line(String whatIsWrong, String howToFix) {
        "${step}: ${whatIsWrong} — ${howToFix}"
    }

    @NonCPS
    private Map merge(Map args) {
        Map merged = [:]
        parameters.each { String name, Map p ->
            merged[name] = args[name] != null ? normalize(args[name]) : normalize(p.defaultValue)
        }
        merged
    }

    /** GStrings become Strings, at any depth, so configuration compares and serializes plainly. */
    @NonCPS
    private static Object normalize(Object value) {
        if (value instanceof CharSequence) {
            return value.toString()
        }
        if (value instanceof List) {
            return value.collect { normalize(it) }
        }
        if (value instanceof Map) {
            return value.collectEntries { k, v -> [(k.toString()): normalize(v)] }
        }
        value
    }

    /** A value as a Groovy literal, as a user would write it in a Jenkinsfile. */
    @NonCPS
    private static String literal(Object value) {
        if (value instanceof CharSequence) {
            return "'${value}'"
        }
        if (value instanceof List) {
            return "[${value.collect { literal(it) }.join(', ')}]"
        }
        if (value instanceof Map) {
            return value.isEmpty() ? '[:]' : "[${value.collect { k, v -> "${k ==~ /[A-Za-z_]\w*/ ? k : literal(k)}: ${literal(v)}" }.join(', ')}]"
        }
        String.valueOf(value)
    }
}
