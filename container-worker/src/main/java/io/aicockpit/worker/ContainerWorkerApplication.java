package io.aicockpit.worker;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Entry point of one worker node; run one per Docker host. */
@SpringBootApplication
@EnableConfigurationProperties(ContainerWorkerProperties.class)
public class ContainerWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContainerWorkerApplication.class, args);
    }

    /** Results carry a completion time; a bean so nothing reads the system clock directly. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
