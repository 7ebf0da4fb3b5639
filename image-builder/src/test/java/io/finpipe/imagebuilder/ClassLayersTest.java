package io.finpipe.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule that splits the classes into layers: which file goes where, in which order, within the cap. */
class ClassLayersTest {

    private static final int SMALL = 1_000;
    private static final int LARGE = (int) ClassLayers.OWN_LAYER_BYTES;

    @TempDir
    Path classes;

    @Test
    void smallClassesShareTheirPackagesLayerLargeOnesGetTheirOwnAndNestedClassesStayWithTheirOuterClass()
            throws IOException {
        List<FileEntry> entries = List.of(
                file("io/bank/web/Routes.class", LARGE - 100), file("io/bank/web/Routes$1.class", 100),
                file("io/bank/web/Json.class", SMALL), file("io/bank/web/Json$Body.class", SMALL),
                file("io/bank/App.class", SMALL), file("Tool.class", SMALL),
                directory("io/bank/web"), file("io/bank/messages.properties", SMALL));

        assertThat(contents(ClassLayers.split(entries))).containsExactly(
                Map.entry("classes (default package)", List.of("/app/classes/Tool.class")),
                Map.entry("classes io.bank", List.of("/app/classes/io/bank/App.class")),
                Map.entry("classes io.bank.web", List.of(
                        "/app/classes/io/bank/web/Json$Body.class", "/app/classes/io/bank/web/Json.class")),
                Map.entry("classes io.bank.web.Routes", List.of(
                        "/app/classes/io/bank/web/Routes$1.class", "/app/classes/io/bank/web/Routes.class")));
    }

    @Test
    void aClassJustUnderTheThresholdStaysInItsPackage() throws IOException {
        List<FileEntry> entries = List.of(file("a/Almost.class", LARGE - 1), file("a/Large.class", LARGE));

        assertThat(contents(ClassLayers.split(entries)).keySet()).containsExactly("classes a", "classes a.Large");
    }

    @Test
    void theSameFilesInAnyOrderGiveTheSameLayers() throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(file("p" + (i % 5) + "/C" + i + ".class", i % 7 == 0 ? LARGE + i : SMALL + i));
        }
        List<FileEntry> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled, new Random(42));

        assertThat(contents(ClassLayers.split(shuffled))).isEqualTo(contents(ClassLayers.split(entries)))
                .hasSize(5 + 6); // five packages, six large classes (i = 0, 7, ..., 35)
    }

    @Test
    void overTheCapTheSmallestLargeClassesRejoinTheirPackage() throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            entries.add(file("p" + (char) ('a' + i) + "/Small.class", SMALL));
        }
        entries.add(file("pa/Largest.class", LARGE + 300));
        entries.add(file("pb/Larger.class", LARGE + 200));
        entries.add(file("pc/Large.class", LARGE + 100));

        Map<String, List<String>> layers = contents(ClassLayers.split(entries));

        assertThat(layers).hasSize(ClassLayers.MAX_LAYERS).containsKeys("classes pa.Largest", "classes pb.Larger")
                .doesNotContainKey("classes pc.Large");
        assertThat(layers.get("classes pc"))
                .containsExactly("/app/classes/pc/Large.class", "/app/classes/pc/Small.class");
    }

    @Test
    void overTheCapInPackagesThePackagesAfterTheFifteenthShareOneLayer() throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(file("p%02d/Big.class".formatted(i), LARGE));
        }

        Map<String, List<String>> layers = contents(ClassLayers.split(entries));

        // by name: '(' sorts before letters
        List<String> expectedNames = new ArrayList<>(List.of("classes " + ClassLayers.MORE_PACKAGES));
        expectedNames.addAll(IntStream.range(0, 15).mapToObj("classes p%02d"::formatted).toList());
        assertThat(layers.keySet()).containsExactlyElementsOf(expectedNames);
        assertThat(layers.get("classes " + ClassLayers.MORE_PACKAGES)).containsExactly("/app/classes/p15/Big.class",
                "/app/classes/p16/Big.class", "/app/classes/p17/Big.class", "/app/classes/p18/Big.class",
                "/app/classes/p19/Big.class");
    }

    private FileEntry file(String path, int bytes) throws IOException {
        Path file = classes.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        return entry(file, path);
    }

    private FileEntry directory(String path) throws IOException {
        return entry(Files.createDirectories(classes.resolve(path)), path);
    }

    private static FileEntry entry(Path source, String path) {
        return new FileEntry(source, AbsoluteUnixPath.get("/app/classes/" + path),
                FilePermissions.DEFAULT_FILE_PERMISSIONS, FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
    }

    /** Layer name → extraction paths, in the split's order. */
    private static Map<String, List<String>> contents(List<FileEntriesLayer> layers) {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        layers.forEach(layer -> contents.put(layer.getName(),
                layer.getEntries().stream().map(entry -> entry.getExtractionPath().toString()).toList()));
        return contents;
    }
}
