package io.finpipe.ecs

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonOutput
import groovy.json.JsonSlurperClassic

/** JSON in and out of the AWS CLI as plain, serializable maps and lists (JsonSlurperClassic), outside CPS. */
class AwsJson implements Serializable {

    @NonCPS
    static Map parse(String text) {
        return (Map) new JsonSlurperClassic().parseText(text)
    }

    @NonCPS
    static String render(Map value) {
        return JsonOutput.prettyPrint(JsonOutput.toJson(value))
    }
}
