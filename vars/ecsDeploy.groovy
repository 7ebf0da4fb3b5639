import io.finpipe.config.StepConfig
import io.finpipe.ecs.AwsNames
import io.finpipe.ecs.EcsDeployment

/** Rolls an image out to an ECS service and waits for that deployment to complete. See ecsDeploy.txt. */
Map call(Map args = [:]) {
    Map config = StepConfig.of(EcsDeployment.STEP)
        .required('cluster', String, example: 'finpipe-prod', matches: AwsNames.ECS_RESOURCE,
            hint: AwsNames.ECS_RESOURCE_HINT)
        .required('service', String, example: 'banking', matches: AwsNames.ECS_RESOURCE,
            hint: AwsNames.ECS_RESOURCE_HINT)
        .required('image', String, example: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking:0f3c2a9b1d4e')
        .required('region', String, example: 'eu-west-1', matches: AwsNames.REGION, hint: AwsNames.REGION_HINT)
        .optional('container', String, null, example: 'app', matches: ~/[A-Za-z0-9_-]{1,255}/,
            hint: 'a container name from the task definition')
        .optional('taskDefinition', String, null, example: 'finpipe-prod', matches: AwsNames.TASK_DEFINITION,
            hint: AwsNames.TASK_DEFINITION_HINT)
        .optional('timeoutMinutes', Integer, 15, min: 1)
        .optional('pollSeconds', Integer, 10, min: 1)
        .optional('rollbackOnFailure', Boolean, true)
        .resolve(this, args)
    return new EcsDeployment(this, config).run()
}
