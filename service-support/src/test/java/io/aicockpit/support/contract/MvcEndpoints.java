package io.aicockpit.support.contract;

import io.aicockpit.support.contract.ApiDocument.Endpoint;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What a servlet service really serves: its controllers' mappings, and the URL-mapped handlers (a WebSocket
 * endpoint is one, answering the upgrade's GET), as the running application context holds them.
 */
public final class MvcEndpoints {
    private MvcEndpoints() {
    }

    public static Set<Endpoint> of(ApplicationContext context) {
        Set<Endpoint> endpoints = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> add(endpoints, info)));
        context.getBeansOfType(AbstractUrlHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMap().keySet().forEach(pattern -> endpoints.add(new Endpoint("GET", pattern))));
        return endpoints;
    }

    private static void add(Set<Endpoint> endpoints, RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
            if (methods.isEmpty()) {
                // a mapping of every method: the document must then name it once per method it means
                endpoints.add(new Endpoint("ANY", pattern));
            }
            methods.forEach(method -> endpoints.add(new Endpoint(method.name(), pattern)));
        }
    }
}
