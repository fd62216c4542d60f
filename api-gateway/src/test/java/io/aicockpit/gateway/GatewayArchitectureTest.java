package io.aicockpit.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.aicockpit.support.architecture.ServiceArchitecture;

/** {@link ServiceArchitecture}'s rules on api-gateway's own classes. */
@AnalyzeClasses(packages = "io.aicockpit.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTest {
    @ArchTest
    static final ArchRule reachesNoOtherService = ServiceArchitecture.reachesNoOtherService("io.aicockpit.gateway");

    @ArchTest
    static final ArchRule featuresFreeOfCycles = ServiceArchitecture.featurePackagesFreeOfCycles("io.aicockpit.gateway");
}
