package io.aicockpit.aiworker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.aicockpit.support.architecture.ServiceArchitecture;

/** {@link ServiceArchitecture}'s rules on ai-worker's own classes. */
@AnalyzeClasses(packages = "io.aicockpit.aiworker", importOptions = ImportOption.DoNotIncludeTests.class)
class AiWorkerArchitectureTest {
    @ArchTest
    static final ArchRule reachesNoOtherService = ServiceArchitecture.reachesNoOtherService("io.aicockpit.aiworker");

    @ArchTest
    static final ArchRule featuresFreeOfCycles = ServiceArchitecture.featurePackagesFreeOfCycles("io.aicockpit.aiworker");
}
