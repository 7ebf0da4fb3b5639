package io.finpipe.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --insecure-registry must never reach past this host: only literal loopback names and addresses pass. */
class RegistriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:5000", "127.0.0.1", "127.0.0.1:41234", "127.1.2.3:80",
            "[::1]", "[::1]:5000", "[0:0:0:0:0:0:0:1]:5000"})
    void loopbackRegistries(String registry) {
        assertThat(Registries.isLoopback(registry)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry.example.com", "localhost.example.com", "127.0.0.1.nip.io", "10.0.0.1:5000",
            "0.0.0.0:5000", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "[::2]:5000", "127.0.0.1:5000@evil",
            "mylocalhost:5000"})
    void otherRegistries(String registry) {
        assertThat(Registries.isLoopback(registry)).isFalse();
    }
}
