package io.finpipe.ecs

import com.cloudbees.groovy.cps.NonCPS

/** Reads a describe-services service: where one deployment stands, which events are new, why tasks stopped. */
class ServiceDeployments implements Serializable {

    static final String COMPLETED = 'COMPLETED'
    static final String IN_PROGRESS = 'IN_PROGRESS'
    static final String FAILED = 'FAILED'
    /** The deployment is gone or no longer PRIMARY: another deployment took the service over. */
    static final String REPLACED = 'REPLACED'
    static final String TIMED_OUT = 'TIMED_OUT'

    /** The PRIMARY deployment of the given task definition: the one update-service just started. */
    @NonCPS
    static String primaryDeploymentId(Map service, String taskDefinitionArn) {
        return service.deployments.find { it.status == 'PRIMARY' && it.taskDefinition == taskDefinitionArn }?.id
    }

    /**
     * COMPLETED, IN_PROGRESS, FAILED or REPLACED. Services behind a Classic Load Balancer report no
     * rolloutState: there the deployment is complete once it is the only one and runs all its tasks.
     */
    @NonCPS
    static String rolloutState(Map service, String deploymentId) {
        Map deployment = service.deployments.find { it.id == deploymentId }
        if (deployment == null) {
            return REPLACED
        }
        if (deployment.rolloutState in [FAILED, COMPLETED]) {
            return deployment.rolloutState   // final, even if a newer deployment has taken over since
        }
        if (deployment.status != 'PRIMARY') {
            return REPLACED
        }
        if (deployment.rolloutState) {
            return deployment.rolloutState
        }
        boolean steady = service.deployments.size() == 1 && deployment.runningCount == deployment.desiredCount
        return steady ? COMPLETED : IN_PROGRESS
    }

    /** One line on what happened to the deployment, for the error message. */
    @NonCPS
    static String outcome(Map service, String deploymentId, String state, int timeoutMinutes) {
        Map deployment = service.deployments.find { it.id == deploymentId }
        switch (state) {
            case FAILED:
                return "deployment ${deploymentId} FAILED: ${deployment.rolloutStateReason ?: 'no reason given'}"
            case REPLACED:
                Map primary = service.deployments.find { it.status == 'PRIMARY' }
                String successor = primary ?
                    "deployment ${primary.id} (${TaskDefinitions.shortName(primary.taskDefinition)})" : 'another deployment'
                return "deployment ${deploymentId} was replaced by ${successor} before it completed"
            default:
                return "deployment ${deploymentId} did not complete within ${timeoutMinutes} minutes " +
                    "(rollout ${deployment?.rolloutState ?: 'state unknown'}: ${deployment?.rolloutStateReason ?: ''})"
        }
    }

    /** Events not yet in seenIds, oldest first (ECS lists newest first); records them in seenIds. */
    @NonCPS
    static List<String> newEventMessages(Map service, Set<String> seenIds) {
        List<Map> fresh = (service.events ?: []).findAll { !seenIds.contains(it.id) }
        seenIds.addAll(fresh*.id)
        return fresh.reverse()*.message
    }

    /** The newest events (at most count) other than those in earlierIds, oldest first. */
    @NonCPS
    static String recentEvents(Map service, int count, Set<String> earlierIds) {
        List<Map> recent = (service.events ?: []).findAll { !earlierIds.contains(it.id) }.take(count).reverse()
        return recent ? recent.collect { "  ${it.createdAt} ${it.message}" }.join('\n') : '  (none)'
    }

    /** @param tasks the tasks of a describe-tasks answer */
    @NonCPS
    static String stoppedReasons(List<Map> tasks) {
        if (!tasks) {
            return '  (none)'
        }
        return tasks.collect { Map task ->
            String containers = task.containers.findAll { it.reason || it.exitCode != null }.collect {
                "${it.name}: ${it.reason ?: "exit code ${it.exitCode}"}"
            }.join('; ')
            String taskId = task.taskArn.substring(task.taskArn.lastIndexOf('/') + 1)
            "  task ${taskId} (${TaskDefinitions.shortName(task.taskDefinitionArn)}): ${task.stoppedReason}" +
                (containers ? " [${containers}]" : '')
        }.join('\n')
    }
}
