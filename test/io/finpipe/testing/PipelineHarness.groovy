package io.finpipe.testing

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

import com.lesfurets.jenkins.unit.MethodCall
import com.lesfurets.jenkins.unit.PipelineTestHelper
import groovy.json.JsonOutput
import groovy.json.JsonSlurperClassic
import groovy.io.FileType
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.util.zip.ZipEntry
import java.util.zip.ZipInputStream

/**
 * Runs finpipe library code under JenkinsPipelineUnit 1.1, by composition (Spock specs cannot extend
 * BasePipelineTest). The library is loaded from the repository root as `@Library('finpipe')`, vars/
 * and src/ compiled from source: plainly (Mode.PLAIN) or CPS-transformed with Jenkins' each/collect/
 * iterators, checking the program state serializes whenever a step runs (Mode.CPS, see JenkinsCpsHelper).
 *
 * Pipeline steps are fakes that record what they were asked to do, with Jenkins' behaviour where it
 * matters: `error` and a failing `sh` throw AbortException; `input` answers from a queue
 * (answerInput/rejectInput, rejection throws InputRejected); withEnv/withCredentials bind environment
 * variables around their body; dir() sets the directory `sh` runs in; readFile/writeFile/fileExists/
 * readJSON/writeJSON use an in-memory workspace (`files`). Add or replace steps with step(...).
 *
 *   def jenkins = new PipelineHarness(mode)
 *   jenkins.sh.answer('terraform plan', status: 2)        // see ShellAnswers
 *   jenkins.answerInput(null)
 *   def result = jenkins.run('terraformApply', dir: 'infra', environment: 'dev')
 *   jenkins.commands == ['terraform init ...', ...]        // `sh` scripts in order; shCalls has env and dir
 *   jenkins.exposures('s3cr3t') == []                      // no step argument (sh, echo, ...) nor file holds it
 *
 * useRealWorkspace(dir) makes `sh` run for real (bash, in that directory plus dir(), with the bound
 * environment) and the file steps use real files: for specs that run the real Terraform CLI.
 */
class PipelineHarness {
    static final String LIBRARY = 'finpipe'
    static final File LIBRARY_ROOT = new File(System.getProperty('finpipe.library.root', '..')).canonicalFile
    private static final File SCRIPTS = Files.createTempDirectory('finpipe-harness').toFile()
    private static int scriptCount

    static {
        SCRIPTS.deleteOnExit()
    }

    final Mode mode
    final PipelineTestHelper helper
    final Binding binding = new Binding()
    final ShellAnswers sh = new ShellAnswers()
    /** each `sh`: [script: String, dir: String, env: Map of the variables bound by withEnv/withCredentials] */
    final List<Map> shCalls = []
    final List<String> echoes = []
    /** the in-memory workspace: path (relative, with dir() applied) -> text */
    final Map<String, String> files = [:]
    final Map<String, String> env = [WORKSPACE: '/workspace', JOB_NAME: 'finpipe', BUILD_NUMBER: '1']
    private final Map<String, String> boundEnv = [:]
    private final Map<String, Map> credentials = [:]
    private final List<Object> inputAnswers = []
    private final List<String> dirs = []
    private final Set<String> fakeSteps = []
    private File realWorkspace
    private Map<String, String> realEnvironment

    PipelineHarness(Mode mode) {
        this.mode = mode
        helper = mode == Mode.CPS ? new JenkinsCpsHelper() : new PipelineTestHelper()
        helper.scriptRoots = [LIBRARY_ROOT.path, SCRIPTS.path] as String[]
        helper.scriptExtension = 'groovy'
        helper.baseScriptRoot = LIBRARY_ROOT.path
        helper.baseClassloader = PipelineHarness.classLoader
        helper.imports += [NonCPS: 'com.cloudbees.groovy.cps.NonCPS']
        helper.methodInterceptor = interceptor(helper)
        helper.registerSharedLibrary(library(LIBRARY).defaultVersion('main').allowOverride(true)
                .retriever(new RepositoryRootSource(LIBRARY_ROOT)).targetPath(LIBRARY_ROOT.path).build())
        helper.init()
        binding.setVariable('env', env)
        binding.setVariable('params', [:])
        binding.setVariable('currentBuild', [result: 'SUCCESS', number: 1, description: null])
        registerSteps()
    }

    /**
     * JPU 1.1's interceptor, but finding the method by the arguments' classes: JPU passes the argument
     * values, so a Class argument (`required('dir', String)`) is taken for a type and the call fails.
     * Call depth (only used to indent printCallStack) is not tracked: it cost a stack walk per call.
     */
    private static Closure interceptor(PipelineTestHelper helper) {
        return { String name, Object[] args ->
            helper.registerMethodCall(delegate, 0, name, args)
            def intercepted = helper.getAllowedMethodEntry(name, args)
            if (intercepted != null && intercepted.value) {
                intercepted.value.delegate = delegate
                return helper.callClosure(intercepted.value, args)
            }
            Class[] types = args.collect { it?.getClass() } as Class[]
            MetaMethod method = delegate.metaClass.getMetaMethod(name, types)
            method ? helper.callMethod(method, delegate, args) : delegate.metaClass.invokeMissingMethod(delegate, name, args)
        }
    }

    // ---- running code ----

    /** Calls a library step as a Jenkinsfile would: `step(args)`; returns what the step returns. */
    Object run(String step, Map args) {
        binding.setVariable('stepArgs', args)
        runScript("@Library('${LIBRARY}') _\nreturn ${step}(stepArgs)")
    }

    /** The same with named arguments: run('terraformApply', dir: 'infra', environment: 'dev') */
    Object run(Map args = [:], String step) {
        run(step, args)
    }

    /** Runs pipeline script text (it may use the library with `@Library('finpipe') _`). */
    Object runScript(String text) {
        File script = new File(SCRIPTS, "inline${++scriptCount}.groovy")
        script.text = text
        script.deleteOnExit()
        helper.runScript(script.name, binding)
    }

    /** A library src/ class, for unit tests of src/ in PLAIN mode (CPS code cannot be called from a test). */
    Class libraryClass(String name) {
        if (mode != Mode.PLAIN) {
            throw new IllegalStateException('library classes can be called directly only in PLAIN mode')
        }
        helper.libLoader.loadLibrary(LIBRARY)
        helper.gse.groovyClassLoader.loadClass(name)
    }

    /** The pipeline script itself, as library classes receive it (`this` in a step), with the fake steps. */
    Script pipelineScript() {
        (Script) runScript("@Library('${LIBRARY}') _\nreturn this")
    }

    /** Names of all steps in vars/, including ones added later. */
    static List<String> stepNames() {
        new File(LIBRARY_ROOT, 'vars').listFiles().findAll { it.name.endsWith('.groovy') }
                .collect { it.name - '.groovy' }.sort()
    }

    // ---- scripting the world ----

    /** Registers (or replaces) a step; `impl` gets the step's arguments. */
    void step(String name, List<Class> parameterTypes = [], Closure impl) {
        fakeSteps << name
        helper.registerAllowedMethod(name, parameterTypes, impl)
    }

    /**
     * From now on `sh` runs for real in this directory (with this harness's environment plus
     * `processEnvironment`), and the file steps read and write real files.
     */
    void useRealWorkspace(File workspace, Map<String, String> processEnvironment = [:]) {
        realWorkspace = workspace
        realEnvironment = processEnvironment
        env.WORKSPACE = workspace.path
    }

    void credential(String id, String secret) {
        credentials[id] = [secret: secret]
    }

    void credential(Map usernamePassword, String id) {
        credentials[id] = usernamePassword
    }

    /** The next `input` returns this value (what the approver typed or chose; null for a plain Proceed). */
    void answerInput(Object value) {
        inputAnswers << value
    }

    /** The next `input` is aborted (or times out), as Jenkins does with a FlowInterruptedException. */
    void rejectInput(String by = 'approver') {
        inputAnswers << new InputRejected(by)
    }

    // ---- what happened ----

    List<String> getCommands() {
        shCalls*.script
    }

    /** Arguments of every call to a step or method, in order. */
    List<List> calls(String name) {
        helper.callStack.findAll { MethodCall call -> call.methodName == name }.collect { it.args as List }
    }

    /**
     * Where a value reached the build record: the arguments of any step (Jenkins logs or stores them:
     * sh scripts, echo, error, input messages, withEnv, ...) or a workspace file — in-memory, or with a
     * real workspace every file under it, zip archives (such as Terraform's saved plan) entry by entry.
     * Empty when nowhere.
     */
    List<String> exposures(String value) {
        List<String> places = helper.callStack.findAll { MethodCall call -> call.methodName in fakeSteps }
                .collect { MethodCall call -> "${call.methodName}(${call.argsToString()})".toString() }
        places += files.collect { path, text -> "file ${path}: ${text}".toString() }
        places = places.findAll { it.contains(value) }
        if (realWorkspace) {
            String bytes = latin1(value.getBytes(StandardCharsets.UTF_8))
            realWorkspace.eachFileRecurse(FileType.FILES) { File file ->
                String path = realWorkspace.toPath().relativize(file.toPath())
                contents(file.bytes).each { String entry, String content ->
                    if (content.contains(bytes)) places << "file ${path}${entry}".toString()
                }
            }
        }
        places
    }

    /** A file's bytes as text, or each entry's when it is a zip archive: [entry suffix: text] */
    private static Map<String, String> contents(byte[] bytes) {
        if (bytes.length < 4 || latin1(bytes[0..3] as byte[]) != 'PK\u0003\u0004') {
            return ['': latin1(bytes)]
        }
        Map<String, String> entries = [:]
        new ZipInputStream(new ByteArrayInputStream(bytes)).withCloseable { ZipInputStream zip ->
            for (ZipEntry entry = zip.nextEntry; entry != null; entry = zip.nextEntry) {
                entries[" (zip entry ${entry.name})".toString()] = latin1(zip.readAllBytes())
            }
        }
        entries
    }

    /** Bytes as one char each, so any file, binary or not, can be searched for a value's UTF-8 bytes. */
    private static String latin1(byte[] bytes) {
        new String(bytes, StandardCharsets.ISO_8859_1)
    }

    // ---- the fake steps ----

    private void registerSteps() {
        step('sh', [String]) { script -> runShell([script: script]) }
        step('sh', [Map]) { Map args -> runShell(args) }
        step('echo', [String]) { message -> echoes << message.toString() }
        step('error', [String]) { message -> throw new AbortException(message.toString()) }
        step('dir', [String, Closure]) { String path, Closure body ->
            dirs << path
            try {
                helper.callClosure(body)
            } finally {
                dirs.remove(dirs.size() - 1)
            }
        }
        step('withEnv', [List, Closure]) { List assignments, Closure body ->
            withBound(assignments.collectEntries { String a -> a.split('=', 2) as List }, body)
        }
        step('withCredentials', [List, Closure]) { List bindings, Closure body ->
            withBound(bindings.collectEntries { Map b -> bindCredential(b) }, body)
        }
        ['string', 'usernamePassword', 'file'].each { kind ->
            step(kind, [Map]) { Map args -> [kind: kind] + args }
        }
        step('timeout', [Map, Closure]) { Map args, Closure body -> helper.callClosure(body) }
        step('input', [String]) { String message -> input([message: message]) }
        step('input', [Map]) { Map args -> input(args) }
        step('readFile', [String]) { String path -> readFile(path) }
        step('readFile', [Map]) { Map args -> readFile(args.file) }
        step('writeFile', [Map]) { Map args -> writeFile(args.file, args.text.toString()) }
        step('fileExists', [String]) { String path ->
            realWorkspace ? new File(realWorkspace, workspacePath(path)).exists() : files.containsKey(workspacePath(path))
        }
        step('readJSON', [Map]) { Map args ->
            new JsonSlurperClassic().parseText(args.containsKey('text') ? args.text.toString() : readFile(args.file))
        }
        step('writeJSON', [Map]) { Map args -> writeFile(args.file, JsonOutput.toJson(args.json)) }
        step('isUnix', []) { true }
    }

    private Object runShell(Map args) {
        String script = args.script.toString()
        shCalls << [script: script, dir: dirs.join('/') ?: '.', env: new LinkedHashMap(boundEnv)]
        Map result = realWorkspace ? execute(script, args.returnStdout as boolean) : sh.resultFor(script)
        if (args.returnStatus) {
            return result.status
        }
        if (result.status != 0) {
            throw new AbortException("script returned exit code ${result.status}")
        }
        args.returnStdout ? result.stdout : null
    }

    /** Like Jenkins, output is shown unless returned (returnStdout output is not logged). */
    private Map execute(String script, boolean returnStdout) {
        def process = new ProcessBuilder('bash', '-eu', '-c', script)
                .directory(new File(realWorkspace, dirs.join('/') ?: '.'))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
        process.environment().putAll(realEnvironment + boundEnv)
        if (!returnStdout) {
            process.redirectOutput(ProcessBuilder.Redirect.INHERIT)
        }
        def running = process.start()
        String stdout = returnStdout ? running.inputStream.text : ''
        [status: running.waitFor(), stdout: stdout]
    }

    private Object withBound(Map bindings, Closure body) {
        Map<String, String> variables = bindings.collectEntries { k, v -> [(k.toString()): v?.toString()] }
        Map saved = boundEnv.subMap(variables.keySet())
        boundEnv.putAll(variables)
        env.putAll(variables)
        try {
            return helper.callClosure(body)
        } finally {
            variables.keySet().each { boundEnv.remove(it); env.remove(it) }
            boundEnv.putAll(saved)
            env.putAll(saved)
        }
    }

    private Map bindCredential(Map binding) {
        Map stored = credentials[binding.credentialsId]
        if (stored == null) {
            throw new AbortException("Could not find credentials entry with ID '${binding.credentialsId}'")
        }
        switch (binding.kind) {
            case 'usernamePassword':
                return [(binding.usernameVariable): stored.username, (binding.passwordVariable): stored.password]
            case 'file':
                String path = "/secrets/${binding.credentialsId}"
                return [(binding.variable): path]
            default:
                return [(binding.variable): stored.secret]
        }
    }

    private Object input(Map args) {
        if (inputAnswers.isEmpty()) {
            throw new AssertionError((Object) "input(${args}) was called, but the spec scripted no answer: answerInput or rejectInput")
        }
        Object answer = inputAnswers.remove(0)
        if (answer instanceof InputRejected) {
            throw answer
        }
        answer
    }

    private void writeFile(Object path, String text) {
        if (realWorkspace) {
            new File(realWorkspace, workspacePath(path)).text = text
        } else {
            files[workspacePath(path)] = text
        }
    }

    private String readFile(Object path) {
        String key = workspacePath(path)
        if (realWorkspace) {
            return new File(realWorkspace, key).text
        }
        if (!files.containsKey(key)) {
            throw new NoSuchFileException(key)
        }
        files[key]
    }

    private String workspacePath(Object path) {
        ((dirs + [path.toString()]).join('/')).replaceAll('(^|/)\\./', '$1')
    }
}
