package io.aicockpit.support.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The architecture rules every service checks on its own classes (each service's {@code *ArchitectureTest}): it
 * reaches no other service's code, only the shared modules (core-api, service-support); and its feature packages
 * ({@code io.aicockpit.<service>.<feature>}) depend on each other without cycles, so each keeps to itself except
 * through what it offers the others.
 */
public final class ServiceArchitecture {
    /** The root package of each service; core-api ({@code coreapi}) and service-support ({@code support}) are shared. */
    public static final List<String> SERVICES = List.of("io.aicockpit.command", "io.aicockpit.query",
            "io.aicockpit.worker", "io.aicockpit.aiworker", "io.aicockpit.gateway");

    private ServiceArchitecture() {}

    /** Classes under {@code service} use no class of another service. */
    public static ArchRule reachesNoOtherService(String service) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> s + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services talk over HTTP and Kafka with core-api's messages, never through each other's code");
    }

    /** The feature packages right under {@code service} form no dependency cycle. */
    public static ArchRule featurePackagesFreeOfCycles(String service) {
        return slices().matching(service + ".(*)..").should().beFreeOfCycles()
                .because("a feature package depends on another only through what that one offers, never back");
    }
}
