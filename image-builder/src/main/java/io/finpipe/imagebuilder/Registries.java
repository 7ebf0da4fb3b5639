package io.finpipe.imagebuilder;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** How the CLI talks to registries: the loopback-only insecure switch, and where credentials come from. */
final class Registries {

    /**
     * {@code localhost} or {@code 127.x.x.x}, with an optional port. No IPv6: jib-core's ImageReference
     * refuses {@code [::1]} as a registry.
     */
    private static final Pattern LOOPBACK = Pattern.compile("(localhost|127(\\.\\d{1,3}){3})(:\\d+)?");
    private static final String HELPER_PREFIX = "docker-credential-";

    private static final int PROBE_TIMEOUT_MILLIS = 3000;

    private final boolean insecure;

    Registries(boolean insecure) {
        this.insecure = insecure;
        if (insecure) {
            // only loopback registries get here (checkInsecureAllowed): a password to one never leaves the host
            System.setProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP, "true");
        }
    }

    static boolean isLoopback(String registry) {
        return LOOPBACK.matcher(registry).matches();
    }

    /** Refuses {@code --insecure-registry} for a registry that is not on this host. */
    void checkInsecureAllowed(String option, ImageReference reference) {
        if (insecure && !isLoopback(reference.getRegistry())) {
            throw new BuildFailure("--insecure-registry is only allowed for loopback registries (localhost, 127.x.x.x),"
                    + " but " + option + " is on " + reference.getRegistry()
                    + " — use HTTPS with a trusted certificate there");
        }
    }

    /**
     * Fails at once, naming {@code option}, when the registry's host does not resolve, or when a loopback
     * registry is unreachable or has no verified HTTPS and {@code --insecure-registry} is not set: jib would
     * retry with back-off for 40 s or more before giving up.
     */
    void checkReachable(String option, ImageReference reference) {
        String registry = reference.getRegistry();
        int colon = registry.lastIndexOf(':');
        String host = colon < 0 ? registry : registry.substring(0, colon);
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BuildFailure(option + ": unknown registry host " + host
                    + " — check the registry in " + option + ", and the agent's DNS", e);
        }
        if (insecure || !isLoopback(registry)) {
            return;
        }
        int port = colon < 0 ? 443 : Integer.parseInt(registry.substring(colon + 1));
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            socket.startHandshake();
        } catch (SSLException e) {
            throw new BuildFailure("registry " + registry + " has no verified HTTPS"
                    + " — for a loopback test registry add --insecure-registry", e);
        } catch (IOException e) {
            throw new BuildFailure("registry unreachable: " + registry + " (" + option + "): " + e.getMessage()
                    + " — check the registry host and port in " + option, e);
        }
    }

    /**
     * Gives jib the credentials for {@code image}: the user and password (from stdin), or the Docker credential
     * helper ({@code ecr-login} runs {@code docker-credential-ecr-login} from the PATH), or none (anonymous).
     */
    void addCredentials(RegistryImage image, ImageReference reference, String credentialHelper, String username,
                        String password) {
        if (username != null) {
            image.addCredential(username, password);
        } else if (credentialHelper != null) {
            String executable = credentialHelper.contains("/") || credentialHelper.startsWith(HELPER_PREFIX)
                    ? credentialHelper : HELPER_PREFIX + credentialHelper;
            image.addCredentialRetriever(CredentialRetrieverFactory.forImage(reference, event -> { })
                    .dockerCredentialHelper(executable));
        }
    }
}
