package io.finpipe.imagebuilder;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code java -jar image-builder.jar build ...}.
 *
 * <p>Exit codes: 0 built (the digest is on stdout); 1 the build failed (one line on stderr says why);
 * 2 the command line is invalid (one line on stderr names the option).
 */
@Command(name = "image-builder", mixinStandardHelpOptions = true, versionProvider = ImageBuilderCli.Version.class,
        description = "Builds OCI images of Java apps without a Docker daemon.",
        subcommands = BuildCommand.class)
public final class ImageBuilderCli {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        // jib's HTTP client logs through java.util.logging: keep stderr to our one line
        LogManager.getLogManager().reset();
        System.exit(execute(args, System.in, System.out, System.err));
    }

    /** Runs the CLI with explicit streams (tests run it in-process this way) and returns the exit code. */
    public static int execute(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        CommandLine commandLine = new CommandLine(new ImageBuilderCli(), new BuildCommand.Factory(stdin, stdout, stderr));
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            stderr.println("image-builder: " + firstLine(error.getMessage()) + " (see: image-builder build --help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((error, command, parseResult) -> {
            if (error instanceof BuildFailure failure) {
                stderr.println("image-builder: " + failure.getMessage());
            } else {
                stderr.println("image-builder: unexpected " + error.getClass().getSimpleName() + ": "
                        + firstLine(String.valueOf(error.getMessage())));
            }
            return EXIT_FAILED;
        });
        return commandLine.execute(args);
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse("").strip();
    }

    /** The version from the shaded jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ImageBuilderCli.class.getPackage().getImplementationVersion();
            return new String[] {"image-builder " + (version == null ? "(development)" : version)};
        }
    }
}
