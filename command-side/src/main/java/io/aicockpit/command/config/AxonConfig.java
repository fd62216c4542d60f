package io.aicockpit.command.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Axon wiring that the Spring Boot autoconfiguration does not get right for PostgreSQL on its own. */
@Configuration
class AxonConfig {

    /**
     * pgjdbc reports a duplicate (aggregate, sequence) as SQLState 23505, which Axon's default resolver does not
     * know; without this a concurrent append is a non-transient EventStoreException instead of a retryable
     * ConcurrencyException (AxonFramework #1368).
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        JdbcSQLErrorCodesResolver fallback = new JdbcSQLErrorCodesResolver();
        return exception -> fallback.isDuplicateKeyViolation(exception) || hasSqlState(exception, "23505");
    }

    private static boolean hasSqlState(Throwable exception, String state) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** One mapper for events and messages: ISO timestamps, tolerant of fields added by later revisions. */
    static ObjectMapper messageMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(messageMapper()).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return JacksonSerializer.builder().objectMapper(messageMapper()).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return JacksonSerializer.builder().objectMapper(messageMapper()).build();
    }

    /** Retries commands that lost an optimistic-locking race with another command-side instance. */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(Executors.newSingleThreadScheduledExecutor())
                        .maxRetryCount(5)
                        .retryInterval(20)
                        .build())
                .build();
    }

    /**
     * Slot bookkeeping runs in the command's transaction; if it fails, the command must fail with it instead of
     * the error being logged and swallowed.
     */
    @Bean
    ConfigurerModule slotErrorsPropagate() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler("workspace-slots", c -> PropagatingErrorHandler.instance());
    }
}
