package io.finpipe.imagebuilder;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks a base image tar before the build: jib reads only an uncompressed docker-archive (a top-level
 * {@code manifest.json}), and on anything else fails mid-build with an error that names none of our options.
 */
final class DockerArchive {

    private static final int GZIP_MAGIC = 0x1f8b;

    private DockerArchive() {
    }

    /** Reads {@code tar} through once; fails with one line naming {@code option} unless jib can use it. */
    static void check(String option, Path tar) {
        if (!Files.isRegularFile(tar)) {
            throw new BuildFailure(option + " " + tar + ": no such file");
        }
        boolean hasManifest = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
            in.mark(2);
            if ((in.read() << 8 | in.read()) == GZIP_MAGIC) {
                throw new BuildFailure(option + " " + tar + ": gzip-compressed — give the uncompressed"
                        + " docker-archive tar (gunzip it first)");
            }
            in.reset();
            TarArchiveInputStream entries = new TarArchiveInputStream(in);
            for (TarArchiveEntry entry; (entry = entries.getNextEntry()) != null; ) {
                hasManifest |= Path.of(entry.getName()).normalize().toString().equals("manifest.json");
            }
        } catch (IOException e) {
            throw new BuildFailure(option + " " + tar + ": not a readable tar (" + e.getMessage()
                    + ") — save or copy the base image again", e);
        }
        if (!hasManifest) {
            throw new BuildFailure(option + " " + tar + ": not a docker-archive tar, no manifest.json (an OCI"
                    + " archive? convert with skopeo copy oci-archive:" + tar + " docker-archive:<new.tar>)");
        }
    }
}
