package io.aicockpit.support.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The one check for URLs that tenants control (AI service base URLs): http or https, no user info or fragment, a
 * host that resolves, and none of its addresses loopback, link-local (cloud metadata lives there), private,
 * carrier-grade NAT, unique-local, multicast or unspecified, unless an operator allowlisted the host, the address or
 * its network (LM Studio on a company LAN is a real case). Errors name the rule, never the resolved addresses, so
 * a refused URL does not become a network scanner.
 */
public final class OutboundUrlGuard {
    private final List<String> allowlist;

    /** {@code allowlist}: host names, IP literals or CIDR blocks (e.g. {@code 10.20.0.0/16}, {@code 127.0.0.1/32}). */
    public OutboundUrlGuard(Collection<String> allowlist) {
        this.allowlist = allowlist == null ? List.of()
                : allowlist.stream().map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** Returns the parsed URL, or throws {@link RefusedUrl} saying which rule it broke. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedUrl("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrl("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getRawQuery() != null) {
            throw new RefusedUrl("must not contain user info, a query or a fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new RefusedUrl("has no host");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowlist.contains(bareHost.toLowerCase(Locale.ROOT))) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost);
        } catch (UnknownHostException e) {
            throw new RefusedUrl("has a host name that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && !allowlisted(address)) {
                throw new RefusedUrl("points at a loopback, private, link-local or otherwise internal address;"
                        + " a platform operator can allow it");
            }
        }
        return uri;
    }

    private boolean allowlisted(InetAddress address) {
        for (String entry : allowlist) {
            if (entry.contains("/") ? inCidr(address, entry) : entry.equals(address.getHostAddress())) {
                return true;
            }
        }
        return false;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127)      // 0/8, 100.64/10 (CGNAT)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)            // 192.0.0/24
                    || first >= 240;                                                   // reserved, broadcast
        }
        return (b[0] & 0xfe) == 0xfc;                                                  // fc00::/7 unique local
    }

    private static boolean inCidr(InetAddress address, String cidr) {
        String[] parts = cidr.split("/", 2);
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] candidate = address.getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (network.length != candidate.length || bits < 0 || bits > network.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** A tenant-supplied URL the platform will not call. The message completes "the URL …". */
    public static final class RefusedUrl extends RuntimeException {
        public RefusedUrl(String rule) {
            super("the URL " + rule);
        }
    }
}
