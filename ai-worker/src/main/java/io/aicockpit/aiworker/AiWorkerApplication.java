package io.aicockpit.aiworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** OpenAI-compatible relay to tenants' AI services (streaming, resilience, usage metering). Thin until the AI services issue. */
@SpringBootApplication
public class AiWorkerApplication {
    public static void main(String[] args) {
        SpringApplication.run(AiWorkerApplication.class, args);
    }
}
