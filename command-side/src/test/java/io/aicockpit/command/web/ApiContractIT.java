package io.aicockpit.command.web;

import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.support.contract.ApiDocument;
import io.aicockpit.support.contract.MvcEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** command-side serves exactly the operations docs/openapi.yaml gives it, read from the running app's mappings. */
class ApiContractIT extends CommandSideIT {
    @Autowired
    ApplicationContext context;

    @Test
    void servesExactlyTheDocumentedOperations() {
        ApiDocument.load().assertServedBy("command-side", MvcEndpoints.of(context));
    }
}
