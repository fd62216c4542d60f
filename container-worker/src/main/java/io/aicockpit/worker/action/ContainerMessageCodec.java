package io.aicockpit.worker.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerResult;
import org.springframework.stereotype.Component;

/**
 * JSON of the internal container messages as the module contract fixes it (ISO dates, unknown fields ignored so
 * the command side can add fields first). Kept apart from any shared ObjectMapper so other settings cannot leak in.
 */
@Component
class ContainerMessageCodec {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    ContainerAction readAction(String json) throws JsonProcessingException {
        return mapper.readValue(json, ContainerAction.class);
    }

    ContainerResult readResult(String json) throws JsonProcessingException {
        return mapper.readValue(json, ContainerResult.class);
    }

    String write(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + message.getClass().getSimpleName(), e);
        }
    }
}
