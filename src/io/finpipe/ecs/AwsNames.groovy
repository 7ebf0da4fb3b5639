package io.finpipe.ecs

import java.util.regex.Pattern

/** Shapes of AWS names the steps put on a command line, checked before any command runs. */
class AwsNames implements Serializable {
    static final Pattern REGION = ~/[a-z]{2}(-[a-z]+)+-[0-9]+/
    static final String REGION_HINT = "an AWS region code such as 'eu-west-1'"
    /** An ECS cluster or service: its name, or its ARN. */
    static final Pattern ECS_RESOURCE = ~/[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:(cluster|service)\/[A-Za-z0-9_\/-]{1,512}/
    static final String ECS_RESOURCE_HINT = 'a name of up to 255 letters, digits, hyphens and underscores, or an ECS ARN'
    /** A task definition: family, family:revision, or its ARN. */
    static final Pattern TASK_DEFINITION = ~/([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition\/[A-Za-z0-9_-]{1,255})(:[1-9][0-9]*)?/
    static final String TASK_DEFINITION_HINT = 'a task definition family (its latest ACTIVE revision), family:revision, or its ARN'
}
