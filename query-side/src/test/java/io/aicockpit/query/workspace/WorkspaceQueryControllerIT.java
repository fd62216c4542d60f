package io.aicockpit.query.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.query.CommandSideEvents;
import io.aicockpit.query.QuerySideTest;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@QuerySideTest
class WorkspaceQueryControllerIT {
    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00.001Z");
    private static final String WORKSPACES = "/api/v1/workspaces";

    private final CommandSideEvents store = new CommandSideEvents();
    private final TenantId tenantA = WorkspaceEvents.newTenant();
    private final TenantId tenantB = WorkspaceEvents.newTenant();
    private final WorkspaceApi api;

    @Autowired
    WorkspaceQueryControllerIT(TestRestTemplate http) {
        this.api = new WorkspaceApi(http);
    }

    @Test
    void answersAnotherTenantsWorkspaceExactlyLikeAMissingOne() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenantA);
        store.append(workspace.created("secret"), T0);
        api.awaitVersion(tenantA, workspace.workspaceId(), 0);
        UUID missingId = UUID.randomUUID();

        ResponseEntity<JsonNode> foreign = api.get(tenantB, workspace.workspaceId());
        ResponseEntity<JsonNode> missing = api.get(tenantB, missingId);

        assertProblem(foreign, HttpStatus.NOT_FOUND, "urn:aicockpit:problem:workspace-not-found");
        assertProblem(missing, HttpStatus.NOT_FOUND, "urn:aicockpit:problem:workspace-not-found");
        assertThat(withoutRequestSpecifics(foreign.getBody(), workspace.workspaceId().toString()))
                .isEqualTo(withoutRequestSpecifics(missing.getBody(), missingId.toString()));
    }

    @Test
    void findsTheOwnTenantsWorkspace() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenantA);
        store.append(workspace.created("mine"), T0);

        JsonNode view = api.awaitVersion(tenantA, workspace.workspaceId(), 0);

        assertThat(view.get("name").asText()).isEqualTo("mine");
    }

    @Test
    void neverListsAnotherTenantsWorkspaces() {
        WorkspaceEvents ofA = WorkspaceEvents.newWorkspace(tenantA);
        WorkspaceEvents ofB = WorkspaceEvents.newWorkspace(tenantB);
        store.append(ofA.created("a"), T0);
        store.append(ofA.deleteRequested(), T0.plusSeconds(1));
        store.append(ofA.deleted(), T0.plusSeconds(2));
        store.append(ofB.created("b"), T0);
        store.append(ofB.deleteRequested(), T0.plusSeconds(1));
        store.append(ofB.deleted(), T0.plusSeconds(2));
        api.awaitVersion(tenantA, ofA.workspaceId(), 2);
        api.awaitVersion(tenantB, ofB.workspaceId(), 2);

        assertThat(ids(api.list(tenantB, "status=DELETED"))).containsExactly(ofB.workspaceId().toString());
        assertThat(ids(api.list(tenantA, "status=DELETED"))).containsExactly(ofA.workspaceId().toString());
        assertThat(ids(api.list(tenantB, ""))).isEmpty();
    }

    @Test
    void pagesThroughAllWorkspacesNewestFirstExactlyOnce() {
        int[] createdSecond = {0, 1, 2, 2, 3, 4, 4};
        List<Created> created = new ArrayList<>();
        for (int second : createdSecond) {
            WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenantA);
            store.append(workspace.created("ws-" + created.size()), T0.plusSeconds(second));
            created.add(new Created(workspace, T0.plusSeconds(second)));
        }
        created.forEach(each -> api.awaitVersion(tenantA, each.workspace().workspaceId(), 0));
        // PostgreSQL orders uuids by their unsigned bytes, which is the order of their lowercase hex strings
        List<String> newestFirst = created.stream()
                .sorted(Comparator.comparing(Created::at)
                        .thenComparing(each -> each.workspace().workspaceId().toString())
                        .reversed())
                .map(each -> each.workspace().workspaceId().toString())
                .toList();

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            ResponseEntity<JsonNode> page = api.list(tenantA, "limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
            pageSizes.add(page.getBody().get("items").size());
            seen.addAll(ids(page));
            cursor = page.getBody().get("nextCursor").isNull() ? null : page.getBody().get("nextCursor").asText();
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void hidesDeletedWorkspacesUnlessAskedForAndFiltersByStatus() {
        WorkspaceEvents running = WorkspaceEvents.newWorkspace(tenantA);
        WorkspaceEvents stopped = WorkspaceEvents.newWorkspace(tenantA);
        WorkspaceEvents deleted = WorkspaceEvents.newWorkspace(tenantA);
        store.append(running.created("running"), T0.plusSeconds(2));
        store.append(running.startRequested(), T0.plusSeconds(3));
        store.append(running.started("container-1"), T0.plusSeconds(4));
        store.append(stopped.created("stopped"), T0.plusSeconds(1));
        store.append(deleted.created("deleted"), T0);
        store.append(deleted.deleteRequested(), T0.plusSeconds(1));
        store.append(deleted.deleted(), T0.plusSeconds(2));
        api.awaitVersion(tenantA, running.workspaceId(), 2);
        api.awaitVersion(tenantA, stopped.workspaceId(), 0);
        api.awaitVersion(tenantA, deleted.workspaceId(), 2);

        assertThat(ids(api.list(tenantA, "")))
                .containsExactly(running.workspaceId().toString(), stopped.workspaceId().toString());
        assertThat(ids(api.list(tenantA, "status=RUNNING"))).containsExactly(running.workspaceId().toString());
        assertThat(ids(api.list(tenantA, "status=STOPPED"))).containsExactly(stopped.workspaceId().toString());
        assertThat(ids(api.list(tenantA, "status=DELETED"))).containsExactly(deleted.workspaceId().toString());
        assertThat(api.list(tenantA, "").getBody().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void developersSeeOnlyTheirOwnWorkspacesWhileAdminsAndIntegrationsSeeTheTenants() {
        WorkspaceEvents adas = WorkspaceEvents.newWorkspace(tenantA);
        WorkspaceEvents bobs = WorkspaceEvents.newWorkspace(tenantA);
        store.append(adas.created("adas"), T0);
        store.append(bobs.createdBy("bobs", new io.aicockpit.coreapi.common.Actor("bob", "Bob",
                io.aicockpit.coreapi.common.ActorType.USER)), T0.plusSeconds(1));
        api.awaitVersion(tenantA, adas.workspaceId(), 0);
        api.awaitVersion(tenantA, bobs.workspaceId(), 0);
        String adaId = adas.workspaceId().toString();
        String bobId = bobs.workspaceId().toString();

        HttpHeaders adaDeveloper = token(TestIdentityTokens.token(tenantA.value(), "ada", "DEVELOPER"));
        assertThat(ids(api.exchange(WORKSPACES, adaDeveloper))).containsExactly(adaId);
        assertThat(api.exchange(WORKSPACES + "/" + adaId, adaDeveloper).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertProblem(api.exchange(WORKSPACES + "/" + bobId, adaDeveloper), HttpStatus.NOT_FOUND,
                "urn:aicockpit:problem:workspace-not-found");

        for (String tenantWide : List.of("ORG_ADMIN", "INTEGRATION")) {
            HttpHeaders caller = token(TestIdentityTokens.token(tenantA.value(), "someone", tenantWide));
            assertThat(ids(api.exchange(WORKSPACES, caller))).containsExactly(bobId, adaId);
            assertThat(api.exchange(WORKSPACES + "/" + bobId, caller).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWithoutTrustedIdentity")
    void refusesCallersWithoutTrustedIdentity(String description, HttpHeaders headers) {
        ResponseEntity<JsonNode> list = api.exchange(WORKSPACES, headers);
        ResponseEntity<JsonNode> one = api.exchange(WORKSPACES + "/not-a-uuid", headers);

        assertProblem(list, HttpStatus.UNAUTHORIZED, "urn:aicockpit:problem:unauthenticated");
        assertProblem(one, HttpStatus.UNAUTHORIZED, "urn:aicockpit:problem:unauthenticated");
    }

    static Stream<Arguments> callersWithoutTrustedIdentity() {
        return Stream.of(
                Arguments.of("no token", new HttpHeaders()),
                Arguments.of("forgeable headers instead of a token", legacyHeaders("acme", "ada")),
                Arguments.of("token signed by an unknown key",
                        token(TestIdentityTokens.forgedToken("acme", "ada", "DEVELOPER"))),
                Arguments.of("expired token", token(TestIdentityTokens.expiredToken("acme", "ada", "DEVELOPER"))),
                Arguments.of("operator token without tenant",
                        token(TestIdentityTokens.token(null, "op", "PLATFORM_OPERATOR"))),
                Arguments.of("garbage token", token("not.a.jwt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void rejectsMalformedInputWithAProblemNamingTheField(String pathAndQuery, String field) {
        ResponseEntity<JsonNode> response = api.exchange(pathAndQuery, WorkspaceApi.callerHeaders(tenantA));

        assertProblem(response, HttpStatus.BAD_REQUEST, "urn:aicockpit:problem:invalid-request");
        assertThat(response.getBody().at("/errors/0/field").asText()).isEqualTo(field);
        assertThat(response.getBody().at("/errors/0/reason").asText()).isNotBlank();
    }

    static Stream<Arguments> malformedRequests() {
        String wrongCursorContent = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("v1|yesterday|not-a-uuid".getBytes(StandardCharsets.UTF_8));
        String unversionedCursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("2026-01-01T00:00:00Z|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of(WORKSPACES + "/not-a-uuid", "workspaceId"),
                Arguments.of(WORKSPACES + "/12345678-1234-1234-1234-1234567890123", "workspaceId"),
                Arguments.of(WORKSPACES + "?cursor=***", "cursor"),
                Arguments.of(WORKSPACES + "?cursor=" + wrongCursorContent, "cursor"),
                Arguments.of(WORKSPACES + "?cursor=" + unversionedCursor, "cursor"),
                Arguments.of(WORKSPACES + "?cursor=", "cursor"),
                Arguments.of(WORKSPACES + "?limit=0", "limit"),
                Arguments.of(WORKSPACES + "?limit=201", "limit"),
                Arguments.of(WORKSPACES + "?limit=-1", "limit"),
                Arguments.of(WORKSPACES + "?limit=many", "limit"),
                Arguments.of(WORKSPACES + "?limit=99999999999", "limit"),
                Arguments.of(WORKSPACES + "?status=running", "status"),
                Arguments.of(WORKSPACES + "?status=BOGUS", "status"));
    }

    @Test
    void acceptsTheLimitBounds() {
        assertThat(api.list(tenantA, "limit=1").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.list(tenantA, "limit=200").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void echoesASaneRequestIdEverywhere() {
        HttpHeaders headers = WorkspaceApi.callerHeaders(tenantA);
        headers.set("X-Request-Id", "gateway-1.req_42");

        ResponseEntity<JsonNode> response = api.exchange(WORKSPACES + "/" + UUID.randomUUID(), headers);

        assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo("gateway-1.req_42");
        assertThat(response.getBody().get("requestId").asText()).isEqualTo("gateway-1.req_42");
    }

    @ParameterizedTest
    @MethodSource("insaneRequestIds")
    void replacesAnInsaneRequestIdWithAFreshOne(String insane) {
        HttpHeaders headers = WorkspaceApi.callerHeaders(tenantA);
        headers.set("X-Request-Id", insane);

        ResponseEntity<JsonNode> response = api.exchange(WORKSPACES + "/" + UUID.randomUUID(), headers);

        String echoed = response.getHeaders().getFirst("X-Request-Id");
        assertThat(UUID.fromString(echoed).toString()).isEqualTo(echoed);
        assertThat(response.getBody().get("requestId").asText()).isEqualTo(echoed);
    }

    static Stream<String> insaneRequestIds() {
        return Stream.of("has spaces", "semi;colon", "x".repeat(101), "");
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String type) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("type").asText()).isEqualTo(type);
        assertThat(response.getBody().get("status").asInt()).isEqualTo(status.value());
        assertThat(response.getBody().get("requestId").asText())
                .isNotBlank()
                .isEqualTo(response.getHeaders().getFirst("X-Request-Id"));
    }

    private static ObjectNode withoutRequestSpecifics(JsonNode problem, String workspaceId) {
        ObjectNode copy = problem.deepCopy();
        copy.remove("requestId");
        copy.put("detail", copy.get("detail").asText().replace(workspaceId, "{id}"));
        copy.put("instance", copy.get("instance").asText().replace(workspaceId, "{id}"));
        return copy;
    }

    private static List<String> ids(ResponseEntity<JsonNode> page) {
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> ids = new ArrayList<>();
        page.getBody().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static HttpHeaders legacyHeaders(String tenant, String user) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-AiCockpit-Tenant", tenant);
        headers.set("X-AiCockpit-User", user);
        headers.set("X-AiCockpit-Roles", "ORG_ADMIN");
        return headers;
    }

    private static HttpHeaders token(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(InternalIdentity.HEADER, token);
        return headers;
    }

    private record Created(WorkspaceEvents workspace, Instant at) {
    }
}
