package io.barberpro.hub.templates.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrandingTest {

    @Test
    void normalisesColoursAndName() {
        Branding branding = new Branding("  Turnos Ya  ", "#1A2B3C", "#FFAA00", URI.create("https://cdn.turnosya.com.ar/logo.png"),
                "soporte@turnosya.com.ar");

        assertThat(branding.displayName()).isEqualTo("Turnos Ya");
        assertThat(branding.primaryColor()).isEqualTo("#1a2b3c");
        assertThat(branding.accentColor()).isEqualTo("#ffaa00");
    }

    @Test
    void aLogoIsOptional() {
        assertThat(new Branding("Turnos Ya", "#000000", "#ffffff", null, "soporte@turnosya.com.ar").logoUrl()).isNull();
    }

    @Test
    void rejectsColoursThatAreNotSixDigitHex() {
        for (String color : List.of("red", "#fff", "#12345g", "#1234567", "1a2b3c", "#1a2b3c;} body{display:none")) {
            assertThatThrownBy(() -> new Branding("Turnos Ya", color, "#ffffff", null, "soporte@turnosya.com.ar"))
                    .as(color)
                    .isInstanceOfSatisfying(HubProblemException.class,
                            e -> assertThat(fields(e)).containsExactly("primaryColor"));
        }
    }

    @Test
    void acceptsOnlyHttpsLogos() {
        for (String url : List.of("http://cdn.example.com/logo.png", "javascript:alert(1)", "data:image/png;base64,AAAA",
                "/relative/logo.png", "https://user:pw@cdn.example.com/logo.png")) {
            assertThatThrownBy(() -> new Branding("Turnos Ya", "#000000", "#ffffff", URI.create(url), "soporte@turnosya.com.ar"))
                    .as(url)
                    .isInstanceOfSatisfying(HubProblemException.class, e -> assertThat(fields(e)).containsExactly("logoUrl"));
        }
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        assertThatThrownBy(() -> new Branding(" ", "#zzzzzz", null, URI.create("ftp://x"), "not-an-email\"<x>"))
                .isInstanceOfSatisfying(HubProblemException.class, e -> {
                    assertThat(e.error()).isEqualTo(HubError.VALIDATION_FAILED);
                    assertThat(fields(e)).containsExactly("displayName", "primaryColor", "accentColor", "logoUrl", "supportEmail");
                });
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(HubProblemException e) {
        return ((List<Map<String, String>>) e.properties().get("errors")).stream().map(m -> m.get("field")).toList();
    }
}
