package io.aicockpit.support.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundUrlGuardTest {
    final OutboundUrlGuard guard = new OutboundUrlGuard(List.of("10.20.0.0/16", "lmstudio.corp.example"));

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1234/v1", "http://localhost/v1", "http://169.254.169.254/latest",
            "http://10.0.0.5/v1", "http://192.168.1.10/v1", "http://[::1]/v1", "http://[fd00:ec2::254]/",
            "http://0.0.0.0/", "http://100.64.0.1/", "http://172.16.0.1/"})
    void refusesInternalAddresses(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(OutboundUrlGuard.RefusedUrl.class)
                .hasMessageContaining("internal address").hasMessageNotContaining("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://8.8.8.8/", "file:///etc/passwd", "http://user:pw@8.8.8.8/", "http://8.8.8.8/#x",
            "not a url", "http:///nohost", "http://8.8.8.8/v1?x=1"})
    void refusesMalformedOrSmugglingUrls(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(OutboundUrlGuard.RefusedUrl.class);
    }

    @Test
    void allowsPublicAddressesAndWhatTheOperatorAllowlisted() {
        assertThat(guard.check("https://8.8.8.8/v1")).hasHost("8.8.8.8");
        assertThat(guard.check("http://10.20.3.4:1234/v1")).hasPort(1234);
        assertThat(guard.check("http://lmstudio.corp.example:1234/v1")).hasHost("lmstudio.corp.example");
        assertThatThrownBy(() -> guard.check("http://10.21.0.1/v1")).isInstanceOf(OutboundUrlGuard.RefusedUrl.class);
    }
}
