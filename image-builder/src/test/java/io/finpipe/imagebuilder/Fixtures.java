package io.finpipe.imagebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finpipe.testsupport.RegistryServer;
import io.finpipe.testsupport.TestBaseImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the image-builder tests share: the cached test base image, the usual arguments, reading images back. */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The test base image (jlink'ed JRE) as a docker-archive tar, built once under target/test-base. */
    static Path baseTar() {
        return TestBaseImage.tarIn(Path.of("target", "test-base").toAbsolutePath());
    }

    /** Arguments that push {@code appDir} to {@code registry/repository:tags[0]} (plus more tags) on {@code base}. */
    static List<String> pushArguments(RegistryServer registry, String base, Path appDir, String repository,
                                      String... tags) {
        List<String> arguments = new ArrayList<>(List.of("--app-dir", appDir.toString(),
                "--image", registry.hostPort() + "/" + repository, "--base-image", base, "--insecure-registry"));
        for (String tag : tags) {
            arguments.add("--tag");
            arguments.add(tag);
        }
        return arguments;
    }

    static List<String> with(List<String> arguments, String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return all;
    }

    static JsonNode manifest(RegistryServer registry, String repository, String reference) {
        return json(registry.manifest(repository, reference));
    }

    /** The image config blob ({@code config}, {@code history}, {@code rootfs}) as the registry serves it. */
    static JsonNode config(RegistryServer registry, String repository, String reference) {
        String configDigest = manifest(registry, repository, reference).path("config").path("digest").asText();
        return json(registry.blob(repository, configDigest));
    }

    /** The names jib gave the image's layers (from the config history), base layers first. */
    static List<String> layerNames(JsonNode config) {
        List<String> names = new ArrayList<>();
        config.path("history").forEach(entry -> names.add(entry.path("comment").asText()));
        return names;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
