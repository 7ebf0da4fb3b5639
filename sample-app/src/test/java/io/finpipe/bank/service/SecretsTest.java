package io.finpipe.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void sha256IsTheStandardDigestAlsoFromManyThreadsAtOnce() throws Exception {
        // FIPS 180-2 test vectors
        assertThat(Secrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Secrets.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> digests = IntStream.range(0, 2_000)
                    .mapToObj(i -> threads.submit(() -> Secrets.sha256(i % 2 == 0 ? "abc" : ""))).toList();
            for (int i = 0; i < digests.size(); i++) {
                assertThat(digests.get(i).get()).isEqualTo(Secrets.sha256(i % 2 == 0 ? "abc" : ""));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
