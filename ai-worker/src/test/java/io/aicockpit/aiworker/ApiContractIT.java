package io.aicockpit.aiworker;

import io.aicockpit.support.contract.ApiDocument;
import io.aicockpit.support.contract.WebFluxEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * ai-worker serves exactly the operations docs/openapi.yaml gives it (the assist routes and the OpenAI-compatible
 * relay), read from the running app's router functions.
 */
@AiWorkerTest
class ApiContractIT {
    @Autowired
    ApplicationContext context;

    @Test
    void servesExactlyTheDocumentedOperations() {
        ApiDocument.load().assertServedBy("ai-worker", WebFluxEndpoints.of(context));
    }
}
