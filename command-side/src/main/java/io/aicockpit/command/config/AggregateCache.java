package io.aicockpit.command.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate cache on a bounded Caffeine cache: a command on a cached aggregate appends its events without
 * reading the aggregate's history first. Safe with several command-side instances: an instance whose entry is stale
 * loses the append on the (aggregate, sequence) key, Axon evicts the entry on that rollback, and the command
 * gateway's retry loads the aggregate from the store.
 */
final class AggregateCache implements Cache {
    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    AggregateCache(long maximumSize, Duration expireAfterAccess) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(expireAfterAccess).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, k -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.getIfPresent(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    /** Nothing in command-side listens to the aggregate cache; a listener would silently miss evictions. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        throw new UnsupportedOperationException("the aggregate cache has no entry listeners");
    }
}
