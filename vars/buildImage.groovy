import io.finpipe.config.StepConfig
import io.finpipe.ecs.AwsNames
import io.finpipe.image.ImageBuild

/** Builds the app image with the image-builder CLI (no Docker daemon) and pushes it. See buildImage.txt. */
Map call(Map args = [:]) {
    Map config = StepConfig.of(ImageBuild.STEP)
        .required('appDir', String, example: 'sample-app')
        .required('repository', String, example: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/banking')
        .optional('tags', List, null, example: ['0f3c2a9b1d4e'])
        .optional('allowMutableTags', Boolean, false)
        .optional('baseImage', String, null,
            example: 'registry.example.com/temurin-jre@sha256:<64 hex>')
        .optional('baseImageTar', String, null, example: 'build/base-image.tar')
        .optional('requireDigestBase', Boolean, true)
        .optional('mainClass', String, null, matches: ~/([A-Za-z_$][A-Za-z0-9_$]*\.)*[A-Za-z_$][A-Za-z0-9_$]*/,
            hint: 'a fully qualified Java class name', example: 'io.finpipe.bank.BankApplication')
        .optional('port', Integer, null, min: 1, example: 8080)
        .optional('labels', Map, [:], example: ['com.example.team': 'payments'])
        .optional('insecureRegistry', Boolean, false)
        .optional('credentialsId', String, null, example: 'registry-push')
        .optional('ecrRegion', String, null, matches: AwsNames.REGION, hint: AwsNames.REGION_HINT, example: 'eu-west-1')
        .optional('credentialHelper', String, null, matches: ~/[A-Za-z0-9_.-]+/,
            hint: "the name after 'docker-credential-'", example: 'ecr-login')
        .optional('builder', String, 'image-builder', matches: ~/[A-Za-z0-9_.\/:=@+ -]+/,
            hint: 'a command and its arguments, without shell syntax',
            example: 'java -jar image-builder/target/image-builder.jar')
        .resolve(this, args)
    return new ImageBuild(this, config).run()
}
