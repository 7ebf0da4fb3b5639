package io.finpipe.testing.declarative

/*
 * The collectors behind DeclarativePipeline: each declarative section's closure runs with one of these
 * as its delegate (DELEGATE_FIRST), so the section's keywords land here. Anything a collector does not
 * declare (a step inside `steps`, `env`, `params`, a Jenkinsfile variable) falls through the closure's
 * owners to the script, where JenkinsPipelineUnit intercepts it. Collectors therefore keep their data in
 * one field, `collected`, and declare no catch-all except where a section holds no steps.
 */

class Sections {
    /** Runs a section's closure against the collector and returns the collector. */
    static <T> T collect(T section, Closure body) {
        Closure bound = body.rehydrate(section, body.owner, body.thisObject)
        bound.resolveStrategy = Closure.DELEGATE_FIRST
        bound.call()
        section
    }
}

class PipelineSection {
    final Map collected = [agent: null, options: [], parameters: [], environment: null, stages: [], post: [:],
                           triggers: [], tools: []]

    void agent(Object keyword) { collected.agent = keyword }

    void agent(Closure body) { collected.agent = Sections.collect(new AgentSection(), body).collected }

    void options(Closure body) { collected.options = Sections.collect(new RecordingSection(), body).collected }

    void parameters(Closure body) { collected.parameters = Sections.collect(new RecordingSection(), body).collected }

    void triggers(Closure body) { collected.triggers = Sections.collect(new RecordingSection(), body).collected }

    void tools(Closure body) { collected.tools = Sections.collect(new RecordingSection(), body).collected }

    /** Kept as a closure: Jenkins evaluates environment values when the section starts, not before. */
    void environment(Closure body) { collected.environment = body }

    void stages(Closure body) { collected.stages = Sections.collect(new StagesSection(), body).collected }

    void post(Closure body) { collected.post = Sections.collect(new PostSection(), body).collected }
}

/** `stages { }` and `parallel { }`: a list of stages. */
class StagesSection {
    final List<StageSection> collected = []

    void stage(String name, Closure body) {
        collected << Sections.collect(new StageSection(name), body)
    }
}

class StageSection {
    final Map collected

    StageSection(String name) {
        collected = [name: name, agent: null, when: null, input: null, environment: null, steps: null,
                     stages: [], parallel: [], post: [:], options: []]
    }

    void agent(Object keyword) { collected.agent = keyword }

    void agent(Closure body) { collected.agent = Sections.collect(new AgentSection(), body).collected }

    void when(Closure body) { collected.when = Sections.collect(new WhenSection(), body) }

    void input(Closure body) { collected.input = Sections.collect(new InputSection(), body).collected }

    void environment(Closure body) { collected.environment = body }

    void options(Closure body) { collected.options = Sections.collect(new RecordingSection(), body).collected }

    void steps(Closure body) { collected.steps = body }

    void stages(Closure body) { collected.stages = Sections.collect(new StagesSection(), body).collected }

    void parallel(Closure body) { collected.parallel = Sections.collect(new StagesSection(), body).collected }

    void failFast(boolean ignored) {}

    void post(Closure body) { collected.post = Sections.collect(new PostSection(), body).collected }
}

/** `agent { label 'linux' }` → `[label: 'linux']`. Holds no steps, so it records any keyword. */
class AgentSection {
    final Map collected = [:]

    def methodMissing(String name, Object args) {
        Object[] values = args as Object[]
        collected[name] = values.length == 1 ? values[0] : values.toList()
    }
}

/**
 * options, parameters, triggers, tools: each call recorded as `[name, argument...]`, in order.
 * A call used as another's argument (`buildDiscarder(logRotator(...))`) stays only inside that call.
 */
class RecordingSection {
    final List<List> collected = []

    def methodMissing(String name, Object args) {
        List call = [name] + (args as Object[]).toList()
        collected.removeAll { recorded -> call.tail().any { it.is(recorded) } }
        collected << call
        call
    }
}

/** `FOO = 'bar'` assignments; values are strings, as in Jenkins. */
class EnvironmentSection {
    final Map<String, String> collected = [:]

    @Override
    void setProperty(String name, Object value) {
        collected[name] = value?.toString()
    }
}

class InputSection {
    final Map collected = [:]

    void message(String text) { collected.message = text }

    void ok(String text) { collected.ok = text }

    void submitter(String users) { collected.submitter = users }

    void id(String id) { collected.id = id }

    void submitterParameter(String name) { collected.submitterParameter = name }

    void parameters(Closure body) { collected.parameters = Sections.collect(new RecordingSection(), body).collected }
}

class PostSection {
    final Map<String, Closure> collected = [:]

    void always(Closure body) { collected.always = body }

    void success(Closure body) { collected.success = body }

    void failure(Closure body) { collected.failure = body }

    void unstable(Closure body) { collected.unstable = body }

    void aborted(Closure body) { collected.aborted = body }

    void unsuccessful(Closure body) { collected.unsuccessful = body }

    void cleanup(Closure body) { collected.cleanup = body }

    void changed(Closure body) { notModelled('changed') }

    void fixed(Closure body) { notModelled('fixed') }

    void regression(Closure body) { notModelled('regression') }

    private static void notModelled(String condition) {
        throw new UnsupportedOperationException("DeclarativePipeline: post { ${condition} } compares with the " +
                'previous build, which this test support does not model — test that block another way')
    }

    static boolean applies(String condition, String result) {
        switch (condition) {
            case 'always': case 'cleanup': return true
            case 'unsuccessful': return result != 'SUCCESS'
            default: return condition.toUpperCase() == result
        }
    }
}

/** `when { }`: every condition must hold (an implicit allOf), as in Jenkins. */
class WhenSection {
    final List<Closure> collected = []

    boolean holds(Binding binding) {
        collected.every { it.call(binding) }
    }

    private static Map env(Binding binding) {
        binding.getVariable('env') as Map
    }

    /** Ant-style glob (`*`, `**`, `?`), Jenkins' default comparator for branch and tag. */
    private static String glob(String pattern) {
        pattern.split(/\*\*/, -1).collect { part ->
            part.split(/\*/, -1).collect { java.util.regex.Pattern.quote(it).replace('?', '\\E.\\Q') }.join('[^/]*')
        }.join('.*')
    }

    void branch(String pattern) {
        collected << { Binding b -> (env(b).BRANCH_NAME ?: '') ==~ glob(pattern) }
    }

    void changeRequest() {
        collected << { Binding b -> env(b).CHANGE_ID != null }
    }

    void changeRequest(Map filters) {
        Map envNames = [target: 'CHANGE_TARGET', branch: 'CHANGE_BRANCH', id: 'CHANGE_ID', author: 'CHANGE_AUTHOR']
        def unknown = filters.keySet() - envNames.keySet()
        if (unknown) throw new UnsupportedOperationException("DeclarativePipeline: changeRequest ${unknown} not modelled")
        collected << { Binding b -> env(b).CHANGE_ID != null && filters.every { k, v -> env(b)[envNames[k]] == v } }
    }

    void tag(String pattern) {
        collected << { Binding b -> env(b).TAG_NAME != null && env(b).TAG_NAME ==~ glob(pattern) }
    }

    void buildingTag() {
        collected << { Binding b -> env(b).TAG_NAME != null }
    }

    void environment(Map nameAndValue) {
        collected << { Binding b -> env(b)[nameAndValue.name] == nameAndValue.value }
    }

    void expression(Closure body) {
        collected << { Binding b -> body.call() as boolean }
    }

    void allOf(Closure body) {
        WhenSection nested = Sections.collect(new WhenSection(), body)
        collected << { Binding b -> nested.holds(b) }
    }

    void anyOf(Closure body) {
        WhenSection nested = Sections.collect(new WhenSection(), body)
        collected << { Binding b -> nested.collected.any { it.call(b) } }
    }

    void not(Closure body) {
        WhenSection nested = Sections.collect(new WhenSection(), body)
        collected << { Binding b -> !nested.holds(b) }
    }

    /** When to evaluate relative to agent/input/options: there are no real agents here, so ignored. */
    void beforeAgent(boolean ignored) {}

    void beforeInput(boolean ignored) {}

    void beforeOptions(boolean ignored) {}
}
