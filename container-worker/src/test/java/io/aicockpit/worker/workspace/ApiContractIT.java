package io.aicockpit.worker.workspace;

import io.aicockpit.support.contract.ApiDocument;
import io.aicockpit.support.contract.MvcEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The node serves exactly the operations docs/openapi.yaml gives container-worker (the terminal WebSocket
 * included, as the GET of its upgrade), read from the running app's mappings.
 */
class ApiContractIT extends WorkspaceApiTestBase {
    @Autowired
    ApplicationContext context;

    @Test
    void servesExactlyTheDocumentedOperations() {
        ApiDocument.load().assertServedBy("container-worker", MvcEndpoints.of(context));
    }
}
