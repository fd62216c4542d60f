package io.aicockpit.worker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.aicockpit.support.architecture.ServiceArchitecture;

/**
 * {@link ServiceArchitecture}'s rules on container-worker's own classes. Its feature packages are not yet free of
 * cycles (action, reconcile, volume and workspace share container names, expected exits and the workspace gate
 * both ways); until they are untangled only the service boundary is checked here.
 */
@AnalyzeClasses(packages = "io.aicockpit.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ContainerWorkerArchitectureTest {
    @ArchTest
    static final ArchRule reachesNoOtherService = ServiceArchitecture.reachesNoOtherService("io.aicockpit.worker");
}
