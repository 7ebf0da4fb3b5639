package io.finpipe.jenkinsinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.testsupport.TerraformCli;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code terraform test} (the real AWS provider schema and validation with {@code mock_provider "aws"})
 * on every terraform/tests/*.tftest.hcl file and reports each run block as its own JUnit test, with
 * Terraform's diagnostics as the failure message.
 */
class TerraformTestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> everyRunBlockPasses() throws IOException {
        TerraformCli terraform = JenkinsInfra.initialisedRootModule();
        List<Path> testFiles;
        try (Stream<Path> files = Files.list(JenkinsInfra.TERRAFORM_DIR.resolve("tests"))) {
            testFiles = files.filter(file -> file.toString().endsWith(".tftest.hcl")).sorted().toList();
        }
        assertThat(testFiles).as("terraform/tests/*.tftest.hcl").isNotEmpty();

        return testFiles.stream().map(file -> {
            String relative = JenkinsInfra.TERRAFORM_DIR.relativize(file).toString();
            TerraformCli.Result result = terraform.execute("test", "-json", "-filter=" + relative);
            Map<String, RunOutcome> runs = parse(result.stdout());
            if (runs.isEmpty()) {
                return DynamicTest.dynamicTest(relative, () -> fail("terraform test found no run block in %s:%n%s",
                        relative, result.output()));
            }
            return DynamicContainer.dynamicContainer(relative, runs.entrySet().stream().map(run ->
                    DynamicTest.dynamicTest(run.getKey(), () -> assertThat(run.getValue().status())
                            .as("run \"%s\" in %s:%n%s", run.getKey(), relative, run.getValue().diagnostics())
                            .isEqualTo("pass"))));
        });
    }

    private record RunOutcome(String status, String diagnostics) {
    }

    /** Run blocks in file order, with their final status ("skip" when one never completed) and diagnostics. */
    private static Map<String, RunOutcome> parse(String jsonLines) {
        Map<String, String> status = new LinkedHashMap<>();
        Map<String, List<String>> diagnostics = new LinkedHashMap<>();
        for (String line : jsonLines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event = read(line);
            switch (event.path("type").asText()) {
                case "test_abstract" -> event.path("test_abstract").elements().forEachRemaining(names ->
                        names.elements().forEachRemaining(name -> status.put(name.asText(), "skip")));
                case "test_run" -> {
                    JsonNode run = event.path("test_run");
                    if ("complete".equals(run.path("progress").asText())) {
                        status.put(run.path("run").asText(), run.path("status").asText());
                    }
                }
                case "diagnostic" -> {
                    String run = event.path("@testrun").asText("");
                    JsonNode diagnostic = event.path("diagnostic");
                    diagnostics.computeIfAbsent(run, key -> new ArrayList<>()).add(
                            diagnostic.path("summary").asText() + ": " + diagnostic.path("detail").asText());
                }
                default -> {
                }
            }
        }
        Map<String, RunOutcome> outcomes = new LinkedHashMap<>();
        status.forEach((run, result) -> outcomes.put(run, new RunOutcome(result,
                String.join("\n", diagnostics.getOrDefault(run, List.of()))
                        + String.join("\n", diagnostics.getOrDefault("", List.of())))));
        return outcomes;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("terraform test -json printed a line that is not JSON: " + line, e);
        }
    }
}
