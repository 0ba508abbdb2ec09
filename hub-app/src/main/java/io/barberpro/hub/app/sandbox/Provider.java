package io.barberpro.hub.app.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * A barbershop on the platform. Each provider has one chair: two bookings of a provider never
 * overlap, whichever partner made them.
 */
record Provider(String id, String name, String city, String province, String address,
                List<ServiceOffering> services, OpeningHours openingHours) {

    Provider {
        services = List.copyOf(services);
    }

    Optional<ServiceOffering> service(String serviceId) {
        return services.stream().filter(s -> s.id().equals(serviceId)).findFirst();
    }
}
