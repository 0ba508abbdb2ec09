package io.barberpro.hub.app.sandbox;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.TUESDAY;

import java.util.List;

/**
 * Sample barbershops across Argentina. Every duration is a multiple of the
 * {@link AvailabilityCalculator#SLOT_STEP slot step}; prices are in pesos.
 * Mendoza and Córdoba close for the siesta, as many shops there do.
 */
final class SampleProviders {

    private SampleProviders() {
    }

    static ProviderCatalog catalog() {
        return new ProviderCatalog(List.of(
                new Provider("bsas-palermo-soho", "Barbería Palermo Soho", "Buenos Aires", "Ciudad Autónoma de Buenos Aires",
                        "Honduras 4850, C1414 CABA",
                        List.of(service("corte-clasico", "Corte clásico", 30, 19_000),
                                service("corte-y-barba", "Corte y barba", 60, 28_000),
                                service("afeitado-navaja", "Afeitado con navaja y toalla caliente", 30, 16_000),
                                service("color", "Color y matizado", 90, 38_000)),
                        OpeningHours.builder()
                                .days(TUESDAY, FRIDAY, TimeRange.of("10:00", "20:00"))
                                .days(SATURDAY, SATURDAY, TimeRange.of("10:00", "18:00"))
                                .build()),
                new Provider("bsas-san-telmo", "Barbería Defensa", "Buenos Aires", "Ciudad Autónoma de Buenos Aires",
                        "Defensa 1020, C1065 CABA",
                        List.of(service("corte-clasico", "Corte clásico", 30, 17_000),
                                service("arreglo-barba", "Arreglo de barba", 30, 12_000),
                                service("corte-y-barba", "Corte y barba", 60, 25_000),
                                service("corte-nino", "Corte niño (hasta 12 años)", 30, 13_000)),
                        OpeningHours.builder()
                                .days(MONDAY, FRIDAY, TimeRange.of("09:00", "19:00"))
                                .days(SATURDAY, SATURDAY, TimeRange.of("09:00", "14:00"))
                                .build()),
                new Provider("cba-nueva-cordoba", "Barbería Nueva Córdoba", "Córdoba", "Córdoba",
                        "Av. Hipólito Yrigoyen 350, X5000 Córdoba",
                        List.of(service("corte-clasico", "Corte clásico", 30, 14_000),
                                service("corte-y-barba", "Corte y barba", 60, 21_000),
                                service("arreglo-barba", "Arreglo de barba", 30, 9_500)),
                        OpeningHours.builder()
                                .days(MONDAY, FRIDAY, TimeRange.of("09:30", "13:00"), TimeRange.of("16:00", "20:30"))
                                .days(SATURDAY, SATURDAY, TimeRange.of("09:30", "13:30"))
                                .build()),
                new Provider("cba-cerro-de-las-rosas", "El Barbero del Cerro", "Córdoba", "Córdoba",
                        "Av. Rafael Núñez 4520, X5009 Córdoba",
                        List.of(service("corte-clasico", "Corte clásico", 30, 15_000),
                                service("afeitado-navaja", "Afeitado con navaja", 30, 12_500),
                                service("corte-nino", "Corte niño (hasta 12 años)", 30, 11_000)),
                        OpeningHours.builder()
                                .days(TUESDAY, SATURDAY, TimeRange.of("10:00", "14:00"), TimeRange.of("17:00", "21:00"))
                                .build()),
                new Provider("ros-pichincha", "Barbería Pichincha", "Rosario", "Santa Fe",
                        "Brown 2050, S2000 Rosario",
                        List.of(service("corte-clasico", "Corte clásico", 30, 14_500),
                                service("corte-y-barba", "Corte y barba", 60, 22_000),
                                service("color", "Color y matizado", 90, 30_000)),
                        OpeningHours.builder()
                                .days(MONDAY, SATURDAY, TimeRange.of("10:00", "20:00"))
                                .build()),
                new Provider("mdz-aristides", "Barbería Arístides", "Mendoza", "Mendoza",
                        "Av. Arístides Villanueva 410, M5500 Mendoza",
                        List.of(service("corte-clasico", "Corte clásico", 30, 13_500),
                                service("corte-y-barba", "Corte y barba", 60, 20_000),
                                service("arreglo-barba", "Arreglo de barba", 30, 9_000)),
                        OpeningHours.builder()
                                .days(MONDAY, FRIDAY, TimeRange.of("09:00", "13:00"), TimeRange.of("17:00", "21:00"))
                                .days(SATURDAY, SATURDAY, TimeRange.of("09:00", "13:00"))
                                .build()),
                new Provider("mdq-guemes", "Barbería Güemes", "Mar del Plata", "Buenos Aires",
                        "Güemes 2870, B7600 Mar del Plata",
                        List.of(service("corte-clasico", "Corte clásico", 30, 15_000),
                                service("corte-y-barba", "Corte y barba", 60, 23_000),
                                service("corte-nino", "Corte niño (hasta 12 años)", 30, 12_000)),
                        OpeningHours.builder()
                                .days(MONDAY, SATURDAY, TimeRange.of("10:00", "19:30"))
                                .build())));
    }

    private static ServiceOffering service(String id, String name, int minutes, long pesos) {
        return new ServiceOffering(id, name, minutes, Money.ars(pesos));
    }
}
