package io.aicockpit.aiworker;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * OpenAI-compatible relay to tenants' AI services (streaming, resilience, usage metering) and the workspace AI
 * features built on it (inline completion, edit, chat with file mentions, confirmed shell commands).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AiWorkerApplication {
    /** Where time is decided (suggestion expiry); tests replace it to move time instead of editing rows. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(AiWorkerApplication.class, args);
    }
}
