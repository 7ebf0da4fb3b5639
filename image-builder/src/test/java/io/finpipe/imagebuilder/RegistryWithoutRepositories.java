package io.finpipe.imagebuilder;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A FAKE registry, the one fixture here that is not the real thing: it answers {@code GET /v2/} with 200 and
 * every other request with 404 {@code NAME_UNKNOWN}, as ECR does for a repository that was never created.
 * docker-registry creates repositories on first push, so it cannot play this part. Plain HTTP, one connection
 * at a time, each closed after its answer.
 */
final class RegistryWithoutRepositories implements AutoCloseable {

    private static final String NAME_UNKNOWN = "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"The repository"
            + " with name 'err/app' does not exist in the registry with id '123456789012'\"}]}";
    private static final int TLS_HANDSHAKE = 0x16;

    private final ServerSocket server;

    RegistryWithoutRepositories() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(this::serve, "fake-registry");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code 127.0.0.1:PORT}. */
    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                connection.setSoTimeout(5000);
                answer(connection);
                connection.shutdownOutput();
                connection.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the client closes
            } catch (IOException e) {
                // closed, or the client went away: next connection
            }
        }
    }

    private static void answer(Socket connection) throws IOException {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        in.mark(1);
        if (in.read() == TLS_HANDSHAKE) {
            // jib tries HTTPS first: answer in plain HTTP, as docker-registry does, so it falls back to HTTP
            out.write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        in.reset();
        String[] request = line(in).split(" ");
        long contentLength = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Long.parseLong(header.substring("content-length:".length()).strip());
            }
        }
        in.skipNBytes(contentLength);
        boolean apiCheck = request[1].equals("/v2/");
        byte[] body = (apiCheck ? "{}" : NAME_UNKNOWN).getBytes(StandardCharsets.UTF_8);
        out.write(((apiCheck ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found") + "\r\n"
                + "Content-Type: application/json\r\nDocker-Distribution-API-Version: registry/2.0\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        if (!request[0].equals("HEAD")) {
            out.write(body);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
