package io.barberpro.hub.app.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The platform's providers, in a stable order for paging. Immutable. */
final class ProviderCatalog {

    private final Map<String, Provider> byId = new LinkedHashMap<>();

    ProviderCatalog(List<Provider> providers) {
        for (Provider provider : providers) {
            if (byId.putIfAbsent(provider.id(), provider) != null) {
                throw new IllegalArgumentException("duplicate provider id " + provider.id());
            }
        }
    }

    Optional<Provider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    List<Provider> all() {
        return List.copyOf(byId.values());
    }
}
