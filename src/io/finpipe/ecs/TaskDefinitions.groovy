package io.finpipe.ecs

import com.cloudbees.groovy.cps.NonCPS

/** Turns a described task definition into the input of register-task-definition with one image swapped. */
class TaskDefinitions implements Serializable {

    /** Fields describe-task-definition returns that register-task-definition rejects. */
    static final List<String> READ_ONLY_FIELDS = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes',
                                                  'compatibilities', 'registeredAt', 'registeredBy', 'deregisteredAt']

    /** What is wrong with the requested container name, or null when {@link #containerName} can pick one. */
    @NonCPS
    static String containerProblem(Map taskDefinition, String requested) {
        List<String> names = taskDefinition.containerDefinitions*.name
        String family = "${taskDefinition.family}:${taskDefinition.revision}"
        if (requested && !names.contains(requested)) {
            return "task definition ${family} has no container '${requested}' — set 'container' to one of ${names}"
        }
        if (!requested && names.size() > 1) {
            return "task definition ${family} has ${names.size()} containers ${names} — set 'container' to the one " +
                'whose image to replace'
        }
        return null
    }

    @NonCPS
    static String containerName(Map taskDefinition, String requested) {
        return requested ?: taskDefinition.containerDefinitions[0].name
    }

    /** @param described the answer of describe-task-definition --include TAGS (tags are carried over) */
    @NonCPS
    static Map registration(Map described, String container, String image) {
        Map definition = described.taskDefinition.findAll { key, value -> !READ_ONLY_FIELDS.contains(key) }
        definition.containerDefinitions = definition.containerDefinitions.collect { Map containerDefinition ->
            containerDefinition.name == container ? containerDefinition + [image: image] : containerDefinition
        }
        if (described.tags) {
            definition.tags = described.tags
        }
        return definition
    }

    /** `family:revision` from a task definition ARN, the way the ECS console names it. */
    @NonCPS
    static String shortName(String taskDefinitionArn) {
        return taskDefinitionArn?.substring(taskDefinitionArn.lastIndexOf('/') + 1)
    }
}
