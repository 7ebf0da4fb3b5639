package io.finpipe.testing.declarative

import com.lesfurets.jenkins.unit.PipelineTestHelper
import io.finpipe.testing.InputRejected

/**
 * Runs a declarative Jenkinsfile under JenkinsPipelineUnit 1.1, which only knows scripted pipelines.
 *
 * `DeclarativePipeline.register(helper, binding)` makes `pipeline { }` an allowed method. Calling it
 * collects every section (agent, options, parameters, environment, stages with when / input / post /
 * nested stages / parallel, post) into plain objects, then runs them in Jenkins' order:
 * parameters' defaults → pipeline environment → stages in order (each: when → input → environment →
 * steps or children → stage post) → pipeline post. A stage that throws fails the build (ABORTED for a
 * rejected input, else FAILURE); later stages are skipped "due to earlier failure", as in Jenkins.
 * Steps run through the script, so registered step mocks and the call stack see them.
 *
 * The outcome is in {@link #lastRun}: build result, each stage's status, agents, options.
 *
 * Not modelled (honestly): validation of the Jenkinsfile's structure beyond what is needed to run it,
 * `matrix`, real parallelism (parallel children run one after another, failFast ignored), agents
 * (recorded, no node is allocated, no checkout), options (recorded, not enforced: no real timeout),
 * the `changed`/`fixed`/`regression` post conditions (they need the previous build: refused loudly),
 * `triggers`/`tools` (recorded).
 */
class DeclarativePipeline {

    /** What the last `pipeline { }` call did. */
    static class Run {
        String result = 'SUCCESS'
        Throwable failure
        /** stage name → SUCCESS, FAILURE, ABORTED, SKIPPED_BY_WHEN, SKIPPED_AFTER_FAILURE or SKIPPED_FOR_RESTART, in run order */
        final Map<String, String> stages = [:]
        /** stage name → the agent it asked for (`[label: 'linux']`, 'any', 'none' or null: inherited) */
        final Map<String, Object> agents = [:]
        List<List> options = []
        /** the `parameters` section as recorded, e.g. `[['booleanParam', [name: 'X', defaultValue: false]]]` */
        List<List> parameters = []
        Object agent

        List<String> stagesWith(String status) {
            stages.findAll { it.value == status }.keySet() as List
        }
    }

    private final Binding binding
    /** The Jenkinsfile being run: a stage's `input` directive calls its (mocked) `input` step. */
    private Script script
    Run lastRun
    /**
     * Runs the next pipeline as Jenkins' "Restart from Stage" does: a new run of the whole script in which
     * the top-level stages before this one are not run (SKIPPED_FOR_RESTART), so nothing they set exists.
     */
    String restartFrom

    private DeclarativePipeline(Binding binding) {
        this.binding = binding
    }

    /** Registers `pipeline { }` and the `script { }` step; returns the object that records the runs. */
    static DeclarativePipeline register(PipelineTestHelper helper, Binding binding) {
        def declarative = new DeclarativePipeline(binding)
        ['any', 'none'].each { keyword ->
            if (!binding.hasVariable(keyword)) binding.setVariable(keyword, keyword)
        }
        if (!binding.hasVariable('params')) binding.setVariable('params', [:])
        helper.registerAllowedMethod('pipeline', [Closure]) { Closure body ->
            declarative.script = (Script) delegate
            declarative.run(Sections.collect(new PipelineSection(), body))
        }
        helper.registerAllowedMethod('script', [Closure]) { Closure body -> body.call() }
        declarative
    }

    private void run(PipelineSection pipeline) {
        lastRun = new Run(options: pipeline.collected.options, parameters: pipeline.collected.parameters,
                agent: pipeline.collected.agent)
        Map params = binding.getVariable('params') as Map
        pipeline.collected.parameters.each { List definition ->
            Map settings = definition[1] as Map
            if (!params.containsKey(settings.name)) params[settings.name] = settings.defaultValue
        }
        List<StageSection> stages = pipeline.collected.stages
        if (restartFrom) {
            int from = stages.findIndexOf { it.collected.name == restartFrom }
            if (from < 0) {
                throw new IllegalArgumentException("restartFrom: no top-level stage '${restartFrom}' (Jenkins restarts only those)")
            }
            stages.take(from).each { skip(it, 'SKIPPED_FOR_RESTART') }
            stages = stages.drop(from)
        }
        withEnvironment(pipeline.collected.environment) {
            runStages(stages)
        }
        runPost(pipeline.collected.post, lastRun.result)
    }

    private void runStages(List<StageSection> stages) {
        stages.each { runStage(it) }
    }

    private void runStage(StageSection stage) {
        Map declared = stage.collected
        lastRun.agents[declared.name] = declared.agent
        if (lastRun.result != 'SUCCESS') {
            skip(stage, 'SKIPPED_AFTER_FAILURE')
            return
        }
        if (declared.when && !declared.when.holds(binding)) {
            skip(stage, 'SKIPPED_BY_WHEN')
            return
        }
        lastRun.stages[declared.name] = 'SUCCESS'
        String stageResult = 'SUCCESS'
        try {
            if (declared.input) script.invokeMethod('input', declared.input)
            withEnvironment(declared.environment) {
                if (declared.steps) declared.steps.call()
                if (declared.stages) runStages(declared.stages)
                if (declared.parallel) runParallel(declared.parallel)
            }
            if ((declared.stages || declared.parallel) && lastRun.result != 'SUCCESS') stageResult = lastRun.result
        } catch (Throwable failure) {
            stageResult = failure instanceof InputRejected ? 'ABORTED' : 'FAILURE'
            lastRun.failure = lastRun.failure ?: failure
            lastRun.result = stageResult
        }
        lastRun.stages[declared.name] = stageResult
        runPost(declared.post, stageResult)
    }

    /** Children run one after another; one failing does not stop its siblings (failFast is not modelled). */
    private void runParallel(List<StageSection> branches) {
        String worst = 'SUCCESS'
        branches.each { StageSection branch ->
            lastRun.result = 'SUCCESS'
            runStage(branch)
            if (lastRun.result != 'SUCCESS') worst = lastRun.result
        }
        lastRun.result = worst
    }

    private void skip(StageSection stage, String status) {
        lastRun.stages[stage.collected.name] = status
        (stage.collected.stages + stage.collected.parallel).each { skip(it, status) }
    }

    /** Jenkins' order of post conditions; `changed`, `fixed` and `regression` are refused when collected. */
    private static final List<String> POST_ORDER = ['always', 'aborted', 'failure', 'success', 'unstable',
                                                    'unsuccessful', 'cleanup']

    private void runPost(Map<String, Closure> post, String result) {
        POST_ORDER.findAll { post[it] && PostSection.applies(it, result) }.each { condition ->
            try {
                post[condition].call()
            } catch (Throwable failure) {
                lastRun.failure = lastRun.failure ?: failure
                lastRun.result = 'FAILURE'
            }
        }
    }

    /** Sets a section's environment on `env` for the duration of the body, as `withEnv` does. */
    private void withEnvironment(Closure environment, Closure body) {
        if (!environment) {
            body.call()
            return
        }
        Map env = binding.getVariable('env') as Map
        Map saved = new LinkedHashMap(env)
        env.putAll(Sections.collect(new EnvironmentSection(), environment).collected)
        try {
            body.call()
        } finally {
            env.clear()
            env.putAll(saved)
        }
    }
}
