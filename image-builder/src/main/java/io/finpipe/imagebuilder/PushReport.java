package io.finpipe.imagebuilder;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts, from jib's build events, which blobs a push really uploaded and which the registry already had.
 *
 * <p>jib-core 0.28 announces every blob push as a progress allocation {@code "pushing blob DIGEST"} sized in
 * bytes, and laps a timer {@code "pushBlob PUT DIGEST"} only after it has sent the blob's bytes (a blob the
 * registry already has, or mounts from another repository, never gets there). Tests check these counts
 * against the registry's own access log.
 */
final class PushReport implements Consumer<JibEvent> {

    private static final String ALLOCATION_PREFIX = "pushing blob ";
    private static final String UPLOADED_PREFIX = "pushBlob PUT ";

    private final Map<String, Long> blobSizes = new ConcurrentHashMap<>();
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

    @Override
    public void accept(JibEvent event) {
        if (event instanceof ProgressEvent progress) {
            String description = progress.getAllocation().getDescription();
            if (description.startsWith(ALLOCATION_PREFIX)) {
                blobSizes.put(description.substring(ALLOCATION_PREFIX.length()),
                        progress.getAllocation().getAllocationUnits());
            }
        } else if (event instanceof TimerEvent timer && timer.getState() == TimerEvent.State.LAP
                && timer.getDescription().startsWith(UPLOADED_PREFIX)) {
            uploaded.add(timer.getDescription().substring(UPLOADED_PREFIX.length()));
        }
    }

    /**
     * One line: layers uploaded vs skipped because the registry had them (or mounted them from another
     * repository), and the bytes sent, config included.
     *
     * @param configDigest the image's config blob (jib's image id), counted apart from the layers
     */
    String summary(DescriptorDigest configDigest, String target, long millis) {
        String config = configDigest.toString();
        long layersSeen = blobSizes.keySet().stream().filter(digest -> !digest.equals(config)).count();
        long layersUploaded = uploaded.stream().filter(digest -> !digest.equals(config)).count();
        long bytes = uploaded.stream().mapToLong(digest -> blobSizes.getOrDefault(digest, 0L)).sum();
        return "pushed %s: layers uploaded %d, skipped %d (already in the registry), config %s; %d bytes uploaded; %.1f s"
                .formatted(target, layersUploaded, layersSeen - layersUploaded,
                        uploaded.contains(config) ? "uploaded" : "skipped", bytes, millis / 1000.0);
    }
}
