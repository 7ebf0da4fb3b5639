package io.finpipe.imagebuilder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process, as {@code java -jar image-builder.jar} would, and captures what it prints. */
final class Cli {

    private Cli() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        /** stderr's lines (the CLI promises one line per outcome, plus an optional warning). */
        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        String digest() {
            return stdout.strip();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    static Result build(List<String> arguments) {
        return run(arguments, "");
    }

    /** {@code build} with these arguments, and {@code stdin} piped in (for --password-stdin). */
    static Result run(List<String> arguments, String stdin) {
        List<String> args = new ArrayList<>(List.of("build"));
        args.addAll(arguments);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ImageBuilderCli.execute(args.toArray(String[]::new),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
