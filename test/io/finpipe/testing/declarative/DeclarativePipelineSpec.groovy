package io.finpipe.testing.declarative

import io.finpipe.testing.Mode
import io.finpipe.testing.PipelineHarness
import spock.lang.Specification
import spock.lang.Unroll

/** The declarative support itself: sections run in Jenkins' order with Jenkins' skip and post rules. */
@Unroll
class DeclarativePipelineSpec extends Specification {

    PipelineHarness jenkins = new PipelineHarness(Mode.PLAIN)
    DeclarativePipeline declarative = DeclarativePipeline.register(jenkins.helper, jenkins.binding)

    DeclarativePipeline.Run run(String pipeline) {
        jenkins.runScript(pipeline)
        declarative.lastRun
    }

    def "when { #condition } with #env → #expected"() {
        given:
        jenkins.env.putAll(env)

        when:
        def run = run("""
            pipeline {
                agent any
                stages {
                    stage('conditional') {
                        when { ${condition} }
                        steps { echo 'ran' }
                    }
                }
            }""")

        then:
        run.stages.conditional == expected
        jenkins.echoes == (expected == 'SUCCESS' ? ['ran'] : [])

        where:
        condition                                             | env                                        || expected
        "branch 'main'"                                       | [BRANCH_NAME: 'main']                      || 'SUCCESS'
        "branch 'main'"                                       | [BRANCH_NAME: 'maintenance']               || 'SKIPPED_BY_WHEN'
        "branch 'release/*'"                                  | [BRANCH_NAME: 'release/1.0']               || 'SUCCESS'
        "branch 'release/*'"                                  | [BRANCH_NAME: 'release/1.0/hotfix']        || 'SKIPPED_BY_WHEN'
        "branch 'release/**'"                                 | [BRANCH_NAME: 'release/1.0/hotfix']        || 'SUCCESS'
        "branch 'PR-?'"                                       | [BRANCH_NAME: 'PR-7']                      || 'SUCCESS'
        'changeRequest()'                                     | [BRANCH_NAME: 'PR-7', CHANGE_ID: '7']      || 'SUCCESS'
        'changeRequest()'                                     | [BRANCH_NAME: 'main']                      || 'SKIPPED_BY_WHEN'
        "changeRequest target: 'main'"                        | [CHANGE_ID: '7', CHANGE_TARGET: 'develop'] || 'SKIPPED_BY_WHEN'
        "environment name: 'DEPLOY', value: 'yes'"            | [DEPLOY: 'yes']                            || 'SUCCESS'
        "environment name: 'DEPLOY', value: 'yes'"            | [DEPLOY: 'no']                             || 'SKIPPED_BY_WHEN'
        "expression { env.BRANCH_NAME.size() > 3 }"           | [BRANCH_NAME: 'develop']                   || 'SUCCESS'
        "expression { null }"                                 | [:]                                        || 'SKIPPED_BY_WHEN'
        "allOf { branch 'main'; not { changeRequest() } }"    | [BRANCH_NAME: 'main']                      || 'SUCCESS'
        "anyOf { branch 'main'; branch 'develop' }"           | [BRANCH_NAME: 'develop']                   || 'SUCCESS'
        "anyOf { branch 'main'; branch 'develop' }"           | [BRANCH_NAME: 'feature']                   || 'SKIPPED_BY_WHEN'
        "beforeAgent true; branch 'main'; changeRequest()"    | [BRANCH_NAME: 'main']                      || 'SKIPPED_BY_WHEN'
        "buildingTag()"                                       | [TAG_NAME: 'v1.2']                         || 'SUCCESS'
        "tag 'v*'"                                            | [BRANCH_NAME: 'main']                      || 'SKIPPED_BY_WHEN'
    }

    def "a failing stage fails the build, skips what follows, and post blocks run in Jenkins' order"() {
        given:
        jenkins.sh.answer('make', status: 2)

        when:
        def run = run('''
            pipeline {
                agent none
                stages {
                    stage('one') {
                        steps { sh 'make' }
                        post { failure { echo 'stage failure' }; success { echo 'stage success' }; always { echo 'stage always' } }
                    }
                    stage('two') {
                        steps { echo 'never' }
                        post { always { echo 'never either' } }
                    }
                }
                post {
                    cleanup { echo 'cleanup' }
                    success { echo 'success' }
                    unsuccessful { echo 'unsuccessful' }
                    failure { echo 'failure' }
                    always { echo 'always' }
                }
            }''')

        then:
        run.result == 'FAILURE'
        run.failure.message == 'script returned exit code 2'
        run.stages == [one: 'FAILURE', two: 'SKIPPED_AFTER_FAILURE']
        jenkins.echoes == ['stage always', 'stage failure', 'always', 'failure', 'unsuccessful', 'cleanup']
    }

    def "environment: pipeline values for every stage, stage values only inside that stage"() {
        given:
        jenkins.env.BRANCH_NAME = 'develop'

        when:
        run('''
            pipeline {
                agent any
                environment { REGION = 'eu-west-1'; TARGET = "${env.BRANCH_NAME}-app" }
                stages {
                    stage('a') {
                        environment { TARGET = 'override' }
                        steps { echo "${env.REGION} ${env.TARGET}" }
                    }
                    stage('b') { steps { echo "${env.REGION} ${env.TARGET}" } }
                }
            }''')

        then:
        jenkins.echoes == ['eu-west-1 override', 'eu-west-1 develop-app']
        !jenkins.env.containsKey('REGION')
    }

    def "nested stages share the parent's agent; parallel branches all run even when one fails"() {
        when:
        def run = run('''
            pipeline {
                agent none
                stages {
                    stage('build') {
                        agent { label 'linux' }
                        stages {
                            stage('compile') { steps { echo 'compile' } }
                            stage('checks') {
                                parallel {
                                    stage('lint') { steps { error 'lint failed' } }
                                    stage('unit') { steps { echo 'unit' } }
                                }
                            }
                        }
                    }
                    stage('after') { steps { echo 'after' } }
                }
            }''')

        then:
        run.stages == [build: 'FAILURE', compile: 'SUCCESS', checks: 'FAILURE', lint: 'FAILURE', unit: 'SUCCESS',
                       after: 'SKIPPED_AFTER_FAILURE']
        run.agents.build == [label: 'linux']
        jenkins.echoes == ['compile', 'unit']
        run.failure.message == 'lint failed'
    }

    def "restartFrom runs the script anew and skips the top-level stages before that one, children included"() {
        given:
        declarative.restartFrom = 'deliver'

        when:
        def run = run('''
            def built
            pipeline {
                agent none
                stages {
                    stage('build') {
                        stages {
                            stage('image') { steps { script { built = 'image@sha256:1' } } }
                        }
                    }
                    stage('deliver') { steps { echo "deliver ${built}" } }
                }
            }''')

        then:
        run.stages == [build: 'SKIPPED_FOR_RESTART', image: 'SKIPPED_FOR_RESTART', deliver: 'SUCCESS']
        jenkins.echoes == ['deliver null']
    }

    def "restartFrom refuses a stage that is not top-level, as Jenkins offers only those"() {
        given:
        declarative.restartFrom = 'image'

        when:
        run('''
            pipeline {
                agent none
                stages {
                    stage('build') { stages { stage('image') { steps { echo 'image' } } } }
                }
            }''')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "restartFrom: no top-level stage 'image' (Jenkins restarts only those)"
        jenkins.echoes == []
    }

    def "a stage's input directive asks through the input step; rejecting it aborts the build"() {
        given:
        jenkins.rejectInput('ops-lead')

        when:
        def run = run('''
            pipeline {
                agent any
                stages {
                    stage('release') {
                        input { message 'Release?'; ok 'Yes'; submitter 'ops' }
                        steps { echo 'released' }
                        post { aborted { echo 'aborted' } }
                    }
                }
            }''')

        then:
        jenkins.calls('input') == [[[message: 'Release?', ok: 'Yes', submitter: 'ops']]]
        run.result == 'ABORTED'
        run.stages.release == 'ABORTED'
        jenkins.echoes == ['aborted']
    }

    def "options and parameters are recorded; parameter defaults fill params the build was not given"() {
        given:
        jenkins.binding.params.GIVEN = 'from the build'

        when:
        def run = run('''
            pipeline {
                agent any
                options { timeout(time: 1, unit: 'HOURS'); buildDiscarder(logRotator(numToKeepStr: '5')) }
                parameters {
                    string(name: 'GIVEN', defaultValue: 'default')
                    booleanParam(name: 'FLAG', defaultValue: true)
                }
                stages { stage('s') { steps { echo "${params.GIVEN} ${params.FLAG}" } } }
            }''')

        then:
        run.options == [['timeout', [time: 1, unit: 'HOURS']], ['buildDiscarder', ['logRotator', [numToKeepStr: '5']]]]
        run.parameters*.get(0) == ['string', 'booleanParam']
        jenkins.echoes == ['from the build true']
    }

    def "post { #condition } is refused loudly: it needs the previous build"() {
        when:
        run("""
            pipeline {
                agent any
                stages { stage('s') { steps { echo 's' } } }
                post { ${condition} { echo 'x' } }
            }""")

        then:
        def e = thrown(UnsupportedOperationException)
        e.message.startsWith("DeclarativePipeline: post { ${condition} } compares with the previous build")

        where:
        condition << ['changed', 'fixed', 'regression']
    }
}
