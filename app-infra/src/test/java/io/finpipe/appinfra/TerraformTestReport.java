package io.finpipe.appinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code terraform test -json} invocation, per run block: which run blocks the files
 * declare (the "test_abstract" message), the status each reached, and the diagnostics it produced.
 */
final class TerraformTestReport {

    /** One run block: file, name, final status (pass, fail, error, skip; null if never completed), diagnostics. */
    record Run(String file, String name, String status, List<String> diagnostics) {
        String describe() {
            return file + " run \"" + name + "\": " + (status == null ? "no result reported" : status)
                    + (diagnostics.isEmpty() ? "" : "\n" + String.join("\n", diagnostics));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Run> runs;
    private final List<String> fileDiagnostics;

    private TerraformTestReport(List<Run> runs, List<String> fileDiagnostics) {
        this.runs = runs;
        this.fileDiagnostics = fileDiagnostics;
    }

    /** Parses the JSON lines terraform test -json prints. */
    static TerraformTestReport parse(String jsonLines) {
        Map<String, String> statuses = new LinkedHashMap<>();
        Map<String, List<String>> diagnostics = new LinkedHashMap<>();
        List<String> declared = new ArrayList<>();
        List<String> fileDiagnostics = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode message = read(line);
            switch (message.path("type").asText()) {
                case "test_abstract" -> message.get("test_abstract").fields().forEachRemaining(file ->
                        file.getValue().forEach(run -> declared.add(key(file.getKey(), run.asText()))));
                case "test_run" -> {
                    JsonNode run = message.get("test_run");
                    if ("complete".equals(run.path("progress").asText())) {
                        statuses.put(key(run.get("path").asText(), run.get("run").asText()), run.get("status").asText());
                    }
                }
                case "diagnostic" -> {
                    String text = message.path("@message").asText() + ": "
                            + message.path("diagnostic").path("detail").asText();
                    if (message.has("@testrun")) {
                        diagnostics.computeIfAbsent(key(message.get("@testfile").asText(), message.get("@testrun").asText()),
                                k -> new ArrayList<>()).add(text);
                    } else {
                        fileDiagnostics.add(text);
                    }
                }
                default -> {
                    // progress and summary messages carry nothing a test asserts on
                }
            }
        }
        List<Run> runs = declared.stream().map(key -> {
            String[] parts = key.split("\u0000");
            return new Run(parts[0], parts[1], statuses.get(key), diagnostics.getOrDefault(key, List.of()));
        }).toList();
        return new TerraformTestReport(runs, fileDiagnostics);
    }

    /** Every run block the test files declare, in order. */
    List<Run> runs() {
        return runs;
    }

    /** Diagnostics not tied to a run block (configuration errors, invalid test files). */
    List<String> fileDiagnostics() {
        return fileDiagnostics;
    }

    private static String key(String file, String run) {
        return file + "\u0000" + run;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("terraform test printed a line that is not JSON: " + line, e);
        }
    }
}
