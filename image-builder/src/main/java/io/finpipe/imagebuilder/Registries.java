package io.finpipe.imagebuilder;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import java.util.regex.Pattern;

/** How the CLI talks to registries: the loopback-only insecure switch, and where credentials come from. */
final class Registries {

    /** {@code localhost}, {@code 127.x.x.x} or {@code [::1]}, with an optional port. */
    private static final Pattern LOOPBACK =
            Pattern.compile("(localhost|127(\\.\\d{1,3}){3}|\\[(0{0,4}:){2,7}0{0,3}1])(:\\d+)?");
    private static final String HELPER_PREFIX = "docker-credential-";

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
            throw new BuildFailure("--insecure-registry is only allowed for loopback registries (localhost, 127.0.0.1,"
                    + " [::1]), but " + option + " is on " + reference.getRegistry()
                    + " — use HTTPS with a trusted certificate there");
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
