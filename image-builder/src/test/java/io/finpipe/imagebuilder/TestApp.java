package io.finpipe.imagebuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A small Java app laid out like a packaged Maven module (target/classes with a resource and classes in two
 * packages, and target/dependency with a release and a SNAPSHOT jar), compiled here with the JDK's compiler, so
 * tests can change one class and rebuild. Its main class serves GET /health on $PORT with the JDK's HTTP server.
 */
final class TestApp {

    static final String MAIN_CLASS = "demo.HealthApp";

    private static final String HEALTH_APP = """
            package demo;

            import com.sun.net.httpserver.HttpServer;
            import demo.text.Greeting;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class HealthApp {
                public static void main(String[] args) throws Exception {
                    HttpServer server = HttpServer.create(
                            new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
                    server.createContext("/health", exchange -> {
                        byte[] body = (Greeting.text() + " as " + System.getProperty("user.name"))
                                .getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("listening on port " + server.getAddress().getPort());
                }
            }
            """;

    private final Path dir;

    private TestApp(Path dir) {
        this.dir = dir;
    }

    /** Writes and compiles the app under {@code dir} (a Maven module directory). */
    static TestApp createIn(Path dir) throws IOException {
        TestApp app = new TestApp(dir);
        Files.createDirectories(app.classes());
        Files.writeString(app.classes().resolve("app.properties"), "greeting.language=en\n");
        Path dependencies = Files.createDirectories(dir.resolve("target/dependency"));
        writeJar(dependencies.resolve("ledger-format-1.4.2.jar"), "ledger/Format.txt", "v1.4.2");
        writeJar(dependencies.resolve("bank-common-2.0-SNAPSHOT.jar"), "bank/Common.txt", "snapshot");
        app.compile(Map.of("demo/HealthApp.java", HEALTH_APP, "demo/text/Greeting.java", greeting("UP")));
        return app;
    }

    /** A copy of this app in {@code target} (faster than compiling another). */
    TestApp copyTo(Path target) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(dir.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return new TestApp(target);
    }

    /** Recompiles {@code demo.text.Greeting} only, with another text: a one-class code change. */
    void changeGreeting(String text) throws IOException {
        compile(Map.of("demo/text/Greeting.java", greeting(text)));
    }

    /** Adds a second class with a main method, making main-class detection ambiguous. */
    void addSecondMainClass() throws IOException {
        compile(Map.of("demo/Tool.java", "package demo; public class Tool { public static void main(String[] a) { } }"));
    }

    /** Sets every file's modification time, as a fresh checkout or another agent would. */
    void touchAll(FileTime time) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, time);
            }
        }
    }

    Path dir() {
        return dir;
    }

    Path classes() {
        return dir.resolve("target/classes");
    }

    /** Packs the classes into one jar (with Main-Class) and the dependencies into lib/: the jar layout. */
    static Path jarLayoutOf(TestApp app, Path dir, boolean withMainClass) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        try (var jars = Files.list(app.dir().resolve("target/dependency"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        Path jar = dir.resolve("health-app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(withMainClass));
             var files = Files.walk(app.classes())) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(app.classes().relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return dir;
    }

    private static Manifest manifest(boolean withMainClass) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (withMainClass) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MAIN_CLASS);
        }
        return manifest;
    }

    private static String greeting(String text) {
        return "package demo.text; public final class Greeting { public static String text() { return \""
                + text + "\"; } }";
    }

    private void compile(Map<String, String> sources) throws IOException {
        Path sourceDir = Files.createDirectories(dir.resolve("src"));
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes().toString(),
                "-cp", classes().toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDir.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, System.err, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("test app did not compile: " + sources.keySet());
        }
    }

    private static void writeJar(Path jar, String entry, String content) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            ZipEntry zipEntry = new ZipEntry(entry);
            zipEntry.setTime(0);
            out.putNextEntry(zipEntry);
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
