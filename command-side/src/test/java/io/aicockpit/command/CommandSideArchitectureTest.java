package io.aicockpit.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.aicockpit.support.architecture.ServiceArchitecture;

/** {@link ServiceArchitecture}'s rules on command-side's own classes. */
@AnalyzeClasses(packages = "io.aicockpit.command", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandSideArchitectureTest {
    @ArchTest
    static final ArchRule reachesNoOtherService = ServiceArchitecture.reachesNoOtherService("io.aicockpit.command");

    @ArchTest
    static final ArchRule featuresFreeOfCycles = ServiceArchitecture.featurePackagesFreeOfCycles("io.aicockpit.command");
}
