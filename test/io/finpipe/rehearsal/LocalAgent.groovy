package io.finpipe.rehearsal

import groovy.json.JsonSlurperClassic
import io.finpipe.testing.AbortException
import io.finpipe.testing.PipelineHarness
import java.util.concurrent.TimeUnit

/**
 * Turns a PipelineHarness into a real Jenkins agent on this machine, so library steps run for real:
 * `sh` runs `sh -e -c SCRIPT` (as Jenkins runs `sh -xe`, without echoing the commands) in the workspace
 * directory with dir() applied, and with this JVM's environment plus the agent's (`environment`), the
 * build's `env` and what withEnv binds; readFile, writeFile, fileExists and readJSON use the real files;
 * sleep sleeps. `input` still answers from the harness' queue (answerInput), `error` still throws.
 * Every command and its output go to `log`; commands that take a second or more also go on the timeline.
 */
class LocalAgent {
    private static final long COMMAND_TIMEOUT_MINUTES = 15

    final PipelineHarness jenkins
    final File workspace
    final Map<String, String> environment
    final Timeline timeline
    final File log
    private final List<String> dirs = []
    private final Map<String, String> bound = [:]

    LocalAgent(PipelineHarness jenkins, File workspace, Map<String, String> environment, Timeline timeline, File log) {
        this.jenkins = jenkins
        this.workspace = workspace
        this.environment = environment
        this.timeline = timeline
        this.log = log
        install()
    }

    private File cwd() {
        dirs.inject(workspace) { File dir, String path -> new File(dir, path) } as File
    }

    private File file(Object path) {
        File f = new File(path.toString())
        f.absolute ? f : new File(cwd(), path.toString())
    }

    private void install() {
        jenkins.step('sh', [String]) { script -> sh([script: script]) }
        jenkins.step('sh', [Map]) { Map args -> sh(args) }
        jenkins.step('echo', [String]) { message ->
            jenkins.echoes << message.toString()
            log << "[echo] ${message}\n"
            timeline.mark("echo: ${message}")
        }
        jenkins.step('dir', [String, Closure]) { String path, Closure body ->
            dirs << path
            try {
                body.call()
            } finally {
                dirs.remove(dirs.size() - 1)
            }
        }
        jenkins.step('withEnv', [List, Closure]) { List assignments, Closure body ->
            Map<String, String> added = assignments.collectEntries { String a -> a.split('=', 2) as List }
            Map<String, String> saved = bound.subMap(added.keySet())
            bound.putAll(added)
            try {
                body.call()
            } finally {
                added.keySet().each { bound.remove(it) }
                bound.putAll(saved)
            }
        }
        jenkins.step('readFile', [String]) { String path -> file(path).text }
        jenkins.step('readFile', [Map]) { Map args -> file(args.file).text }
        jenkins.step('writeFile', [Map]) { Map args ->
            File target = file(args.file)
            target.parentFile.mkdirs()
            target.text = args.text.toString()
        }
        jenkins.step('fileExists', [String]) { String path -> file(path).exists() }
        jenkins.step('readJSON', [Map]) { Map args ->
            new JsonSlurperClassic().parseText(args.containsKey('text') ? args.text.toString() : file(args.file).text)
        }
        jenkins.step('sleep', [Map]) { Map args ->
            TimeUnit.valueOf((args.unit ?: 'SECONDS').toString()).sleep(args.time as long)
        }
    }

    private Object sh(Map args) {
        String script = args.script.toString()
        File stdout = File.createTempFile('sh-stdout', '.txt')
        try {
            ProcessBuilder builder = new ProcessBuilder('sh', '-e', '-c', script).directory(cwd())
            builder.environment().putAll(environment + (jenkins.env as Map<String, String>) + bound)
            log << "+ ${script}\n"
            builder.redirectOutput(args.returnStdout ? ProcessBuilder.Redirect.to(stdout) : ProcessBuilder.Redirect.appendTo(log))
            builder.redirectError(ProcessBuilder.Redirect.appendTo(log))
            double from = timeline.seconds()
            Process process = builder.start()
            process.outputStream.close()
            if (!process.waitFor(COMMAND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly()
                throw new AbortException("sh: '${script}' still ran after ${COMMAND_TIMEOUT_MINUTES} minutes: killed")
            }
            int status = process.exitValue()
            double took = timeline.seconds() - from
            if (took >= 1) {
                timeline.mark("  sh ${args.label ?: script.readLines()[0].take(110)}${status ? " → exit ${status}" : ''}", took)
            }
            if (args.returnStatus) return status
            if (status != 0) throw new AbortException("script returned exit code ${status}")
            args.returnStdout ? stdout.text : null
        } finally {
            stdout.delete()
        }
    }

    /** The last lines of the log, for failure messages. */
    String logTail(int lines = 60) {
        log.exists() ? log.readLines().takeRight(lines).join('\n') : ''
    }
}
