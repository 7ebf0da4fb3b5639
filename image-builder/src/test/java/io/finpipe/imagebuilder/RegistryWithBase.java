package io.finpipe.imagebuilder;

import io.finpipe.testsupport.RegistryServer;
import io.finpipe.testsupport.TestBaseImage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real registry per test class, holding the test base image as {@code base/jre}:
 * {@code @RegisterExtension static final RegistryWithBase REGISTRY = new RegistryWithBase();}.
 */
final class RegistryWithBase implements BeforeAllCallback, AfterAllCallback {

    private final String username;
    private final String password;
    private RegistryServer server;
    private String base;

    /** An anonymous registry. */
    RegistryWithBase() {
        this(null, null);
    }

    /** A registry that only lets this user in (htpasswd). */
    RegistryWithBase(String username, String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = username == null ? RegistryServer.start() : RegistryServer.startWithAuth(username, password);
        base = TestBaseImage.pushTo(server, "base/jre", Fixtures.baseTar());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    RegistryServer server() {
        return server;
    }

    /** The base image pinned by digest: {@code 127.0.0.1:PORT/base/jre@sha256:...}. */
    String base() {
        return base;
    }
}
