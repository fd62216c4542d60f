package io.aicockpit.gateway.webapp;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(WebAppProperties.class)
class WebAppConfiguration {}
