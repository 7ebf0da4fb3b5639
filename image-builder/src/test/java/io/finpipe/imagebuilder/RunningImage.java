package io.finpipe.imagebuilder;

import io.finpipe.testsupport.UnsharedContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Talks to an app started from an image: finds the port it printed and waits for HTTP answers. */
final class RunningImage {

    /** Both the test app and sample-app print this once their HTTP server is up (they get PORT=0). */
    static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningImage() {
    }

    static int awaitPort(UnsharedContainer container, Duration timeout) {
        container.awaitLog(LISTENING, timeout);
        Matcher matcher = LISTENING.matcher(container.log());
        if (!matcher.find()) {
            throw new IllegalStateException("no port in:\n" + container.log());
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** GETs the URL until it answers 200 (the app may still be starting), and returns that response. */
    static HttpResponse<String> awaitOk(URI url, UnsharedContainer container, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline) && container.isAlive()) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("GET " + url + " did not answer 200 (" + last + "); container output:\n"
                + container.log());
    }
}
