package io.aicockpit.coreapi.tenant;

import java.util.Map;
import java.util.regex.Pattern;

/** Rules of a tenant's placement settings: node selector labels and the disk quota per workspace. */
public final class TenantPlacement {
    /** The spec's {@code storage_opt size 10G}: what a tenant's workspace volume gets until it sets its own. */
    public static final long DEFAULT_DISK_BYTES = 10L * 1024 * 1024 * 1024;
    /** ext4 needs room for its journal; the node refuses smaller volumes. */
    public static final long MIN_DISK_BYTES = 8L * 1024 * 1024;
    /** The node's default {@code volumes.max-size} (100 GB); a larger quota would fail every start. */
    public static final long MAX_DISK_BYTES = 100L * 1000 * 1000 * 1000;
    public static final int MAX_LABELS = 16;
    /** Label keys and values as nodes accept them: letters, digits, {@code . _ / -}, at most 63 characters. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");

    private TenantPlacement() {}

    /** A reason the selector is invalid, or null when it is fine. */
    public static String invalidSelector(Map<String, String> selector) {
        if (selector == null) {
            return null;
        }
        if (selector.size() > MAX_LABELS) {
            return "at most " + MAX_LABELS + " node selector labels";
        }
        for (var e : selector.entrySet()) {
            if (e.getKey() == null || !LABEL.matcher(e.getKey()).matches() || e.getValue() == null
                    || !LABEL.matcher(e.getValue()).matches()) {
                return "node selector labels are key=value of letters, digits, '.', '_', '/', '-' (1-63 each)";
            }
        }
        return null;
    }

    public static boolean validDisk(long bytes) {
        return bytes >= MIN_DISK_BYTES && bytes <= MAX_DISK_BYTES;
    }
}
