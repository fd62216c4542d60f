package io.aicockpit.gateway.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request path means for the audit trail: the action with ids replaced by {@code {id}} (so actions group
 * and filter well), and the resource it touched. Under {@code /api/v1/<collection>/<id>/...} the segment after the
 * collection is the resource id, except for collections listed as having fixed sub-paths (such as
 * {@code /api/v1/audit/verify}); deeper segments are templated when they look like ids. The query string is never
 * part of it: it may carry secrets.
 */
record AuditedPath(String action, String resourceType, String resourceId) {
    static final String AI_RESOURCE = "ai";
    /**
     * Collections grouping others: {@code /api/v1/integrations/credentials/<id>} is resource type
     * {@code integrations.credentials} with that id.
     */
    private static final Set<String> NAMESPACES = Set.of("integrations");
    private static final int MAX_SEGMENTS = 24;
    private static final int MAX_SEGMENT_LENGTH = 200;
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern NUMBER = Pattern.compile("^[0-9]+$");
    private static final Pattern TOKEN_LIKE = Pattern.compile("^(?=.*[0-9])[A-Za-z0-9_.~-]{16,}$");

    static AuditedPath of(String method, String path, Set<String> collectionsWithoutIds) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment.length() > MAX_SEGMENT_LENGTH ? "{long}" : segment);
            }
        }
        if (segments.size() > MAX_SEGMENTS) {
            segments = new ArrayList<>(segments.subList(0, MAX_SEGMENTS));
            segments.add("{more}");
        }
        String resourceType = null;
        String resourceId = null;
        List<String> template = new ArrayList<>(segments.size());
        boolean api = segments.size() >= 3 && segments.get(0).equals("api") && segments.get(1).equals("v1");
        boolean ai = !segments.isEmpty() && segments.get(0).equals("v1");
        int idAt = 3;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (api && i == 2) {
                resourceType = segment;
                template.add(segment);
                if (NAMESPACES.contains(segment) && segments.size() > 3) {
                    resourceType = segment + "." + segments.get(3);
                    template.add(segments.get(3));
                    idAt = 4;
                    i++;
                }
            } else if (api && i == idAt && !collectionsWithoutIds.contains(resourceType)) {
                resourceId = segment;
                template.add("{id}");
            } else if (looksLikeId(segment)) {
                template.add("{id}");
            } else {
                template.add(segment);
            }
        }
        if (ai) {
            resourceType = AI_RESOURCE;
        }
        return new AuditedPath(method + " /" + String.join("/", template), resourceType, resourceId);
    }

    static boolean looksLikeId(String segment) {
        return UUID.matcher(segment).matches() || NUMBER.matcher(segment).matches()
                || TOKEN_LIKE.matcher(segment).matches();
    }
}
