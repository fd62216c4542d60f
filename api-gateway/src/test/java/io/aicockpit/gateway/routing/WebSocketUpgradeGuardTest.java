package io.aicockpit.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebSocketUpgradeGuardTest {

    @Test
    void comparesOriginsBySchemeHostAndPortIgnoringCaseAndDefaultPorts() {
        assertThat(WebSocketUpgradeGuard.normalized("HTTP://LocalHost:8080")).isEqualTo("http://localhost:8080");
        assertThat(WebSocketUpgradeGuard.normalized("https://ide.example.com:443"))
                .isEqualTo(WebSocketUpgradeGuard.normalized("https://ide.example.com"));
        assertThat(WebSocketUpgradeGuard.normalized("http://localhost:8081"))
                .isNotEqualTo(WebSocketUpgradeGuard.normalized("http://localhost:8080"));
    }

    @Test
    void matchesNothingForOriginsThatAreNotURLs() {
        assertThat(WebSocketUpgradeGuard.normalized("null")).startsWith("invalid:");
        assertThat(WebSocketUpgradeGuard.normalized("http://bad host")).startsWith("invalid:");
    }
}
