package io.aicockpit.gateway;

import java.io.IOException;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;

/**
 * Keeps test-only components (other features' stand-in filters, stub backends, test apps) out of a context that
 * is meant to be the gateway exactly as it ships: anything compiled from a test source tree is not scanned.
 */
final class ProductionComponentsOnly implements TypeFilter {
    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
        String location = reader.getResource().getURI().toString();
        return location.contains("/test-classes/") || location.contains("/out/test/");
    }
}
