package io.aicockpit.worker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.aicockpit.support.architecture.ServiceArchitecture;

/** {@link ServiceArchitecture}'s rules on container-worker's own classes. */
@AnalyzeClasses(packages = "io.aicockpit.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ContainerWorkerArchitectureTest {
    @ArchTest
    static final ArchRule reachesNoOtherService = ServiceArchitecture.reachesNoOtherService("io.aicockpit.worker");

    @ArchTest
    static final ArchRule featuresFreeOfCycles = ServiceArchitecture.featurePackagesFreeOfCycles("io.aicockpit.worker");
}
