package io.finpipe.imagebuilder;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.LayerObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Splits jib's one {@code classes} layer so a one-class change uploads that class's part of the app, not all
 * of it.
 *
 * <p>The rule, on top-level classes (a class file with its nested classes, which javac rewrites together):
 * <ol>
 *   <li>a class whose files hold at least {@value #OWN_LAYER_BYTES} bytes gets a layer of its own,
 *       {@code classes a.b.Big}: large classes are usually the ones edited most, and alone they are a few KB
 *       compressed;</li>
 *   <li>every other class goes to its package's layer, {@code classes a.b};</li>
 *   <li>at most {@value #MAX_LAYERS} layers: every layer adds about 400 bytes to the config and manifest
 *       each push uploads, so beyond that the overhead outweighs smaller layers. Over the cap, large
 *       classes rejoin their package, smallest first; if the packages alone are still too many, the ones
 *       after the first {@value #MAX_LAYERS} − 1 (by name) share the layer {@code classes (more packages)}.</li>
 * </ol>
 * Layers are ordered by name, files in a layer by path. Directory entries are dropped: the resources layer
 * already holds every directory of {@code target/classes}, and jib adds each file's parent directories with
 * the same metadata.
 */
final class ClassLayers {

    static final int MAX_LAYERS = 16;
    static final long OWN_LAYER_BYTES = 8 * 1024;
    static final String MORE_PACKAGES = "(more packages)";
    /** The name jib's JavaContainerBuilder gives the layer of {@code addClasses}. */
    private static final String JIB_CLASSES_LAYER = "classes";
    private static final String CLASSES_ROOT = BuildCommand.APP_ROOT + "/" + JIB_CLASSES_LAYER + "/";

    private ClassLayers() {
    }

    /** Replaces the builder's {@code classes} layer by its split; other layers stay as they are, in order. */
    static JibContainerBuilder split(JibContainerBuilder builder) {
        List<FileEntriesLayer> layers = new ArrayList<>();
        for (LayerObject layer : builder.toContainerBuildPlan().getLayers()) {
            FileEntriesLayer files = (FileEntriesLayer) layer; // JavaContainerBuilder makes no other kind
            if (files.getName().equals(JIB_CLASSES_LAYER)) {
                layers.addAll(split(files.getEntries()));
            } else {
                layers.add(files);
            }
        }
        return builder.setFileEntriesLayers(layers);
    }

    /** The class files among {@code entries} (paths under /app/classes) as the rule's layers, by name. */
    static List<FileEntriesLayer> split(List<FileEntry> entries) {
        Map<String, List<FileEntry>> filesByClass = new TreeMap<>();
        for (FileEntry entry : entries) {
            String path = entry.getExtractionPath().toString();
            if (path.endsWith(".class")) {
                filesByClass.computeIfAbsent(topLevelClassName(path), name -> new ArrayList<>()).add(entry);
            }
        }
        Map<String, String> layerOfClass = layerOfClass(filesByClass.keySet(), ownLayerClasses(filesByClass));
        Map<String, FileEntriesLayer.Builder> layers = new TreeMap<>();
        filesByClass.forEach((className, files) -> {
            String layerName = JIB_CLASSES_LAYER + " " + layerOfClass.get(className);
            FileEntriesLayer.Builder layer =
                    layers.computeIfAbsent(layerName, name -> FileEntriesLayer.builder().setName(name));
            files.stream().sorted(Comparator.comparing(entry -> entry.getExtractionPath().toString()))
                    .forEach(layer::addEntry);
        });
        return layers.values().stream().map(FileEntriesLayer.Builder::build).toList();
    }

    /** Large classes that keep a layer of their own within the cap (the largest first, then by name). */
    private static Set<String> ownLayerClasses(Map<String, List<FileEntry>> filesByClass) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        filesByClass.forEach((className, files) ->
                bytes.put(className, files.stream().mapToLong(ClassLayers::size).sum()));
        long packages = filesByClass.keySet().stream().map(ClassLayers::packageOf).distinct().count();
        return bytes.entrySet().stream()
                .filter(entry -> entry.getValue() >= OWN_LAYER_BYTES)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, MAX_LAYERS - packages))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Each class's layer key: its own name, its package, or {@value #MORE_PACKAGES} over the cap. */
    private static Map<String, String> layerOfClass(Set<String> classNames, Set<String> ownLayer) {
        List<String> packages = classNames.stream().map(ClassLayers::packageOf).distinct().sorted().toList();
        Set<String> packagesWithLayer =
                new TreeSet<>(packages.size() <= MAX_LAYERS ? packages : packages.subList(0, MAX_LAYERS - 1));
        Map<String, String> layerOfClass = new TreeMap<>();
        for (String className : classNames) {
            String packageName = packageOf(className);
            layerOfClass.put(className, ownLayer.contains(className) ? className
                    : packagesWithLayer.contains(packageName) ? packageName : MORE_PACKAGES);
        }
        return layerOfClass;
    }

    /** {@code /app/classes/a/b/Outer$Inner.class} → {@code a.b.Outer}. */
    private static String topLevelClassName(String classFilePath) {
        String relative =
                classFilePath.substring(CLASSES_ROOT.length(), classFilePath.length() - ".class".length());
        int nested = relative.indexOf('$', relative.lastIndexOf('/') + 1);
        return (nested < 0 ? relative : relative.substring(0, nested)).replace('/', '.');
    }

    /** {@code a.b.Outer} → {@code a.b}; a class in the default package → {@code (default package)}. */
    private static String packageOf(String className) {
        int lastDot = className.lastIndexOf('.');
        return lastDot < 0 ? "(default package)" : className.substring(0, lastDot);
    }

    private static long size(FileEntry entry) {
        try {
            return Files.size(entry.getSourceFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
