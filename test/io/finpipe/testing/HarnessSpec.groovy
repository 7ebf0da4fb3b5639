package io.finpipe.testing

import java.nio.file.Files
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream
import spock.lang.Specification
import spock.lang.Unroll

/** The harness itself: fakes behave like Jenkins, and CPS mode is as strict as Jenkins today. */
@Unroll
class HarnessSpec extends Specification {

    def "each, collect and for-in over a list run a step for every element [#mode]"() {
        given:
        def jenkins = new PipelineHarness(mode)

        when:
        def result = jenkins.runScript('''
            def names = ['a', 'b', 'c']
            names.each { sh "each ${it}" }
            for (n in names) { sh "for ${n}" }
            for (e in [x: 1, y: 2].entrySet()) { sh "entry ${e.key}=${e.value}" }
            return names.collect { sh(script: "collect ${it}", returnStdout: true).trim() }
        ''')

        then:
        jenkins.commands == ['each a', 'each b', 'each c', 'for a', 'for b', 'for c', 'entry x=1', 'entry y=2',
                             'collect a', 'collect b', 'collect c']
        result == ['', '', '']

        where:
        mode << Mode.values()
    }

    def "CPS mode fails when a step runs while a non-serializable object is in scope, as Jenkins does"() {
        given:
        def jenkins = new PipelineHarness(Mode.CPS)

        when:
        jenkins.runScript('''
            def matcher = 'abc' =~ /b/
            sh 'echo step while a Matcher is live'
        ''')

        then:
        def e = thrown(AssertionError)
        e.message.contains('does not serialize')
    }

    def "sh answers by last matching rule, fails on non-zero exit unless returnStatus [#mode]"() {
        given:
        def jenkins = new PipelineHarness(mode)
        jenkins.sh.answer('terraform', stdout: 'generic\n')
        jenkins.sh.answer(~/terraform plan .*/, status: 2)
        jenkins.sh.answer('state list', stdout: ['one\n', ''])

        when:
        def result = jenkins.runScript('''
            [sh(script: 'terraform version', returnStdout: true),
             sh(script: 'terraform plan -out=x', returnStatus: true),
             sh(script: 'terraform state list', returnStdout: true),
             sh(script: 'terraform state list', returnStdout: true),
             sh(script: 'true', returnStatus: true)]
        ''')

        then:
        result == ['generic\n', 2, 'one\n', '', 0]

        when:
        jenkins.runScript("sh 'terraform plan -out=x'")

        then:
        def e = thrown(AbortException)
        e.message == 'script returned exit code 2'

        where:
        mode << Mode.values()
    }

    def "error throws and stops the script [#mode]"() {
        given:
        def jenkins = new PipelineHarness(mode)

        when:
        jenkins.runScript("error 'stop here'\nsh 'never'")

        then:
        def e = thrown(AbortException)
        e.message == 'stop here'
        jenkins.commands == []

        where:
        mode << Mode.values()
    }

    def "dir, withEnv and withCredentials scope sh; secrets are found where they leak [#mode]"() {
        given:
        def jenkins = new PipelineHarness(mode)
        jenkins.credential('token', 's3cr3t')

        when:
        jenkins.runScript('''
            dir('infra') {
                withEnv(['TF_IN_AUTOMATION=1']) {
                    withCredentials([string(credentialsId: 'token', variable: 'TOKEN')]) {
                        sh 'use "$TOKEN"'
                        echo "leaked ${env.TOKEN}"
                    }
                }
                writeFile file: 'out.txt', text: 'hello'
            }
            sh 'after'
        ''')

        then:
        jenkins.shCalls == [[script: 'use "$TOKEN"', dir: 'infra', env: [TF_IN_AUTOMATION: '1', TOKEN: 's3cr3t']],
                            [script: 'after', dir: '.', env: [:]]]
        jenkins.files == ['infra/out.txt': 'hello']
        jenkins.exposures('s3cr3t') == ['echo(leaked s3cr3t)']
        !jenkins.env.containsKey('TOKEN')

        where:
        mode << Mode.values()
    }

    def "with a real workspace, exposures finds a value in any file under it, inside zip archives too"() {
        given: 'a state file, and a zip as Terraform saves a plan: deflated, so the bytes alone do not show the value'
        def jenkins = new PipelineHarness(Mode.PLAIN)
        File workspace = Files.createTempDirectory('harness-workspace').toFile()
        jenkins.useRealWorkspace(workspace)
        new File(workspace, 'infra').mkdirs()
        new File(workspace, 'infra/state.txt').text = 'password=s3cr3t'
        new File(workspace, 'clean.txt').text = 'nothing here'
        new File(workspace, 'infra/tfplan').withOutputStream { out ->
            new ZipOutputStream(out).withCloseable { zip ->
                zip.putNextEntry(new ZipEntry('tfplan'))
                zip.write(('variables: ' + 's3cr3t ' * 20).bytes)
            }
        }

        expect:
        !new File(workspace, 'infra/tfplan').getText('ISO-8859-1').contains('s3cr3t')
        jenkins.exposures('s3cr3t') as Set == ['file infra/state.txt', 'file infra/tfplan (zip entry tfplan)'] as Set
        jenkins.exposures('elsewhere') == []

        cleanup:
        workspace.deleteDir()
    }

    def "input answers from the queue, rejection throws, an unscripted input fails the spec [#mode]"() {
        given:
        def jenkins = new PipelineHarness(mode)
        jenkins.answerInput('dev')
        jenkins.rejectInput('alice')

        when:
        def typed = jenkins.runScript("input message: 'type it', parameters: [string(name: 'ENV')]")

        then:
        typed == 'dev'

        when:
        jenkins.runScript("input message: 'again'")

        then:
        def rejected = thrown(InputRejected)
        rejected.by == 'alice'

        when:
        jenkins.runScript("input message: 'unscripted'")

        then:
        thrown(AssertionError)

        where:
        mode << Mode.values()
    }

    def "readJSON returns serializable maps, so CPS code can hold them across steps [#mode]"() {
        given:
        def jenkins = new PipelineHarness(mode)
        jenkins.files['plan.json'] = '{"a": {"b": [1, 2]}}'

        when:
        def result = jenkins.runScript('''
            def parsed = readJSON file: 'plan.json'
            sh 'a step while parsed JSON is in scope'
            return parsed.a.b
        ''')

        then:
        result == [1, 2]

        where:
        mode << Mode.values()
    }
}
