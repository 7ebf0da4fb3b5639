package io.finpipe.rehearsal

/** What happened when during the rehearsal, in seconds since it started; printed as a table at the end. */
class Timeline {
    private final long started = System.nanoTime()
    private final List<Map> entries = [].asSynchronized()

    double seconds() {
        (System.nanoTime() - started) / 1e9d
    }

    /** An event; `took` (seconds) when it is the end of something that lasted. */
    void mark(String what, Double took = null) {
        entries << [at: seconds(), what: what, took: took]
        println String.format('[rehearsal %6.1f s] %s%s', seconds(), what, took == null ? '' : String.format(' (%.1f s)', took))
    }

    /** Runs body and marks its end with its duration. */
    def <T> T time(String what, Closure<T> body) {
        double from = seconds()
        T result = body.call()
        mark(what, seconds() - from)
        result
    }

    String render() {
        (['  at (s)  took (s)  what'] + entries.collect { Map e ->
            String.format('%8.1f  %8s  %s', e.at, e.took == null ? '' : String.format('%.1f', e.took), e.what)
        }).join('\n')
    }
}
