package io.finpipe.testing

import com.lesfurets.jenkins.unit.global.lib.SourceRetriever

/**
 * Serves the library from the repository root (vars/, src/, resources/) whatever version a script
 * asks for. JPU's LocalSource would want a `<dir>/<name>@<version>` folder.
 */
class RepositoryRootSource implements SourceRetriever {
    final File root

    RepositoryRootSource(File root) {
        this.root = root
    }

    @Override
    List<URL> retrieve(String repository, String branch, String targetPath) {
        [root.toURI().toURL()]
    }
}
