package io.barberpro.hub.templates.classic;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.templates.api.Branding;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ClassicTemplateSetTest {

    private final ClassicTemplateSet templates = new ClassicTemplateSet();

    @Test
    void rendersTheLandingPageInThePartnersColours() {
        String html = templates.landingPage(new Branding("Turnos Ya", "#0b3d91", "#ffcc00",
                URI.create("https://cdn.turnosya.com.ar/logo.png"), "soporte@turnosya.com.ar"));

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<title>Turnos Ya · Partner portal</title>")
                .contains("--primary: #0b3d91; --on-primary: #ffffff; --accent: #ffcc00; --on-accent: #000000;")
                .contains("<img class=\"logo\" src=\"https://cdn.turnosya.com.ar/logo.png\" alt=\"Turnos Ya logo\">")
                .contains("<a href=\"mailto:soporte@turnosya.com.ar\">soporte@turnosya.com.ar</a>")
                .contains("Content-Security-Policy");
    }

    @Test
    void escapesAHostileDisplayNameEverywhereItAppears() {
        String hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)> & Co";

        String html = templates.landingPage(new Branding(hostile, "#000000", "#ffffff",
                URI.create("https://cdn.example.com/logo.png"), "soporte@example.com"));

        assertThat(html).doesNotContain("<script", "onerror=alert(1)>", "\"><img src=x")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; Co")
                .contains("alt=\"&lt;script&gt;");
    }

    @Test
    void escapesQuotesInTheLogoUrl() {
        String html = templates.landingPage(new Branding("Turnos Ya", "#000000", "#ffffff",
                URI.create("https://cdn.example.com/logo.png?name=%22x%22&v='1'"), "soporte@example.com"));

        assertThat(html).contains("src=\"https://cdn.example.com/logo.png?name=%22x%22&amp;v=&#39;1&#39;\"");
    }

    @Test
    void leavesTheLogoOutWhenThereIsNone() {
        String html = templates.landingPage(new Branding("Turnos Ya", "#000000", "#ffffff", null, "soporte@example.com"));

        assertThat(html).doesNotContain("<img");
    }

    @Test
    void picksTheMoreReadableTextColour() {
        assertThat(ClassicTemplateSet.readableOn("#ffffff")).isEqualTo("#000000");
        assertThat(ClassicTemplateSet.readableOn("#000000")).isEqualTo("#ffffff");
        assertThat(ClassicTemplateSet.readableOn("#ffcc00")).isEqualTo("#000000");
        assertThat(ClassicTemplateSet.readableOn("#0b3d91")).isEqualTo("#ffffff");
    }
}
