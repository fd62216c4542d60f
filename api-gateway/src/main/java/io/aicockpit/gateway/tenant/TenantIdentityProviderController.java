package io.aicockpit.gateway.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.gateway.web.Problems.FieldError;
import io.aicockpit.support.problem.ProblemType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operator API for the registry (read, register; the list is {@link TenantListRoute}), served by the gateway itself
 * because the gateway is the only reader. Access is
 * restricted to {@code PLATFORM_OPERATOR} by the security chain. A successful PUT invalidates this instance's
 * cache so the tenant can log in with the next request.
 */
@RestController
class TenantIdentityProviderController {
    private static final Logger log = LoggerFactory.getLogger(TenantIdentityProviderController.class);
    private static final String PATH = "/api/v1/tenants/{tenantId}/identity-provider";

    private final TenantIdpRepository repository;
    private final CachingTenantDirectory directory;
    private final RegistrationValidator validator;
    private final ObjectReader strictReader = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build().readerFor(IdentityProviderRegistration.class);

    TenantIdentityProviderController(TenantIdpRepository repository, CachingTenantDirectory directory,
                                     RegistrationValidator validator) {
        this.repository = repository;
        this.directory = directory;
        this.validator = validator;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> get(@PathVariable String tenantId, ServerWebExchange exchange) {
        if (!TenantId.isValid(tenantId)) {
            return Mono.just(problem(exchange, ProblemType.TENANT_NOT_FOUND, "No such tenant.", List.of()));
        }
        return Mono.fromCallable(() -> repository.byTenant(TenantId.of(tenantId)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(found -> found.<ResponseEntity<Object>>map(s -> ResponseEntity.ok(IdentityProviderView.of(s)))
                        .orElseGet(() -> problem(exchange, ProblemType.TENANT_NOT_FOUND,
                                "No identity provider is registered for this tenant.", List.of())));
    }

    @PutMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> put(@PathVariable String tenantId, @RequestBody(required = false) String body,
                                     ServerWebExchange exchange) {
        if (!TenantId.isValid(tenantId)) {
            return Mono.just(invalid(exchange, List.of(new FieldError("tenantId",
                    "must be 2-40 lowercase letters, digits or inner hyphens, starting with a letter"))));
        }
        IdentityProviderRegistration registration;
        try {
            registration = body == null ? null : strictReader.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            return Mono.just(invalid(exchange, List.of(new FieldError(e.getPropertyName(), "unknown field"))));
        } catch (JsonProcessingException e) {
            return Mono.just(problem(exchange, ProblemType.INVALID_REQUEST,
                    "The body is not valid JSON of the expected shape.", List.of()));
        }
        if (registration == null) {
            return Mono.just(problem(exchange, ProblemType.INVALID_REQUEST, "A JSON body is required.",
                    List.of()));
        }
        TenantId tenant = TenantId.of(tenantId);
        return switch (validator.validate(tenant, registration)) {
            case RegistrationValidator.Outcome.Invalid invalid -> Mono.just(invalid(exchange, invalid.errors()));
            case RegistrationValidator.Outcome.Valid valid -> Mono.fromCallable(() -> save(valid.settings()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .<ResponseEntity<Object>>map(ResponseEntity::ok)
                    .onErrorResume(DuplicateKeyException.class, e -> Mono.just(problem(exchange,
                            ProblemType.ISSUER_ALREADY_REGISTERED,
                            "Another tenant already uses this issuer.", List.of())));
        };
    }

    private IdentityProviderView save(TenantSettings settings) {
        String previousIssuer = repository.byTenant(settings.tenantId())
                .map(stored -> stored.settings().issuer()).orElse(null);
        TenantIdpRepository.StoredTenant stored = repository.save(settings);
        directory.invalidate(settings.tenantId(), previousIssuer, settings.issuer());
        log.atInfo().addKeyValue("tenantId", settings.tenantId().value()).addKeyValue("issuer", settings.issuer())
                .log("tenant identity provider registered");
        return IdentityProviderView.of(stored);
    }

    private static ResponseEntity<Object> invalid(ServerWebExchange exchange, List<FieldError> errors) {
        return problem(exchange, ProblemType.INVALID_REQUEST, "The registration is invalid.", errors);
    }

    private static ResponseEntity<Object> problem(ServerWebExchange exchange, ProblemType type, String detail,
                                                  List<FieldError> errors) {
        Map<String, Object> problem = Problems.of(exchange, type, HttpStatus.valueOf(type.status()), detail, errors);
        return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
