package io.aicockpit.aiworker.assist;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.coreapi.common.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Recent inline completions, so the editor re-asking for the same spot (cursor back and forth, a debounce that fired
 * twice) costs no model call. The key is a SHA-256 of tenant, model and final prompt: the tenant in the key keeps
 * tenants apart, and hashing keeps code out of the key. Bounded and short-lived, because a completion is only
 * useful while the file looks the same.
 */
@Component
class CompletionCache {
    private final Cache<String, String> completions;

    CompletionCache(AiWorkerProperties properties) {
        this.completions = Caffeine.newBuilder()
                .maximumSize(20_000)
                .expireAfterWrite(properties.completionCacheTtl())
                .build();
    }

    static String key(TenantId tenant, String model, String kind, String prompt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {tenant.value(), model == null ? "" : model, kind, prompt}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    String get(String key) {
        return completions.getIfPresent(key);
    }

    void put(String key, String completion) {
        completions.put(key, completion);
    }
}
