package io.finpipe.testing

import groovy.transform.CompileStatic

/**
 * Models workflow-cps' IteratorHack: inside CPS code, iterating an ArrayList, or the entries, keys or
 * values of a HashMap/LinkedHashMap/TreeMap, yields serializable iterators, so a step inside
 * `for (x in list)` survives the serialization check like it does in Jenkins.
 * Used as a Groovy category; other collections keep their (non-serializable) iterators, as in Jenkins.
 */
@CompileStatic
class SerializableIterators {
    private static final Set<Class> SNAPSHOT_MAPS = [HashMap, LinkedHashMap, TreeMap] as Set<Class>

    static <E> Iterator<E> iterator(List<E> self) {
        self.getClass() == ArrayList ? new IndexIterator<E>(self) : self.iterator()
    }

    static <K, V> Set<Map.Entry<K, V>> entrySet(Map<K, V> self) {
        if (!SNAPSHOT_MAPS.contains(self.getClass())) {
            return self.entrySet()
        }
        List<Map.Entry<K, V>> entries = new ArrayList<>()
        for (Map.Entry<K, V> entry : self.entrySet()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<K, V>(entry))
        }
        new SnapshotSet<Map.Entry<K, V>>(entries)
    }

    static <K, V> Set<K> keySet(Map<K, V> self) {
        SNAPSHOT_MAPS.contains(self.getClass()) ? new SnapshotSet<K>(new ArrayList<K>(self.keySet())) : self.keySet()
    }

    static <K, V> Collection<V> values(Map<K, V> self) {
        SNAPSHOT_MAPS.contains(self.getClass()) ? new SnapshotSet<V>(new ArrayList<V>(self.values())) : self.values()
    }

    static class IndexIterator<E> implements Iterator<E>, Serializable {
        private final List<E> list
        private int next

        IndexIterator(List<E> list) {
            this.list = list
        }

        boolean hasNext() {
            next < list.size()
        }

        E next() {
            if (!hasNext()) {
                throw new NoSuchElementException()
            }
            list.get(next++)
        }
    }

    /** A read-only set over a snapshot list (entries of a map are unique already). */
    static class SnapshotSet<E> extends AbstractSet<E> implements Serializable {
        private final ArrayList<E> items

        SnapshotSet(List<E> items) {
            this.items = new ArrayList<E>(items)
        }

        Iterator<E> iterator() {
            new IndexIterator<E>(items)
        }

        int size() {
            items.size()
        }
    }
}
