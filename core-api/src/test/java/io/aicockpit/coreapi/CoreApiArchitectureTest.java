package io.aicockpit.coreapi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * core-api is the messages every service exchanges: records and ids that any service, and any integration reading
 * our events, can take without a framework. The Spring side every service shares lives in service-support.
 */
@AnalyzeClasses(packages = "io.aicockpit.coreapi", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreApiArchitectureTest {

    @ArchTest
    static final ArchRule messagesNeedNoFramework = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                    "com.nimbusds..", "org.axonframework.eventsourcing..", "org.axonframework.config..",
                    "com.fasterxml.jackson.databind..")
            .because("core-api holds messages only; infrastructure belongs in service-support or the services");

    @ArchTest
    static final ArchRule noServiceCode = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.aicockpit.support..", "io.aicockpit.command..",
                    "io.aicockpit.query..", "io.aicockpit.worker..", "io.aicockpit.aiworker..", "io.aicockpit.gateway..")
            .because("every service depends on core-api, never the other way round");
}
