package io.finpipe.imagebuilder;

import static io.finpipe.imagebuilder.Fixtures.config;
import static io.finpipe.imagebuilder.Fixtures.layerNames;
import static io.finpipe.imagebuilder.Fixtures.manifest;
import static io.finpipe.imagebuilder.Fixtures.pushArguments;
import static io.finpipe.imagebuilder.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finpipe.testsupport.RegistryServer;
import io.finpipe.testsupport.TestBaseImage;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same input, same digest (across checkouts, file times, caches and registries); and a one-class change
 * uploads that class's layer plus the config, as the registry's own access log shows.
 */
class ReproducibleAndIncrementalTest {

    @RegisterExtension
    static final RegistryWithBase REGISTRY = new RegistryWithBase();

    @TempDir
    Path work;

    @Test
    void twoCleanBuildsWithSeparateCachesCheckoutsAndRegistriesGiveTheSameDigest() throws Exception {
        TestApp first = TestApp.createIn(work.resolve("checkout-1"));
        first.touchAll(FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        TestApp second = TestApp.createIn(work.resolve("checkout-2"));
        second.touchAll(FileTime.from(Instant.parse("2026-06-30T12:34:56Z")));

        Cli.Result one = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), first.dir(), "repro/app", "1"),
                "--cache-dir", work.resolve("cache-1").toString()));
        Cli.Result two;
        try (RegistryServer fresh = RegistryServer.start()) {
            String freshBase = TestBaseImage.pushTo(fresh, "base/jre", Fixtures.baseTar());
            two = Cli.build(with(pushArguments(fresh, freshBase, second.dir(), "repro/app", "1"),
                    "--cache-dir", work.resolve("cache-2").toString()));
            assertThat(two.digest()).isEqualTo(fresh.manifestDigest("repro/app", "1"));
        }

        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(two.exitCode()).as(two.toString()).isZero();
        assertThat(freshBaseDigestPart(REGISTRY.base())).as("the base itself is reproducible")
                .isEqualTo(freshBaseDigestPart(TestBaseImage.pushTo(REGISTRY.server(), "base/jre-again", Fixtures.baseTar())));
        assertThat(two.digest()).isEqualTo(one.digest());
    }

    @Test
    void aOneClassChangeUploadsOnlyTheLayerOfThatClassAndTheConfig() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        List<String> arguments = with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "incremental/app", "1"),
                "--cache-dir", work.resolve("cache").toString());
        Cli.Result first = Cli.build(arguments);
        assertThat(first.exitCode()).as(first.toString()).isZero();

        app.changeGreeting("CHANGED");
        int mark = REGISTRY.server().requestCount();
        Cli.Result second = Cli.build(with(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "incremental/app", "2"),
                "--cache-dir", work.resolve("cache").toString()));

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.digest()).isNotEqualTo(first.digest());
        JsonNode manifest = manifest(REGISTRY.server(), "incremental/app", "2");
        JsonNode greetingLayer = layerNamed(manifest, config(REGISTRY.server(), "incremental/app", "2"), "classes demo.text");
        JsonNode config = manifest.path("config");
        assertThat(REGISTRY.server().uploadedBlobsSince(mark)).as("blobs the registry received")
                .containsExactlyInAnyOrder(greetingLayer.path("digest").asText(), config.path("digest").asText());
        long bytes = greetingLayer.path("size").asLong() + config.path("size").asLong();
        assertThat(second.stderrLines()).singleElement().asString()
                .containsPattern(": layers uploaded 1, skipped \\d+ \\(already in the registry\\), config uploaded; "
                        + bytes + " bytes uploaded;");
        assertThat(bytes).as("a one-class change is small").isLessThan(10_000);
    }

    @Test
    void rebuildingUnchangedInputUploadsNothingAndKeepsTheDigest() throws Exception {
        TestApp app = TestApp.createIn(work.resolve("app"));
        Cli.Result first = Cli.build(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "unchanged/app", "1"));
        int mark = REGISTRY.server().requestCount();

        Cli.Result again = Cli.build(pushArguments(REGISTRY.server(), REGISTRY.base(), app.dir(), "unchanged/app", "1"));

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(REGISTRY.server().uploadedBlobsSince(mark)).isEmpty();
        assertThat(again.stderrLines()).singleElement().asString()
                .contains(": layers uploaded 0, ").contains("config skipped; 0 bytes uploaded;");
    }

    /** The manifest's layer that the config's history names {@code name} (jib writes one entry per layer). */
    private static JsonNode layerNamed(JsonNode manifest, JsonNode config, String name) {
        List<String> names = layerNames(config);
        assertThat(names).hasSize(manifest.path("layers").size()).contains(name);
        return manifest.path("layers").get(names.indexOf(name));
    }

    private static String freshBaseDigestPart(String reference) {
        return reference.substring(reference.indexOf('@'));
    }
}
