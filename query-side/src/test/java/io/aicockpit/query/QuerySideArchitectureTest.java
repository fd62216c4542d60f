package io.aicockpit.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.aicockpit.query.tenancy.TenantScopedReads;
import io.aicockpit.support.architecture.ServiceArchitecture;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API reads tenant data only through {@link TenantScopedReads}: controllers hold no SQL, so no endpoint can
 * skip the row-level-security fence that backs every tenant filter.
 */
@AnalyzeClasses(packages = "io.aicockpit.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {
    @ArchTest
    static final ArchRule reachesNoOtherService = ServiceArchitecture.reachesNoOtherService("io.aicockpit.query");

    @ArchTest
    static final ArchRule featuresFreeOfCycles = ServiceArchitecture.featurePackagesFreeOfCycles("io.aicockpit.query");


    @ArchTest
    static final ArchRule controllersHoldNoSql = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .because("controllers read through a reader that runs behind TenantScopedReads");
}
