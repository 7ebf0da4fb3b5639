package io.finpipe.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --insecure-registry must never reach past this host: only literal loopback names and addresses pass. */
class RegistriesTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:5000", "127.0.0.1", "127.0.0.1:41234", "127.1.2.3:80"})
    void loopbackRegistries(String registry) {
        assertThat(Registries.isLoopback(registry)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry.example.com", "localhost.example.com", "127.0.0.1.nip.io", "10.0.0.1:5000",
            "0.0.0.0:5000", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "[::1]:5000", "127.0.0.1:5000@evil",
            "mylocalhost:5000"})
    void otherRegistries(String registry) {
        assertThat(Registries.isLoopback(registry)).isFalse();
    }

    /** Why there is no IPv6 loopback: jib-core takes no IPv6 host as a registry, so [::1] never gets this far. */
    @Test
    void jibRefusesAnIpv6Registry() {
        assertThatThrownBy(() -> ImageReference.parse("[::1]:5000/bank/app"))
                .isInstanceOf(InvalidImageReferenceException.class);
    }
}
