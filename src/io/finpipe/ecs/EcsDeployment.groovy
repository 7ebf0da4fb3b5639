package io.finpipe.ecs

import com.cloudbees.groovy.cps.NonCPS
import io.finpipe.image.ImageReference
import io.finpipe.image.ShellWords

import static io.finpipe.ecs.ServiceDeployments.COMPLETED
import static io.finpipe.ecs.ServiceDeployments.IN_PROGRESS
import static io.finpipe.ecs.ServiceDeployments.REPLACED
import static io.finpipe.ecs.ServiceDeployments.TIMED_OUT

/**
 * ecsDeploy: registers a revision of the service's task definition with one container's image swapped,
 * points the service at it and waits for exactly that deployment, through the AWS CLI on the agent.
 * The config has already been merged and type-checked by StepConfig.
 */
class EcsDeployment implements Serializable {

    static final String STEP = 'ecsDeploy'
    static final int EVENTS_IN_ERROR = 10
    static final int STOPPED_TASKS_IN_ERROR = 10

    private final def steps
    private final Map config
    /** Service events already printed (or older than this deployment), so each is printed once. */
    private final Set<String> seenEventIds = new HashSet<String>()
    /** Events from before this step: left out of the error message. */
    private Set<String> earlierEventIds

    EcsDeployment(steps, Map config) {
        this.steps = steps
        this.config = config
    }

    Map run() {
        String imageProblem = ImageReference.pinnedImageProblem(config.image)
        if (imageProblem) {
            steps.error("${STEP}: image ${imageProblem}")
        }
        Map service = describeService()
        if (service.deploymentController && service.deploymentController.type != 'ECS') {
            steps.error("${STEP}: service '${config.service}' uses the ${service.deploymentController.type} " +
                'deployment controller — ecsDeploy drives rolling updates (ECS) only; deploy it with its own tooling')
        }
        ServiceDeployments.newEventMessages(service, seenEventIds)   // only events from now on get printed
        earlierEventIds = new HashSet<String>(seenEventIds)
        String previousArn = service.taskDefinition   // what a rollback returns to: what the service runs now
        String newArn = registerRevision(config.taskDefinition ?: previousArn, previousArn)
        String deploymentId = startDeployment(newArn)
        Map rollout = waitFor(deploymentId)
        if (rollout.state != COMPLETED) {
            failDeployment(deploymentId, rollout, previousArn)
        }
        return [taskDefinitionArn: newArn, previousTaskDefinitionArn: previousArn, deploymentId: deploymentId,
                rolloutState: COMPLETED]
    }

    /**
     * Registers the template with the image swapped; returns the new revision's ARN. The template is
     * `taskDefinition` when given (a family: its latest ACTIVE revision), else the running revision.
     */
    private String registerRevision(String template, String previousArn) {
        Map described = aws("describe-task-definition --task-definition ${ShellWords.quote(template)} --include TAGS")
        String containerProblem = TaskDefinitions.containerProblem(described.taskDefinition, config.container)
        if (containerProblem) {
            steps.error("${STEP}: ${containerProblem}")
        }
        String container = TaskDefinitions.containerName(described.taskDefinition, config.container)
        String payloadFile = ".${STEP}-${config.service.replaceAll(/[^A-Za-z0-9_-]/, '_')}-task-definition.json"
        steps.writeFile(file: payloadFile,
            text: AwsJson.render(TaskDefinitions.registration(described, container, config.image)))
        String newArn = aws("register-task-definition --cli-input-json file://${payloadFile}")
            .taskDefinition.taskDefinitionArn
        String templateArn = described.taskDefinition.taskDefinitionArn
        steps.echo("${STEP}: ${config.service}: ${TaskDefinitions.shortName(previousArn)} -> " +
            "${TaskDefinitions.shortName(newArn)} (${container}: ${config.image}" +
            "${templateArn == previousArn ? '' : ", from ${TaskDefinitions.shortName(templateArn)}"})")
        return newArn
    }

    private Map aws(String arguments) {
        String output = steps.sh(script: "aws ecs ${arguments} --region ${ShellWords.quote(config.region)} --output json",
            returnStdout: true)
        return AwsJson.parse(output)
    }

    private String clusterAndService(String serviceOption) {
        return "--cluster ${ShellWords.quote(config.cluster)} ${serviceOption} ${ShellWords.quote(config.service)}"
    }

    private Map describeService() {
        Map answer = aws("describe-services ${clusterAndService('--services')}")
        Map service = answer.services ? answer.services[0] : null
        if (service?.status != 'ACTIVE') {
            String state = service ? service.status : (answer.failures ? answer.failures[0].reason : 'MISSING')
            steps.error("${STEP}: service '${config.service}' in cluster '${config.cluster}' (${config.region}) is " +
                "${state} — check 'cluster', 'service' and 'region'")
        }
        return service
    }

    /** Points the service at the task definition; returns the id of the deployment that started. */
    private String startDeployment(String taskDefinitionArn) {
        Map service = aws("update-service ${clusterAndService('--service')} --task-definition ${taskDefinitionArn}").service
        String deploymentId = ServiceDeployments.primaryDeploymentId(service, taskDefinitionArn)
        if (!deploymentId) {
            steps.error("${STEP}: update-service started no deployment of ${TaskDefinitions.shortName(taskDefinitionArn)} " +
                "— check the service's deployments: aws ecs describe-services --cluster ${config.cluster} " +
                "--services ${config.service}")
        }
        steps.echo("${STEP}: waiting for deployment ${deploymentId} of ${TaskDefinitions.shortName(taskDefinitionArn)}")
        return deploymentId
    }

    /**
     * Polls until the deployment leaves IN_PROGRESS. Like the AWS CLI's waiters, the timeout is a number of
     * polls (timeoutMinutes * 60 / pollSeconds); the time the describe calls take comes on top.
     */
    private Map waitFor(String deploymentId) {
        int polls = maxPolls(config.timeoutMinutes, config.pollSeconds)
        Map service = null
        for (int poll = 0; poll < polls; poll++) {
            steps.sleep(time: config.pollSeconds, unit: 'SECONDS')
            service = describeService()
            List<String> events = ServiceDeployments.newEventMessages(service, seenEventIds)
            if (events) {
                steps.echo(events.collect { "${STEP}: [event] ${it}" }.join('\n'))
            }
            String state = ServiceDeployments.rolloutState(service, deploymentId)
            if (state != IN_PROGRESS) {
                return [state: state, service: service]
            }
        }
        return [state: TIMED_OUT, service: service]
    }

    @NonCPS
    static int maxPolls(int timeoutMinutes, int pollSeconds) {
        return (int) Math.ceil(timeoutMinutes * 60d / pollSeconds)
    }

    private void failDeployment(String deploymentId, Map rollout, String previousArn) {
        String what = ServiceDeployments.outcome(rollout.service, deploymentId, rollout.state, config.timeoutMinutes)
        String previous = TaskDefinitions.shortName(previousArn)
        if (rollout.state == REPLACED) {
            steps.error("${STEP}: ${what} — not rolled back, so as not to undo that deployment; see who started it " +
                "in the events below\n${diagnostics(rollout.service)}")
        }
        if (!config.rollbackOnFailure) {
            steps.error("${STEP}: ${what} — left in place (rollbackOnFailure: false); fix the cause below and deploy " +
                "again, or roll back to ${previous}\n${diagnostics(rollout.service)}")
        }
        steps.echo("${STEP}: ${what}; rolling back to ${previous}")
        String rollbackId = startDeployment(previousArn)
        Map rollback = waitFor(rollbackId)
        if (rollback.state == COMPLETED) {
            steps.error("${STEP}: ${what} — rolled back to ${previous} (deployment ${rollbackId} COMPLETED); fix the " +
                "cause below and deploy again\n${diagnostics(rollback.service)}")
        }
        String rollbackWhat = ServiceDeployments.outcome(rollback.service, rollbackId, rollback.state, config.timeoutMinutes)
        steps.error("${STEP}: ${what}, and the ROLLBACK to ${previous} FAILED too: ${rollbackWhat} — the service " +
            "needs attention now: aws ecs describe-services --cluster ${config.cluster} --services ${config.service}\n" +
            diagnostics(rollback.service))
    }

    /** The recent service events and why the service's tasks stopped, for the error message. */
    private String diagnostics(Map service) {
        List<String> stoppedTaskArns = aws("list-tasks ${clusterAndService('--service-name')} --desired-status STOPPED")
            .taskArns.take(STOPPED_TASKS_IN_ERROR)
        List<Map> stoppedTasks = stoppedTaskArns ?
            aws("describe-tasks --cluster ${ShellWords.quote(config.cluster)} --tasks ${stoppedTaskArns.join(' ')}").tasks : []
        return "Recent service events:\n${ServiceDeployments.recentEvents(service, EVENTS_IN_ERROR, earlierEventIds)}\n" +
            "Stopped tasks:\n${ServiceDeployments.stoppedReasons(stoppedTasks)}"
    }
}
