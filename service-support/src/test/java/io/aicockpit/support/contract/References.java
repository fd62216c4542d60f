package io.aicockpit.support.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Replaces local {@code $ref}s of an OpenAPI or AsyncAPI document by what they name, for a JSON Schema validator. */
final class References {
    private References() {
    }

    static Object resolve(Map<String, Object> root, Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("$ref")) {
                return resolve(root, lookup(root, String.valueOf(map.get("$ref"))));
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), resolve(root, value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> resolve(root, item)).toList();
        }
        return node;
    }

    private static Object lookup(Map<String, Object> root, String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are read: " + ref);
        }
        Object node = root;
        for (String part : ref.substring(2).split("/")) {
            node = ApiDocument.cast(node).get(part.replace("~1", "/").replace("~0", "~"));
            if (node == null) {
                throw new IllegalArgumentException(ref + " does not resolve");
            }
        }
        return node;
    }
}
