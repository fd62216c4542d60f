package io.aicockpit.query;

import io.aicockpit.support.contract.ApiDocument;
import io.aicockpit.support.contract.MvcEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** query-side serves exactly the operations docs/openapi.yaml gives it, read from the running app's mappings. */
@QuerySideTest
class ApiContractIT {
    @Autowired
    ApplicationContext context;

    @Test
    void servesExactlyTheDocumentedOperations() {
        ApiDocument.load().assertServedBy("query-side", MvcEndpoints.of(context));
    }
}
