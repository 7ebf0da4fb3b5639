package io.finpipe.imagebuilder;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.registry.credentials.CredentialHelperNotFoundException;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** Turns what jib throws into one line saying what failed and what to check. */
final class JibFailures {

    private JibFailures() {
    }

    /** Runs a jib build; any failure becomes a {@link BuildFailure} with a one-line message. */
    static <T> T translate(Callable<T> build, ImageReference target, ImageReference base) {
        try {
            return build.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure("interrupted", e);
        } catch (BuildFailure e) {
            throw e;
        } catch (Exception e) {
            throw new BuildFailure(describe(e, target, base), e);
        }
    }

    static String describe(Throwable failure, ImageReference target, ImageReference base) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RegistryUnauthorizedException unauthorized) {
                return "registry refused access to " + unauthorized.getImageReference()
                        + " (" + firstLine(unauthorized.getMessage()) + ") — check --username/--password-stdin or --credential-helper, and the repository's permissions";
            }
            if (cause instanceof RegistryAuthenticationFailedException authentication) {
                return "authentication to registry " + authentication.getServerUrl() + " failed for "
                        + authentication.getImageName() + ": " + firstLine(authentication.getMessage())
                        + " — check --username/--password-stdin or --credential-helper";
            }
            if (cause instanceof CredentialHelperNotFoundException) {
                return "--credential-helper: " + firstLine(cause.getMessage()) + " — install it or put it on PATH";
            }
            if (cause instanceof CredentialRetrievalException) {
                return "--credential-helper failed: " + firstLine(rootMessage(cause));
            }
            if (cause instanceof InsecureRegistryException) {
                return "registry " + registryOf(cause, target, base) + " has no verified HTTPS"
                        + " — for a loopback test registry add --insecure-registry";
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException) {
                return "registry unreachable: " + firstLine(cause.getMessage())
                        + " — check the registry host and port in --image / --base-image, and the network";
            }
            if (cause instanceof CacheDirectoryCreationException) {
                return "--cache-dir: cannot create the layer cache: " + firstLine(rootMessage(cause));
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("manifest unknown") || message.contains("MANIFEST_UNKNOWN")
                    || message.contains("NAME_UNKNOWN")) {
                return base != null && isAbout(failure, base)
                        ? "base image " + base + " not found in its registry — check --base-image (repository and digest)"
                        : "repository " + target.getRegistry() + "/" + target.getRepository() + " does not exist in its"
                        + " registry — create it first (ECR: aws ecr create-repository --repository-name "
                        + target.getRepository() + ")";
            }
        }
        return "build failed: " + failure.getClass().getSimpleName() + ": " + firstLine(rootMessage(failure));
    }

    /**
     * Whether a message in the chain names {@code image}'s repository: jib's own ("... for REGISTRY/REPOSITORY:TAG
     * ...") or the failed request's URL (".../REGISTRY/v2/REPOSITORY/manifests/...").
     */
    private static boolean isAbout(Throwable failure, ImageReference image) {
        String registry = Pattern.quote(image.getRegistry());
        String repository = Pattern.quote(image.getRepository());
        Pattern named = Pattern.compile(registry + "(/" + repository + "(?![\\w./-])|/v2/" + repository
                + "/(manifests|blobs|tags)/)");
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && named.matcher(cause.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    private static String registryOf(Throwable cause, ImageReference target, ImageReference base) {
        String message = String.valueOf(cause.getMessage());
        return base != null && message.contains(base.getRegistry()) ? base.getRegistry() : target.getRegistry();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage() == null ? failure.getMessage() : root.getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
